// Errors as JSON with the right status: the inventory's codes map to HTTP (a bad field or a cycle
// is 400, another project's object 404, a duplicate name or an object still in use 409), and
// Fastify's own (bad JSON, wrong content type, body too large) keep theirs with a clear message.
import { InventoryError, type InventoryErrorCode } from "@ops/inventory-core";
import type { FastifyError, FastifyInstance } from "fastify";

const STATUS: Record<InventoryErrorCode, number> = {
  INV_ERR_VARS_QUERY: 400,
  INV_ERR_PARENT_CYCLE: 400,
  INV_ERR_GROUP_CYCLE: 400,
  INV_ERR_BAD_REQUEST: 400,
  INV_ERR_NOT_FOUND: 404,
  INV_ERR_DUPLICATE: 409,
  INV_ERR_IN_USE: 409,
  INV_ERR_CONFLICT: 409,
  INV_ERR_SECRET_KEY: 500,
  INV_ERR_NOT_ALLOWED: 403,
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | InventoryError, request, reply) => {
    if (error instanceof InventoryError) {
      const status = STATUS[error.code];
      if (status >= 500) request.log.error({ code: error.code, err: error.message }, "inventory error");
      return reply
        .status(status)
        .send({ error: { code: error.code, status, message: error.message, ...error.context } });
    }
    const status = typeof error.statusCode === "number" && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "unexpected error");
    const message =
      status >= 500
        ? "The inventory failed to answer; the error is in its log"
        : error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError
          ? `the body is not valid JSON: ${error.message}`
          : error.message;
    return reply.status(status).send({ error: { code: error.code ?? "INV_ERR_INTERNAL", status, message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: "INV_ERR_NOT_FOUND",
        status: 404,
        message: `No route ${request.method} ${request.url.split("?")[0]}`,
      },
    }),
  );
}

// Who a request acts for. With Keystone (OPS_AUTH=keystone) the token's project and roles: readers
// may read, members and admins may also write and read secret values. Without auth, the
// X-Project-Id header names the project (else the configured default) and every role is granted.
// Either way every query is scoped to that one project; another project's object is not found.
import { InventoryError } from "@ops/inventory-core";
import { installRequestAuth, type KeystoneAuth } from "@ops/keystone-auth";
import type { FastifyInstance, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyRequest {
    /** The project every query of this request is scoped to. */
    projectId: string;
    /** Whether the caller may write (and read secret values). */
    mayWrite: boolean;
  }
}

const PROJECT_ID = /^[A-Za-z0-9_.-]{1,36}$/;

function isPublic(request: FastifyRequest): boolean {
  const path = request.url.split("?")[0];
  return path === "/" || path === "/v1" || path === "/v1/";
}

export function installRequestScope(
  app: FastifyInstance,
  options: { auth?: Pick<KeystoneAuth, "validator" | "policy" | "authUrl">; defaultProject: string },
): void {
  app.decorateRequest("projectId", "");
  app.decorateRequest("mayWrite", false);
  const { auth } = options;
  if (auth === undefined) {
    app.addHook("onRequest", async (request) => {
      const header = request.headers["x-project-id"];
      const project = (Array.isArray(header) ? header[0] : header) ?? options.defaultProject;
      if (!PROJECT_ID.test(project))
        throw new InventoryError(
          "INV_ERR_BAD_REQUEST",
          "X-Project-Id must be 1 to 36 letters, digits, _ . or -",
        );
      request.projectId = project;
      request.mayWrite = true;
    });
    return;
  }
  installRequestAuth(app, { validator: auth.validator, authUrl: auth.authUrl, isPublic });
  app.addHook("preHandler", async (request) => {
    const caller = request.caller;
    if (caller === null) return;
    if (caller.projectId === null)
      throw new InventoryError("INV_ERR_NOT_ALLOWED", "The token must be scoped to a project.");
    request.projectId = caller.projectId;
    request.mayWrite = auth.policy.allows(caller, "write");
    const reading = request.method === "GET" || request.method === "HEAD";
    if (!auth.policy.allows(caller, reading ? "read" : "write"))
      throw new InventoryError(
        "INV_ERR_NOT_ALLOWED",
        `The roles ${caller.roles.join(", ") || "(none)"} do not allow ${reading ? "reading" : "changing"} the inventory`,
      );
  });
}

/** Refuses callers who may only read (secret values are for writers). */
export function requireWriter(request: FastifyRequest, what: string): void {
  if (!request.mayWrite)
    throw new InventoryError("INV_ERR_NOT_ALLOWED", `Reading ${what} needs the member or admin role`);
}

// The Fastify app of the Mistral v2 API. It never listens: main.ts (or a test's inject) does.
import { randomUUID } from "node:crypto";
import { pyJsonDumps } from "@ops/dsl";
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from "fastify";
import type { ApiConfig } from "./api-config.js";
import type { ApiDeps, ApiService } from "./api-deps.js";
import { WorkflowData } from "./data/workflow-data.js";
import { faultBody, installErrorHandling, toApiError } from "./errors/error-handler.js";
import { installKeystoneAuth, keystoneProjectResolver } from "./http/keystone-auth.js";
import { noAuthProjectResolver } from "./http/project-resolver.js";
import { openApiDocument, RouteCatalog } from "./openapi/openapi-document.js";
import { actionExecutionRoutes } from "./routes/action-execution-routes.js";
import { actionRoutes } from "./routes/action-routes.js";
import type { ApiContext } from "./routes/api-context.js";
import { cronTriggerRoutes } from "./routes/cron-trigger-routes.js";
import { environmentRoutes } from "./routes/environment-routes.js";
import { executionRoutes } from "./routes/execution-routes.js";
import { rootRoutes } from "./routes/root-routes.js";
import { serviceRoutes } from "./routes/service-routes.js";
import { taskRoutes } from "./routes/task-routes.js";
import { workbookRoutes } from "./routes/workbook-routes.js";
import { workflowRoutes } from "./routes/workflow-routes.js";

/** The version the OpenAPI document states. */
export const API_VERSION = "2.0";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request id: the client's `X-Request-Id` when it is a sane token, else a new `req-<uuid>`. */
function requestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers["x-request-id"];
  if (typeof given === "string" && REQUEST_ID.test(given)) return given;
  return `req-${randomUUID()}`;
}

/** Mistral's answers are Python's json.dumps: `{"a": 1, "b": 1.0}` with its spacing and escapes. */
const serialize = (payload: unknown): string => pyJsonDumps(payload);

/**
 * Builds the app: every route under `/v2`, `GET /` (versions) and `/v2/openapi.json`.
 *
 * @param config - validated options ({@link parseApiConfig})
 * @param deps - the store, the engine's commands, and optionally a logger, the services list and the
 *   project resolver
 */
export function buildApp(config: ApiConfig, deps: ApiDeps): FastifyInstance {
  const app = Fastify({
    ...(deps.logger
      ? { loggerInstance: deps.logger }
      : {
          logger: {
            level: config.logLevel,
            // Never log credentials, even if a future log line includes the request's headers.
            redact: [
              "req.headers.authorization",
              'req.headers["x-auth-token"]',
              'req.headers["x-subject-token"]',
            ],
          },
        }),
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    genReqId: requestId,
    // Errors Fastify raises before routing (a URL that cannot be decoded) get Mistral's body too.
    frameworkErrors: (error, request, reply) => {
      const apiError = toApiError(error);
      request.errorCode = apiError.code;
      // Typed loosely here: Fastify types the reply of this hook with the route generics.
      const raw = reply as unknown as {
        status(code: number): { type(t: string): { send(body: string): unknown } };
      };
      void raw
        .status(apiError.statusCode)
        .type("application/json")
        .send(serialize(faultBody(apiError, false)));
    },
    // One line per request, written in onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      customOptions: {
        // Mistral refuses unknown attributes and wrong types; it never converts or drops them.
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        allErrors: false,
        // The failing value in validation errors, for Mistral's "Value: '...'" messages.
        verbose: true,
        // Mistral's JSON fields take a string or an object: `type: ["string", "object", "null"]`.
        allowUnionTypes: true,
      },
    },
  }) as unknown as FastifyInstance;

  const catalog = new RouteCatalog();
  app.addHook("onRoute", (route) => catalog.add(route));
  app.setSerializerCompiler(() => serialize);
  app.setReplySerializer(serialize);
  installErrorHandling(app);

  if (deps.auth !== undefined) installKeystoneAuth(app, deps.auth);
  const resolveProject =
    deps.resolveProject ??
    (deps.auth !== undefined
      ? keystoneProjectResolver(config.defaultProject)
      : noAuthProjectResolver(config.defaultProject));
  app.decorateRequest("projectId", "");
  app.addHook("onRequest", async (request: FastifyRequest, reply) => {
    void reply.header("x-openstack-request-id", request.id);
    request.projectId = await resolveProject(request);
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        project: request.projectId || undefined,
        ...(request.errorCode ? { code: request.errorCode } : {}),
      },
      "request",
    );
  });

  const services = async (): Promise<readonly ApiService[]> =>
    deps.services ? await deps.services() : [{ name: `workflow-api_${process.pid}`, type: "api_group" }];
  const context: ApiContext = {
    config,
    data: new WorkflowData(deps.store),
    commands: deps.commands,
    services,
  };

  void app.register(rootRoutes);
  for (const area of [
    workbookRoutes,
    workflowRoutes,
    actionRoutes,
    environmentRoutes,
    cronTriggerRoutes,
    executionRoutes,
    taskRoutes,
    actionExecutionRoutes,
    serviceRoutes,
  ]) {
    void app.register(area, { prefix: "/v2", context });
  }
  void app.register(async (instance) => {
    instance.get("/v2/openapi.json", async () => openApiDocument(catalog, API_VERSION));
  });
  return app;
}

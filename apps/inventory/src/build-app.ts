// The inventory's Fastify app: request scope (Keystone or X-Project-Id), JSON errors, and the v1 routes.
import type { KeystoneAuth } from "@ops/keystone-auth";
import type { InventoryStore } from "@ops/inventory-store";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Logger } from "pino";
import { installErrorHandler } from "./errors.js";
import { installRequestScope } from "./request-scope.js";
import { registerInventoryRoutes } from "./routes/inventory-routes.js";
import { registerProjectRoutes } from "./routes/project-routes.js";
import { registerReferenceRoutes } from "./routes/reference-routes.js";
import { registerResourceRoutes } from "./routes/resource-routes.js";
import { registerSecretRoutes } from "./routes/secret-routes.js";

export interface InventoryAppOptions {
  readonly store: InventoryStore;
  readonly logger?: Logger | false;
  readonly auth?: Pick<KeystoneAuth, "validator" | "policy" | "authUrl">;
  readonly defaultProject?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

export function buildInventoryApp(options: InventoryAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    bodyLimit: 4 * 1024 * 1024,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
  } as FastifyServerOptions) as unknown as FastifyInstance;
  installErrorHandler(app);
  installRequestScope(app, {
    ...(options.auth ? { auth: options.auth } : {}),
    defaultProject: options.defaultProject ?? "default",
  });
  const versions = async () => ({
    versions: [{ id: "v1", status: "CURRENT", links: [{ rel: "self", href: "/v1" }] }],
  });
  app.get("/", versions);
  app.get("/v1", versions);
  registerResourceRoutes(app, options.store);
  registerProjectRoutes(app, options.store);
  registerSecretRoutes(app, options.store);
  registerReferenceRoutes(app, options.store);
  registerInventoryRoutes(app, options.store);
  return app;
}

// @ops/workflow-api — the Mistral v2 REST API of the workflow service, as a Fastify app.

export { buildApp, API_VERSION } from "./build-app.js";
export { API_CONFIG_DEFAULTS, apiAuthOfService, apiConfigOfService, parseApiConfig } from "./api-config.js";
export type { ApiConfig } from "./api-config.js";
export type { ApiDeps, ApiService } from "./api-deps.js";
export { noAuthProjectResolver } from "./http/project-resolver.js";
export type { ProjectResolver } from "./http/project-resolver.js";
export { API_ERROR_CODES, faultCodeOf } from "./errors/api-error-codes.js";
export type { ApiErrorCode, ApiErrorCodeInfo } from "./errors/api-error-codes.js";
export { ApiError } from "./errors/api-error.js";
export type { ApiErrorOptions } from "./errors/api-error.js";
export type { EngineCommands, ExecutionCommand, StartOutcome } from "./engine-commands.js";

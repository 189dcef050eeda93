// The workflow API's options: parsed and validated once (by the app's config loader, which passes the
// raw values here), frozen, then handed to buildApp. Nothing below reads process.env.
import { createKeystoneAuth } from "@ops/keystone-auth";
import type { WorkflowServiceConfig } from "@ops/workflow-runtime";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./errors/api-error.js";

/** Options of the Mistral v2 API app, as buildApp receives them. */
export interface ApiConfig {
  /** Interface to listen on (used by the app's main.ts; buildApp itself never listens). @defaultValue "127.0.0.1" */
  readonly host: string;
  /** @defaultValue 8989 */
  readonly port: number;
  /** Largest request body accepted, in bytes; a larger one answers 413. @defaultValue 1048576 (1 MiB) */
  readonly bodyLimit: number;
  /**
   * The project every request acts for when it names none in `X-Project-Id` (no-auth mode, as
   * Mistral's `<default-project>`). @defaultValue "<default-project>"
   */
  readonly defaultProject: string;
  /** pino level of the request log. @defaultValue "info" */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /**
   * How long `POST /v2/action_executions` with `run_sync` (or a synchronous action run without
   * `save_result`) waits for the executor's result before answering with the row as it is.
   * @defaultValue 30000
   */
  readonly runSyncTimeoutMs: number;
  /** Pause between two reads of the row while waiting for a result or a state. @defaultValue 20 */
  readonly pollIntervalMs: number;
  /**
   * How long `PUT /v2/executions/{id}` with a new state waits for the engine to apply it before it
   * answers (Mistral answers with the new state; our engine applies it asynchronously).
   * @defaultValue 2000
   */
  readonly controlWaitMs: number;
  /**
   * Whether `DELETE /v2/action_executions/{id}` is allowed (Mistral's
   * `[api] allow_action_execution_deletion`, False there by default). @defaultValue true
   */
  readonly allowActionExecutionDeletion: boolean;
}

/** The defaults, each documented on {@link ApiConfig}. */
export const API_CONFIG_DEFAULTS: ApiConfig = Object.freeze({
  host: "127.0.0.1",
  port: 8989,
  bodyLimit: 1024 * 1024,
  defaultProject: "<default-project>",
  logLevel: "info",
  runSyncTimeoutMs: 30_000,
  pollIntervalMs: 20,
  controlWaitMs: 2_000,
  allowActionExecutionDeletion: true,
});

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function integerIn(key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ApiError(
      "WF_API_ERR_BAD_CONFIG",
      `${key} must be an integer from ${min} to ${max}; got ${String(value)}`,
      {
        context: { key },
      },
    );
  }
  return value;
}

function nonEmptyString(key: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ApiError("WF_API_ERR_BAD_CONFIG", `${key} must be a non-empty string`, { context: { key } });
  }
  return value;
}

/**
 * Validates options (missing ones take their defaults) and returns them frozen. A bad value throws
 * an {@link ApiError} `WF_API_ERR_BAD_CONFIG` naming the key, so the app stops with a clear message.
 */
export function parseApiConfig(raw: Partial<Record<keyof ApiConfig, unknown>> = {}): ApiConfig {
  const known = new Set(Object.keys(API_CONFIG_DEFAULTS));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      throw new ApiError("WF_API_ERR_BAD_CONFIG", `unknown option ${key}`, { context: { key } });
    }
  }
  const value = <K extends keyof ApiConfig>(key: K): unknown => raw[key] ?? API_CONFIG_DEFAULTS[key];
  const logLevel = value("logLevel");
  if (!LOG_LEVELS.includes(logLevel as ApiConfig["logLevel"])) {
    throw new ApiError("WF_API_ERR_BAD_CONFIG", `logLevel must be one of ${LOG_LEVELS.join(", ")}`, {
      context: { key: "logLevel" },
    });
  }
  const allowDeletion = value("allowActionExecutionDeletion");
  if (typeof allowDeletion !== "boolean") {
    throw new ApiError("WF_API_ERR_BAD_CONFIG", "allowActionExecutionDeletion must be a boolean", {
      context: { key: "allowActionExecutionDeletion" },
    });
  }
  return Object.freeze({
    host: nonEmptyString("host", value("host")),
    port: integerIn("port", value("port"), 0, 65535),
    bodyLimit: integerIn("bodyLimit", value("bodyLimit"), 1024, 1024 * 1024 * 1024),
    defaultProject: nonEmptyString("defaultProject", value("defaultProject")),
    logLevel: logLevel as ApiConfig["logLevel"],
    runSyncTimeoutMs: integerIn("runSyncTimeoutMs", value("runSyncTimeoutMs"), 0, 3_600_000),
    pollIntervalMs: integerIn("pollIntervalMs", value("pollIntervalMs"), 1, 60_000),
    controlWaitMs: integerIn("controlWaitMs", value("controlWaitMs"), 0, 600_000),
    allowActionExecutionDeletion: allowDeletion,
  });
}

/** The API's options from the workflow service's configuration (what both apps' main.ts load). */
export function apiConfigOfService(service: WorkflowServiceConfig): ApiConfig {
  return parseApiConfig({
    host: service.api.host,
    port: service.api.port,
    bodyLimit: service.api.bodyLimit,
    defaultProject: service.api.defaultProject,
    logLevel: service.logLevel,
  });
}

/**
 * The API's authentication from the workflow service's configuration: Keystone's objects with
 * `OPS_AUTH=keystone` (no request to Keystone until the first token comes), nothing otherwise.
 */
export function apiAuthOfService(service: WorkflowServiceConfig): Pick<ApiDeps, "auth"> {
  return service.auth.mode === "keystone" ? { auth: createKeystoneAuth(service.auth) } : {};
}

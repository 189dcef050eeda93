// The one error handler: every error becomes an ApiError (a registry code with its status), then
// Mistral's body. Store errors, schema validation errors and Fastify's own errors are translated
// here, in one function, so that nothing a client sends can surface as a 500.
import { PyFloat, pyJsonDumps, pyStr } from "@ops/dsl";
import { isWorkflowStoreError, type WorkflowStoreError } from "@ops/workflow-store";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { faultCodeOf, type ApiErrorCode } from "./api-error-codes.js";
import { ApiError } from "./api-error.js";

/** What a route may say about how its errors look (route `config`). */
export interface ErrorRouteConfig {
  /**
   * Mistral's pecan-exposed endpoints (POST/PUT of definitions) answer `{"faultstring": ...}` only,
   * without `faultcode` and `debuginfo`.
   */
  readonly bareFaults?: boolean;
  /** The name Mistral gives the body in its messages (`wf_ex`, `env`, `action_ex`...). */
  readonly bodyArgument?: string;
}

interface AjvError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
  readonly data?: unknown;
  readonly schema?: unknown;
}

const PYTHON_TYPES: Record<string, string> = {
  string: "str",
  boolean: "bool",
  integer: "int",
  number: "float",
  object: "dict",
  array: "list",
  null: "NoneType",
};

function pythonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  // Bodies are decoded with pyJsonLoads, which keeps JSON floats as PyFloat.
  if (value instanceof PyFloat) return "float";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number" || typeof value === "bigint")
    return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  return "dict";
}

function safeStr(value: unknown): string {
  try {
    return pyStr(value);
  } catch {
    return String(value);
  }
}

/** A schema validation error in Mistral's words. */
function validationError(error: FastifyError, config: ErrorRouteConfig): ApiError {
  const problems = (error.validation ?? []) as unknown as AjvError[];
  const first = problems[0];
  const where = error.validationContext ?? "body";
  if (first === undefined) return new ApiError("WF_API_ERR_BAD_REQUEST", error.message, { cause: error });
  const field =
    first.instancePath.split("/").filter(Boolean).at(-1) ??
    (where === "body" ? (config.bodyArgument ?? "body") : where);
  switch (first.keyword) {
    case "additionalProperties": {
      const name = String(first.params["additionalProperty"]);
      if (where === "querystring") {
        return new ApiError("WF_API_ERR_UNKNOWN_ARGUMENT", `Unknown argument: "${name}"`, {
          context: { argument: name },
        });
      }
      return new ApiError(
        "WF_API_ERR_UNKNOWN_FIELD",
        `Unknown attribute for argument ${config.bodyArgument ?? "body"}: ${name}`,
        { context: { field: name } },
      );
    }
    case "type": {
      const expected = String(first.params["type"]).split(",")[0] ?? "string";
      return new ApiError(
        where === "body" ? "WF_API_ERR_BAD_FIELD" : "WF_API_ERR_BAD_QUERY",
        `Invalid input for field/attribute ${field}. Value: '${safeStr(first.data)}'. Wrong type. ` +
          `Expected '<class '${PYTHON_TYPES[expected] ?? expected}'>', got '<class '${pythonTypeOf(first.data)}'>'`,
        { context: { field } },
      );
    }
    case "enum":
      return new ApiError(
        "WF_API_ERR_BAD_FIELD",
        `Invalid input for field/attribute ${field}. Value: '${safeStr(first.data)}'. Value should be one of: ${(
          (first.params["allowedValues"] as unknown[]) ?? []
        )
          .map(safeStr)
          .join(", ")}`,
        { context: { field } },
      );
    case "minimum":
    case "maximum": {
      // wsme's IntegerType(minimum=..., maximum=...) words.
      const bound = first.keyword === "minimum" ? "greater" : "lower";
      return new ApiError(
        where === "body" ? "WF_API_ERR_BAD_FIELD" : "WF_API_ERR_BAD_QUERY",
        `Invalid input for field/attribute ${field}. Value: '${safeStr(first.data)}'. ` +
          `Value should be ${bound} or equal to ${safeStr(first.params["limit"])}`,
        { context: { field } },
      );
    }
    case "required":
      return new ApiError(
        "WF_API_ERR_BAD_REQUEST",
        `Missing argument: "${String(first.params["missingProperty"])}"`,
      );
    default:
      return new ApiError(
        where === "body" ? "WF_API_ERR_BAD_FIELD" : "WF_API_ERR_BAD_QUERY",
        `Invalid input for field/attribute ${field}. ${first.message ?? "Invalid value."}`,
        { context: { field } },
      );
  }
}

const STORE_CODES: Record<string, ApiErrorCode> = {
  WF_STORE_ERR_NOT_FOUND: "WF_API_ERR_NOT_FOUND",
  WF_STORE_ERR_DUPLICATE: "WF_API_ERR_DUPLICATE",
  WF_STORE_ERR_BAD_FILTER: "WF_API_ERR_BAD_QUERY",
  WF_STORE_ERR_BAD_SORT_KEY: "WF_API_ERR_BAD_QUERY",
  WF_STORE_ERR_BAD_SORT_DIR: "WF_API_ERR_BAD_QUERY",
  WF_STORE_ERR_BAD_LIMIT: "WF_API_ERR_BAD_QUERY",
  WF_STORE_ERR_NOT_ALLOWED: "WF_API_ERR_NOT_ALLOWED",
  WF_STORE_ERR_SYSTEM_RESOURCE: "WF_API_ERR_SYSTEM_ACTION",
  WF_STORE_ERR_IN_USE: "WF_API_ERR_BAD_REQUEST",
  WF_STORE_ERR_INVALID_VALUE: "WF_API_ERR_BAD_FIELD",
  WF_STORE_ERR_CONFLICT: "WF_API_ERR_UNAVAILABLE",
  WF_STORE_ERR_TRANSACTION: "WF_API_ERR_UNAVAILABLE",
  WF_STORE_ERR_UNAVAILABLE: "WF_API_ERR_UNAVAILABLE",
};

function storeError(error: WorkflowStoreError): ApiError {
  const code = STORE_CODES[error.code] ?? "WF_API_ERR_INTERNAL";
  const message =
    code === "WF_API_ERR_UNAVAILABLE"
      ? "The service is temporarily unavailable"
      : code === "WF_API_ERR_INTERNAL"
        ? "Internal Server Error"
        : error.message;
  return new ApiError(code, message, { cause: error, context: { storeCode: error.code } });
}

/** Any error, as an ApiError with a registry code. */
export function toApiError(error: unknown, config: ErrorRouteConfig = {}): ApiError {
  if (error instanceof ApiError) return error;
  if (isWorkflowStoreError(error)) return storeError(error);
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError !== null && typeof fastifyError === "object") {
    if (Array.isArray(fastifyError.validation)) return validationError(fastifyError as FastifyError, config);
    if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE" || fastifyError.statusCode === 413) {
      return new ApiError(
        "WF_API_ERR_BODY_TOO_LARGE",
        "Request Entity Too Large: the body is larger than the limit.",
        {
          cause: error,
        },
      );
    }
    if (
      fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      fastifyError.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
    ) {
      return new ApiError("WF_API_ERR_BAD_JSON", "Request is not in valid JSON format", { cause: error });
    }
    const status = fastifyError.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // Fastify's own client errors (bad content length, unsupported media type, bad URL...).
      return new ApiError("WF_API_ERR_BAD_REQUEST", fastifyError.message ?? "Bad request", { cause: error });
    }
  }
  return new ApiError("WF_API_ERR_INTERNAL", "Internal Server Error", { cause: error });
}

/** Mistral's error body. */
export function faultBody(error: ApiError, bare: boolean): Record<string, unknown> {
  if (bare) return { faultstring: error.message };
  return { faultcode: faultCodeOf(error.statusCode), faultstring: error.message, debuginfo: null };
}

declare module "fastify" {
  interface FastifyRequest {
    /** The registry code of the error this request answered with, for the request log. */
    errorCode?: string;
  }
}

/** Installs the error handler and the not-found handler on the root instance. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const config = (request.routeOptions.config ?? {}) as ErrorRouteConfig;
    const apiError = toApiError(error, config);
    request.errorCode = apiError.code;
    if (apiError.statusCode >= 500) {
      request.log.error({ err: error, code: apiError.code, ...apiError.context }, "request failed");
    }
    void reply
      .status(apiError.statusCode)
      .type("application/json")
      .send(pyJsonDumps(faultBody(apiError, config.bareFaults === true)));
  });
  app.setNotFoundHandler((request, reply) => {
    request.errorCode = "WF_API_ERR_ROUTE_NOT_FOUND";
    void reply
      .status(404)
      .type("application/json")
      .send(
        pyJsonDumps(
          faultBody(new ApiError("WF_API_ERR_ROUTE_NOT_FOUND", "The resource could not be found."), false),
        ),
      );
  });
}

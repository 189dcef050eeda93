// The one error type of the workflow API: a code from the registry, a message for the faultstring,
// context for the log, and the cause.
import { API_ERROR_CODES, type ApiErrorCode } from "./api-error-codes.js";

export interface ApiErrorOptions {
  /** Fields for the log line (ids, names); never secrets. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** An error with a stable `WF_API_ERR_*` code; the error handler turns it into Mistral's body. */
export class ApiError extends Error {
  override readonly name: string = "ApiError";
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = API_ERROR_CODES[code].status;
    this.context = options.context ?? {};
  }
}

/** Mistral's "not found" message: `WorkflowExecution not found [id=...]`. */
export function notFound(what: string, key: Readonly<Record<string, string>>): ApiError {
  const inside = Object.entries(key)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  return new ApiError("WF_API_ERR_NOT_FOUND", `${what} not found [${inside}]`, { context: { ...key } });
}

/** Mistral's InputException: a 400 with the given message. */
export function badRequest(message: string, context?: Readonly<Record<string, unknown>>): ApiError {
  return new ApiError("WF_API_ERR_BAD_REQUEST", message, context ? { context } : {});
}

// Every error the workflow API answers has a stable code from this registry, with its HTTP status.
// The faultcode of the body follows from the status (Mistral: "Client" below 500, "Server" above).
// Codes never change meaning; messages may improve (most copy Mistral's wording, which scripts match).

/** One entry of the registry. */
export interface ApiErrorCodeInfo {
  readonly status: number;
  readonly description: string;
}

/** The registry: code → HTTP status and what it means. */
export const API_ERROR_CODES = {
  WF_API_ERR_BAD_CONFIG: {
    status: 500,
    description: "An option of the API is missing or invalid (raised at start).",
  },
  WF_API_ERR_BAD_REQUEST: {
    status: 400,
    description: "The request is well-formed but not acceptable (Mistral's InputException).",
  },
  WF_API_ERR_BAD_JSON: { status: 400, description: "The body is not valid JSON." },
  WF_API_ERR_BAD_FIELD: {
    status: 400,
    description:
      "A body field has the wrong type or a value that cannot be read (a JSON string that is not JSON).",
  },
  WF_API_ERR_UNKNOWN_FIELD: { status: 400, description: "The body has a field the resource does not have." },
  WF_API_ERR_UNKNOWN_ARGUMENT: {
    status: 400,
    description: "The query string has a parameter the endpoint does not take.",
  },
  WF_API_ERR_BAD_QUERY: {
    status: 400,
    description: "A query parameter is invalid: limit, marker, sort key or direction, fields, filter value.",
  },
  WF_API_ERR_BAD_DEFINITION: {
    status: 400,
    description: "A workflow language document is invalid (with line and column).",
  },
  WF_API_ERR_BAD_SCOPE: { status: 400, description: "`scope` is neither `private` nor `public`." },
  WF_API_ERR_SYSTEM_ACTION: { status: 400, description: "An attempt to change or delete a system action." },
  WF_API_ERR_INVALID_STATE: {
    status: 400,
    description: "A state change the object's current state does not allow.",
  },
  WF_API_ERR_NOT_SUPPORTED: { status: 400, description: "An operation this service does not support (yet)." },
  WF_API_ERR_NOT_ALLOWED: {
    status: 403,
    description: "An operation forbidden in the object's state (Mistral's NotAllowedException).",
  },
  WF_API_ERR_NOT_FOUND: {
    status: 404,
    description: "No object with that id or name in the caller's project.",
  },
  WF_API_ERR_ROUTE_NOT_FOUND: { status: 404, description: "No such URL." },
  WF_API_ERR_DUPLICATE: { status: 409, description: "An object with the same unique name already exists." },
  WF_API_ERR_BODY_TOO_LARGE: { status: 413, description: "The body is larger than the configured limit." },
  WF_API_ERR_INTERNAL: {
    status: 500,
    description: "A fault of the service (a bug): never caused by what a client sends.",
  },
  WF_API_ERR_UNAVAILABLE: {
    status: 503,
    description: "The database cannot be reached; retrying later may help.",
  },
} as const satisfies Record<string, ApiErrorCodeInfo>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** Mistral's `faultcode`: whose fault it is. */
export function faultCodeOf(status: number): "Client" | "Server" {
  return status >= 500 ? "Server" : "Client";
}

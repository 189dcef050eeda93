// The one place that decides which project a request acts for. Without auth (today) it is the
// `X-Project-Id` header, else the configured default project; the Keystone plugin will provide a
// resolver that reads the validated token instead.
import type { FastifyRequest } from "fastify";
import { ApiError } from "../errors/api-error.js";

/** Returns the project a request acts for, or throws an ApiError (401/403 once auth exists). */
export type ProjectResolver = (request: FastifyRequest) => string | Promise<string>;

// Project ids are Keystone ids (hex) or names like Mistral's `<default-project>`; anything longer
// or with control characters is refused rather than written into rows.
const PROJECT_ID = /^[\x21-\x7e]{1,80}$/;

/** The no-auth resolver: `X-Project-Id` when present, else `defaultProject`. */
export function noAuthProjectResolver(defaultProject: string): ProjectResolver {
  return (request) => {
    const header = request.headers["x-project-id"];
    if (header === undefined || header === "") return defaultProject;
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || !PROJECT_ID.test(value)) {
      throw new ApiError("WF_API_ERR_BAD_REQUEST", "X-Project-Id must be 1 to 80 printable characters.");
    }
    return value;
  };
}

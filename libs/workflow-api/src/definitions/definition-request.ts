// What the definition endpoints (POST/PUT of workbooks, workflows, actions) read from a request:
// the YAML text, the scope, the namespace and whether to skip validation.
import type { ResourceScope } from "@ops/workflow-store";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../errors/api-error.js";

export interface DefinitionRequest {
  readonly text: string;
  readonly scope: ResourceScope;
  readonly namespace: string;
  readonly skipValidation: boolean;
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === "string" ? value : undefined;
}

/** Reads a definition request; a scope other than private/public is a 400 as in Mistral. */
export function readDefinitionRequest(request: FastifyRequest): DefinitionRequest {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const scope = first(query["scope"]) ?? "private";
  if (scope !== "private" && scope !== "public") {
    throw new ApiError(
      "WF_API_ERR_BAD_SCOPE",
      `Scope must be one of the following: {'public', 'private'}; actual: ${scope}`,
      { context: { scope } },
    );
  }
  const body = request.body;
  const text = typeof body === "string" ? body : Buffer.isBuffer(body) ? body.toString("utf8") : "";
  return {
    text,
    scope,
    namespace: first(query["namespace"]) ?? "",
    skipValidation: "skip_validation" in query,
  };
}

// JSON schemas the routes share: Mistral's error bodies, list query strings, and resource shapes.
import type { FastifySchema } from "fastify";
// They validate requests and feed the OpenAPI document; responses are written with pyJsonDumps.
import type { ListSpec } from "../list/list-params.js";

type Schema = Record<string, unknown>;

export const FAULT_SCHEMA: Schema = {
  type: "object",
  description: "Mistral's error body.",
  properties: {
    faultcode: { type: "string", enum: ["Client", "Server"] },
    faultstring: { type: "string" },
    debuginfo: { type: "null" },
  },
  required: ["faultstring"],
};

export const BARE_FAULT_SCHEMA: Schema = {
  type: "object",
  description: "The error body of Mistral's definition endpoints (POST and PUT of YAML).",
  properties: { faultstring: { type: "string" } },
  required: ["faultstring"],
};

/** Error answers a route documents (every route may answer these). */
export function errorResponses(bare = false): Record<string, Schema> {
  const fault = bare ? BARE_FAULT_SCHEMA : FAULT_SCHEMA;
  return { 400: fault, 404: fault, 409: fault, 413: FAULT_SCHEMA, 500: FAULT_SCHEMA, 503: FAULT_SCHEMA };
}

const text = { type: "string" };

/** The query string of a list endpoint: every parameter is a string, unknown ones refused. */
export function listQuerySchema(spec: ListSpec): Schema {
  const properties: Record<string, Schema> = {
    marker: { ...text, description: "Id (or, for actions, name) of the last item of the previous page." },
    limit: { ...text, description: "Largest number of items (a positive integer)." },
    sort_keys: { ...text, description: "Comma-separated fields to sort by." },
    sort_dirs: { ...text, description: "Comma-separated directions, asc or desc." },
    fields: { ...text, description: "Comma-separated fields to return (id is always added)." },
  };
  for (const filter of spec.filters) {
    properties[filter.name] = {
      ...text,
      description: `Filter: value or op:value with op one of eq, neq, gt, gte, lt, lte, has, in, nin (${filter.kind}).`,
    };
  }
  for (const extra of spec.extraParams ?? []) properties[extra] = text;
  return { type: "object", properties, additionalProperties: false };
}

/** A resource object: these fields, any of them possibly null. */
export function resourceSchema(
  description: string,
  fields: Record<string, string | readonly string[]>,
): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, type] of Object.entries(fields)) {
    properties[name] = { type: typeof type === "string" ? [type, "null"] : [...type, "null"] };
  }
  return { type: "object", description, properties };
}

/** A list envelope: `{"<resource>": [...], "next": "<url>"}`. */
export function listSchema(resource: string, item: Schema): Schema {
  return {
    type: "object",
    properties: {
      [resource]: { type: "array", items: item },
      next: { type: "string", description: "The next page." },
    },
    required: [resource],
  };
}

export const IDENTIFIER_PARAMS: Schema = {
  type: "object",
  properties: { identifier: { type: "string" } },
  required: ["identifier"],
};

export const ID_PARAMS: Schema = {
  type: "object",
  properties: { id: { type: "string" } },
  required: ["id"],
};

export const NAMESPACE_QUERY: Schema = {
  type: "object",
  properties: { namespace: text },
};

export const DEFINITION_QUERY: Schema = {
  type: "object",
  properties: {
    namespace: text,
    scope: { ...text, description: "private (default) or public." },
    skip_validation: { ...text, description: "Present: store the definition without validating it." },
  },
};

export const YAML_BODY: Schema = {
  type: "string",
  description: "A workflow language v2 document (YAML), sent as text/plain.",
};

export const VALIDATION_RESULT: Schema = {
  type: "object",
  properties: { valid: { type: "boolean" }, error: { type: "string" } },
  required: ["valid"],
};

/** A route's schema and documentation. */
export interface RouteDoc {
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: Schema;
  readonly querystring?: Schema;
  /** A JSON body: validated. */
  readonly body?: Schema;
  /** A text body (YAML): documented, not validated by schema (the dsl does it). */
  readonly textBody?: Schema;
  readonly response?: Record<string, Schema>;
}

/** A route's `schema` option: Fastify validates params, querystring and body; the rest documents. */
export function doc(route: RouteDoc): FastifySchema {
  return route as unknown as FastifySchema;
}

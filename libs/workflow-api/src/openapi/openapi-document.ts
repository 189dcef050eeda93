// The OpenAPI 3.1 document of the API, generated from the routes' own schemas (collected as routes
// are registered), so that it cannot drift from what the routes validate.
import type { RouteOptions } from "fastify";

type Schema = Record<string, unknown>;

/** What is kept of a route for the document. */
export interface DocumentedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: Schema;
}

/** Collects routes as they are registered (an `onRoute` hook). */
export class RouteCatalog {
  readonly routes: DocumentedRoute[] = [];

  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === "HEAD" || route.schema === undefined) continue;
      this.routes.push({ method: method.toLowerCase(), url: route.url, schema: route.schema as Schema });
    }
  }
}

function parameters(schema: Schema | undefined, where: "path" | "query"): Schema[] {
  const properties = (schema?.["properties"] ?? {}) as Record<string, Schema>;
  const required = new Set((schema?.["required"] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: property,
    ...(typeof property["description"] === "string" ? { description: property["description"] } : {}),
  }));
}

const STATUS_TEXT: Record<string, string> = {
  "200": "OK",
  "201": "Created",
  "204": "No Content",
  "400": "Bad request: Mistral's error body",
  "403": "Forbidden",
  "404": "Not found",
  "409": "Conflict (duplicate)",
  "413": "Body too large",
  "500": "Internal error (a bug)",
  "503": "Database unavailable",
};

/** Builds the document from the catalog. */
export function openApiDocument(catalog: RouteCatalog, version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of catalog.routes) {
    if (route.url.endsWith("/") && route.url !== "/") continue;
    const path = route.url.replace(/:([A-Za-z_]+)/g, "{$1}");
    const { schema } = route;
    const responses: Record<string, Schema> = {};
    for (const [status, body] of Object.entries((schema["response"] ?? {}) as Record<string, Schema>)) {
      responses[status] =
        status === "204"
          ? { description: STATUS_TEXT[status] }
          : { description: STATUS_TEXT[status] ?? status, content: { "application/json": { schema: body } } };
    }
    const operation: Schema = {
      summary: schema["summary"],
      tags: schema["tags"],
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      parameters: [
        ...parameters(schema["params"] as Schema | undefined, "path"),
        ...parameters(schema["querystring"] as Schema | undefined, "query"),
      ],
      responses,
    };
    if (schema["body"] !== undefined) {
      operation["requestBody"] = {
        required: true,
        content: { "application/json": { schema: schema["body"] } },
      };
    } else if (schema["textBody"] !== undefined) {
      operation["requestBody"] = {
        required: true,
        content: { "text/plain": { schema: schema["textBody"] } },
      };
    }
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Workflow service: Mistral v2 API",
      version,
      description:
        "OpenStack Mistral's v2 REST API. JSON fields such as input, output and params are JSON-encoded " +
        "strings; errors are {faultcode, faultstring, debuginfo}.",
    },
    paths,
  };
}

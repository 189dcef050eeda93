// /v2/environments: named sets of variables that executions see through env().
import type { EnvironmentPatch } from "@ops/workflow-store";
import type { FastifyInstance } from "fastify";
import { ApiError, badRequest } from "../errors/api-error.js";
import { acceptJsonBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams } from "../list/list-params.js";
import { ENVIRONMENT_FIELDS, ENVIRONMENT_LIST, environmentView } from "../resources/environment-resource.js";
import { projectFields } from "../resources/resource-view.js";
import { readJsonObjectField } from "../wire/json-field.js";
import { applicationUrl, type RoutePluginOptions } from "./api-context.js";
import { doc, errorResponses, listQuerySchema, listSchema, resourceSchema } from "./route-schemas.js";

const ENVIRONMENT_SCHEMA = resourceSchema("An environment; `variables` is a JSON-encoded object.", {
  id: "string",
  name: "string",
  description: "string",
  variables: "string",
  scope: "string",
  project_id: "string",
  created_at: "string",
  updated_at: "string",
});

const variables = { type: ["string", "object", "null"], description: "A JSON object, or its JSON encoding." };
const scope = { type: "string", enum: ["private", "public"] };
const nullableString = { type: ["string", "null"] };

const CREATE_BODY = {
  type: "object",
  properties: { name: { type: "string" }, description: nullableString, variables, scope },
  additionalProperties: false,
};

const UPDATE_BODY = {
  type: "object",
  properties: {
    id: nullableString,
    name: { type: "string" },
    description: nullableString,
    variables,
    scope,
    project_id: nullableString,
    created_at: nullableString,
    updated_at: nullableString,
  },
  additionalProperties: false,
};

const NAME_PARAMS = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };

interface EnvironmentBody {
  name?: string;
  description?: string | null;
  variables?: unknown;
  scope?: "private" | "public";
}

/** The environments API. */
export async function environmentRoutes(
  app: FastifyInstance,
  { context }: RoutePluginOptions,
): Promise<void> {
  const { data } = context;
  acceptJsonBodies(app);
  const config = { bodyArgument: "env" };

  app.post(
    "/environments",
    {
      config,
      schema: doc({
        summary: "Create an environment",
        tags: ["environments"],
        body: CREATE_BODY,
        response: { 201: ENVIRONMENT_SCHEMA, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as EnvironmentBody;
      if (!body.name) throw badRequest("Name of the environment is not provided.");
      const row = await data.createEnvironment(request.projectId, {
        name: body.name,
        description: body.description ?? null,
        variables: readJsonObjectField("variables", body.variables) ?? {},
        scope: body.scope ?? "private",
      });
      return reply.status(201).send(environmentView(row, "created"));
    },
  );

  app.put(
    "/environments",
    {
      config,
      schema: doc({
        summary: "Update an environment (named in the body)",
        tags: ["environments"],
        body: UPDATE_BODY,
        response: { 200: ENVIRONMENT_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const body = (request.body ?? {}) as EnvironmentBody & Record<string, unknown>;
      if (!body.name) throw badRequest("Name of the environment is not provided.");
      const legal = ["description", "variables", "scope"];
      if (Object.keys(body).some((key) => key !== "name" && !legal.includes(key))) {
        throw new ApiError(
          "WF_API_ERR_UNKNOWN_FIELD",
          "Please, check your environment definition. Only: ['description', 'variables', 'scope'] are allowed as definition keys.",
        );
      }
      const patch: EnvironmentPatch = {};
      if (body.description !== undefined) patch.description = body.description;
      if (body.variables !== undefined)
        patch.variables = readJsonObjectField("variables", body.variables) ?? {};
      if (body.scope !== undefined) patch.scope = body.scope;
      return environmentView(await data.updateEnvironment(request.projectId, body.name, patch), "updated");
    },
  );

  app.get(
    "/environments/:name",
    {
      schema: doc({
        summary: "An environment, by name",
        tags: ["environments"],
        params: NAME_PARAMS,
        querystring: { type: "object", additionalProperties: false },
        response: { 200: ENVIRONMENT_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { name } = request.params as { name: string };
      return environmentView(await data.getEnvironment(request.projectId, name), "get");
    },
  );

  app.get(
    "/environments",
    {
      schema: doc({
        summary: "List environments",
        tags: ["environments"],
        querystring: listQuerySchema(ENVIRONMENT_LIST),
        response: { 200: listSchema("environments", ENVIRONMENT_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const params = parseListParams(ENVIRONMENT_LIST, request.query as Record<string, unknown>);
      const marker = params.marker
        ? (await data.environmentById(request.projectId, params.marker)).id
        : undefined;
      const rows = await data.listEnvironments(request.projectId, params, marker);
      const body: Record<string, unknown> = {
        environments: rows.map((row) =>
          projectFields(environmentView(row, "list"), params.fields, ENVIRONMENT_FIELDS),
        ),
      };
      const next = nextLink(applicationUrl(request), "environments", params, rows.length, rows.at(-1)?.id);
      if (next !== undefined) body["next"] = next;
      return body;
    },
  );

  app.delete(
    "/environments/:name",
    {
      schema: doc({
        summary: "Delete an environment, by name",
        tags: ["environments"],
        params: NAME_PARAMS,
        response: { 204: { type: "null" }, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      await data.deleteEnvironment(request.projectId, name);
      return reply.status(204).send();
    },
  );
}

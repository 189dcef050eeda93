// /v2/actions: system actions (read-only) and ad-hoc actions defined in YAML.
import { parseActions } from "@ops/dsl";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { describeDefinitionProblems, requireValidSpec } from "../definitions/definition-problem.js";
import { readDefinitionRequest } from "../definitions/definition-request.js";
import { actionInputText } from "../definitions/input-text.js";
import { badRequest } from "../errors/api-error.js";
import { acceptTextBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams } from "../list/list-params.js";
import { ACTION_FIELDS, ACTION_LIST, actionView } from "../resources/action-resource.js";
import { projectFields } from "../resources/resource-view.js";
import { applicationUrl, type RoutePluginOptions } from "./api-context.js";
import {
  DEFINITION_QUERY,
  doc,
  errorResponses,
  listQuerySchema,
  listSchema,
  NAMESPACE_QUERY,
  resourceSchema,
  VALIDATION_RESULT,
  YAML_BODY,
} from "./route-schemas.js";

const ACTION_SCHEMA = resourceSchema("An action: a system action or an ad-hoc one.", {
  id: "string",
  name: "string",
  is_system: "boolean",
  input: "string",
  description: "string",
  tags: "array",
  definition: "string",
  scope: "string",
  project_id: "string",
  created_at: "string",
  updated_at: "string",
  namespace: "string",
});

const ACTION_PARAMS = {
  type: "object",
  properties: { identifier: { type: "string" }, namespace: { type: "string" } },
  required: ["identifier"],
};

/** The namespace of `/actions/{id}/{namespace}` (the CLI's form), else of `?namespace=`. */
function namespaceOf(request: FastifyRequest): string {
  const params = request.params as { namespace?: string };
  if (params.namespace !== undefined) return params.namespace;
  const namespace = (request.query as { namespace?: unknown } | undefined)?.namespace;
  return typeof namespace === "string" ? namespace : "";
}

/** The actions API. */
export async function actionRoutes(app: FastifyInstance, { context }: RoutePluginOptions): Promise<void> {
  const { data } = context;
  acceptTextBodies(app);

  const actionValues = (request: FastifyRequest) => {
    const definition = readDefinitionRequest(request);
    const result = parseActions(definition.text);
    const spec =
      definition.skipValidation && result.spec !== undefined ? result.spec : requireValidSpec(result);
    return spec.actions.map((action) => ({
      name: action.name,
      namespace: definition.namespace,
      definition: definition.text,
      spec: action,
      description: action.description ?? null,
      tags: [...action.tags],
      input: actionInputText(action.input),
      isSystem: false,
      scope: definition.scope,
    }));
  };

  app.post(
    "/actions",
    {
      config: { bareFaults: true },
      schema: doc({
        summary: "Create ad-hoc actions from YAML",
        tags: ["actions"],
        querystring: DEFINITION_QUERY,
        textBody: YAML_BODY,
        response: { 201: listSchema("actions", ACTION_SCHEMA), ...errorResponses(true) },
      }),
    },
    async (request, reply) => {
      const rows = await data.createActions(request.projectId, actionValues(request));
      return reply.status(201).send({ actions: rows.map((row) => actionView(row, "created")) });
    },
  );

  const update = async (request: FastifyRequest) => {
    const identifier = (request.params as { identifier?: string }).identifier;
    const values = actionValues(request);
    if (identifier !== undefined && values.length > 1) {
      throw badRequest(
        `More than one actions are not supported for update with identifier. [identifier: ${identifier}]`,
      );
    }
    const rows = await data.updateActions(request.projectId, values, identifier);
    return { actions: rows.map((row) => actionView(row, "updated")) };
  };
  const updateSchema = (summary: string, params?: Record<string, unknown>) =>
    doc({
      summary,
      tags: ["actions"],
      ...(params ? { params } : {}),
      querystring: DEFINITION_QUERY,
      textBody: YAML_BODY,
      response: { 200: listSchema("actions", ACTION_SCHEMA), ...errorResponses(true) },
    });
  app.put(
    "/actions",
    { config: { bareFaults: true }, schema: updateSchema("Update ad-hoc actions (by name)") },
    update,
  );
  app.put(
    "/actions/:identifier",
    {
      config: { bareFaults: true },
      schema: updateSchema("Update one ad-hoc action, by id or name", ACTION_PARAMS),
    },
    update,
  );

  app.post(
    "/actions/validate",
    {
      schema: doc({
        summary: "Validate an ad-hoc actions document",
        tags: ["actions"],
        textBody: YAML_BODY,
        response: { 200: VALIDATION_RESULT, ...errorResponses() },
      }),
    },
    async (request) => {
      const { issues } = parseActions(readDefinitionRequest(request).text);
      return issues.length === 0
        ? { valid: true }
        : { valid: false, error: describeDefinitionProblems(issues) };
    },
  );

  const get = async (request: FastifyRequest) => {
    const { identifier } = request.params as { identifier: string };
    return actionView(await data.getAction(request.projectId, identifier, namespaceOf(request)), "get");
  };
  const getSchema = doc({
    summary: "An action, by id or name (`/actions/{name}/{namespace}` is the CLI's form)",
    tags: ["actions"],
    params: ACTION_PARAMS,
    querystring: { ...NAMESPACE_QUERY, additionalProperties: false },
    response: { 200: ACTION_SCHEMA, ...errorResponses() },
  });
  app.get("/actions/:identifier", { schema: getSchema }, get);
  app.get("/actions/:identifier/:namespace", { schema: getSchema }, get);

  app.get(
    "/actions",
    {
      schema: doc({
        summary: "List actions (the default namespace unless `namespace` is given)",
        tags: ["actions"],
        querystring: listQuerySchema(ACTION_LIST),
        response: { 200: listSchema("actions", ACTION_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const params = parseListParams(ACTION_LIST, request.query as Record<string, unknown>);
      let marker: string | undefined;
      if (params.marker !== undefined) {
        // Mistral's action markers are names (system actions have their name as id).
        marker = (await data.getAction(request.projectId, params.marker, "")).id;
      }
      const rows = await data.listActions(request.projectId, params, marker);
      const views = rows.map((row) => actionView(row, "list"));
      const body: Record<string, unknown> = {
        actions: views.map((view) => projectFields(view, params.fields, ACTION_FIELDS)),
      };
      const lastId = views.at(-1)?.["id"];
      const next = nextLink(
        applicationUrl(request),
        "actions",
        params,
        rows.length,
        typeof lastId === "string" ? lastId : undefined,
      );
      if (next !== undefined) body["next"] = next;
      return body;
    },
  );

  const remove = async (
    request: FastifyRequest,
    reply: { status: (code: number) => { send: () => unknown } },
  ) => {
    const { identifier } = request.params as { identifier: string };
    await data.deleteAction(request.projectId, identifier, namespaceOf(request));
    return reply.status(204).send();
  };
  const deleteSchema = doc({
    summary: "Delete an ad-hoc action (system actions cannot be deleted)",
    tags: ["actions"],
    params: ACTION_PARAMS,
    querystring: NAMESPACE_QUERY,
    response: { 204: { type: "null" }, ...errorResponses() },
  });
  app.delete("/actions/:identifier", { schema: deleteSchema }, remove);
  app.delete("/actions/:identifier/:namespace", { schema: deleteSchema }, remove);
}

// /v2/workbooks: a YAML document with workflows and ad-hoc actions. Creating or updating one
// creates or updates its workflows (`<workbook>.<workflow>`) and actions (`<workbook>.<action>`) in
// the same transaction, as Mistral's services/workbooks.py does; deleting it leaves them.
import { parseWorkbook } from "@ops/dsl";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { describeDefinitionProblems, requireValidSpec } from "../definitions/definition-problem.js";
import { readDefinitionRequest } from "../definitions/definition-request.js";
import { actionInputText } from "../definitions/input-text.js";
import { workflowMappings, workflowSpecDocument } from "../definitions/spec-document.js";
import { workbookSectionText } from "../definitions/workbook-section.js";
import { acceptTextBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams } from "../list/list-params.js";
import { projectFields } from "../resources/resource-view.js";
import { WORKBOOK_FIELDS, WORKBOOK_LIST, workbookView } from "../resources/workbook-resource.js";
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

const WORKBOOK_SCHEMA = resourceSchema("A workbook.", {
  id: "string",
  name: "string",
  namespace: "string",
  definition: "string",
  tags: "array",
  scope: "string",
  project_id: "string",
  created_at: "string",
  updated_at: "string",
});

const NAME_PARAMS = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };

function namespaceOf(request: FastifyRequest): string {
  const namespace = (request.query as { namespace?: unknown } | undefined)?.namespace;
  return typeof namespace === "string" ? namespace : "";
}

/** The workbooks API. */
export async function workbookRoutes(app: FastifyInstance, { context }: RoutePluginOptions): Promise<void> {
  const { data } = context;
  acceptTextBodies(app);

  const save = async (request: FastifyRequest, update: boolean) => {
    const definition = readDefinitionRequest(request);
    const result = parseWorkbook(definition.text);
    const spec =
      definition.skipValidation && result.spec !== undefined && result.spec.name
        ? result.spec
        : requireValidSpec(result);
    const { namespace, scope, text } = definition;
    const actions = spec.actions.map((action) => ({
      name: `${spec.name}.${action.name}`,
      namespace,
      workbookName: spec.name,
      definition: workbookSectionText(text, "actions", action.name),
      spec: action,
      description: action.description ?? null,
      tags: [...action.tags],
      input: actionInputText(action.input),
      isSystem: false,
      scope,
    }));
    const mappings = workflowMappings(text, "workbook");
    const workflows = spec.workflows.map((workflow) => ({
      name: `${spec.name}.${workflow.name}`,
      namespace,
      workbookName: spec.name,
      definition: workbookSectionText(text, "workflows", workflow.name),
      spec: workflowSpecDocument(mappings.get(workflow.name), workflow.name),
      tags: [...workflow.tags],
      isSystem: false,
      scope,
    }));
    const workbook = { name: spec.name, namespace, definition: text, spec, tags: [...spec.tags], scope };
    return data.saveWorkbook(request.projectId, workbook, workflows, actions, update);
  };

  app.post(
    "/workbooks",
    {
      config: { bareFaults: true },
      schema: doc({
        summary: "Create a workbook (and its workflows and actions) from YAML",
        tags: ["workbooks"],
        querystring: DEFINITION_QUERY,
        textBody: YAML_BODY,
        response: { 201: WORKBOOK_SCHEMA, ...errorResponses(true) },
      }),
    },
    async (request, reply) => reply.status(201).send(workbookView(await save(request, false), "created")),
  );

  app.put(
    "/workbooks",
    {
      config: { bareFaults: true },
      schema: doc({
        summary: "Update the workbook a YAML document defines (by its name)",
        tags: ["workbooks"],
        querystring: DEFINITION_QUERY,
        textBody: YAML_BODY,
        response: { 200: WORKBOOK_SCHEMA, ...errorResponses(true) },
      }),
    },
    async (request) => workbookView(await save(request, true), "updated"),
  );

  app.post(
    "/workbooks/validate",
    {
      schema: doc({
        summary: "Validate a workbook",
        tags: ["workbooks"],
        textBody: YAML_BODY,
        response: { 200: VALIDATION_RESULT, ...errorResponses() },
      }),
    },
    async (request) => {
      const { issues } = parseWorkbook(readDefinitionRequest(request).text);
      return issues.length === 0
        ? { valid: true }
        : { valid: false, error: describeDefinitionProblems(issues) };
    },
  );

  app.get(
    "/workbooks/:name",
    {
      schema: doc({
        summary: "A workbook, by name",
        tags: ["workbooks"],
        params: NAME_PARAMS,
        querystring: { ...NAMESPACE_QUERY, additionalProperties: false },
        response: { 200: WORKBOOK_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { name } = request.params as { name: string };
      return workbookView(await data.getWorkbook(request.projectId, name, namespaceOf(request)), "get");
    },
  );

  app.get(
    "/workbooks",
    {
      schema: doc({
        summary: "List workbooks",
        tags: ["workbooks"],
        querystring: listQuerySchema(WORKBOOK_LIST),
        response: { 200: listSchema("workbooks", WORKBOOK_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const params = parseListParams(WORKBOOK_LIST, request.query as Record<string, unknown>);
      const marker = params.marker
        ? (await data.workbookById(request.projectId, params.marker)).id
        : undefined;
      const rows = await data.listWorkbooks(request.projectId, params, marker);
      const body: Record<string, unknown> = {
        workbooks: rows.map((row) =>
          projectFields(workbookView(row, "list"), params.fields, WORKBOOK_FIELDS),
        ),
      };
      const next = nextLink(applicationUrl(request), "workbooks", params, rows.length, rows.at(-1)?.id);
      if (next !== undefined) body["next"] = next;
      return body;
    },
  );

  app.delete(
    "/workbooks/:name",
    {
      schema: doc({
        summary: "Delete a workbook (its workflows and actions stay, as in Mistral)",
        tags: ["workbooks"],
        params: NAME_PARAMS,
        querystring: NAMESPACE_QUERY,
        response: { 204: { type: "null" }, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      await data.deleteWorkbook(request.projectId, name, namespaceOf(request));
      return reply.status(204).send();
    },
  );
}

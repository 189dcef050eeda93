// /v2/workflows: workflow definitions written in YAML (text/plain), one document may define several.
import { parseWorkflows, type WorkflowSpec } from "@ops/dsl";
import type { NewWorkflowDefinition } from "@ops/workflow-store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { DefinitionValues } from "../data/workflow-data.js";
import { describeDefinitionProblems, requireValidSpec } from "../definitions/definition-problem.js";
import { readDefinitionRequest, type DefinitionRequest } from "../definitions/definition-request.js";
import { workflowMappings, workflowSpecDocument } from "../definitions/spec-document.js";
import { topLevelSectionText } from "../definitions/workbook-section.js";
import { badRequest } from "../errors/api-error.js";
import { acceptTextBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams } from "../list/list-params.js";
import { projectFields } from "../resources/resource-view.js";
import { WORKFLOW_FIELDS, WORKFLOW_LIST, workflowView } from "../resources/workflow-resource.js";
import { applicationUrl, listScope, type RoutePluginOptions } from "./api-context.js";
import {
  DEFINITION_QUERY,
  doc,
  errorResponses,
  IDENTIFIER_PARAMS,
  listQuerySchema,
  listSchema,
  NAMESPACE_QUERY,
  resourceSchema,
  VALIDATION_RESULT,
  YAML_BODY,
} from "./route-schemas.js";

const WORKFLOW_SCHEMA = resourceSchema("A workflow definition.", {
  id: "string",
  name: "string",
  namespace: "string",
  input: "string",
  interface: ["string", "object"],
  definition: "string",
  tags: "array",
  scope: "string",
  project_id: "string",
  created_at: "string",
  updated_at: "string",
});

/** The rows a definition document makes: one per workflow, each with its own text. */
export function workflowValues(
  definition: DefinitionRequest,
  allowInvalid = false,
): DefinitionValues<NewWorkflowDefinition>[] {
  const result = parseWorkflows(definition.text);
  let specs: readonly WorkflowSpec[];
  if (definition.skipValidation && allowInvalid && result.spec !== undefined) {
    specs = result.spec.workflows;
  } else {
    specs = requireValidSpec(result).workflows;
  }
  const mappings = workflowMappings(definition.text, "workflows");
  return specs.map((spec) => ({
    name: spec.name,
    namespace: definition.namespace,
    definition: specs.length === 1 ? definition.text : topLevelSectionText(definition.text, spec.name, "2.0"),
    spec: workflowSpecDocument(mappings.get(spec.name), spec.name),
    tags: [...spec.tags],
    scope: definition.scope,
    isSystem: false,
  }));
}

function namespaceOf(request: FastifyRequest): string {
  const namespace = (request.query as { namespace?: unknown } | undefined)?.namespace;
  return typeof namespace === "string" ? namespace : "";
}

/** The workflow definitions API. */
export async function workflowRoutes(app: FastifyInstance, { context }: RoutePluginOptions): Promise<void> {
  const { data } = context;
  acceptTextBodies(app);
  const bare = { bareFaults: true };

  app.post(
    "/workflows",
    {
      config: bare,
      schema: doc({
        summary: "Create workflows from a YAML document",
        tags: ["workflows"],
        querystring: DEFINITION_QUERY,
        textBody: YAML_BODY,
        response: { 201: listSchema("workflows", WORKFLOW_SCHEMA), ...errorResponses(true) },
      }),
    },
    async (request, reply) => {
      const definition = readDefinitionRequest(request);
      const rows = await data.createWorkflows(request.projectId, workflowValues(definition, true));
      return reply.status(201).send({ workflows: rows.map((row) => workflowView(row, "created")) });
    },
  );

  app.put(
    "/workflows",
    {
      config: bare,
      schema: doc({
        summary: "Update the workflows a YAML document defines (each by name)",
        tags: ["workflows"],
        querystring: DEFINITION_QUERY,
        textBody: YAML_BODY,
        response: { 200: listSchema("workflows", WORKFLOW_SCHEMA), ...errorResponses(true) },
      }),
    },
    async (request) => {
      const definition = readDefinitionRequest(request);
      const rows = await data.updateWorkflows(request.projectId, workflowValues(definition, true), undefined);
      return { workflows: rows.map((row) => workflowView(row, "updated")) };
    },
  );

  app.put(
    "/workflows/:identifier",
    {
      config: bare,
      schema: doc({
        summary: "Update one workflow (by id or name) from a YAML document defining one workflow",
        tags: ["workflows"],
        params: IDENTIFIER_PARAMS,
        querystring: DEFINITION_QUERY,
        textBody: YAML_BODY,
        response: { 200: WORKFLOW_SCHEMA, ...errorResponses(true) },
      }),
    },
    async (request) => {
      const { identifier } = request.params as { identifier: string };
      const definition = readDefinitionRequest(request);
      const values = workflowValues(definition, true);
      if (values.length > 1) {
        throw badRequest(
          `More than one workflows are not supported for update with identifier. [identifier: ${identifier}]`,
        );
      }
      const [row] = await data.updateWorkflows(request.projectId, values, identifier);
      return workflowView(row!, "updated");
    },
  );

  app.post(
    "/workflows/validate",
    {
      schema: doc({
        summary: "Validate a workflow definitions document",
        tags: ["workflows"],
        textBody: YAML_BODY,
        response: { 200: VALIDATION_RESULT, ...errorResponses() },
      }),
    },
    async (request) => {
      const { text } = readDefinitionRequest(request);
      const { issues } = parseWorkflows(text);
      return issues.length === 0
        ? { valid: true }
        : { valid: false, error: describeDefinitionProblems(issues) };
    },
  );

  app.get(
    "/workflows/:identifier",
    {
      schema: doc({
        summary: "A workflow, by id or name",
        tags: ["workflows"],
        params: IDENTIFIER_PARAMS,
        querystring: { ...NAMESPACE_QUERY, additionalProperties: false },
        response: { 200: WORKFLOW_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { identifier } = request.params as { identifier: string };
      return workflowView(await data.getWorkflow(request.projectId, identifier, namespaceOf(request)), "get");
    },
  );

  app.get(
    "/workflows",
    {
      schema: doc({
        summary: "List workflows",
        tags: ["workflows"],
        querystring: listQuerySchema(WORKFLOW_LIST),
        response: { 200: listSchema("workflows", WORKFLOW_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const params = parseListParams(WORKFLOW_LIST, request.query as Record<string, unknown>);
      const scope = listScope(
        request,
        params.extras["all_projects"] !== undefined && params.extras["all_projects"] !== "false",
      );
      const marker = params.marker
        ? (await data.workflowById(request.projectId, params.marker)).id
        : undefined;
      const rows = await data.listWorkflows(scope, params, marker);
      // Mistral computes `input` and `interface` together from the spec: asking for one gives both.
      const fields =
        params.fields.includes("input") && !params.fields.includes("interface")
          ? [...params.fields, "interface"]
          : params.fields;
      const body: Record<string, unknown> = {
        workflows: rows.map((row) => projectFields(workflowView(row, "list"), fields, WORKFLOW_FIELDS)),
      };
      const next = nextLink(applicationUrl(request), "workflows", params, rows.length, rows.at(-1)?.id);
      if (next !== undefined) body["next"] = next;
      return body;
    },
  );

  app.delete(
    "/workflows/:identifier",
    {
      schema: doc({
        summary: "Delete a workflow, by id or name",
        tags: ["workflows"],
        params: IDENTIFIER_PARAMS,
        querystring: NAMESPACE_QUERY,
        response: { 204: { type: "null" }, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const { identifier } = request.params as { identifier: string };
      await data.deleteWorkflow(request.projectId, identifier, namespaceOf(request));
      return reply.status(204).send();
    },
  );
}

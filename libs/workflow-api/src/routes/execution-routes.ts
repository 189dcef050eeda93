// /v2/executions: starting, watching, pausing, resuming, cancelling and deleting workflow
// executions. The API writes the row (IDLE) in one statement, then asks the engine to start it; the
// engine changes states, the API only asks (invariant 1: the database is the source of truth).
import { newExecutionRow } from "@ops/workflow-runtime";
import type { ExecutionCommand } from "../engine-commands.js";
import type { ExecutionState, WorkflowExecutionRow } from "@ops/workflow-store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WorkflowData } from "../data/workflow-data.js";
import { specType } from "../definitions/spec-document.js";
import { prepareWorkflowInput } from "../definitions/workflow-input.js";
import { ApiError, badRequest } from "../errors/api-error.js";
import { acceptJsonBodies } from "../http/body-parsers.js";
import {
  nextLink,
  parsePythonInt,
  parseListParams,
  parseQueryBool,
  type ListSpec,
} from "../list/list-params.js";
import {
  EXECUTION_COLUMNS,
  EXECUTION_LIST,
  executionView,
  type ExecutionVariant,
} from "../resources/execution-resource.js";
import { projectFields } from "../resources/resource-view.js";
import { EXECUTION_TASK_LIST, TASK_COLUMNS, taskView } from "../resources/task-resource.js";
import { isPlainObject, readJsonObjectField } from "../wire/json-field.js";
import { applicationUrl, listScope, pause, type ApiContext, type RoutePluginOptions } from "./api-context.js";
import {
  doc,
  errorResponses,
  ID_PARAMS,
  listQuerySchema,
  listSchema,
  resourceSchema,
} from "./route-schemas.js";

export const EXECUTION_SCHEMA = resourceSchema(
  "A workflow execution; `input`, `output`, `params` and `published_global` are JSON-encoded objects.",
  {
    id: "string",
    workflow_id: "string",
    workflow_name: "string",
    workflow_namespace: "string",
    description: "string",
    tags: "array",
    params: "string",
    task_execution_id: "string",
    root_execution_id: "string",
    state: "string",
    state_info: "string",
    input: "string",
    output: "string",
    created_at: "string",
    updated_at: "string",
    project_id: "string",
    published_global: "string",
  },
);

const nullableString = { type: ["string", "null"] };
const jsonField = { type: ["string", "object", "null"], description: "A JSON object, or its JSON encoding." };

/** The body of POST and PUT: Mistral's Execution resource (unknown attributes are refused). */
const EXECUTION_BODY = {
  type: "object",
  properties: {
    id: nullableString,
    workflow_id: nullableString,
    workflow_name: nullableString,
    workflow_namespace: nullableString,
    description: nullableString,
    tags: { type: ["array", "null"], items: { type: "string" } },
    params: jsonField,
    task_execution_id: nullableString,
    root_execution_id: nullableString,
    source_execution_id: nullableString,
    state: nullableString,
    state_info: nullableString,
    input: jsonField,
    output: jsonField,
    created_at: nullableString,
    updated_at: nullableString,
    project_id: nullableString,
    published_global: jsonField,
  },
  additionalProperties: false,
};

interface ExecutionBody {
  id?: string | null;
  workflow_id?: string | null;
  workflow_name?: string | null;
  workflow_namespace?: string | null;
  description?: string | null;
  params?: unknown;
  source_execution_id?: string | null;
  state?: string | null;
  input?: unknown;
}

const FINISHED: readonly ExecutionState[] = ["SUCCESS", "ERROR", "CANCELLED"];

/** Mistral's workflow state transitions (mistral/workflow/states.py); IDLE may also be paused here. */
const TRANSITIONS: Readonly<Record<ExecutionState, readonly ExecutionState[]>> = {
  IDLE: ["RUNNING", "PAUSED", "ERROR", "CANCELLED"],
  WAITING: ["RUNNING"],
  RUNNING: ["PAUSED", "DELAYED", "SUCCESS", "ERROR", "CANCELLED"],
  DELAYED: ["RUNNING", "ERROR", "CANCELLED"],
  PAUSED: ["RUNNING", "ERROR", "CANCELLED"],
  SUCCESS: [],
  CANCELLED: ["RUNNING"],
  ERROR: ["RUNNING"],
};

const COMMAND_OF: Readonly<Record<string, ExecutionCommand>> = {
  PAUSED: "pause",
  RUNNING: "resume",
  CANCELLED: "cancel",
};

/** `{"executions": [...]}` of an execution and its sub-executions, depth first (sub_execution.py). */
async function subExecutions(
  data: WorkflowData,
  projectId: string,
  origin: { execution: WorkflowExecutionRow } | { taskId: string },
  options: { errorsOnly: boolean; maxDepth: number; includeOutput: boolean },
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const variant: ExecutionVariant = options.includeOutput ? "list-with-output" : "list";
  const ofTask = async (taskId: string, state: ExecutionState | undefined, depth: number) => {
    if (options.errorsOnly && state !== undefined && state !== "ERROR") return;
    for (const child of await data.executionsOfTask(projectId, taskId)) await ofExecution(child, depth);
  };
  const ofExecution = async (execution: WorkflowExecutionRow, depth: number) => {
    if (options.maxDepth >= 0 && depth > options.maxDepth) return;
    out.push(executionView(execution, variant));
    for (const task of await data.tasksOfExecution(projectId, execution.id))
      await ofTask(task.id, task.state, depth + 1);
  };
  if ("execution" in origin) await ofExecution(origin.execution, 0);
  else {
    const task = await data.getTask(projectId, origin.taskId);
    await ofTask(task.id, task.state, 0);
  }
  return out;
}

/** The query of the sub-executions endpoints. */
export const SUB_EXECUTIONS_QUERY = {
  type: "object",
  properties: {
    errors_only: { type: "string" },
    max_depth: { type: "string" },
    include_output: { type: "string" },
  },
  additionalProperties: false,
};

export function subExecutionOptions(query: Record<string, string | undefined>) {
  return {
    errorsOnly:
      query["errors_only"] !== undefined ? parseQueryBool("errors_only", query["errors_only"]) : false,
    maxDepth:
      query["max_depth"] !== undefined && query["max_depth"] !== ""
        ? parsePythonInt("max_depth", query["max_depth"])
        : -1,
    includeOutput:
      query["include_output"] !== undefined
        ? parseQueryBool("include_output", query["include_output"])
        : false,
  };
}

export { subExecutions };

/** Lists executions for a list endpoint (also `/v2/tasks/{id}/workflow_executions`). */
export async function listExecutions(
  context: ApiContext,
  request: FastifyRequest,
  spec: ListSpec,
  query: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const params = parseListParams(spec, query);
  const allProjects = params.extras["all_projects"];
  const scope = listScope(request, allProjects !== undefined && parseQueryBool("all_projects", allProjects));
  const includeOutput =
    params.extras["include_output"] !== undefined &&
    parseQueryBool("include_output", params.extras["include_output"]);
  const marker = params.marker
    ? (await context.data.getExecution(request.projectId, params.marker)).id
    : undefined;
  const rows = await context.data.listExecutions(scope, params, marker);
  const body: Record<string, unknown> = {
    executions: rows.map((row) =>
      projectFields(
        executionView(row, includeOutput ? "list-with-output" : "list"),
        params.fields,
        EXECUTION_COLUMNS,
      ),
    ),
  };
  const next = nextLink(applicationUrl(request), spec.resource, params, rows.length, rows.at(-1)?.id);
  if (next !== undefined) body["next"] = next;
  return body;
}

/** The executions API. */
export async function executionRoutes(app: FastifyInstance, { context }: RoutePluginOptions): Promise<void> {
  const { data, commands, config } = context;
  acceptJsonBodies(app);
  const bodyConfig = { bodyArgument: "wf_ex" };

  /** Waits (a little) for the engine to bring the execution into `state`. */
  const waitForState = async (
    projectId: string,
    id: string,
    state: ExecutionState,
  ): Promise<WorkflowExecutionRow> => {
    const deadline = Date.now() + config.controlWaitMs;
    let row = await data.getExecution(projectId, id);
    while (row.state !== state && Date.now() < deadline) {
      await pause(config.pollIntervalMs);
      row = await data.getExecution(projectId, id);
    }
    return row;
  };

  app.post(
    "/executions",
    {
      config: bodyConfig,
      schema: doc({
        summary: "Start a workflow execution",
        tags: ["executions"],
        body: EXECUTION_BODY,
        response: { 201: EXECUTION_SCHEMA, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const projectId = request.projectId;
      const body = { ...((request.body ?? {}) as ExecutionBody) };
      if (body.id) {
        // Mistral: a client may choose the id; when that execution exists, it is the answer.
        const existing = await data.findExecution(projectId, body.id);
        if (existing !== null) return reply.status(201).send(executionView(existing, "created"));
      }
      let input = readJsonObjectField("input", body.input);
      let params = readJsonObjectField("params", body.params);
      let description = body.description ?? "";
      if (body.source_execution_id) {
        const source = await data.getExecution(projectId, body.source_execution_id);
        body.workflow_id = body.workflow_id ?? source.workflowId;
        body.workflow_name = body.workflow_name ?? source.workflowName;
        body.workflow_namespace = body.workflow_namespace ?? source.workflowNamespace;
        input = input ?? (isPlainObject(source.input) ? source.input : {});
        params = params ?? (isPlainObject(source.params) ? { ...source.params } : {});
        description = `${description} Based on the execution '${body.source_execution_id}'`.trim();
      }
      const identifier = body.workflow_id || body.workflow_name;
      if (!identifier) {
        throw new ApiError(
          "WF_API_ERR_BAD_REQUEST",
          "Workflow ID or workflow name must be provided. Workflow ID is recommended.",
        );
      }
      const workflow = await data.resolveWorkflow(projectId, identifier, body.workflow_namespace ?? "");

      // The input must fit the workflow's parameters (Mistral refuses it before creating anything).
      const prepared = prepareWorkflowInput(workflow, input ?? {});

      // params.env: an environment's name is replaced by its variables; `namespace` is always there.
      const finalParams: Record<string, unknown> = { ...(params ?? {}) };
      const env = finalParams["env"];
      if (typeof env === "string") {
        const environment = await data.findEnvironment(projectId, env);
        if (environment === null) throw badRequest(`Environment is not found: ${env}`);
        finalParams["env"] = isPlainObject(environment.variables) ? environment.variables : {};
      } else if (env !== undefined && env !== null && !isPlainObject(env)) {
        throw badRequest(`Unexpected value type for environment [environment=${String(env)}]`);
      }
      finalParams["namespace"] = workflow.namespace;
      if (finalParams["env"] === undefined || finalParams["env"] === null) finalParams["env"] = {};
      if (specType(workflow.spec) === "reverse" && typeof finalParams["task_name"] !== "string") {
        throw badRequest(
          `Workflow ${workflow.name} is a reverse workflow: params.task_name must name its target task.`,
        );
      }

      const row = await data.createExecution(
        newExecutionRow(workflow, {
          ...(body.id ? { id: body.id } : {}),
          description,
          input: prepared,
          params: finalParams,
          projectId,
        }),
      );
      let started = row;
      try {
        // A start the engine took in this request changed the row: answer with what it is now.
        if ((await commands.startExecution(row.id)) === "started")
          started = (await data.findExecution(projectId, row.id)) ?? row;
      } catch (error) {
        // The row is committed: the engine's reconciler starts IDLE executions that have no job.
        request.log.warn({ err: error, executionId: row.id }, "start-execution could not be enqueued");
      }
      request.log.info({ executionId: row.id, workflow: workflow.name }, "execution created");
      return reply.status(201).send(executionView(started, "created"));
    },
  );

  app.get(
    "/executions/:id",
    {
      schema: doc({
        summary: "A workflow execution",
        tags: ["executions"],
        params: ID_PARAMS,
        querystring: { type: "object", additionalProperties: false },
        response: { 200: EXECUTION_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return executionView(await data.getExecution(request.projectId, id), "get");
    },
  );

  app.get(
    "/executions",
    {
      schema: doc({
        summary: "List workflow executions",
        tags: ["executions"],
        querystring: listQuerySchema(EXECUTION_LIST),
        response: { 200: listSchema("executions", EXECUTION_SCHEMA), ...errorResponses() },
      }),
    },
    (request) => {
      const query = { ...(request.query as Record<string, unknown>) };
      if (query["task"] !== undefined) {
        query["task_execution_id"] ??= query["task"];
        delete query["task"];
      }
      return listExecutions(context, request, EXECUTION_LIST, query);
    },
  );

  app.put(
    "/executions/:id",
    {
      config: bodyConfig,
      schema: doc({
        summary: "Change an execution's state (PAUSED, RUNNING, CANCELLED), description or env",
        tags: ["executions"],
        params: ID_PARAMS,
        body: EXECUTION_BODY,
        response: { 200: EXECUTION_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const projectId = request.projectId;
      const body = (request.body ?? {}) as ExecutionBody;
      const current = await data.getExecution(projectId, id);
      const params = readJsonObjectField("params", body.params);
      const state = body.state || undefined;
      const description = body.description || undefined;
      const envValue = params?.["env"];
      const env = isPlainObject(envValue) && Object.keys(envValue).length > 0 ? envValue : undefined;
      if (state === undefined && description === undefined && env === undefined) {
        throw badRequest("The property state, description, or env is not provided for update.");
      }
      if (description !== undefined && state !== undefined) {
        throw badRequest("The property description must be updated separately from state.");
      }
      if (env !== undefined && state !== undefined && state !== "RUNNING") {
        throw badRequest(
          "The property env can only be updated when workflow execution is not running or on resume from pause.",
        );
      }
      let row = current;
      if (description !== undefined) row = await data.updateExecution(projectId, id, { description });
      if (env !== undefined) {
        const allowed: ExecutionState[] = state === "RUNNING" ? ["PAUSED"] : ["IDLE", "PAUSED", "ERROR"];
        const currentParams = isPlainObject(row.params) ? row.params : {};
        const currentEnv = isPlainObject(currentParams["env"]) ? currentParams["env"] : {};
        const updated = await data.updateExecutionIf(projectId, id, allowed, {
          params: { ...currentParams, env: { ...currentEnv, ...env } },
        });
        if (updated === null) {
          throw new ApiError(
            "WF_API_ERR_NOT_ALLOWED",
            "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state.",
          );
        }
        row = updated;
      }
      if (state === undefined) return executionView(row, "updated");

      const command = COMMAND_OF[state];
      if (command === undefined) {
        if (state === "SUCCESS" || state === "ERROR") {
          throw new ApiError(
            "WF_API_ERR_NOT_SUPPORTED",
            `Setting an execution's state to ${state} is not supported yet; CANCELLED stops it.`,
          );
        }
        throw badRequest(
          `Cannot change state to ${state}. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED`,
        );
      }
      const target = state as ExecutionState;
      if (!TRANSITIONS[row.state].includes(target)) {
        throw new ApiError(
          "WF_API_ERR_INVALID_STATE",
          `Can't change workflow execution state from ${row.state} to ${target}. [workflow=${row.workflowName}, execution_id=${id}]`,
        );
      }
      await commands.controlExecution(id, command);
      return executionView(await waitForState(projectId, id, target), "created");
    },
  );

  app.delete(
    "/executions/:id",
    {
      schema: doc({
        summary: "Delete an execution with its tasks and action executions (a running one needs force)",
        tags: ["executions"],
        params: ID_PARAMS,
        querystring: {
          type: "object",
          properties: { force: { type: "string" } },
          additionalProperties: false,
        },
        response: { 204: { type: "null" }, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { force } = request.query as { force?: string };
      const row = await data.getExecution(request.projectId, id);
      if (!(force !== undefined && parseQueryBool("force", force)) && !FINISHED.includes(row.state)) {
        throw new ApiError(
          "WF_API_ERR_NOT_ALLOWED",
          `Only completed executions can be deleted. Use --force to override this. Execution ${id} is in ${row.state} state`,
        );
      }
      await data.deleteExecution(request.projectId, id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/executions/:id/tasks",
    {
      schema: doc({
        summary: "The task executions of an execution",
        tags: ["executions", "tasks"],
        params: ID_PARAMS,
        querystring: listQuerySchema({
          ...EXECUTION_TASK_LIST,
          filters: EXECUTION_TASK_LIST.filters.filter((filter) => filter.name !== "workflow_execution_id"),
        }),
        response: { 200: listSchema("tasks", { type: "object" }), ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const params = parseListParams(EXECUTION_TASK_LIST, {
        ...(request.query as Record<string, unknown>),
        workflow_execution_id: id,
      });
      const marker = params.marker ? (await data.getTask(request.projectId, params.marker)).id : undefined;
      const rows = await data.listTasks(request.projectId, params, marker);
      const body: Record<string, unknown> = {
        tasks: rows.map((row) => projectFields(taskView(row), params.fields, TASK_COLUMNS)),
      };
      const next = nextLink(applicationUrl(request), "tasks", params, rows.length, rows.at(-1)?.id);
      if (next !== undefined) body["next"] = next;
      return body;
    },
  );

  app.get(
    "/executions/:id/executions",
    {
      schema: doc({
        summary: "An execution and its sub-executions, depth first",
        tags: ["executions"],
        params: ID_PARAMS,
        querystring: SUB_EXECUTIONS_QUERY,
        response: { 200: listSchema("executions", EXECUTION_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const execution = await data.getExecution(request.projectId, id);
      const options = subExecutionOptions(request.query as Record<string, string | undefined>);
      return { executions: await subExecutions(data, request.projectId, { execution }, options) };
    },
  );
}

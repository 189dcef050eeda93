// /v2/action_executions: running an action on its own (POST), how asynchronous actions report their
// result (PUT), and reading and deleting action executions. The API writes the row RUNNING and asks
// an executor to run it; for a synchronous answer it waits for the executor's result in the row.
import type { ActionDefinitionRow, ActionExecutionRow, ExecutionState } from "@ops/workflow-store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WorkflowData } from "../data/workflow-data.js";
import { invalidInputMessage, parseInputText } from "../definitions/input-text.js";
import { ApiError, badRequest } from "../errors/api-error.js";
import { acceptJsonBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams, parseQueryBool } from "../list/list-params.js";
import {
  ACTION_EXECUTION_COLUMNS,
  ACTION_EXECUTION_LIST,
  actionExecutionView,
} from "../resources/action-execution-resource.js";
import { projectFields } from "../resources/resource-view.js";
import { readJsonObjectField } from "../wire/json-field.js";
import { applicationUrl, pause, type ApiContext, type RoutePluginOptions } from "./api-context.js";
import {
  doc,
  errorResponses,
  ID_PARAMS,
  listQuerySchema,
  listSchema,
  resourceSchema,
} from "./route-schemas.js";

const ACTION_EXECUTION_SCHEMA = resourceSchema(
  'An action execution; `input` and `output` are JSON-encoded (output as `{"result": ...}`).',
  {
    id: "string",
    workflow_name: "string",
    workflow_namespace: "string",
    task_name: "string",
    task_execution_id: "string",
    state: "string",
    state_info: "string",
    tags: "array",
    name: "string",
    description: "string",
    project_id: "string",
    accepted: "boolean",
    input: "string",
    output: "string",
    created_at: "string",
    updated_at: "string",
  },
);

const nullableString = { type: ["string", "null"] };
const jsonField = { type: ["string", "object", "null"], description: "A JSON object, or its JSON encoding." };

/** The body of POST and PUT: Mistral's ActionExecution resource. */
const ACTION_EXECUTION_BODY = {
  type: "object",
  properties: {
    id: nullableString,
    workflow_name: nullableString,
    workflow_namespace: nullableString,
    task_name: nullableString,
    task_execution_id: nullableString,
    state: nullableString,
    state_info: nullableString,
    tags: { type: ["array", "null"], items: { type: "string" } },
    name: nullableString,
    description: nullableString,
    project_id: nullableString,
    accepted: { type: ["boolean", "null"] },
    input: jsonField,
    output: jsonField,
    created_at: nullableString,
    updated_at: nullableString,
    params: jsonField,
  },
  additionalProperties: false,
};

interface ActionExecutionBody {
  name?: string | null;
  description?: string | null;
  input?: unknown;
  output?: unknown;
  params?: unknown;
  state?: string | null;
  workflow_namespace?: string | null;
}

/** States a client may report for an action execution (Mistral's SUPPORTED_TRANSITION_STATES). */
const REPORTED_STATES = ["SUCCESS", "ERROR", "CANCELLED", "PAUSED", "RUNNING"] as const;
const FINISHED: readonly ExecutionState[] = ["SUCCESS", "ERROR", "CANCELLED"];
const UNFINISHED: readonly ExecutionState[] = ["RUNNING", "PAUSED"];

/**
 * System actions whose result comes later through PUT /v2/action_executions/{id} (their executor
 * returns without one): Mistral's AsyncNoOpAction and MistralHTTPAction.
 */
const ASYNC_SYSTEM_ACTIONS = new Set(["std.async_noop", "std.mistral_http"]);

/** Whether an action is asynchronous: an async system action, or an ad-hoc action based on one. */
async function isAsyncAction(
  data: WorkflowData,
  projectId: string,
  action: ActionDefinitionRow,
): Promise<boolean> {
  let current: ActionDefinitionRow | null = action;
  for (let depth = 0; current !== null && depth < 10; depth++) {
    if (current.isSystem) return ASYNC_SYSTEM_ACTIONS.has(current.name);
    const base = (current.spec as { base?: unknown } | null)?.base;
    if (typeof base !== "string") return false;
    current = await data.resolveAction(projectId, base, current.namespace);
  }
  return false;
}

/** The class Mistral names in "Invalid input" messages. */
function actionClassOf(action: ActionDefinitionRow): string {
  if (!action.isSystem) return "mistral.actions.adhoc.AdHocAction";
  return action.actionClass ?? action.name;
}

function truthy(value: unknown): boolean {
  if (typeof value === "string") return parseQueryBool("params", value);
  return Boolean(value);
}

/** Lists action executions for a list endpoint (also `/v2/tasks/{id}/action_executions`). */
export async function listActionExecutions(
  context: ApiContext,
  request: FastifyRequest,
  query: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { data } = context;
  const params = parseListParams(ACTION_EXECUTION_LIST, query);
  const includeOutput =
    params.extras["include_output"] !== undefined &&
    parseQueryBool("include_output", params.extras["include_output"]);
  const marker = params.marker
    ? (await data.getActionExecution(request.projectId, params.marker)).id
    : undefined;
  const rows = await data.listActionExecutions(request.projectId, params, marker);
  const names = await data.taskNames(
    request.projectId,
    rows.flatMap((row) => (row.taskExecutionId ? [row.taskExecutionId] : [])),
  );
  const body: Record<string, unknown> = {
    action_executions: rows.map((row) =>
      projectFields(
        actionExecutionView(
          row,
          includeOutput ? "list-with-output" : "list",
          row.taskExecutionId ? (names.get(row.taskExecutionId) ?? null) : null,
        ),
        params.fields,
        ACTION_EXECUTION_COLUMNS,
      ),
    ),
  };
  const next = nextLink(applicationUrl(request), "action_executions", params, rows.length, rows.at(-1)?.id);
  if (next !== undefined) body["next"] = next;
  return body;
}

/** The action executions API. */
export async function actionExecutionRoutes(
  app: FastifyInstance,
  { context }: RoutePluginOptions,
): Promise<void> {
  const { data, commands, config } = context;
  acceptJsonBodies(app);
  const bodyConfig = { bodyArgument: "action_ex" };

  const taskNameOf = async (projectId: string, row: ActionExecutionRow): Promise<string | null> =>
    row.taskExecutionId ? ((await data.findTask(projectId, row.taskExecutionId))?.name ?? null) : null;

  app.get(
    "/action_executions/:id",
    {
      schema: doc({
        summary: "An action execution",
        tags: ["action_executions"],
        params: ID_PARAMS,
        querystring: { type: "object", additionalProperties: false },
        response: { 200: ACTION_EXECUTION_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const row = await data.getActionExecution(request.projectId, id);
      return actionExecutionView(row, "get", await taskNameOf(request.projectId, row));
    },
  );

  app.get(
    "/action_executions",
    {
      schema: doc({
        summary: "List action executions",
        tags: ["action_executions"],
        querystring: listQuerySchema(ACTION_EXECUTION_LIST),
        response: { 200: listSchema("action_executions", ACTION_EXECUTION_SCHEMA), ...errorResponses() },
      }),
    },
    (request) => listActionExecutions(context, request, request.query as Record<string, unknown>),
  );

  app.post(
    "/action_executions",
    {
      config: bodyConfig,
      schema: doc({
        summary: "Run an action: params.run_sync waits for the result, params.save_result keeps it",
        tags: ["action_executions"],
        body: ACTION_EXECUTION_BODY,
        response: { 201: ACTION_EXECUTION_SCHEMA, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const projectId = request.projectId;
      const body = (request.body ?? {}) as ActionExecutionBody;
      const input = readJsonObjectField("input", body.input) ?? {};
      const params = readJsonObjectField("params", body.params) ?? {};
      if (!body.name) throw badRequest("Please provide at least action name to run action.");
      const namespace = body.workflow_namespace ?? "";
      const action = await data.resolveAction(projectId, body.name, namespace);
      if (action === null) throw badRequest(`Failed to find action [action_name=${body.name}]`);

      // The input must fit the action's parameters (mistral_lib's check_parameters).
      const declared = parseInputText(action.input);
      if (!declared.some((parameter) => parameter.variadic)) {
        const names = new Set(declared.map((parameter) => parameter.name));
        const missing = declared
          .filter((p) => p.required && !Object.hasOwn(input, p.name))
          .map((p) => p.name);
        const unexpected = Object.keys(input).filter((name) => !names.has(name));
        if (missing.length > 0 || unexpected.length > 0) {
          throw badRequest(invalidInputMessage(action.name, actionClassOf(action), missing, unexpected));
        }
      }

      const sync = truthy(params["run_sync"]);
      const save = truthy(params["save_result"]);
      const target =
        typeof params["target"] === "string" && params["target"] !== "" ? params["target"] : null;
      const asynchronous = await isAsyncAction(data, projectId, action);
      if (sync && asynchronous) throw badRequest("Action does not support synchronous execution.");
      // Mistral's start_action: scheduled (answered RUNNING) unless run_sync, or a synchronous action
      // whose result is not kept, which it runs and answers with the result.
      const wait = sync || (!save && !asynchronous);

      let row = await data.createActionExecution(projectId, {
        name: action.name,
        description: body.description ?? (wait ? null : ""),
        workflowNamespace: namespace,
        spec: action.isSystem ? null : action.spec,
        state: "RUNNING",
        input,
        isSync: !asynchronous,
        runtimeContext: {
          ...(target !== null ? { target } : {}),
          ...(params["timeout"] !== undefined ? { timeout: params["timeout"] } : {}),
          save_result: save,
          run_sync: sync,
        },
      });
      try {
        await commands.runAction(row.id, target);
      } catch (error) {
        // The row is committed RUNNING: the reconciler sends it to an executor again.
        request.log.warn({ err: error, actionExecutionId: row.id }, "run-action could not be enqueued");
      }
      if (!wait) return reply.status(201).send(actionExecutionView(row, "written"));

      const deadline = Date.now() + config.runSyncTimeoutMs;
      while (row.state === "RUNNING" && Date.now() < deadline) {
        await pause(config.pollIntervalMs);
        row = (await data.findActionExecution(projectId, row.id)) ?? row;
      }
      if (row.state === "RUNNING" || save) return reply.status(201).send(actionExecutionView(row, "written"));
      // The result was not to be kept: answer it as Mistral does (no id), and drop the row.
      await data.deleteActionExecution(projectId, row.id).catch(() => undefined);
      return reply.status(201).send({
        ...actionExecutionView(row, "written"),
        id: null,
        workflow_name: null,
        description: null,
        project_id: null,
        accepted: null,
        created_at: null,
        updated_at: null,
      });
    },
  );

  app.put(
    "/action_executions/:id",
    {
      config: bodyConfig,
      schema: doc({
        summary: "Report an action execution's result (SUCCESS, ERROR, CANCELLED) or pause/resume it",
        tags: ["action_executions"],
        params: ID_PARAMS,
        body: ACTION_EXECUTION_BODY,
        response: { 200: ACTION_EXECUTION_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const projectId = request.projectId;
      const body = (request.body ?? {}) as ActionExecutionBody;
      const output = readJsonObjectField("output", body.output);
      const state = body.state ?? null;
      if (state === null || !(REPORTED_STATES as readonly string[]).includes(state)) {
        throw badRequest(
          `Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: ${state ?? "None"}`,
        );
      }
      await data.getActionExecution(projectId, id);
      const finished = FINISHED.includes(state as ExecutionState);
      let patch: Parameters<WorkflowData["updateActionExecutionIf"]>[3];
      if (state === "SUCCESS") patch = { state, output: { result: output ?? {} } };
      else if (state === "ERROR") {
        const error = output !== undefined && Object.keys(output).length > 0 ? output : "Unknown error";
        patch = { state, output: { result: error } };
      } else if (state === "CANCELLED") patch = { state, output: { result: null } };
      else patch = { state: state as ExecutionState };
      // Only while it runs: a result reported twice (or after a timeout) changes nothing.
      const row = await data.updateActionExecutionIf(projectId, id, UNFINISHED, patch);
      if (row === null) {
        throw new ApiError("WF_API_ERR_INVALID_STATE", `Action ${id} is already completed`, {
          context: { id },
        });
      }
      if (finished) {
        try {
          await commands.completeAction(id);
        } catch (error) {
          // The result is committed and not accepted: the reconciler sends action-complete again.
          request.log.warn({ err: error, actionExecutionId: id }, "action-complete could not be enqueued");
        }
      }
      return actionExecutionView(row, "written");
    },
  );

  app.delete(
    "/action_executions/:id",
    {
      schema: doc({
        summary: "Delete a finished ad-hoc action execution",
        tags: ["action_executions"],
        params: ID_PARAMS,
        response: { 204: { type: "null" }, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!config.allowActionExecutionDeletion) {
        throw new ApiError("WF_API_ERR_NOT_ALLOWED", "Action execution deletion is not allowed.");
      }
      const row = await data.getActionExecution(request.projectId, id);
      if (row.taskExecutionId)
        throw new ApiError("WF_API_ERR_NOT_ALLOWED", "Only ad-hoc action execution can be deleted.");
      if (!FINISHED.includes(row.state)) {
        throw new ApiError("WF_API_ERR_NOT_ALLOWED", "Only completed action execution can be deleted.");
      }
      await data.deleteActionExecution(request.projectId, id);
      return reply.status(204).send();
    },
  );
}

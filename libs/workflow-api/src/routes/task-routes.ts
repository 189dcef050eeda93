// /v2/tasks: task executions, and the rerun of a failed one (PUT).
import type { FastifyInstance } from "fastify";
import { ApiError, badRequest } from "../errors/api-error.js";
import { acceptJsonBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams } from "../list/list-params.js";
import { TASK_WORKFLOW_EXECUTION_LIST } from "../resources/execution-resource.js";
import { projectFields } from "../resources/resource-view.js";
import {
  isWithItemsTask,
  TASK_COLUMNS,
  TASK_LIST,
  taskResult,
  taskView,
} from "../resources/task-resource.js";
import { readJsonObjectField } from "../wire/json-field.js";
import { applicationUrl, type RoutePluginOptions } from "./api-context.js";
import { listActionExecutions } from "./action-execution-routes.js";
import { ACTION_EXECUTION_LIST } from "../resources/action-execution-resource.js";
import {
  EXECUTION_SCHEMA,
  listExecutions,
  SUB_EXECUTIONS_QUERY,
  subExecutionOptions,
  subExecutions,
} from "./execution-routes.js";
import {
  doc,
  errorResponses,
  ID_PARAMS,
  listQuerySchema,
  listSchema,
  resourceSchema,
} from "./route-schemas.js";

const TASK_SCHEMA = resourceSchema(
  "A task execution; `runtime_context`, `published` and `result` are JSON-encoded.",
  {
    id: "string",
    name: "string",
    type: "string",
    workflow_name: "string",
    workflow_namespace: "string",
    workflow_id: "string",
    workflow_execution_id: "string",
    tags: "array",
    state: "string",
    state_info: "string",
    project_id: "string",
    runtime_context: "string",
    result: "string",
    published: "string",
    processed: "boolean",
    created_at: "string",
    updated_at: "string",
    started_at: "string",
    finished_at: "string",
  },
);

const nullable = (type: string) => ({ type: [type, "null"] });

/** The body of PUT /v2/tasks/{id}: Mistral's Task resource. */
const TASK_BODY = {
  type: "object",
  properties: Object.fromEntries(
    [
      ["id", "string"],
      ["name", "string"],
      ["type", "string"],
      ["workflow_name", "string"],
      ["workflow_namespace", "string"],
      ["workflow_id", "string"],
      ["workflow_execution_id", "string"],
      ["tags", "array"],
      ["state", "string"],
      ["state_info", "string"],
      ["project_id", "string"],
      ["runtime_context", ["string", "object"]],
      ["result", "string"],
      ["published", ["string", "object"]],
      ["published_global", ["string", "object"]],
      ["processed", "boolean"],
      ["created_at", "string"],
      ["updated_at", "string"],
      ["started_at", "string"],
      ["finished_at", "string"],
      ["reset", "boolean"],
      ["env", ["string", "object"]],
    ].map(([name, type]) => [
      name,
      Array.isArray(type) ? { type: [...type, "null"] } : nullable(type as string),
    ]),
  ),
  additionalProperties: false,
};

/** What PUT /v2/tasks/{id} reads of its body. */
interface TaskBody {
  readonly name?: string | null;
  readonly workflow_name?: string | null;
  readonly state?: string | null;
  readonly reset?: boolean | null;
  readonly env?: string | Record<string, unknown> | null;
}

/** The tasks API. */
export async function taskRoutes(app: FastifyInstance, { context }: RoutePluginOptions): Promise<void> {
  const { data } = context;
  acceptJsonBodies(app);

  app.get(
    "/tasks/:id",
    {
      schema: doc({
        summary: "A task execution, with its result",
        tags: ["tasks"],
        params: ID_PARAMS,
        querystring: { type: "object", additionalProperties: false },
        response: { 200: TASK_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const task = await data.getTask(request.projectId, id);
      const [actions, subworkflows] = await Promise.all([
        data.actionExecutionsOfTask(request.projectId, id),
        data.executionsOfTask(request.projectId, id),
      ]);
      return taskView(task, { value: taskResult(task, actions, subworkflows) });
    },
  );

  app.get(
    "/tasks",
    {
      schema: doc({
        summary: "List task executions",
        tags: ["tasks"],
        querystring: listQuerySchema(TASK_LIST),
        response: { 200: listSchema("tasks", TASK_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const params = parseListParams(TASK_LIST, request.query as Record<string, unknown>);
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

  app.put(
    "/tasks/:id",
    {
      config: { bodyArgument: "task" },
      schema: doc({
        summary:
          "Rerun a failed task (state RUNNING; `reset` false reruns only a with-items task's failed items)",
        tags: ["tasks"],
        params: ID_PARAMS,
        body: TASK_BODY,
        response: { 200: TASK_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const projectId = request.projectId;
      const body = (request.body ?? {}) as TaskBody;
      const task = await data.getTask(projectId, id);
      // Mistral's checks, in its order (TasksController.put).
      if (body.reset === undefined || body.reset === null) {
        throw new ApiError(
          "WF_API_ERR_BAD_FIELD",
          "Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing.",
          { context: { field: "reset" } },
        );
      }
      const env = readJsonObjectField("env", body.env ?? undefined);
      if (body.name && body.name !== task.name) throw badRequest("Task name does not match.");
      const execution = await data.getExecution(projectId, task.workflowExecutionId);
      if (body.workflow_name && body.workflow_name !== execution.name) {
        throw badRequest("Workflow name does not match.");
      }
      if (body.state !== "RUNNING") {
        throw badRequest("Invalid task state. Only updating task to rerun is supported.");
      }
      if (task.state !== "ERROR") {
        throw badRequest(
          "The current task execution must be in ERROR for rerun. Only updating task to rerun is supported.",
        );
      }
      if (!isWithItemsTask(task) && !body.reset) {
        throw badRequest("Only with-items task has the option to not reset.");
      }
      const newEnv = env !== undefined && Object.keys(env).length > 0 ? env : undefined;
      if (newEnv !== undefined && !["IDLE", "PAUSED", "ERROR"].includes(execution.state)) {
        throw new ApiError(
          "WF_API_ERR_NOT_ALLOWED",
          "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state.",
        );
      }
      await context.commands.rerunTask(id, {
        reset: body.reset,
        ...(newEnv === undefined ? {} : { env: newEnv }),
      });
      const rerun = await data.getTask(projectId, id);
      const [actions, subworkflows] = await Promise.all([
        data.actionExecutionsOfTask(projectId, id),
        data.executionsOfTask(projectId, id),
      ]);
      return taskView(rerun, { value: taskResult(rerun, actions, subworkflows) });
    },
  );

  app.get(
    "/tasks/:id/action_executions",
    {
      schema: doc({
        summary: "The action executions of a task",
        tags: ["tasks", "action_executions"],
        params: ID_PARAMS,
        querystring: listQuerySchema({
          ...ACTION_EXECUTION_LIST,
          filters: ACTION_EXECUTION_LIST.filters.filter((filter) => filter.name !== "task_execution_id"),
        }),
        response: { 200: listSchema("action_executions", { type: "object" }), ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return listActionExecutions(context, request, {
        ...(request.query as Record<string, unknown>),
        task_execution_id: id,
      });
    },
  );

  app.get(
    "/tasks/:id/workflow_executions",
    {
      schema: doc({
        summary: "The workflow executions a task started (its subworkflows)",
        tags: ["tasks", "executions"],
        params: ID_PARAMS,
        querystring: listQuerySchema({
          ...TASK_WORKFLOW_EXECUTION_LIST,
          filters: TASK_WORKFLOW_EXECUTION_LIST.filters.filter(
            (filter) => filter.name !== "task_execution_id",
          ),
        }),
        response: { 200: listSchema("executions", EXECUTION_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return listExecutions(context, request, TASK_WORKFLOW_EXECUTION_LIST, {
        ...(request.query as Record<string, unknown>),
        task_execution_id: id,
      });
    },
  );

  app.get(
    "/tasks/:id/executions",
    {
      schema: doc({
        summary: "The sub-executions of a task, depth first",
        tags: ["tasks", "executions"],
        params: ID_PARAMS,
        querystring: SUB_EXECUTIONS_QUERY,
        response: { 200: listSchema("executions", EXECUTION_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const options = subExecutionOptions(request.query as Record<string, string | undefined>);
      return { executions: await subExecutions(data, request.projectId, { taskId: id }, options) };
    },
  );
}

// The Task resource: a task execution with `runtime_context`, `published` (and, for one task,
// `result`) JSON-encoded.
import { pyJsonDumps } from "@ops/dsl";
import type { ActionExecutionRow, TaskExecutionRow, WorkflowExecutionRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import { jsonText, type ResourceView } from "./resource-view.js";

export const TASK_FIELDS = [
  "id",
  "name",
  "type",
  "workflow_name",
  "workflow_namespace",
  "workflow_id",
  "workflow_execution_id",
  "tags",
  "state",
  "state_info",
  "project_id",
  "runtime_context",
  "result",
  "published",
  "published_global",
  "processed",
  "created_at",
  "updated_at",
  "started_at",
  "finished_at",
  "reset",
  "env",
] as const;

/** The task fields that are columns (what `?fields=` can select). */
export const TASK_COLUMNS: readonly string[] = TASK_FIELDS.filter(
  (field) => !["result", "published_global", "reset", "env"].includes(field),
);

const TASK_FILTERS = [
  { name: "created_at", kind: "text" },
  { name: "workflow_name", kind: "text" },
  { name: "workflow_id", kind: "uuid" },
  { name: "tags", kind: "text" },
  { name: "state", kind: "text" },
  { name: "state_info", kind: "text" },
  { name: "updated_at", kind: "text" },
  { name: "name", kind: "text" },
  { name: "workflow_execution_id", kind: "uuid" },
  { name: "result", kind: "text" },
  { name: "published", kind: "json" },
  { name: "processed", kind: "bool" },
  { name: "reset", kind: "bool" },
  { name: "env", kind: "json" },
] as const;

export const TASK_LIST: ListSpec = {
  resource: "tasks",
  fields: TASK_FIELDS,
  markerKind: "uuid",
  filters: TASK_FILTERS,
};

/** `GET /v2/executions/{id}/tasks`: the execution's id comes first among the filters. */
export const EXECUTION_TASK_LIST: ListSpec = {
  resource: "tasks",
  fields: TASK_FIELDS,
  markerKind: "uuid",
  filters: [
    { name: "workflow_execution_id", kind: "uuid" },
    ...TASK_FILTERS.filter((filter) => filter.name !== "workflow_execution_id"),
  ],
};

/**
 * A task's result as Mistral computes it (data_flow.get_task_execution_result): the `result` of each
 * accepted action execution (the output of each subworkflow execution), a list for with-items tasks
 * and when there is not exactly one.
 */
export function taskResult(
  task: TaskExecutionRow,
  actions: readonly ActionExecutionRow[],
  subworkflows: readonly WorkflowExecutionRow[],
): unknown {
  const indexOf = (context: unknown) =>
    context !== null && typeof context === "object" ? Number((context as { index?: unknown }).index ?? 0) : 0;
  const results: unknown[] = [];
  const sortedActions = [...actions]
    .filter((action) => action.accepted)
    .sort((a, b) => indexOf(a.runtimeContext) - indexOf(b.runtimeContext));
  for (const action of sortedActions) {
    const output = action.output;
    results.push(
      output !== null && typeof output === "object" && "result" in output
        ? (output as { result: unknown }).result
        : null,
    );
  }
  for (const sub of subworkflows.filter((execution) => execution.accepted)) results.push(sub.output ?? {});
  if (isWithItemsTask(task)) return results;
  return results.length === 1 ? results[0] : results;
}

/**
 * Whether a task execution is of a with-items task: its spec is Mistral's document (`with-items`)
 * or, for older rows, the typed spec (`withItems`).
 */
export function isWithItemsTask(task: TaskExecutionRow): boolean {
  if (task.spec === null || typeof task.spec !== "object") return false;
  const spec = task.spec as Record<string, unknown>;
  const withItems = spec["with-items"] ?? spec["withItems"];
  return Array.isArray(withItems) ? withItems.length > 0 : Boolean(withItems);
}

/** A task; with `result` (JSON-encoded) when one is given, as `GET /v2/tasks/{id}` answers. */
export function taskView(row: TaskExecutionRow, result?: { value: unknown }): ResourceView {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    workflow_name: row.workflowName,
    workflow_namespace: row.workflowNamespace,
    workflow_id: row.workflowId,
    workflow_execution_id: row.workflowExecutionId,
    tags: row.tags ?? [],
    state: row.state,
    state_info: row.stateInfo,
    project_id: row.projectId,
    runtime_context: jsonText(row.runtimeContext ?? {}),
    ...(result === undefined ? {} : { result: pyJsonDumps(result.value) }),
    published: jsonText(row.published ?? {}),
    processed: row.processed,
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
    started_at: mistralTimestamp(row.startedAt),
    finished_at: mistralTimestamp(row.finishedAt),
  };
}

// The ActionExecution resource: `input` and `output` JSON-encoded; `task_name` from its task.
import type { ActionExecutionRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import { jsonText, type ResourceView } from "./resource-view.js";

export const ACTION_EXECUTION_FIELDS = [
  "id",
  "workflow_name",
  "workflow_namespace",
  "task_name",
  "task_execution_id",
  "state",
  "state_info",
  "tags",
  "name",
  "description",
  "project_id",
  "accepted",
  "input",
  "output",
  "created_at",
  "updated_at",
  "params",
] as const;

/** The fields that are columns (what `?fields=` can select). */
export const ACTION_EXECUTION_COLUMNS: readonly string[] = ACTION_EXECUTION_FIELDS.filter(
  (field) => field !== "task_name" && field !== "params",
);

const ACTION_EXECUTION_FILTERS = [
  { name: "created_at", kind: "text" },
  { name: "name", kind: "text" },
  { name: "tags", kind: "text" },
  { name: "updated_at", kind: "text" },
  { name: "workflow_name", kind: "text" },
  { name: "task_name", kind: "text" },
  { name: "task_execution_id", kind: "uuid" },
  { name: "state", kind: "text" },
  { name: "state_info", kind: "text" },
  { name: "accepted", kind: "bool" },
  { name: "input", kind: "json" },
  { name: "output", kind: "json" },
  { name: "params", kind: "json" },
  { name: "description", kind: "text" },
] as const;

export const ACTION_EXECUTION_LIST: ListSpec = {
  resource: "action_executions",
  fields: ACTION_EXECUTION_FIELDS,
  markerKind: "uuid",
  filters: ACTION_EXECUTION_FILTERS,
  extraParams: ["include_output"],
};

/**
 * Which form: `get` (with task_name and output), `list` (task_name, no output unless asked),
 * `written` (a POST or PUT answer: no task_name, with output).
 */
export type ActionExecutionVariant = "get" | "list" | "list-with-output" | "written";

export function actionExecutionView(
  row: ActionExecutionRow,
  variant: ActionExecutionVariant,
  taskName: string | null = null,
): ResourceView {
  const view: ResourceView = {
    id: row.id,
    workflow_name: row.workflowName,
    workflow_namespace: row.workflowNamespace,
    task_name: taskName,
    task_execution_id: row.taskExecutionId,
    state: row.state,
    state_info: row.stateInfo,
    tags: row.tags,
    name: row.name,
    description: row.description,
    project_id: row.projectId,
    accepted: row.accepted,
    input: jsonText(row.input ?? {}),
    output: jsonText(row.output),
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
  };
  if (variant === "list") delete view["output"];
  if (variant === "written") delete view["task_name"];
  return view;
}

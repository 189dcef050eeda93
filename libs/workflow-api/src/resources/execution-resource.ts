// The Execution resource: a workflow execution with `input`, `output` and `params` JSON-encoded.
import type { WorkflowExecutionRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import { jsonText, type ResourceView } from "./resource-view.js";

export const EXECUTION_FIELDS = [
  "id",
  "workflow_id",
  "workflow_name",
  "workflow_namespace",
  "description",
  "tags",
  "params",
  "task_execution_id",
  "root_execution_id",
  "source_execution_id",
  "state",
  "state_info",
  "input",
  "output",
  "created_at",
  "updated_at",
  "project_id",
  "published_global",
] as const;

/** The execution fields that are columns (what `?fields=` can select). */
export const EXECUTION_COLUMNS: readonly string[] = EXECUTION_FIELDS.filter(
  (field) => field !== "source_execution_id" && field !== "published_global",
);

const EXECUTION_FILTERS = [
  { name: "created_at", kind: "text" },
  { name: "workflow_name", kind: "text" },
  { name: "workflow_id", kind: "uuid" },
  { name: "tags", kind: "text" },
  { name: "params", kind: "json" },
  { name: "task_execution_id", kind: "uuid" },
  { name: "state", kind: "text" },
  { name: "state_info", kind: "text" },
  { name: "input", kind: "json" },
  { name: "output", kind: "json" },
  { name: "updated_at", kind: "text" },
  { name: "description", kind: "text" },
  { name: "project_id", kind: "uuid" },
  { name: "root_execution_id", kind: "uuid" },
] as const;

export const EXECUTION_LIST: ListSpec = {
  resource: "executions",
  fields: EXECUTION_FIELDS,
  markerKind: "uuid",
  filters: EXECUTION_FILTERS,
  // `task` is the CLI's name (`execution-list --task`) for task_execution_id: accepted as an alias.
  extraParams: ["include_output", "all_projects", "nulls", "task"],
};

/** `GET /v2/tasks/{id}/workflow_executions`: the task's id comes first among the filters. */
export const TASK_WORKFLOW_EXECUTION_LIST: ListSpec = {
  resource: "executions",
  fields: EXECUTION_FIELDS,
  markerKind: "uuid",
  filters: [
    { name: "task_execution_id", kind: "uuid" },
    ...EXECUTION_FILTERS.filter(
      (filter) => !["task_execution_id", "project_id", "root_execution_id"].includes(filter.name),
    ),
  ],
};

/**
 * Which form: `get` (with `published_global`), `list` (no output unless asked), `created` (what the
 * engine answers: everything but `published_global`), `updated` (a description or env change:
 * Mistral leaves the deferred `params`, `input` and `output` out).
 */
export type ExecutionVariant = "get" | "list" | "list-with-output" | "created" | "updated";

/** Mistral's published_global: the execution's context without internal keys and the workflow's vars. */
function publishedGlobal(row: WorkflowExecutionRow): Record<string, unknown> {
  const context =
    row.context !== null && typeof row.context === "object" ? (row.context as Record<string, unknown>) : {};
  const spec =
    row.spec !== null && typeof row.spec === "object" ? (row.spec as { vars?: Record<string, unknown> }) : {};
  const exclude = new Set(["__execution", "openstack", ...Object.keys(spec.vars ?? {})]);
  return Object.fromEntries(Object.entries(context).filter(([key]) => !exclude.has(key)));
}

export function executionView(row: WorkflowExecutionRow, variant: ExecutionVariant): ResourceView {
  const view: ResourceView = {
    id: row.id,
    workflow_id: row.workflowId,
    workflow_name: row.workflowName,
    workflow_namespace: row.workflowNamespace,
    description: row.description ?? "",
    tags: row.tags ?? [],
    params: jsonText(row.params ?? {}),
    task_execution_id: row.taskExecutionId,
    root_execution_id: row.rootExecutionId,
    state: row.state,
    state_info: row.stateInfo,
    input: jsonText(row.input ?? {}),
    output: jsonText(row.output ?? {}),
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
    project_id: row.projectId,
  };
  switch (variant) {
    case "get":
      view["published_global"] = jsonText(publishedGlobal(row));
      break;
    case "list":
      delete view["output"];
      break;
    case "updated":
      delete view["params"];
      delete view["input"];
      delete view["output"];
      break;
    default:
      break;
  }
  return view;
}

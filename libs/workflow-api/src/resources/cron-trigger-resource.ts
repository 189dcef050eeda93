// The CronTrigger resource: `workflow_input` and `workflow_params` JSON-encoded, times as Mistral
// prints them.
import type { CronTriggerRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import { jsonText, type ResourceView, type ViewVariant } from "./resource-view.js";

export const CRON_TRIGGER_FIELDS = [
  "id",
  "name",
  "workflow_name",
  "workflow_id",
  "workflow_input",
  "workflow_params",
  "project_id",
  "scope",
  "pattern",
  "remaining_executions",
  "first_execution_time",
  "next_execution_time",
  "created_at",
  "updated_at",
] as const;

export const CRON_TRIGGER_LIST: ListSpec = {
  resource: "cron_triggers",
  fields: CRON_TRIGGER_FIELDS,
  markerKind: "uuid",
  // The order of Mistral's create_filters_from_request_params call, which is the order of `next` links.
  filters: [
    { name: "created_at", kind: "text" },
    { name: "name", kind: "text" },
    { name: "updated_at", kind: "text" },
    { name: "workflow_name", kind: "text" },
    { name: "workflow_id", kind: "uuid" },
    { name: "workflow_input", kind: "json" },
    { name: "workflow_params", kind: "json" },
    { name: "scope", kind: "text" },
    { name: "pattern", kind: "text" },
    { name: "remaining_executions", kind: "int" },
    { name: "first_execution_time", kind: "text" },
    { name: "next_execution_time", kind: "text" },
    { name: "project_id", kind: "uuid" },
  ],
  extraParams: ["all_projects"],
};

export function cronTriggerView(row: CronTriggerRow, variant: ViewVariant): ResourceView {
  const view: ResourceView = {
    id: row.id,
    name: row.name,
    workflow_name: row.workflowName,
    workflow_id: row.workflowId,
    workflow_input: jsonText(row.workflowInput ?? {}),
    workflow_params: jsonText(row.workflowParams ?? {}),
    project_id: row.projectId,
    scope: row.scope,
    pattern: row.pattern,
    remaining_executions: row.remainingExecutions,
    first_execution_time: mistralTimestamp(row.firstExecutionTime),
    next_execution_time: mistralTimestamp(row.nextExecutionTime),
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
  };
  // Mistral answers a create with the columns it wrote: no update time.
  if (variant === "created") delete view["updated_at"];
  return view;
}

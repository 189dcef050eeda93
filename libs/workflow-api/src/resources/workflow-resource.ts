// The Workflow resource: a workflow definition with `input` and `interface` computed from its spec.
import type { WorkflowDefinitionRow } from "@ops/workflow-store";
import { workflowInputText } from "../definitions/input-text.js";
import { specInputs, specOutputNames } from "../definitions/spec-document.js";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import { jsonText, type ResourceView, type ViewVariant } from "./resource-view.js";

export const WORKFLOW_FIELDS = [
  "id",
  "name",
  "namespace",
  "input",
  "interface",
  "definition",
  "tags",
  "scope",
  "project_id",
  "created_at",
  "updated_at",
] as const;

export const WORKFLOW_LIST: ListSpec = {
  resource: "workflows",
  fields: WORKFLOW_FIELDS,
  markerKind: "uuid",
  filters: [
    { name: "created_at", kind: "text" },
    { name: "name", kind: "text" },
    { name: "scope", kind: "text" },
    { name: "tags", kind: "text" },
    { name: "updated_at", kind: "text" },
    { name: "input", kind: "text" },
    { name: "definition", kind: "text" },
    { name: "project_id", kind: "uuid" },
    { name: "namespace", kind: "text" },
  ],
  extraParams: ["all_projects"],
};

export function workflowView(row: WorkflowDefinitionRow, variant: ViewVariant): ResourceView {
  // Both come from the spec document, as Mistral's Workflow.set_attributes_from_spec does.
  const inputs = specInputs(row.spec);
  const iface = { input: inputs, output: specOutputNames(row.spec) };
  const view: ResourceView = {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
    input: workflowInputText(inputs),
    // GET answers carry the interface JSON-encoded; POST and PUT answers (built by Mistral with
    // to_json) carry it as an object.
    interface: variant === "created" || variant === "updated" ? iface : jsonText(iface),
    definition: row.definition,
    tags: row.tags ?? [],
    scope: row.scope,
    project_id: row.projectId,
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
  };
  if (variant === "created") delete view["updated_at"];
  return view;
}

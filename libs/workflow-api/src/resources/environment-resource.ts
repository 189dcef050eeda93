// The Environment resource: `variables` JSON-encoded.
import type { EnvironmentRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import { jsonText, type ResourceView, type ViewVariant } from "./resource-view.js";

export const ENVIRONMENT_FIELDS = [
  "id",
  "name",
  "description",
  "variables",
  "scope",
  "project_id",
  "created_at",
  "updated_at",
] as const;

export const ENVIRONMENT_LIST: ListSpec = {
  resource: "environments",
  fields: ENVIRONMENT_FIELDS,
  markerKind: "uuid",
  filters: [
    { name: "created_at", kind: "text" },
    { name: "name", kind: "text" },
    { name: "updated_at", kind: "text" },
    { name: "description", kind: "text" },
    { name: "variables", kind: "json" },
    { name: "scope", kind: "text" },
  ],
};

export function environmentView(row: EnvironmentRow, variant: ViewVariant): ResourceView {
  const view: ResourceView = {
    id: row.id,
    name: row.name,
    description: row.description,
    variables: jsonText(row.variables ?? {}),
    scope: row.scope,
    project_id: row.projectId,
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
  };
  if (variant === "created") {
    // Mistral answers a create with the columns it wrote: no update time, no unset description.
    delete view["updated_at"];
    if (row.description === null) delete view["description"];
  }
  return view;
}

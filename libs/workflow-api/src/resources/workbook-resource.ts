// The Workbook resource (mistral/api/controllers/v2/resources.py, Workbook).
import type { WorkbookRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import type { ResourceView, ViewVariant } from "./resource-view.js";

export const WORKBOOK_FIELDS = [
  "id",
  "name",
  "namespace",
  "definition",
  "tags",
  "scope",
  "project_id",
  "created_at",
  "updated_at",
] as const;

export const WORKBOOK_LIST: ListSpec = {
  resource: "workbooks",
  fields: WORKBOOK_FIELDS,
  markerKind: "uuid",
  filters: [
    { name: "created_at", kind: "text" },
    { name: "definition", kind: "text" },
    { name: "name", kind: "text" },
    { name: "scope", kind: "text" },
    { name: "tags", kind: "text" },
    { name: "updated_at", kind: "text" },
    { name: "namespace", kind: "text" },
  ],
};

export function workbookView(row: WorkbookRow, variant: ViewVariant): ResourceView {
  const view: ResourceView = {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
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

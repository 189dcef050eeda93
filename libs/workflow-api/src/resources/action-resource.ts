// The Action resource. Mistral 15 answers system actions from its action providers, not from its
// database, so they have the name as id, no tags, scope, project or times; ours are rows, shown the
// same way so that clients see what they saw.
import type { ActionDefinitionRow } from "@ops/workflow-store";
import type { ListSpec } from "../list/list-params.js";
import { mistralTimestamp } from "../wire/mistral-timestamp.js";
import type { ResourceView, ViewVariant } from "./resource-view.js";

export const ACTION_FIELDS = [
  "id",
  "name",
  "is_system",
  "input",
  "description",
  "tags",
  "definition",
  "scope",
  "project_id",
  "created_at",
  "updated_at",
  "namespace",
] as const;

export const ACTION_LIST: ListSpec = {
  resource: "actions",
  fields: ACTION_FIELDS,
  markerKind: "text",
  defaultSortKeys: ["name"],
  filters: [
    { name: "created_at", kind: "text" },
    { name: "name", kind: "text" },
    { name: "scope", kind: "text" },
    { name: "tags", kind: "text" },
    { name: "updated_at", kind: "text" },
    { name: "description", kind: "text" },
    { name: "definition", kind: "text" },
    { name: "is_system", kind: "bool" },
    { name: "input", kind: "text" },
    { name: "namespace", kind: "text" },
  ],
  filterDefaults: { namespace: "" },
};

export function actionView(row: ActionDefinitionRow, variant: ViewVariant): ResourceView {
  if (row.isSystem) {
    return {
      id: row.name,
      name: row.name,
      is_system: true,
      input: row.input ?? "",
      description: row.description,
      tags: null,
      definition: "",
      scope: null,
      project_id: null,
      created_at: "",
      updated_at: "",
      namespace: row.namespace,
    };
  }
  const view: ResourceView = {
    id: row.id,
    name: row.name,
    is_system: false,
    input: row.input,
    description: row.description,
    tags: row.tags ?? [],
    definition: row.definition,
    scope: row.scope,
    project_id: row.projectId,
    created_at: mistralTimestamp(row.createdAt),
    updated_at: mistralTimestamp(row.updatedAt),
    namespace: row.namespace,
  };
  if (variant === "created") delete view["updated_at"];
  return view;
}

// What the store knows about each table beyond the Prisma client: its columns by their database
// (snake_case) name, which hold JSON, and who may see its rows. Listing validates filters and sort
// keys against these columns; the row codec encodes and decodes the JSON ones.

/** How a column's values are handled in filters and in the row codec. */
export type ColumnKind = "string" | "json" | "tags" | "datetime" | "boolean" | "int";

/** One column: its Prisma field name, kind and nullability. */
export interface ColumnSpec {
  readonly field: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

/**
 * Who sees a table's rows: `shared` — the caller's project and every project's `public` rows
 * (workbooks, workflows, actions and environments, whose scope Mistral lets users set); `project` —
 * the caller's project only (executions, cron triggers); `global` — no project column (delayed calls).
 */
export type TableVisibility = "shared" | "project" | "global";

/** The Prisma client's model delegates the store uses. */
export type ModelName =
  | "workbook"
  | "workflowDefinition"
  | "actionDefinition"
  | "environment"
  | "workflowExecution"
  | "taskExecution"
  | "actionExecution"
  | "delayedCall"
  | "cronTrigger";

/** One table of the store. */
export interface TableSpec {
  /** The table's name, which is also the resource name in messages. */
  readonly table: string;
  readonly model: ModelName;
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  readonly visibility: TableVisibility;
  /** Fields (camelCase) holding JSON, derived from `columns`. */
  readonly jsonFields: ReadonlySet<string>;
  /** Column name (snake_case) by field name (camelCase). */
  readonly columnOfField: ReadonlyMap<string, string>;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

type Shorthand = `${ColumnKind}${"" | "?"}`;

function table(
  name: string,
  model: ModelName,
  visibility: TableVisibility,
  columns: Record<string, Shorthand>,
): TableSpec {
  const specs: Record<string, ColumnSpec> = {};
  for (const [column, shorthand] of Object.entries(columns)) {
    const nullable = shorthand.endsWith("?");
    specs[column] = { field: camel(column), kind: shorthand.replace("?", "") as ColumnKind, nullable };
  }
  const all = Object.entries(specs);
  return Object.freeze({
    table: name,
    model,
    columns: Object.freeze(specs),
    visibility,
    jsonFields: new Set(
      all.filter(([, c]) => c.kind === "json" || c.kind === "tags").map(([, c]) => c.field),
    ),
    columnOfField: new Map(all.map(([column, c]) => [c.field, column])),
  });
}

const TIMESTAMPS = { created_at: "datetime", updated_at: "datetime?" } as const;

export const WORKBOOKS = table("workbooks", "workbook", "shared", {
  id: "string",
  name: "string",
  namespace: "string",
  definition: "string?",
  spec: "json?",
  tags: "tags?",
  scope: "string",
  project_id: "string",
  ...TIMESTAMPS,
});

export const WORKFLOW_DEFINITIONS = table("workflow_definitions", "workflowDefinition", "shared", {
  id: "string",
  name: "string",
  namespace: "string",
  definition: "string?",
  spec: "json?",
  tags: "tags?",
  scope: "string",
  project_id: "string",
  is_system: "boolean",
  workbook_name: "string?",
  ...TIMESTAMPS,
});

export const ACTION_DEFINITIONS = table("action_definitions", "actionDefinition", "shared", {
  id: "string",
  name: "string",
  namespace: "string",
  definition: "string?",
  spec: "json?",
  description: "string?",
  input: "string?",
  tags: "tags?",
  scope: "string",
  project_id: "string",
  is_system: "boolean",
  workbook_name: "string?",
  action_class: "string?",
  ...TIMESTAMPS,
});

export const ENVIRONMENTS = table("environments", "environment", "shared", {
  id: "string",
  name: "string",
  description: "string?",
  variables: "json?",
  scope: "string",
  project_id: "string",
  ...TIMESTAMPS,
});

const EXECUTION_COLUMNS = {
  id: "string",
  name: "string",
  workflow_name: "string?",
  workflow_namespace: "string",
  workflow_id: "string?",
  spec: "json?",
  state: "string",
  state_info: "string?",
  tags: "tags?",
  runtime_context: "json?",
  project_id: "string",
} as const;

export const WORKFLOW_EXECUTIONS = table("workflow_executions", "workflowExecution", "project", {
  ...EXECUTION_COLUMNS,
  description: "string?",
  accepted: "boolean",
  input: "json?",
  output: "json?",
  params: "json?",
  context: "json?",
  task_execution_id: "string?",
  root_execution_id: "string?",
  scope: "string",
  version: "int",
  ...TIMESTAMPS,
});

export const TASK_EXECUTIONS = table("task_executions", "taskExecution", "project", {
  ...EXECUTION_COLUMNS,
  workflow_execution_id: "string",
  action_spec: "json?",
  unique_key: "string?",
  type: "string",
  started_at: "datetime?",
  finished_at: "datetime?",
  processed: "boolean",
  has_next_tasks: "boolean",
  next_tasks: "json?",
  error_handled: "boolean",
  in_context: "json?",
  published: "json?",
  ...TIMESTAMPS,
});

export const ACTION_EXECUTIONS = table("action_executions", "actionExecution", "project", {
  ...EXECUTION_COLUMNS,
  description: "string?",
  task_execution_id: "string?",
  accepted: "boolean",
  input: "json?",
  output: "json?",
  last_heartbeat: "datetime?",
  is_sync: "boolean?",
  ...TIMESTAMPS,
});

export const DELAYED_CALLS = table("delayed_calls", "delayedCall", "global", {
  id: "string",
  kind: "string",
  arguments: "json?",
  key: "string?",
  execution_time: "datetime",
  processing: "boolean",
  captured_at: "datetime?",
  ...TIMESTAMPS,
});

export const CRON_TRIGGERS = table("cron_triggers", "cronTrigger", "project", {
  id: "string",
  name: "string",
  pattern: "string?",
  first_execution_time: "datetime?",
  next_execution_time: "datetime",
  workflow_name: "string?",
  workflow_id: "string",
  workflow_input: "json?",
  workflow_params: "json?",
  remaining_executions: "int?",
  scope: "string",
  project_id: "string",
  ...TIMESTAMPS,
});

/** Every table of the store. */
export const STORE_TABLES: readonly TableSpec[] = [
  WORKBOOKS,
  WORKFLOW_DEFINITIONS,
  ACTION_DEFINITIONS,
  ENVIRONMENTS,
  WORKFLOW_EXECUTIONS,
  TASK_EXECUTIONS,
  ACTION_EXECUTIONS,
  DELAYED_CALLS,
  CRON_TRIGGERS,
];

// The rows the store reads and writes, with camelCase fields. Columns that hold JSON are decoded with
// pyJsonLoads from @ops/dsl (so `1.0` stays a float and big integers stay exact) and encoded with
// pyJsonDumps; a NULL column reads as `null`. Timestamps are UTC `Date`s with milliseconds.

/** The value of a JSON column, as pyJsonLoads of @ops/dsl returns it (`null` when the column is NULL). */
export type JsonColumnValue = unknown;

/** Who may read a row besides its project: `public` rows of workflows, workbooks and actions. */
export type ResourceScope = "private" | "public";

/** Mistral's workflow, task and action execution states. */
export type ExecutionState =
  "IDLE" | "WAITING" | "RUNNING" | "DELAYED" | "PAUSED" | "SUCCESS" | "ERROR" | "CANCELLED";

/** The states an execution ends in. */
export const FINISHED_STATES: readonly ExecutionState[] = ["SUCCESS", "ERROR", "CANCELLED"];

interface Timestamps {
  readonly createdAt: Date;
  /** NULL until the row is first updated, as in Mistral. */
  readonly updatedAt: Date | null;
}

/** A row of `workbooks`. */
export interface WorkbookRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** The YAML text. */
  readonly definition: string | null;
  readonly spec: JsonColumnValue;
  readonly tags: readonly string[] | null;
  readonly scope: ResourceScope;
  readonly projectId: string;
}

/** A row of `workflow_definitions`. */
export interface WorkflowDefinitionRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly definition: string | null;
  readonly spec: JsonColumnValue;
  readonly tags: readonly string[] | null;
  readonly scope: ResourceScope;
  readonly projectId: string;
  readonly isSystem: boolean;
  readonly workbookName: string | null;
}

/** A row of `action_definitions`: a system (std) action or an ad-hoc one. */
export interface ActionDefinitionRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** YAML of an ad-hoc action; NULL for system actions. */
  readonly definition: string | null;
  readonly spec: JsonColumnValue;
  readonly description: string | null;
  /** Mistral's input string, e.g. `output, delay=0`. */
  readonly input: string | null;
  readonly tags: readonly string[] | null;
  readonly scope: ResourceScope;
  readonly projectId: string;
  readonly isSystem: boolean;
  readonly workbookName: string | null;
  readonly actionClass: string | null;
}

/** A row of `environments`. */
export interface EnvironmentRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly variables: JsonColumnValue;
  readonly scope: ResourceScope;
  readonly projectId: string;
}

/** A row of `workflow_executions`. */
export interface WorkflowExecutionRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly workflowName: string | null;
  readonly workflowNamespace: string;
  readonly workflowId: string | null;
  readonly spec: JsonColumnValue;
  readonly state: ExecutionState;
  readonly stateInfo: string | null;
  readonly tags: readonly string[] | null;
  readonly runtimeContext: JsonColumnValue;
  readonly accepted: boolean;
  readonly input: JsonColumnValue;
  readonly output: JsonColumnValue;
  readonly params: JsonColumnValue;
  readonly context: JsonColumnValue;
  /** The parent task, for a subworkflow's execution. */
  readonly taskExecutionId: string | null;
  readonly rootExecutionId: string | null;
  readonly projectId: string;
  readonly scope: ResourceScope;
  /** Incremented by every {@link StoreTransaction.claimExecution}. */
  readonly version: number;
}

/** A row of `task_executions`. */
export interface TaskExecutionRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly workflowExecutionId: string;
  readonly workflowName: string | null;
  readonly workflowNamespace: string;
  readonly workflowId: string | null;
  readonly spec: JsonColumnValue;
  readonly actionSpec: JsonColumnValue;
  readonly state: ExecutionState;
  readonly stateInfo: string | null;
  readonly tags: readonly string[] | null;
  readonly runtimeContext: JsonColumnValue;
  /** Unique across the table: how join tasks are created once. */
  readonly uniqueKey: string | null;
  readonly type: "ACTION" | "WORKFLOW";
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly processed: boolean;
  readonly hasNextTasks: boolean;
  readonly nextTasks: JsonColumnValue;
  readonly errorHandled: boolean;
  readonly inContext: JsonColumnValue;
  readonly published: JsonColumnValue;
  readonly projectId: string;
}

/** A row of `action_executions`. */
export interface ActionExecutionRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly workflowName: string | null;
  readonly workflowNamespace: string;
  readonly workflowId: string | null;
  readonly taskExecutionId: string | null;
  readonly spec: JsonColumnValue;
  readonly state: ExecutionState;
  readonly stateInfo: string | null;
  readonly tags: readonly string[] | null;
  readonly runtimeContext: JsonColumnValue;
  /** The engine has taken the result. */
  readonly accepted: boolean;
  readonly input: JsonColumnValue;
  readonly output: JsonColumnValue;
  readonly lastHeartbeat: Date | null;
  readonly isSync: boolean | null;
  readonly projectId: string;
}

/** A row of `delayed_calls`: the durable side of a timer. */
export interface DelayedCallRow extends Timestamps {
  readonly id: string;
  /** What to do when it is due (the runtime's names, e.g. `wait-before`, `retry`). */
  readonly kind: string;
  readonly arguments: JsonColumnValue;
  /** Unique when set: scheduling the same key twice keeps one call. */
  readonly key: string | null;
  readonly executionTime: Date;
  /** A scheduler has claimed it (at `capturedAt`). */
  readonly processing: boolean;
  readonly capturedAt: Date | null;
}

/** A row of `cron_triggers`. */
export interface CronTriggerRow extends Timestamps {
  readonly id: string;
  readonly name: string;
  readonly pattern: string | null;
  readonly firstExecutionTime: Date | null;
  readonly nextExecutionTime: Date;
  readonly workflowName: string | null;
  readonly workflowId: string;
  readonly workflowInput: JsonColumnValue;
  readonly workflowParams: JsonColumnValue;
  readonly remainingExecutions: number | null;
  readonly scope: ResourceScope;
  readonly projectId: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The values of a new row: the row's fields, of which `id` (a new UUID), `createdAt` (now),
 * `updatedAt` (NULL) and the columns with defaults may be left out.
 */
export type NewRow<Row, Required extends keyof Row> = Partial<Mutable<Omit<Row, "version">>> &
  Pick<Mutable<Row>, Required>;

/** Fields to change in a row; `updatedAt` is set to now unless given. */
export type RowPatch<Row> = Partial<Mutable<Omit<Row, "id" | "createdAt" | "version">>>;

export type NewWorkbook = NewRow<WorkbookRow, "name" | "projectId">;
export type NewWorkflowDefinition = NewRow<WorkflowDefinitionRow, "name" | "projectId">;
export type NewActionDefinition = NewRow<ActionDefinitionRow, "name" | "projectId">;
export type NewEnvironment = NewRow<EnvironmentRow, "name" | "projectId">;
export type NewWorkflowExecution = NewRow<WorkflowExecutionRow, "name" | "state" | "projectId">;
export type NewTaskExecution = NewRow<
  TaskExecutionRow,
  "name" | "workflowExecutionId" | "state" | "projectId"
>;
export type NewActionExecution = NewRow<ActionExecutionRow, "name" | "state" | "projectId">;
export type NewDelayedCall = NewRow<DelayedCallRow, "kind" | "executionTime">;
export type NewCronTrigger = NewRow<
  CronTriggerRow,
  "name" | "nextExecutionTime" | "workflowId" | "projectId"
>;

export type WorkbookPatch = RowPatch<WorkbookRow>;
export type WorkflowDefinitionPatch = RowPatch<WorkflowDefinitionRow>;
export type ActionDefinitionPatch = RowPatch<ActionDefinitionRow>;
export type EnvironmentPatch = RowPatch<EnvironmentRow>;
export type WorkflowExecutionPatch = RowPatch<WorkflowExecutionRow>;
export type TaskExecutionPatch = RowPatch<TaskExecutionRow>;
export type ActionExecutionPatch = RowPatch<ActionExecutionRow>;
export type DelayedCallPatch = RowPatch<DelayedCallRow>;
export type CronTriggerPatch = RowPatch<CronTriggerRow>;

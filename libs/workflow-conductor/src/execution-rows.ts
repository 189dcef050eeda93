// The rows the conductor reads and writes, one interface per table of docs/workflow-service.md.
// Field names are the columns in camelCase; JSON columns hold parsed values of @ops/dsl's Python
// value model (read with pyJsonLoads, write with pyJsonDumps, so that 1.0 stays a float).
// Columns the conductor never decides (project scope, version, heartbeats) are left to the runtime.
import type { ExecutionState } from "./execution-states.js";

/** A JSON object column (`input`, `output`, `params`, `context`, `runtime_context`, ...). */
export type JsonObject = Record<string, unknown>;

/** `[task name, event]` of `next_tasks`: what a completed task led to (`event` is e.g. `on-success`). */
export type NextTask = readonly [name: string, event: string | null];

/** One entry of a task's `runtime_context.triggered_by`. */
export interface TriggeredBy {
  readonly task_id: string;
  readonly event: string | null;
}

/** A row of `workflow_executions`. */
export interface WorkflowExecutionRow {
  readonly id: string;
  /** The workflow's full name (`wb.wf` for a workflow of a workbook). */
  readonly name: string;
  readonly description: string;
  readonly workflowName: string;
  readonly workflowNamespace: string;
  readonly workflowId: string | null;
  /** Mistral's spec document of the workflow (see `workflowSpecDocument`); `execution().spec` shows it. */
  readonly spec: unknown;
  readonly state: ExecutionState;
  readonly stateInfo: string | null;
  readonly tags: readonly string[];
  /** `{index, wb_name?, backlog_commands?}`. */
  readonly runtimeContext: JsonObject;
  /** For a sub-workflow: the parent has taken its result (like `accepted` of an action execution). */
  readonly accepted: boolean;
  readonly input: JsonObject;
  readonly output: JsonObject;
  /** `{namespace, env, ...}`; a sub-workflow's also has `root_execution_id`, `task_execution_id`, `index`. */
  readonly params: JsonObject;
  /** `__execution`, vars and variables published with `global`. */
  readonly context: JsonObject;
  /** The parent's task execution, for a sub-workflow. */
  readonly taskExecutionId: string | null;
  readonly rootExecutionId: string | null;
  readonly projectId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

/** A row of `task_executions`. */
export interface TaskExecutionRow {
  readonly id: string;
  readonly name: string;
  readonly workflowExecutionId: string;
  readonly workflowName: string;
  readonly workflowNamespace: string;
  readonly workflowId: string | null;
  /** Mistral's spec document of the task (`task().spec`). */
  readonly spec: unknown;
  readonly state: ExecutionState;
  readonly stateInfo: string | null;
  readonly tags: readonly string[];
  /** `{triggered_by?, with_items?, concurrency?}`. */
  readonly runtimeContext: JsonObject;
  /** Set for join tasks (`join-task-<execution id>-<task name>`), unique per execution. */
  readonly uniqueKey: string | null;
  readonly type: "ACTION" | "WORKFLOW";
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** The engine has taken every decision that follows the task's completion. */
  readonly processed: boolean;
  readonly hasNextTasks: boolean;
  readonly nextTasks: readonly NextTask[];
  readonly errorHandled: boolean;
  readonly inContext: JsonObject;
  /** Branch-published variables; null when the task published only `global` ones (as in Mistral). */
  readonly published: JsonObject | null;
  readonly projectId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

/** A row of `action_executions`. */
export interface ActionExecutionRow {
  readonly id: string;
  /** The action as the task names it once resolved (`std.echo`, `wb.my_adhoc_action`). */
  readonly name: string;
  readonly description: string;
  readonly workflowName: string | null;
  readonly workflowNamespace: string;
  readonly workflowId: string | null;
  readonly taskExecutionId: string | null;
  /** What the executor runs: an {@link ActionRunPlan} (Mistral leaves this column empty). */
  readonly spec: ActionRunPlan | null;
  readonly state: ExecutionState;
  readonly stateInfo: string | null;
  readonly tags: readonly string[];
  /** `{index, safe_rerun}` as in Mistral. */
  readonly runtimeContext: JsonObject;
  /** The engine has taken the result. */
  readonly accepted: boolean;
  readonly input: JsonObject;
  /** `{result: ...}`: the data on success, the error on failure; null until there is a result. */
  readonly output: JsonObject | null;
  readonly isSync: boolean;
  readonly projectId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

/**
 * What an executor needs to run an action execution, decided by the engine. For an ad-hoc action
 * the engine has already walked the chain of bases: `action` is the system action at its end and
 * `input` the base-input evaluated along the way; the executor runs that and stores the raw result.
 */
export interface ActionRunPlan {
  /** The system action to run (`std.echo`). */
  readonly action: string;
  readonly input: JsonObject;
  /** The named executor (`target:`), null for any executor. */
  readonly target: string | null;
  /** Seconds before the executor gives up, from the task's `timeout`; null for none. */
  readonly timeout: number | null;
  readonly safeRerun: boolean;
  /** The with-items index (0 for a task without with-items). */
  readonly index: number;
  /**
   * The `output` of each ad-hoc action of the chain, innermost first; the engine applies them to
   * the raw result when it accepts it. Kept here so that a definition changed meanwhile does not
   * change a running action.
   */
  readonly outputTransforms: readonly unknown[];
}

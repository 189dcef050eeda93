// What conduct() answers: decisions to write (in one transaction) and jobs to enqueue after the
// commit, or needs: data the snapshot lacked.
import type { ExecutionsQuery, TasksQuery } from "@ops/dsl";
import type {
  ActionExecutionRow,
  JsonObject,
  TaskExecutionRow,
  WorkflowExecutionRow,
} from "./execution-rows.js";

/** Columns of a row that change, by column (only the ones that differ from the snapshot). */
export type RowChanges<Row> = Partial<Omit<Row, "id" | "createdAt" | "updatedAt">>;

/** An update of an existing row. */
export interface RowUpdate<Row> {
  readonly id: string;
  readonly changes: RowChanges<Row>;
}

/** A job to enqueue once the decisions are committed. */
export type ConductorJob =
  /** Run an action execution on an executor (`target` null: any executor). */
  | { readonly type: "run-action"; readonly actionExecutionId: string; readonly target: string | null }
  /** Start an IDLE execution (a sub-workflow the decisions create). */
  | { readonly type: "start-execution"; readonly executionId: string }
  /**
   * Tell the parent execution (the one of task execution `taskExecutionId`) that this
   * sub-workflow completed.
   */
  | { readonly type: "subworkflow-complete"; readonly executionId: string; readonly taskExecutionId: string }
  /** Tell the parent execution that this sub-workflow was paused or resumed. */
  | { readonly type: "subworkflow-update"; readonly executionId: string; readonly taskExecutionId: string }
  /** Pause, resume or cancel another execution (the sub-workflows of a paused or cancelled one). */
  | {
      readonly type: "control";
      readonly executionId: string;
      readonly command: "pause" | "resume" | "cancel";
      readonly message: string | null;
    };

/** What a durable timer does when it fires (Mistral's scheduled policy calls). */
export type TimerKind =
  /** wait-before and retry: a DELAYED task runs its actions again (Mistral's `_continue_task`). */
  | "continue-task"
  /** wait-after: a DELAYED task completes with the state it had (Mistral's `_complete_task`). */
  | "complete-task"
  /** timeout: a task not completed by now fails (Mistral's `_fail_task_if_incomplete`). */
  | "fail-if-incomplete";

/**
 * A timer to store with the decisions: when `dueAt` comes, the runtime delivers a `timer` event
 * with the same `id`, `kind`, `taskExecutionId` and `arguments` to the execution decided for.
 */
export interface ConductorTimer {
  readonly id: string;
  readonly kind: TimerKind;
  readonly taskExecutionId: string;
  readonly dueAt: Date;
  /** complete-task: `{state, state_info}`; fail-if-incomplete: `{timeout}`; continue-task: `{}`. */
  readonly arguments: JsonObject;
}

/** Everything to write, in one transaction, in this order. */
export interface Decisions {
  /** Changes of the execution the snapshot is about; absent when it does not change. */
  readonly execution?: RowChanges<WorkflowExecutionRow>;
  readonly createTaskExecutions: readonly TaskExecutionRow[];
  readonly updateTaskExecutions: readonly RowUpdate<TaskExecutionRow>[];
  readonly createActionExecutions: readonly ActionExecutionRow[];
  readonly updateActionExecutions: readonly RowUpdate<ActionExecutionRow>[];
  /** New sub-workflow executions (IDLE; each has a start-execution job). */
  readonly createWorkflowExecutions: readonly WorkflowExecutionRow[];
  /** Sub-workflow executions whose result was taken (`accepted`). */
  readonly updateWorkflowExecutions: readonly RowUpdate<WorkflowExecutionRow>[];
  /** Timers to store (durably) with the rows; each fires once, as a `timer` event. */
  readonly createTimers: readonly ConductorTimer[];
  /** In the order they should be enqueued. */
  readonly jobs: readonly ConductorJob[];
  /**
   * Why nothing happened, when the event changed nothing (a duplicate delivery, a control command
   * the state does not allow...): for logs, never an error.
   */
  readonly skipped?: string;
}

/** Data the snapshot lacked. Load it into the snapshot and call conduct() again. */
export type Need =
  /** Add `actionDefinitions[name]` (null when there is no such action in `namespace`). */
  | { readonly kind: "action-definition"; readonly name: string; readonly namespace: string }
  /** Add `workflowDefinitions[name]` (null when there is no such workflow in `namespace`). */
  | { readonly kind: "workflow-definition"; readonly name: string; readonly namespace: string }
  /** Add `environments[name]`: the variables of the named environment (null when there is none). */
  | { readonly kind: "environment"; readonly name: string }
  /** Add `taskChildren[id]` for each of these task executions. */
  | { readonly kind: "task-children"; readonly taskExecutionIds: readonly string[] }
  /** Add `rootEnvironment`: `params.env` of the root execution. */
  | { readonly kind: "root-environment"; readonly rootExecutionId: string }
  /**
   * Add `queryResults[key]`: Mistral's `tasks(...)` answer (a list of task dicts as
   * `task()` returns them) for a query beyond this execution.
   */
  | { readonly kind: "tasks-query"; readonly key: string; readonly query: TasksQuery }
  /** Add `queryResults[key]`: the workflow executions `executions(...)` returns. */
  | { readonly kind: "executions-query"; readonly key: string; readonly query: ExecutionsQuery };

/** The answer of conduct(). */
export type ConductResult =
  | { readonly kind: "decisions"; readonly decisions: Decisions }
  | { readonly kind: "needs"; readonly needs: readonly Need[] };

// What the runtime loads (inside the transaction that claimed the execution) before calling
// conduct(). Only `execution`, `spec` and `taskExecutions` are always required; everything else
// is loaded on demand: when the conductor lacks something it answers with needs, the runtime adds
// what was asked for to the snapshot and calls again.
import type { ActionSpec, ExecutionsQuery, InputParameterSpec, TasksQuery, WorkflowSpec } from "@ops/dsl";
import type {
  ActionExecutionRow,
  JsonObject,
  TaskExecutionRow,
  WorkflowExecutionRow,
} from "./execution-rows.js";

/** The action and sub-workflow executions of one task execution (Mistral's `task_ex.executions`). */
export interface TaskChildren {
  /** In creation order. */
  readonly actionExecutions: readonly ActionExecutionRow[];
  /** Sub-workflow executions (`task_execution_id` = the task), in creation order. */
  readonly workflowExecutions: readonly WorkflowExecutionRow[];
}

/** An action the conductor can schedule: a system action (std.*) or an ad-hoc action. */
export interface ActionDefinition {
  /** The registered name (`std.echo`, `wb.my_action`, `my_action`). */
  readonly name: string;
  readonly kind: "system" | "adhoc";
  /**
   * The parameters, for Mistral's input check; null accepts anything (a Python `**kwargs`). For an
   * ad-hoc action, its `input` (`spec.input`).
   */
  readonly parameters: readonly InputParameterSpec[] | null;
  /** The class Mistral names in "Invalid input" messages, e.g. `mistral.actions.std_actions.EchoAction`. */
  readonly className?: string;
  /** Whether the executor returns the result itself (false for std.async_noop, std.mistral_http). */
  readonly isSync?: boolean;
  /** The typed definition, for ad-hoc actions. */
  readonly spec?: ActionSpec;
  /** The YAML text of an ad-hoc action, quoted in Mistral's "Failed to instantiate" message. */
  readonly definition?: string;
}

/** A workflow definition, for tasks that run a sub-workflow. */
export interface WorkflowDefinition {
  readonly id: string;
  /** The full name (`wb.wf` for a workflow of a workbook). */
  readonly name: string;
  readonly namespace: string;
  readonly spec: WorkflowSpec;
  /** Mistral's spec document (see `workflowSpecDocument`), stored in the child's `spec` column. */
  readonly specDocument?: unknown;
  readonly tags?: readonly string[];
}

/** Everything conduct() decides from. */
export interface ConductorSnapshot {
  /** The execution being decided for, as claimed. */
  readonly execution: WorkflowExecutionRow;
  /**
   * The typed spec of the execution's workflow (parse the definition the execution started with,
   * and cache it by workflow id and updated_at: specs are immutable values).
   */
  readonly spec: WorkflowSpec;
  /** Every task execution of the execution, in creation order (created_at, then id). */
  readonly taskExecutions: readonly TaskExecutionRow[];
  /**
   * The children of some task executions, by task execution id. A task that is not a key has not
   * been loaded. Loading the children of every task that is not completed up front saves a round
   * trip for action-complete and subworkflow-complete events.
   */
  readonly taskChildren?: Readonly<Record<string, TaskChildren>>;
  /** Actions asked for with an `action-definition` need, by name; null when there is none. */
  readonly actionDefinitions?: Readonly<Record<string, ActionDefinition | null>>;
  /** Workflows asked for with a `workflow-definition` need, by name; null when there is none. */
  readonly workflowDefinitions?: Readonly<Record<string, WorkflowDefinition | null>>;
  /** Named environments asked for with an `environment` need; null when there is none. */
  readonly environments?: Readonly<Record<string, JsonObject | null>>;
  /**
   * For a sub-workflow: `params.env` of its root execution (what `env()` answers). Asked for with a
   * `root-environment` need.
   */
  readonly rootEnvironment?: JsonObject;
  /** Answers to `tasks-query` and `executions-query` needs, by the need's `key`. */
  readonly queryResults?: Readonly<Record<string, unknown>>;
}

export type { ExecutionsQuery, TasksQuery };

// What the engine asks of a workflow type (Mistral's WorkflowController, mistral/workflow/base.py):
// which commands continue the workflow, what a join may do, which errors are handled and what the
// final context is. WorkflowEngine runs tasks, completes them and completes the workflow the same
// way for every type; DirectWorkflowController and ReverseWorkflowController answer these questions.
import type { TaskSpec } from "@ops/dsl";
import type { JsonObject, TriggeredBy } from "../execution-rows.js";
import type { TaskRecord } from "./execution-session.js";
import type { RunTaskCommand, WorkflowCommand } from "./workflow-commands.js";

/** What state a join task should be in, given the states of the tasks leading to it. */
export interface JoinLogicalState {
  readonly state: "RUNNING" | "WAITING" | "ERROR";
  readonly stateInfo: string | null;
  readonly triggeredBy: readonly TriggeredBy[];
}

/** The decisions that depend on the type of a workflow. */
export interface WorkflowController {
  /** A task of the workflow by name. */
  taskSpec(name: string): TaskSpec | undefined;

  /**
   * The commands to continue without a task that caused it (start, resume); none once the
   * workflow is completed.
   *
   * @throws an error that `isWorkflowFailure` accepts when the workflow cannot start (a reverse
   *   workflow without a valid target task): the execution fails at start with its message.
   */
  continueCommands(): WorkflowCommand[];

  /** The commands that follow a task's completion (none once the workflow is completed). */
  commandsAfter(task: TaskRecord): WorkflowCommand[];

  /**
   * Whether running the command would start a task a second time where the workflow type runs
   * each task once (the engine then drops it).
   */
  isRedundant(command: RunTaskCommand): boolean;

  /** Where a task is a join, what state it should be in now; undefined for any other task. */
  joinLogicalState(taskSpec: TaskSpec): JoinLogicalState | undefined;

  /** What a join task receives from the tasks that led to it, once it runs. */
  joinUpstreamContext(taskSpec: TaskSpec): JsonObject;

  /**
   * What an existing task execution that runs again receives on top of its inbound context
   * (Mistral's get_task_inbound_context).
   */
  inboundContext(taskSpec: TaskSpec): JsonObject;

  /** Whether a task's error counts as handled (for the workflow's failure message). */
  isErrorHandledFor(task: TaskRecord): boolean;

  /** Whether every failed task had its error handled. */
  allErrorsHandled(): boolean;

  /** Whether some task was cancelled. */
  anyCancels(): boolean;

  /** The context the workflow's output (or output-on-error) is evaluated against. */
  finalContext(): JsonObject;
}

// What a workflow controller asks the engine to do next (Mistral's mistral/workflow/commands.py).
import type { TaskSpec } from "@ops/dsl";
import type { JsonObject, TriggeredBy } from "../execution-rows.js";

/** Run a task (a new execution, or for a join the one execution waiting under `uniqueKey`). */
export interface RunTaskCommand {
  readonly kind: "run-task";
  readonly taskSpec: TaskSpec;
  /** The inbound context of the new task execution. */
  readonly ctx: JsonObject;
  readonly triggeredBy: readonly TriggeredBy[] | null;
  /** Set when the transition was an on-error one: the command handles the task's error. */
  readonly handlesError: boolean;
  /** A join task: it waits until its inbound tasks allow it to run. */
  readonly wait: boolean;
  readonly uniqueKey: string | null;
}

/**
 * Run an existing task execution again (Mistral's RunExistingTask): a task paused before it
 * started (pause-before) when the workflow resumes, or a failed task on rerun.
 */
export interface RunExistingTaskCommand {
  readonly kind: "run-existing";
  readonly taskExecutionId: string;
  readonly taskSpec: TaskSpec;
  /** Every execution of the task stops counting (else only the failed and cancelled ones). */
  readonly reset: boolean;
  /** A rerun: the start policies run again (a resumed task skips them, as in Mistral). */
  readonly rerun: boolean;
  readonly handlesError: false;
  readonly wait: false;
  readonly uniqueKey: string | null;
}

/** `fail`, `succeed` or `pause` the workflow (with `msg`). */
export interface SetWorkflowStateCommand {
  readonly kind: "set-state";
  readonly command: "fail" | "succeed" | "pause";
  readonly message: string | null;
  readonly handlesError: boolean;
  readonly taskSpec: TaskSpec;
  readonly ctx: JsonObject;
  readonly triggeredBy: readonly TriggeredBy[] | null;
}

/** `noop`: nothing, but it counts as handling an error. */
export interface NoopCommand {
  readonly kind: "noop";
  readonly handlesError: boolean;
}

export type WorkflowCommand = RunTaskCommand | RunExistingTaskCommand | SetWorkflowStateCommand | NoopCommand;

/**
 * A command saved in `runtime_context.backlog_commands` while the workflow is paused, in
 * Mistral's to_dict() shape.
 */
export interface BacklogCommand {
  readonly cmd_name: string;
  readonly task_name: string;
  readonly ctx: JsonObject;
  readonly triggered_by: readonly TriggeredBy[] | null;
  readonly wait?: boolean;
  readonly unique_key?: string | null;
  readonly new_state?: string;
  readonly msg?: string | null;
}

export function toBacklog(command: RunTaskCommand | SetWorkflowStateCommand): BacklogCommand {
  if (command.kind === "run-task") {
    return {
      task_name: command.taskSpec.name,
      ctx: command.ctx,
      triggered_by: command.triggeredBy,
      cmd_name: command.taskSpec.name,
      wait: command.wait,
      unique_key: command.uniqueKey,
    };
  }
  const newState = { fail: "ERROR", succeed: "SUCCESS", pause: "PAUSED" }[command.command];
  return {
    task_name: command.taskSpec.name,
    ctx: command.ctx,
    triggered_by: command.triggeredBy,
    new_state: newState,
    msg: command.message,
    cmd_name: command.command,
  };
}

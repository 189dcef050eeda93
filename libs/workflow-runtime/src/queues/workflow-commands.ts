// What the API (and the engine itself) uses to hand work to the engine and executor roles.
import type { ActionRoute, ExecutionCommand, RerunOptions } from "./workflow-queues.js";

/**
 * How a start was handed over: `started` when the engine took it before answering (the execution's
 * row has changed since the caller wrote it), `queued` when a job will.
 */
export type StartOutcome = "started" | "queued";

/**
 * Sends commands to the engine and executors. The caller has already written what the command
 * refers to, in a committed transaction; the commands enqueue jobs, except that a process running
 * the engine role may start an execution itself.
 */
export interface WorkflowCommands {
  /** An IDLE execution was created: start it. */
  startExecution(executionId: string): Promise<StartOutcome>;
  /** Pause, resume or cancel an execution (`PUT /v2/executions/{id}` with a new state). */
  controlExecution(executionId: string, command: ExecutionCommand, message?: string | null): Promise<void>;
  /** An action execution got its result from outside (`PUT /v2/action_executions/{id}`, async actions). */
  completeAction(actionExecutionId: string, route?: ActionRoute): Promise<void>;
  /** Run an action execution that is not part of a workflow (`POST /v2/action_executions`). */
  runAction(actionExecutionId: string, target?: string | null): Promise<void>;
  /**
   * Run a failed task again (`PUT /v2/tasks/{id}` with `state: RUNNING`): with `reset` false (a
   * with-items task) only its failed items; `env` is merged into the execution's environment.
   */
  rerunTask(taskExecutionId: string, options: RerunOptions): Promise<void>;
}

// What the API (and the engine itself) uses to hand work to the engine and executor roles.
import type { ActionRoute, ExecutionCommand } from "./workflow-queues.js";

/**
 * Sends commands to the engine and executors. Each call only enqueues: the caller has already
 * written what the command refers to, in a committed transaction.
 */
export interface WorkflowCommands {
  /** An IDLE execution was created: start it. */
  startExecution(executionId: string): Promise<void>;
  /** Pause, resume or cancel an execution (`PUT /v2/executions/{id}` with a new state). */
  controlExecution(executionId: string, command: ExecutionCommand, message?: string | null): Promise<void>;
  /** An action execution got its result from outside (`PUT /v2/action_executions/{id}`, async actions). */
  completeAction(actionExecutionId: string, route?: ActionRoute): Promise<void>;
  /** Run an action execution that is not part of a workflow (`POST /v2/action_executions`). */
  runAction(actionExecutionId: string, target?: string | null): Promise<void>;
}

// What the API asks of the engine and executors. It is the command side of WorkflowCommands in
// libs/workflow-runtime/src/workflow-commands.ts, stated here structurally (any WorkflowCommands
// fits) because that package does not export it from its entry point yet; `close` is left out as
// the app's owner, not the API, ends the connection.

/** A command for a running execution (`PUT /v2/executions/{id}` with a new state). */
export type ExecutionCommand = "pause" | "resume" | "cancel";

/** Sends commands after the API has committed the rows they refer to. Each call only enqueues. */
export interface EngineCommands {
  /** An IDLE execution was created: start it. */
  startExecution(executionId: string): Promise<void>;
  /** Pause, resume or cancel an execution. */
  controlExecution(executionId: string, command: ExecutionCommand): Promise<void>;
  /** An action execution got its result from outside (`PUT /v2/action_executions/{id}`). */
  completeAction(actionExecutionId: string): Promise<void>;
  /** Run an action execution that is not part of a workflow (`POST /v2/action_executions`). */
  runAction(actionExecutionId: string, target?: string | null): Promise<void>;
}

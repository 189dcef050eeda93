// What the API asks of the engine and executors: the runtime's WorkflowCommands (queued jobs, or a
// start taken by the engine of the same process), always after the API has committed the rows
// they refer to. The app's owner, not the API, closes the queues.
export type {
  WorkflowCommands as EngineCommands,
  ExecutionCommand,
  StartOutcome,
} from "@ops/workflow-runtime";

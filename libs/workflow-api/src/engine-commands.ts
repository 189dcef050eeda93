// What the API asks of the engine and executors: the runtime's WorkflowCommands (each call only
// enqueues, after the API has committed the rows it refers to). The app's owner, not the API,
// closes the queues.
export type { WorkflowCommands as EngineCommands, ExecutionCommand } from "@ops/workflow-runtime";

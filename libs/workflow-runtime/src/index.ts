// @ops/workflow-runtime — the engine and executor roles of the workflow service: BullMQ queues
// between the roles, the engine applying the conductor's decisions in transactions, the executor
// running std actions, and the reconciler that repairs lost jobs.
export * from "./actions/index.js";

export { WorkflowRuntime } from "./workflow-runtime.js";
export type { WorkflowRuntimeOptions } from "./workflow-runtime.js";
export { EngineService } from "./engine/engine-service.js";
export type { EngineServiceOptions } from "./engine/engine-service.js";
export { ExecutorService } from "./executor/executor-service.js";
export type { ExecutorServiceOptions } from "./executor/executor-service.js";
export { Reconciler } from "./engine/reconciler.js";
export type { ReconcileReport, ReconcilerOptions } from "./engine/reconciler.js";

export { openRedis, WorkflowQueues } from "./queues/workflow-queues-client.js";
export type { WorkflowQueuesOptions } from "./queues/workflow-queues-client.js";
export type { StartOutcome, WorkflowCommands } from "./queues/workflow-commands.js";
export { LocalEngineCommands } from "./engine/local-engine-commands.js";
export { executorQueueName, QUEUE_NAMES } from "./queues/workflow-queues.js";
export type {
  ActionRoute,
  EngineJob,
  ExecutionCommand,
  ExecutorJob,
  RerunOptions,
} from "./queues/workflow-queues.js";

export { ConfigError, loadServiceConfig, SERVICE_ROLES } from "./service-config.js";
export type { ConfigSources, ServiceRole, WorkflowServiceConfig } from "./service-config.js";

export {
  CronPatternError,
  NEVER_PATTERN,
  nextCronTick,
  validateCronPattern,
} from "./scheduler/cron-pattern.js";
export { acceleratedClock, CronTriggerScheduler } from "./scheduler/cron-trigger-scheduler.js";
export { DueTimerDispatcher } from "./scheduler/due-timers.js";
export type { DueTimerDispatcherOptions } from "./scheduler/due-timers.js";
export type { CronTriggerSchedulerOptions } from "./scheduler/cron-trigger-scheduler.js";
export { ExecutionExpiration, expirationEnabled, TERMINAL_STATES } from "./scheduler/execution-expiration.js";
export type {
  ExecutionExpirationOptions,
  ExecutionExpirationSettings,
  TerminalState,
} from "./scheduler/execution-expiration.js";
export { newExecutionRow } from "./engine/new-execution.js";
export type { NewExecutionValues } from "./engine/new-execution.js";

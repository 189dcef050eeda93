// @ops/workflow-conductor — the workflow engine's decision logic, pure: an execution's snapshot
// and an event in, decisions (or needs) out. Mistral 15's semantics for direct and reverse
// workflows.

// The entry point
export { conduct, noDecisions } from "./conduct.js";

// The contract with the runtime
export type {
  ConductorEnvironment,
  InstantActionRequest,
  InstantActionResult,
} from "./conductor-environment.js";
export type {
  ActionCompleteEvent,
  ConductorEvent,
  ConductorEventType,
  PauseEvent,
  RerunEvent,
  ResumeEvent,
  StartEvent,
  StopEvent,
  SubworkflowCompleteEvent,
  SubworkflowRerunEvent,
  SubworkflowUpdateEvent,
  TimerEvent,
} from "./conductor-event.js";
export type {
  ConductorJob,
  ConductorTimer,
  ConductResult,
  Decisions,
  Need,
  RowChanges,
  RowUpdate,
  TimerKind,
} from "./conduct-result.js";
export type {
  ActionDefinition,
  ConductorSnapshot,
  ExecutionsQuery,
  TaskChildren,
  TasksQuery,
  WorkflowDefinition,
} from "./conductor-snapshot.js";
export type {
  ActionExecutionRow,
  ActionRunPlan,
  JsonObject,
  NextTask,
  TaskExecutionRow,
  TriggeredBy,
  WorkflowExecutionRow,
} from "./execution-rows.js";

// States and their tables
export {
  EXECUTION_STATES,
  isCompleted,
  isIncomplete,
  isRunning,
  isValidTransition,
  STATE_TRANSITIONS,
} from "./execution-states.js";
export type { CompletedState, ExecutionState } from "./execution-states.js";
export { WORKFLOW_EVENT_TABLE, workflowEventOutcome } from "./workflow-event-table.js";
export type { WorkflowEventOutcome } from "./workflow-event-table.js";

// Helpers the API and the runtime share with the conductor
export { checkWorkflowInput } from "./check-workflow-input.js";
export type { WorkflowInputCheck } from "./check-workflow-input.js";
export { workflowSpecDocument, workflowSpecFromDocument } from "./workflow-spec-document.js";

// Errors
export { ConductorError, WF_ERROR_CODES } from "./conductor-error.js";
export type { WfErrorCode } from "./conductor-error.js";

// How a workflow execution's state answers each event, as a table (state × event → states), so
// that the conductor gates events with it and a test can go over every pair. Mistral's behaviour:
// a completed workflow still records late action results of its tasks but decides nothing more;
// pause needs RUNNING; resume needs PAUSED; cancel works from IDLE, RUNNING and PAUSED; fail from
// IDLE and RUNNING (Mistral ignores it on a PAUSED execution); succeed only from RUNNING.
import type { ConductorEventType } from "./conductor-event.js";
import type { ExecutionState } from "./execution-states.js";

/**
 * What an event does to a workflow execution in a given state: the states it may be in afterwards
 * (which one depends on the workflow), `ignore` (no decisions), or `unsupported` (not implemented).
 */
export type WorkflowEventOutcome = readonly ExecutionState[] | "ignore" | "unsupported";

const AFTER_PROGRESS: readonly ExecutionState[] = ["RUNNING", "PAUSED", "SUCCESS", "ERROR", "CANCELLED"];

function row(entries: Partial<Record<ConductorEventType, WorkflowEventOutcome>>) {
  return {
    start: "ignore",
    "action-complete": "ignore",
    "subworkflow-complete": "ignore",
    "subworkflow-update": "ignore",
    pause: "ignore",
    resume: "ignore",
    cancel: "ignore",
    fail: "ignore",
    succeed: "ignore",
    timer: "unsupported",
    ...entries,
  } satisfies Record<ConductorEventType, WorkflowEventOutcome>;
}

/** The workflow execution's state machine: `WORKFLOW_EVENT_TABLE[state][event]`. */
export const WORKFLOW_EVENT_TABLE: Readonly<
  Record<ExecutionState, Readonly<Record<ConductorEventType, WorkflowEventOutcome>>>
> = {
  IDLE: row({
    start: AFTER_PROGRESS,
    cancel: ["CANCELLED"],
    fail: ["ERROR"],
  }),
  WAITING: row({}),
  RUNNING: row({
    "action-complete": AFTER_PROGRESS,
    "subworkflow-complete": AFTER_PROGRESS,
    "subworkflow-update": ["RUNNING", "PAUSED"],
    pause: ["PAUSED"],
    cancel: ["CANCELLED"],
    fail: ["ERROR"],
    succeed: ["SUCCESS"],
  }),
  DELAYED: row({}),
  // Results that arrive during a pause are recorded; what follows waits for the resume.
  PAUSED: row({
    "action-complete": ["PAUSED"],
    "subworkflow-complete": ["PAUSED"],
    "subworkflow-update": AFTER_PROGRESS,
    resume: AFTER_PROGRESS,
    cancel: ["CANCELLED"],
  }),
  SUCCESS: row({ "action-complete": ["SUCCESS"], "subworkflow-complete": ["SUCCESS"] }),
  ERROR: row({ "action-complete": ["ERROR"], "subworkflow-complete": ["ERROR"] }),
  CANCELLED: row({ "action-complete": ["CANCELLED"], "subworkflow-complete": ["CANCELLED"] }),
};

/** The outcome of `event` for a workflow execution in `state`. */
export function workflowEventOutcome(state: ExecutionState, event: ConductorEventType): WorkflowEventOutcome {
  return WORKFLOW_EVENT_TABLE[state][event];
}

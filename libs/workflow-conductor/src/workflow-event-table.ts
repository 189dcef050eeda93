// How a workflow execution's state answers each event, as a table (state × event → states), so
// that the conductor gates events with it and a test can go over every pair. Mistral's behaviour:
// a completed workflow still records late action results of its tasks but decides nothing more;
// pause needs RUNNING; resume needs PAUSED; cancel works from IDLE, RUNNING and PAUSED; fail from
// IDLE and RUNNING (Mistral ignores it on a PAUSED execution); succeed only from RUNNING; a timer
// acts on a RUNNING or PAUSED execution; a rerun reopens a RUNNING, ERROR or CANCELLED one.
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
    timer: "ignore",
    rerun: "ignore",
    "subworkflow-rerun": "ignore",
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
    timer: AFTER_PROGRESS,
    rerun: AFTER_PROGRESS,
    "subworkflow-rerun": ["RUNNING"],
  }),
  DELAYED: row({}),
  // Results that arrive during a pause are recorded; what follows waits for the resume. A timer
  // does its part (a delayed task runs its actions, as in Mistral), and the rest waits too.
  PAUSED: row({
    "action-complete": ["PAUSED"],
    "subworkflow-complete": ["PAUSED"],
    timer: ["PAUSED"],
    "subworkflow-update": AFTER_PROGRESS,
    resume: AFTER_PROGRESS,
    cancel: ["CANCELLED"],
  }),
  SUCCESS: row({ "action-complete": ["SUCCESS"], "subworkflow-complete": ["SUCCESS"] }),
  // A rerun takes a failed or cancelled execution back to RUNNING (Mistral's rerun).
  ERROR: row({
    "action-complete": ["ERROR"],
    "subworkflow-complete": ["ERROR"],
    rerun: AFTER_PROGRESS,
    "subworkflow-rerun": ["RUNNING"],
  }),
  CANCELLED: row({
    "action-complete": ["CANCELLED"],
    "subworkflow-complete": ["CANCELLED"],
    rerun: AFTER_PROGRESS,
    "subworkflow-rerun": ["RUNNING"],
  }),
};

/** The outcome of `event` for a workflow execution in `state`. */
export function workflowEventOutcome(state: ExecutionState, event: ConductorEventType): WorkflowEventOutcome {
  return WORKFLOW_EVENT_TABLE[state][event];
}

// The states of workflow, task and action executions, and which state may follow which: Mistral's
// table (mistral/workflow/states.py), kept as data so that a test can go over every pair.

/** Every state an execution (workflow, task or action) can be in. */
export const EXECUTION_STATES = [
  "IDLE",
  "WAITING",
  "RUNNING",
  "DELAYED",
  "PAUSED",
  "SUCCESS",
  "ERROR",
  "CANCELLED",
] as const;

/** One of {@link EXECUTION_STATES}; `DELAYED` is Mistral's RUNNING_DELAYED. */
export type ExecutionState = (typeof EXECUTION_STATES)[number];

/** The states an execution never leaves on its own. */
export type CompletedState = "SUCCESS" | "ERROR" | "CANCELLED";

/**
 * Which state may follow which (staying in the same state is always allowed). Mistral lets a
 * completed ERROR or CANCELLED execution go back to RUNNING (rerun); SUCCESS is final.
 */
export const STATE_TRANSITIONS: Readonly<Record<ExecutionState, readonly ExecutionState[]>> = {
  IDLE: ["RUNNING", "ERROR", "CANCELLED"],
  WAITING: ["RUNNING"],
  RUNNING: ["PAUSED", "DELAYED", "SUCCESS", "ERROR", "CANCELLED"],
  DELAYED: ["RUNNING", "ERROR", "CANCELLED"],
  PAUSED: ["RUNNING", "ERROR", "CANCELLED"],
  SUCCESS: [],
  ERROR: ["RUNNING"],
  CANCELLED: ["RUNNING"],
};

/** Whether `to` may follow `from` (Mistral's `is_valid_transition`). */
export function isValidTransition(from: ExecutionState, to: ExecutionState): boolean {
  return from === to || STATE_TRANSITIONS[from].includes(to);
}

/** SUCCESS, ERROR or CANCELLED. */
export function isCompleted(state: ExecutionState): state is CompletedState {
  return state === "SUCCESS" || state === "ERROR" || state === "CANCELLED";
}

/** RUNNING or DELAYED: the execution is under way. */
export function isRunning(state: ExecutionState): boolean {
  return state === "RUNNING" || state === "DELAYED";
}

/** The states in which a task still counts as unfinished when the workflow checks for completion. */
export function isIncomplete(state: ExecutionState): boolean {
  return !isCompleted(state);
}

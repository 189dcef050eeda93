import { describe, expect, it } from "vitest";
import { EXECUTION_STATES, isCompleted, isValidTransition, type ExecutionState } from "./execution-states.js";

// Mistral's table (mistral/workflow/states.py _VALID_TRANSITIONS), written out independently.
const MISTRAL: Record<ExecutionState, ExecutionState[]> = {
  IDLE: ["RUNNING", "ERROR", "CANCELLED"],
  WAITING: ["RUNNING"],
  RUNNING: ["PAUSED", "DELAYED", "SUCCESS", "ERROR", "CANCELLED"],
  DELAYED: ["RUNNING", "ERROR", "CANCELLED"],
  PAUSED: ["RUNNING", "ERROR", "CANCELLED"],
  SUCCESS: [],
  CANCELLED: ["RUNNING"],
  ERROR: ["RUNNING"],
};

describe("the state transition table", () => {
  const pairs = EXECUTION_STATES.flatMap((from) => EXECUTION_STATES.map((to) => [from, to] as const));

  it.each(pairs)("decides %s → %s as Mistral does", (from, to) => {
    expect(isValidTransition(from, to)).toBe(from === to || MISTRAL[from].includes(to));
  });

  it("counts SUCCESS, ERROR and CANCELLED as completed, and nothing else", () => {
    expect(EXECUTION_STATES.filter(isCompleted)).toEqual(["SUCCESS", "ERROR", "CANCELLED"]);
  });
});

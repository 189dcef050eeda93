// The workflow execution's state machine, pair by pair: every state × every event, played through
// the real engine, ends in one of the states the table allows (or changes nothing when it says
// `ignore`).
import { describe, expect, it } from "vitest";
import { ConductorDriver } from "./testing/index.js";
import type { ConductorEvent, ConductorEventType } from "./conductor-event.js";
import type { ConductorSnapshot } from "./conductor-snapshot.js";
import { ConductorError } from "./conductor-error.js";
import { EXECUTION_STATES, type ExecutionState } from "./execution-states.js";
import { WORKFLOW_EVENT_TABLE } from "./workflow-event-table.js";

const DEFINITION = `
version: '2.0'
wf:
  tasks:
    a:
      action: std.async_noop
    s:
      workflow: child
child:
  tasks:
    c1:
      action: std.async_noop
`;

const EVENTS: readonly ConductorEventType[] = [
  "start",
  "action-complete",
  "subworkflow-complete",
  "subworkflow-update",
  "pause",
  "resume",
  "cancel",
  "fail",
  "succeed",
  "timer",
  "rerun",
  "subworkflow-rerun",
];

/** A driver whose execution of `wf` is in `state` (WAITING and DELAYED are staged in the snapshot). */
function executionIn(state: ExecutionState): { driver: ConductorDriver; id: string } {
  const driver = new ConductorDriver({ definitions: [DEFINITION] });
  const id = driver.startExecution("wf");
  if (state === "IDLE") return { driver, id };
  driver.run();
  const control = { PAUSED: "pause", SUCCESS: "succeed", ERROR: "fail", CANCELLED: "cancel" } as const;
  if (state in control) {
    driver.control(id, control[state as keyof typeof control]);
    driver.run();
  }
  return { driver, id };
}

function eventFor(type: ConductorEventType, driver: ConductorDriver, id: string): ConductorEvent {
  const tasks = driver.tasksOf(id);
  const a = tasks.find((task) => task.name === "a");
  const s = tasks.find((task) => task.name === "s");
  const action = a === undefined ? undefined : driver.actionsOf(a.id)[0];
  const child = s === undefined ? undefined : driver.subworkflowsOf(s.id)[0];
  switch (type) {
    case "action-complete":
      return {
        type,
        actionExecutionId: action?.id ?? "none",
        taskExecutionId: a?.id ?? "none",
        state: "SUCCESS",
        output: { result: 1 },
      };
    case "subworkflow-complete":
    case "subworkflow-update":
      return { type, executionId: child?.id ?? "none", taskExecutionId: s?.id ?? "none" };
    case "timer":
      return {
        type,
        timerId: "timer-1",
        kind: "fail-if-incomplete",
        taskExecutionId: a?.id ?? "none",
        arguments: { timeout: 5 },
      };
    case "rerun":
      return { type, taskExecutionId: a?.id ?? "none", reset: true };
    case "subworkflow-rerun":
      return { type, executionId: child?.id ?? "none", taskExecutionId: s?.id ?? "none" };
    case "resume":
      return { type };
    case "start":
      return { type };
    default:
      return { type, message: null };
  }
}

/** Stages the snapshot: the execution's state, and the sub-workflow's for sub-workflow events. */
function stage(state: ExecutionState, type: ConductorEventType) {
  return (snapshot: ConductorSnapshot): ConductorSnapshot => {
    const childState: ExecutionState | undefined =
      type === "subworkflow-complete"
        ? "SUCCESS"
        : type === "subworkflow-update"
          ? state === "PAUSED"
            ? "RUNNING"
            : "PAUSED"
          : undefined;
    const taskChildren = Object.fromEntries(
      Object.entries(snapshot.taskChildren ?? {}).map(([taskId, children]) => [
        taskId,
        {
          ...children,
          workflowExecutions: children.workflowExecutions.map((child) =>
            childState === undefined ? child : { ...child, state: childState },
          ),
        },
      ]),
    );
    return { ...snapshot, execution: { ...snapshot.execution, state }, taskChildren };
  };
}

describe("the workflow execution's state machine", () => {
  const pairs = EXECUTION_STATES.flatMap((state) => EVENTS.map((event) => [state, event] as const));

  it.each(pairs)("in %s, %s does what the table says", (state, type) => {
    const { driver, id } = executionIn(state);
    const outcome = WORKFLOW_EVENT_TABLE[state][type];
    const event = eventFor(type, driver, id);
    const deliver = () => driver.deliver(id, event, stage(state, type));
    if (outcome === "unsupported") {
      expect(deliver).toThrow(ConductorError);
      return;
    }
    const before = driver.execution(id);
    const decisions = deliver();
    if (outcome === "ignore") {
      expect(decisions.skipped).toBeDefined();
      expect(decisions.execution).toBeUndefined();
      expect(decisions.jobs).toEqual([]);
      expect(driver.execution(id)).toEqual(before);
      return;
    }
    expect(outcome).toContain(driver.execution(id).state);
  });
});

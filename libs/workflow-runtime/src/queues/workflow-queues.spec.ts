import { describe, expect, it } from "vitest";
import { engineJobId, executorJobId, executorQueueName } from "./workflow-queues.js";

describe("queue names and job ids", () => {
  it("sends targeted actions to the named executor's queue only", () => {
    expect(executorQueueName(null)).toBe("wf-executor");
    expect(executorQueueName("edge")).toBe("wf-executor-edge");
  });

  it("gives the same command for the same row the same job id, without the colon BullMQ refuses", () => {
    const ids = [
      engineJobId({ type: "start-execution", executionId: "e1" }),
      engineJobId({ type: "action-complete", actionExecutionId: "a1" }),
      engineJobId({ type: "subworkflow-complete", executionId: "e2" }),
      executorJobId({ type: "run-action", actionExecutionId: "a1" }),
    ];
    expect(ids).toEqual(["start-e1", "action-complete-a1", "subworkflow-complete-e2", "run-action-a1"]);
    expect(engineJobId({ type: "start-execution", executionId: "e1" })).toBe(ids[0]);
  });

  it("never merges control commands: each pause or resume is an event", () => {
    expect(engineJobId({ type: "control", executionId: "e1", command: "pause" })).toBeUndefined();
    expect(engineJobId({ type: "subworkflow-update", executionId: "e1" })).toBeUndefined();
  });
});

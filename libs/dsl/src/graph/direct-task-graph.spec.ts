import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWorkflows } from "../spec/parse-workflows.js";
import type { DirectWorkflowSpec } from "../spec/workflow-spec.js";
import { directTaskGraph, findStartTasks, inboundTasks, outboundTransitions } from "./direct-task-graph.js";

function directWorkflow(name: string): DirectWorkflowSpec {
  const text = readFileSync(new URL(`../../test/fixtures/workflows/${name}.yaml`, import.meta.url), "utf8");
  const workflow = parseWorkflows(text).spec?.workflows[0];
  if (workflow?.type !== "direct") throw new Error(`${name} is not a direct workflow`);
  return workflow;
}

describe("the task graph of a direct workflow", () => {
  const workflow = directWorkflow("graph-fan-out-and-join");

  it("starts with the tasks no transition leads to, in document order", () => {
    expect(findStartTasks(workflow).map((task) => task.name)).toEqual(["fetch_a", "fetch_b"]);
  });

  it("lists a task's transitions by clause, with conditions, engine commands and inherited ones", () => {
    expect(
      outboundTransitions(workflow, "fetch_b").map((t) => [
        t.clause,
        t.target,
        t.kind,
        t.condition,
        t.fromTaskDefaults,
      ]),
    ).toEqual([
      ["on-success", "merge", "task", "<% $.b_ok %>", false],
      ["on-success", "fail", "fail", "<% not $.b_ok %>", false],
      ["on-error", "handle_error", "task", undefined, true],
    ]);
    expect(outboundTransitions(workflow, "fetch_b")[1]?.params).toEqual({ msg: "b is not ok" });
    expect(outboundTransitions(workflow, "handle_error")).toMatchObject([
      { clause: "on-complete", target: "fail", kind: "fail", params: { msg: "<% $.error %>" } },
    ]);
    expect(outboundTransitions(workflow, "no_such_task")).toEqual([]);
  });

  it("gives the distinct tasks leading to a task, which is what a join waits for", () => {
    expect(inboundTasks(workflow, "merge").map((task) => task.name)).toEqual(["fetch_a", "fetch_b"]);
    expect(inboundTasks(workflow, "handle_error").map((task) => task.name)).toEqual([
      "fetch_a",
      "fetch_b",
      "merge",
      "notify",
    ]);
    expect(inboundTasks(workflow, "fetch_a")).toEqual([]);
  });

  it("builds the graph once per spec", () => {
    expect(directTaskGraph(workflow)).toBe(directTaskGraph(workflow));
    expect(directTaskGraph(workflow).task("merge")?.join).toBe("all");
  });

  it("orders everything the same way on every run", () => {
    const again = directWorkflow("graph-fan-out-and-join");
    const describe = (w: DirectWorkflowSpec): unknown =>
      w.tasks.map((task) => [
        task.name,
        outboundTransitions(w, task.name),
        inboundTasks(w, task.name).map((t) => t.name),
      ]);
    expect(describe(again)).toEqual(describe(workflow));
  });
});

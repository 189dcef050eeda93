import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DslError } from "../errors.js";
import { parseWorkflows } from "../spec/parse-workflows.js";
import type { ReverseWorkflowSpec } from "../spec/workflow-spec.js";
import { findRequiresCycles, planReverseWorkflow } from "./reverse-task-plan.js";

function reverseWorkflow(text: string): ReverseWorkflowSpec {
  const workflow = parseWorkflows(text).spec?.workflows[0];
  if (workflow?.type !== "reverse") throw new Error("not a reverse workflow");
  return workflow;
}

const fixture = readFileSync(
  new URL("../../test/fixtures/workflows/reverse-build-release.yaml", import.meta.url),
  "utf8",
);

describe("planning a reverse workflow", () => {
  const workflow = reverseWorkflow(fixture);
  const names = (tasks: ReadonlyArray<{ name: string }>): string[] => tasks.map((task) => task.name);

  it("runs the target after everything it requires, directly or not", () => {
    const plan = planReverseWorkflow(workflow, "publish");
    expect(names(plan.tasks)).toEqual([
      "fetch_sources",
      "build_images",
      "build_docs",
      "run_tests",
      "publish",
    ]);
    expect(plan.levels.map(names)).toEqual([
      ["fetch_sources"],
      ["build_images", "build_docs"],
      ["run_tests"],
      ["publish"],
    ]);
  });

  it("runs only what the target needs", () => {
    expect(names(planReverseWorkflow(workflow, "build_docs").tasks)).toEqual(["fetch_sources", "build_docs"]);
    expect(names(planReverseWorkflow(workflow, "fetch_sources").tasks)).toEqual(["fetch_sources"]);
  });

  it("refuses an unknown target", () => {
    expect(() => planReverseWorkflow(workflow, "deploy")).toThrow(DslError);
  });

  it("names the cycles of requires", () => {
    const cyclic = reverseWorkflow(
      [
        "version: '2.0'",
        "wf:",
        "  type: reverse",
        "  tasks:",
        "    a: {action: std.noop, requires: [c]}",
        "    b: {action: std.noop, requires: [a]}",
        "    c: {action: std.noop, requires: [b]}",
        "    d: {action: std.noop, requires: [a, e]}",
        "    e: {action: std.noop, requires: [d]}",
        "    f: {action: std.noop}",
      ].join("\n"),
    );
    expect(findRequiresCycles(cyclic)).toEqual([
      ["a", "c", "b", "a"],
      ["d", "e", "d"],
    ]);
    expect(findRequiresCycles(workflow)).toEqual([]);
    expect(() => planReverseWorkflow(cyclic, "d")).toThrow(/cycle/);
  });
});

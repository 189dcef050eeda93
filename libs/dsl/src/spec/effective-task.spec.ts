import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  effectiveClause,
  effectivePolicies,
  effectiveRequires,
  effectiveSafeRerun,
} from "./effective-task.js";
import { parseWorkflows } from "./parse-workflows.js";
import type { DirectWorkflowSpec, ReverseWorkflowSpec, WorkflowSpec } from "./workflow-spec.js";

function fixture(name: string): WorkflowSpec {
  const text = readFileSync(new URL(`../../test/fixtures/workflows/${name}.yaml`, import.meta.url), "utf8");
  const result = parseWorkflows(text);
  expect(result.issues).toEqual([]);
  const workflow = result.spec?.workflows[0];
  if (workflow === undefined) throw new Error(`no workflow in ${name}`);
  return workflow;
}

function task<W extends WorkflowSpec>(workflow: W, name: string): W["tasks"][number] {
  const found = workflow.tasks.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no task ${name}`);
  return found;
}

describe("effective task settings", () => {
  const direct = fixture("graph-fan-out-and-join") as DirectWorkflowSpec;
  const reverse = fixture("reverse-build-release") as ReverseWorkflowSpec;

  it("inherits a clause from task-defaults only when the task has no transitions of its own", () => {
    expect(effectiveClause(direct, task(direct, "fetch_a"), "on-error")).toMatchObject({
      next: [{ target: "handle_error" }],
      fromTaskDefaults: true,
    });
    const notify = effectiveClause(direct, task(direct, "notify"), "on-error");
    // notify's own on-error only publishes, so the default transitions still apply; its publish stays.
    expect(notify.next.map((t) => t.target)).toEqual(["handle_error"]);
    expect(notify.publish).toEqual({ global: { notified: false } });
  });

  it("never lets a task inherit a transition to itself", () => {
    expect(effectiveClause(direct, task(direct, "handle_error"), "on-error")).toEqual({
      next: [],
      fromTaskDefaults: false,
    });
  });

  it("applies a task's policy only when it is in effect, as Mistral does", () => {
    // timeout: 0 does not switch the default off; pause-before: false does not either.
    expect(effectivePolicies(direct, task(direct, "fetch_a"))).toEqual({ timeout: 120, pauseBefore: true });
    expect(effectivePolicies(direct, task(direct, "fetch_b"))).toEqual({ timeout: 30, pauseBefore: true });
  });

  it("merges requires with the defaults' and leaves the task itself out", () => {
    expect(effectiveRequires(reverse, task(reverse, "run_tests"))).toEqual(["build_images", "fetch_sources"]);
    expect(effectiveRequires(reverse, task(reverse, "fetch_sources"))).toEqual([]);
  });

  it("takes safe-rerun from the task, else from the defaults, else false", () => {
    expect(effectiveSafeRerun(direct, task(direct, "notify"))).toBe(false);
    expect(effectiveSafeRerun(direct, task(direct, "merge"))).toBe(false);
  });
});

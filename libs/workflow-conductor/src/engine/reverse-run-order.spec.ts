import { parseWorkflows, type ReverseTaskSpec, type ReverseWorkflowSpec } from "@ops/dsl";
import { describe, expect, it } from "vitest";
import { reverseRunOrder } from "./reverse-run-order.js";

function reverseSpec(tasks: string, extra = ""): ReverseWorkflowSpec {
  const parsed = parseWorkflows(`version: '2.0'\nwf:\n  type: reverse\n${extra}  tasks:\n${tasks}`);
  const workflow = parsed.spec?.workflows[0];
  if (workflow?.type !== "reverse") throw new Error("not a reverse workflow");
  return workflow;
}

const names = (tasks: readonly ReverseTaskSpec[]) => tasks.map((task) => task.name);

describe("reverseRunOrder", () => {
  it("puts every task after what it requires, the target last", () => {
    const spec = reverseSpec(`
    c: { action: std.noop, requires: [b] }
    b: { action: std.noop, requires: a }
    a: { action: std.noop }
`);
    expect(names(reverseRunOrder(spec, "c"))).toEqual(["a", "b", "c"]);
    expect(names(reverseRunOrder(spec, "b"))).toEqual(["a", "b"]);
    expect(names(reverseRunOrder(spec, "a"))).toEqual(["a"]);
  });

  it("leaves out the tasks the target does not need, even those that require what it needs", () => {
    const spec = reverseSpec(`
    a: { action: std.noop }
    b: { action: std.noop, requires: [a] }
    c: { action: std.noop }
    d: { action: std.noop, requires: [c] }
    e: { action: std.noop, requires: [a] }
`);
    expect(names(reverseRunOrder(spec, "b"))).toEqual(["a", "b"]);
  });

  it("takes a task's requirements in document order, whatever order `requires` lists them in", () => {
    const spec = reverseSpec(`
    top: { action: std.noop, requires: [right, left] }
    left: { action: std.noop, requires: [base] }
    right: { action: std.noop, requires: [base] }
    base: { action: std.noop }
`);
    expect(names(reverseRunOrder(spec, "top"))).toEqual(["base", "left", "right", "top"]);
  });

  it("lists a task required by several tasks once, where the walk first reaches it", () => {
    const spec = reverseSpec(`
    x: { action: std.noop }
    y: { action: std.noop, requires: [z] }
    z: { action: std.noop }
    top: { action: std.noop, requires: [y, x, z] }
`);
    expect(names(reverseRunOrder(spec, "top"))).toEqual(["x", "z", "y", "top"]);
  });

  it("adds the requires of task-defaults to every task but the one they name", () => {
    const spec = reverseSpec(
      `
    deploy: { action: std.noop, requires: [build] }
    build: { action: std.noop }
    setup: { action: std.noop }
`,
      "  task-defaults:\n    requires: [setup]\n",
    );
    expect(names(reverseRunOrder(spec, "deploy"))).toEqual(["setup", "build", "deploy"]);
  });

  it("gives nothing for a target the workflow does not have", () => {
    const spec = reverseSpec("    a: { action: std.noop }\n");
    expect(reverseRunOrder(spec, "b")).toEqual([]);
  });

  it("stops at a cycle instead of walking it forever", () => {
    const spec = reverseSpec(`
    a: { action: std.noop, requires: [b] }
    b: { action: std.noop, requires: [a] }
`);
    expect(names(reverseRunOrder(spec, "a"))).toEqual(["b", "a"]);
  });

  it("walks a long chain of requirements without recursion", () => {
    const template = reverseSpec("    t: { action: std.noop }\n");
    const count = 30_000;
    const tasks = Array.from({ length: count }, (_, index) => ({
      ...template.tasks[0]!,
      name: `t${index}`,
      requires: index === 0 ? [] : [`t${index - 1}`],
    }));
    const order = reverseRunOrder({ ...template, tasks }, `t${count - 1}`);
    expect(order).toHaveLength(count);
    expect(order[0]?.name).toBe("t0");
  });
});

import { describe, expect, it } from "vitest";
import { formatPath } from "./format-path.js";

describe("formatPath", () => {
  it("joins keys with dots and puts indexes in brackets", () => {
    expect(formatPath(["workflows", "wf1", "tasks", "t2", "on-success", 0])).toBe(
      "workflows.wf1.tasks.t2.on-success[0]",
    );
  });

  it("quotes keys that would be ambiguous", () => {
    expect(formatPath(["tasks", "t3.task", "action"])).toBe('tasks["t3.task"].action');
    expect(formatPath(["a b"])).toBe('["a b"]');
    expect(formatPath([])).toBe("");
  });
});

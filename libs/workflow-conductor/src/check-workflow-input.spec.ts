import { parseWorkflows } from "@ops/dsl";
import { describe, expect, it } from "vitest";
import { checkWorkflowInput } from "./check-workflow-input.js";

const spec = parseWorkflows(`
version: '2.0'
wf:
  input:
    - a
    - b: 2
    - c: <% $.a %>
  tasks:
    t:
      action: std.noop
`).spec!.workflows[0]!;

describe("checkWorkflowInput", () => {
  it("adds the declared defaults as written, after the given keys", () => {
    expect(checkWorkflowInput(spec, { a: 1 })).toEqual({ input: { a: 1, b: 2, c: "<% $.a %>" } });
    expect(Object.keys(checkWorkflowInput(spec, { c: 3, a: 1 }).input)).toEqual(["c", "a", "b"]);
  });

  it("reports missing and unexpected parameters in Mistral's words", () => {
    expect(checkWorkflowInput(spec, { d: 4, e: 5 }).error).toEqual({
      message: "Invalid input [name=wf, class=DirectWorkflowSpec, missing=['a'], unexpected=['d', 'e']]",
      missing: ["a"],
      unexpected: ["d", "e"],
    });
  });

  it("accepts a null value for a required parameter", () => {
    expect(checkWorkflowInput(spec, { a: null }).error).toBeUndefined();
  });
});

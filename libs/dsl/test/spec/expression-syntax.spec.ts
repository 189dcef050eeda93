// Expressions with syntax errors are reported where Mistral checks them when a definition is
// uploaded, at the string that holds them.
import { describe, expect, it } from "vitest";
import { parseActions } from "../../src/spec/parse-actions.js";
import { parseWorkflows } from "../../src/spec/parse-workflows.js";

/** A workflow with `broken` at every place where expressions are checked. */
function workflowWith(broken: string): string {
  const b = JSON.stringify(broken);
  return `version: '2.0'
wf:
  output:
    result: ${b}
  output-on-error:
    error: ${b}
  vars:
    v: ${b}
  task-defaults:
    safe-rerun: ${b}
  tasks:
    t1:
      action: std.echo output=${broken}
      input:
        x: ${b}
      publish:
        p: ${b}
      publish-on-error:
        q: ${b}
      keep-result: ${b}
      timeout: ${b}
      retry:
        count: ${b}
        delay: 1
      with-items: i in ${broken}
      on-success:
        - t2: ${b}
      on-error:
        - fail msg=${broken}
      on-complete:
        publish:
          branch:
            c: ${b}
    t2:
      action: std.noop
`;
}

const EVERY_PLACE = [
  "wf.output.result",
  "wf.output-on-error.error",
  "wf.vars.v",
  "wf.task-defaults.safe-rerun",
  "wf.tasks.t1.action.output",
  "wf.tasks.t1.input.x",
  "wf.tasks.t1.publish.p",
  "wf.tasks.t1.publish-on-error.q",
  "wf.tasks.t1.keep-result",
  "wf.tasks.t1.timeout",
  "wf.tasks.t1.retry.count",
  "wf.tasks.t1.with-items",
  "wf.tasks.t1.on-success[0].t2",
  "wf.tasks.t1.on-error[0].msg",
  "wf.tasks.t1.on-complete.publish.branch.c",
].sort();

function syntaxIssuePaths(text: string): string[] {
  const { issues } = parseWorkflows(text);
  expect(issues.filter((issue) => issue.code !== "DSL_ERR_EXPRESSION_SYNTAX")).toEqual([]);
  return issues.map((issue) => issue.path).sort();
}

describe("expression syntax in a definition", () => {
  it("accepts the same definition when its expressions are well-formed", () => {
    expect(parseWorkflows(workflowWith("<% $.a + 1 %>")).issues).toEqual([]);
  });

  it("reports the broken YAQL expression `<% $.a + %>` at every place Mistral checks", () => {
    expect(syntaxIssuePaths(workflowWith("<% $.a + %>"))).toEqual(EVERY_PLACE);
  });

  it("reports the broken YAQL expression `<% ) %>` at every place Mistral checks", () => {
    expect(syntaxIssuePaths(workflowWith("<% ) %>"))).toEqual(EVERY_PLACE);
  });

  it("points at the line and column of the string holding the broken expression", () => {
    const text = [
      "version: '2.0'",
      "wf:",
      "  tasks:",
      "    t1:",
      "      action: std.noop",
      "      publish:",
      "        x: <% $.a + %>",
    ].join("\n");
    expect(parseWorkflows(text).issues).toMatchObject([
      { code: "DSL_ERR_EXPRESSION_SYNTAX", path: "wf.tasks.t1.publish.x", line: 7, column: 12 },
    ]);
  });

  it("reports a broken expression in an ad-hoc action's base, base-input and output", () => {
    const text = [
      "version: '2.0'",
      "a1:",
      "  base: std.echo output=<% ) %>",
      "  base-input:",
      "    extra: <% $.a + %>",
      "  output: <% $.a + %>",
    ].join("\n");
    expect(parseActions(text).issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["DSL_ERR_EXPRESSION_SYNTAX", "a1.base.output"],
      ["DSL_ERR_EXPRESSION_SYNTAX", "a1.base-input.extra"],
      ["DSL_ERR_EXPRESSION_SYNTAX", "a1.output"],
    ]);
  });

  it("reports a string that mixes YAQL and Jinja", () => {
    const text = [
      "version: '2.0'",
      "wf:",
      "  vars:",
      "    v: <% $.a %> {{ _.b }}",
      "  tasks:",
      "    t1: {action: std.noop}",
    ].join("\n");
    expect(parseWorkflows(text).issues).toMatchObject([
      { code: "DSL_ERR_MIXED_EXPRESSIONS", path: "wf.vars.v" },
    ]);
  });

  it("does not check nested values, which Mistral only evaluates at run time", () => {
    const text = [
      "version: '2.0'",
      "wf:",
      "  vars:",
      "    v: {nested: <% $.a + %>}",
      "  tasks:",
      "    t1: {action: std.noop}",
    ].join("\n");
    expect(parseWorkflows(text).issues).toEqual([]);
  });

  it("reports the broken Jinja expression `{{ * }}` at every place Mistral checks", () => {
    expect(syntaxIssuePaths(workflowWith("{{ * }}"))).toEqual(EVERY_PLACE);
  });
});

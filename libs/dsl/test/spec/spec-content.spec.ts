// The typed specs of the valid fixtures: every written form comes out in its one normalised shape.
import { describe, expect, it } from "vitest";
import type { ActionListSpec } from "../../src/spec/action-spec.js";
import type { DirectTaskSpec } from "../../src/spec/task-spec.js";
import type { WorkbookSpec } from "../../src/spec/workbook-spec.js";
import type { DirectWorkflowSpec, WorkflowListSpec } from "../../src/spec/workflow-spec.js";
import { parseDocument, readFixture } from "./load-fixture.js";

function specOf<T>(name: string): T {
  const fixture = readFixture(name);
  const result = parseDocument(fixture.kind, fixture.text);
  expect(result.issues).toEqual([]);
  return result.spec as T;
}

function directWorkflow(name: string): DirectWorkflowSpec {
  const workflow = specOf<WorkflowListSpec>(name).workflows[0];
  if (workflow?.type !== "direct") throw new Error(`${name} has no direct workflow first`);
  return workflow;
}

function taskOf(workflow: DirectWorkflowSpec, name: string): DirectTaskSpec {
  const task = workflow.tasks.find((t) => t.name === name);
  if (task === undefined) throw new Error(`no task ${name}`);
  return task;
}

describe("the spec of a direct workflow", () => {
  const workflow = directWorkflow("direct-all-features.yaml");

  it("keeps the workflow's own parts", () => {
    expect(workflow).toMatchObject({
      name: "deploy_hosts",
      type: "direct",
      description: "Deploys a release to every host and reports the outcome.",
      tags: ["deploy", "hosts"],
      input: [
        { name: "hosts" },
        { name: "release", default: "2024.1" },
        { name: "dry_run", default: false },
        { name: "notes", default: null },
      ],
      output: { deployed: "<% $.deployed %>", summary: "{{ _.summary }}" },
      outputOnError: { failed_on: "<% $.failed_host %>" },
      vars: { attempt: 1, started: "<% now() %>" },
      taskDefaults: {
        policies: { retry: { count: 2, delay: 5 }, timeout: 300 },
        safeRerun: true,
        onError: { next: [{ target: "report_failure", kind: "task", params: {} }] },
        requires: [],
      },
    });
    expect(workflow.input[0]).not.toHaveProperty("default");
  });

  it("lists the tasks in document order", () => {
    expect(workflow.tasks.map((task) => task.name)).toEqual([
      "check_inventory",
      "prepare",
      "install",
      "verify",
      "report_success",
      "report_failure",
      "audit",
    ]);
  });

  it("reads inline parameters as Mistral does", () => {
    expect(taskOf(workflow, "check_inventory")).toMatchObject({
      action: "std.echo",
      input: { output: "<% $.hosts %>", count: 3, strict: true, items: [1, 2], nothing: null },
      keepResult: "<% not $.dry_run %>",
      policies: { waitBefore: 1, waitAfter: "<% $.attempt %>", pauseBefore: "<% $.dry_run %>" },
      publish: { inventory: "<% task().result %>" },
      onSuccess: { next: [{ target: "prepare", kind: "task", params: {} }] },
    });
    expect(taskOf(workflow, "check_inventory").workflow).toBeUndefined();
  });

  it("merges inline parameters into input, the inline value winning as in Mistral's merge_dicts", () => {
    expect(taskOf(workflow, "prepare")).toMatchObject({
      workflow: "prepare_host",
      input: { release: "<% $.release %>", hosts: "<% $.inventory %>" },
      target: "deploy-executors",
      policies: { failOn: "<% $.attempt > 3 %>" },
    });
    expect(taskOf(workflow, "prepare").action).toBeUndefined();
  });

  it("reads the dict form of a clause with publish scopes and conditional transitions", () => {
    expect(taskOf(workflow, "prepare").onComplete).toEqual({
      publish: {
        branch: { prepared: "<% task().result %>" },
        global: { last_prepared: "<% now() %>" },
        atomic: { prepare_count: "<% $.attempt + 1 %>" },
      },
      next: [
        { target: "install", kind: "task", condition: "<% $.dry_run = false %>", params: {} },
        { target: "report_success", kind: "task", condition: "<% $.dry_run %>", params: {} },
      ],
    });
  });

  it("normalises with-items, the one-line retry and engine commands with parameters", () => {
    const install = taskOf(workflow, "install");
    expect(install.withItems).toEqual([
      { variable: "host", source: "<% $.hosts %>" },
      { variable: "port", source: [22, 2222] },
    ]);
    expect(install.policies).toEqual({
      retry: { count: 5, delay: "<% $.attempt * 2 %>", breakOn: "<% $.fatal %>" },
      concurrency: 2,
    });
    expect(install.safeRerun).toBe(false);
    expect(install.input).toEqual({ cmd: "apt-get install -y release" });
    expect(install.publishOnError).toEqual({ failed_host: "<% $.host %>" });
    expect(install.onError?.next).toEqual([
      { target: "fail", kind: "fail", params: { msg: "install failed on <% $.failed_host %>" } },
    ]);
  });

  it("keeps an expression input as a string, and reads every other clause form", () => {
    const verify = taskOf(workflow, "verify");
    expect(verify.input).toBe('<% {url => "https://" + $.host + "/health"} %>');
    expect(verify.withItems).toEqual([{ variable: "host", source: "{{ _.hosts }}" }]);
    expect(verify.policies).toEqual({
      timeout: "<% $.attempt * 60 %>",
      retry: { count: "<% $.attempt %>", delay: 10, continueOn: "<% task().result.status != 200 %>" },
    });
    expect(verify.onSuccess).toEqual({ next: [{ target: "report_success", kind: "task", params: {} }] });
    expect(verify.onError?.next.map((t) => [t.target, t.kind])).toEqual([
      ["pause", "pause"],
      ["noop", "noop"],
    ]);
  });

  it("runs std.noop for a task without action or workflow, and keeps every join form", () => {
    expect(taskOf(workflow, "report_success").join).toBe("one");
    expect(taskOf(workflow, "report_failure")).toMatchObject({ join: "all", action: "std.noop", input: {} });
    expect(taskOf(workflow, "report_failure").onComplete?.next).toEqual([
      { target: "fail", kind: "fail", params: { msg: "<% $.failed_host %>" } },
    ]);
    expect(taskOf(workflow, "audit").join).toBe(0);
    expect(taskOf(workflow, "audit").keepResult).toBe(true);
  });
});

describe("YAML features in a definition", () => {
  const workflow = directWorkflow("yaml-anchors-and-merge-keys.yaml");

  it("resolves anchors, aliases, merge keys and YAML 1.1 scalars", () => {
    expect(workflow.vars).toEqual({
      retry_policy: { count: 3, delay: 10 },
      flags: { verbose: true, quiet: false, level: 15, ratio: 1000.5, limit: Infinity, nothing: null },
    });
    expect(taskOf(workflow, "first").policies.retry).toEqual({ count: 3, delay: 10 });
    expect(taskOf(workflow, "second")).toMatchObject({
      action: "std.echo",
      input: { output: "hello" },
      policies: { timeout: 60, retry: { count: 5, delay: 10 } },
    });
    expect(taskOf(workflow, "third")).toMatchObject({ action: "std.echo", policies: { timeout: 30 } });
  });

  it("accepts an empty task whose name is not a plain word, as Mistral does", () => {
    expect(taskOf(workflow, "unnamed-step").action).toBe("std.noop");
  });
});

describe("the spec of a workbook", () => {
  const workbook = specOf<WorkbookSpec>("workbook-host-patching.yaml");

  it("has its actions and workflows", () => {
    expect(workbook).toMatchObject({
      name: "host_patching",
      description: "Patch hosts and tell the operators.",
      tags: ["maintenance"],
    });
    expect(workbook.actions).toEqual([
      {
        name: "notify",
        description: "Posts a message to the operators' channel.",
        tags: ["chat"],
        base: "std.echo",
        baseInput: { output: "[ops] <% $.message %>" },
        input: [{ name: "message" }, { name: "channel", default: "ops" }],
        output: "<% $.output %>",
      },
    ]);
    expect(workbook.workflows.map((w) => [w.name, w.type, w.tasks.map((t) => t.name)])).toEqual([
      ["patch-one", "direct", ["patch", "tell"]],
      ["patch_all", "direct", ["each"]],
    ]);
    expect(workbook.workflows[1]?.tasks[0]).toMatchObject({
      workflow: "patch-one",
      input: { host: "<% $.host %>" },
    });
  });
});

describe("the spec of ad-hoc actions", () => {
  const { actions } = specOf<ActionListSpec>("ad-hoc-actions.yaml");

  it("merges the inline parameters of base into base-input, the inline value winning", () => {
    expect(actions[0]).toEqual({
      name: "fetch_health",
      tags: [],
      base: "std.http",
      baseInput: {
        url: "https://example.com/health",
        method: "GET",
        headers: { Accept: "application/json" },
        timeout: 5,
      },
      input: [{ name: "verbose", default: false }],
      output: { status: "<% $.status %>", healthy: "<% $.status = 200 %>" },
    });
  });

  it("leaves out an output written as null", () => {
    expect(actions[1]).not.toHaveProperty("output");
  });
});

import { parseWorkflows, type WorkflowSpec } from "@ops/dsl";
import { describe, expect, it } from "vitest";
import { ConductorDriver, MISTRAL_STD_ACTIONS } from "./testing/index.js";
import { conduct } from "./conduct.js";
import type { ConductorEnvironment } from "./conductor-environment.js";
import type { ConductorSnapshot } from "./conductor-snapshot.js";
import type { WorkflowExecutionRow } from "./execution-rows.js";

function spec(text: string, name = "wf"): WorkflowSpec {
  const parsed = parseWorkflows(text);
  expect(parsed.issues).toEqual([]);
  return parsed.spec!.workflows.find((workflow) => workflow.name === name)!;
}

function environment(): ConductorEnvironment {
  let ids = 0;
  return { now: () => new Date("2026-02-01T00:00:00Z"), newId: () => `new-${(ids += 1)}` };
}

function idleExecution(overrides: Partial<WorkflowExecutionRow> = {}): WorkflowExecutionRow {
  return {
    id: "ex-1",
    name: "wf",
    description: "",
    workflowName: "wf",
    workflowNamespace: "",
    workflowId: "def-1",
    spec: null,
    state: "IDLE",
    stateInfo: null,
    tags: [],
    runtimeContext: {},
    accepted: false,
    input: {},
    output: {},
    params: {},
    context: {},
    taskExecutionId: null,
    rootExecutionId: null,
    projectId: "p1",
    createdAt: new Date("2026-02-01T00:00:00Z"),
    updatedAt: null,
    ...overrides,
  };
}

const ECHO = `
version: '2.0'
wf:
  tasks:
    t1:
      action: std.echo output="hi"
`;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

describe("conduct", () => {
  it("asks for an action definition it lacks, then decides once the snapshot has it", () => {
    const snapshot: ConductorSnapshot = { execution: idleExecution(), spec: spec(ECHO), taskExecutions: [] };
    const first = conduct(snapshot, { type: "start" }, environment());
    expect(first).toEqual({
      kind: "needs",
      needs: [{ kind: "action-definition", name: "std.echo", namespace: "" }],
    });
    const echo = MISTRAL_STD_ACTIONS.find((action) => action.name === "std.echo")!;
    const second = conduct(
      { ...snapshot, actionDefinitions: { "std.echo": echo } },
      { type: "start" },
      environment(),
    );
    expect(second.kind).toBe("decisions");
    if (second.kind !== "decisions") return;
    const { decisions } = second;
    expect(decisions.execution).toMatchObject({ state: "RUNNING", params: { namespace: "", env: {} } });
    expect(decisions.createTaskExecutions).toMatchObject([{ name: "t1", state: "RUNNING", type: "ACTION" }]);
    expect(decisions.createActionExecutions).toMatchObject([
      {
        name: "std.echo",
        state: "RUNNING",
        input: { output: "hi" },
        accepted: false,
        output: null,
        spec: {
          action: "std.echo",
          input: { output: "hi" },
          target: null,
          timeout: null,
          safeRerun: false,
          index: 0,
        },
      },
    ]);
    const action = decisions.createActionExecutions[0]!;
    expect(decisions.jobs).toEqual([{ type: "run-action", actionExecutionId: action.id, target: null }]);
  });

  it("never changes the snapshot it is given", () => {
    const echo = MISTRAL_STD_ACTIONS.find((action) => action.name === "std.echo")!;
    const snapshot = deepFreeze<ConductorSnapshot>({
      execution: idleExecution({ input: {}, params: { env: { a: "<% env().b %>", b: 1 } } }),
      spec: spec(ECHO),
      taskExecutions: [],
      actionDefinitions: { "std.echo": echo },
    });
    expect(conduct(snapshot, { type: "start" }, environment()).kind).toBe("decisions");
  });

  it("gives the same decisions for the same snapshot, event and environment", () => {
    const driver = new ConductorDriver({ definitions: [ECHO] });
    const id = driver.startExecution("wf");
    const snapshot = driver.snapshot(id);
    const withEcho = { ...snapshot, actionDefinitions: { "std.echo": MISTRAL_STD_ACTIONS[1]! } };
    expect(conduct(withEcho, { type: "start" }, environment())).toEqual(
      conduct(withEcho, { type: "start" }, environment()),
    );
  });

  it("names only the columns that change", () => {
    const driver = new ConductorDriver({ definitions: [ECHO] });
    const id = driver.startExecution("wf");
    driver.run(2);
    const task = driver.tasksOf(id)[0]!;
    const action = driver.actionsOf(task.id)[0]!;
    const decisions = driver.deliver(id, {
      type: "action-complete",
      actionExecutionId: action.id,
      taskExecutionId: task.id,
      state: "SUCCESS",
      output: { result: "hi" },
    });
    // The executor already stored the state and the output: the engine only accepts them.
    expect(decisions.updateActionExecutions).toEqual([{ id: action.id, changes: { accepted: true } }]);
    expect(Object.keys(decisions.updateTaskExecutions[0]!.changes).sort()).toEqual([
      "finishedAt",
      "processed",
      "state",
    ]);
    expect(decisions.execution).toEqual({ state: "SUCCESS" });
  });

  it("changes nothing when the same action result is delivered twice", () => {
    const driver = new ConductorDriver({ definitions: [ECHO] });
    const id = driver.startExecution("wf");
    driver.run();
    const task = driver.tasksOf(id)[0]!;
    const action = driver.actionsOf(task.id)[0]!;
    const again = driver.deliver(id, {
      type: "action-complete",
      actionExecutionId: action.id,
      taskExecutionId: task.id,
      state: "SUCCESS",
      output: { result: "hi" },
    });
    expect(again.skipped).toMatch(/already accepted/);
    expect(again).toMatchObject({
      createTaskExecutions: [],
      updateTaskExecutions: [],
      createActionExecutions: [],
      updateActionExecutions: [],
      jobs: [],
    });
    expect(again.execution).toBeUndefined();
  });

  it("changes nothing when a start is delivered twice", () => {
    const driver = new ConductorDriver({ definitions: [ECHO] });
    const id = driver.startExecution("wf");
    driver.run(1);
    const again = driver.deliver(id, { type: "start" });
    expect(again.skipped).toBe("start does nothing to a RUNNING execution");
    expect(again.createTaskExecutions).toEqual([]);
  });

  it("only accepts the result of an action whose task has moved on", () => {
    // Item 3 cannot start (its input divides by zero), which fails the task while item 2 runs.
    const text = `
version: '2.0'
wf:
  tasks:
    t1:
      with-items: i in [1, 2, 3]
      concurrency: 2
      action: std.async_noop
      input:
        ratio: <% 6 / ($.i - 3) %>
`;
    const driver = new ConductorDriver({
      definitions: [text],
      systemActions: MISTRAL_STD_ACTIONS.map((action) =>
        action.name === "std.async_noop" ? { ...action, parameters: null } : action,
      ),
    });
    const id = driver.startExecution("wf");
    driver.run();
    const task = driver.tasksOf(id)[0]!;
    const [first, second] = driver.actionsOf(task.id);
    driver.completeAction(first!.id, { result: 1 });
    driver.run();
    expect(driver.tasksOf(id)[0]!.state).toBe("ERROR");
    expect(driver.execution(id).state).toBe("ERROR");
    const decisions = driver.deliver(id, {
      type: "action-complete",
      actionExecutionId: second!.id,
      taskExecutionId: task.id,
      state: "SUCCESS",
      output: { result: 2 },
    });
    expect(decisions.skipped).toBe(`task execution ${task.id} is ERROR: only the result was accepted`);
    // Held by the fake executor, the action was never stored: the event brings its result.
    expect(decisions.updateActionExecutions).toEqual([
      { id: second!.id, changes: { state: "SUCCESS", output: { result: 2 }, accepted: true } },
    ]);
    expect(decisions.updateTaskExecutions).toEqual([]);
    expect(decisions.execution).toBeUndefined();
  });

  it("asks for the children of every failed task at once to write the failure message", () => {
    const text = `
version: '2.0'
wf:
  tasks:
    a:
      action: std.fail
    b:
      action: std.fail
    c:
      action: std.async_noop
`;
    const driver = new ConductorDriver({ definitions: [text] });
    const id = driver.startExecution("wf");
    driver.run();
    const c = driver.tasksOf(id).find((task) => task.name === "c")!;
    driver.completeAction(driver.actionsOf(c.id)[0]!.id, { result: 1 });
    driver.run();
    const call = driver.calls[driver.calls.length - 1]!;
    const byName = (name: string) => driver.tasksOf(id).find((task) => task.name === name)!.id;
    const failed = [byName("a"), byName("b")];
    expect(call.results[0]).toEqual({
      kind: "needs",
      needs: [{ kind: "task-children", taskExecutionIds: failed }],
    });
    expect(driver.execution(id).stateInfo).toMatch(/^Failure caused by error in tasks: a, b\n/);
  });

  it("answers tasks() of this execution itself and asks the runtime for its sub-workflows' and for executions()", () => {
    const text = `
version: '2.0'
wf:
  tasks:
    t1:
      workflow: sub
      on-success: t2
    t2:
      action: std.noop
      publish:
        everything: <% tasks(execution().id, true).select([$.name, $.state]) %>
        mine: <% tasks(execution().id).select($.name) %>
        runs: <% executions(state => 'SUCCESS').len() %>
sub:
  tasks:
    s1:
      action: std.noop
`;
    const driver = new ConductorDriver({ definitions: [text] });
    const id = driver.startExecution("wf");
    driver.run();
    const child = driver.allExecutions().find((execution) => execution.workflowName === "sub")!;
    const needs = driver.calls.flatMap((call) =>
      call.results.flatMap((result) => (result.kind === "needs" ? result.needs : [])),
    );
    expect(needs).toContainEqual({
      kind: "tasks-query",
      key: `tasks:{"flat":false,"recursive":true,"state":null,"workflowExecutionId":"${child.id}"}`,
      query: { workflowExecutionId: child.id, recursive: true, state: null, flat: false },
    });
    expect(needs.some((need) => need.kind === "executions-query")).toBe(true);
    const published = driver.tasksOf(id)[1]!.published!;
    expect(published["mine"]).toEqual(["t1", "t2"]);
    expect(published["everything"]).toEqual([
      ["t1", "SUCCESS"],
      ["t2", "SUCCESS"],
      ["s1", "SUCCESS"],
    ]);
    expect(published["runs"]).toBe(1);
  });

  it("asks for the root execution's environment in a sub-workflow", () => {
    const text = `
version: '2.0'
wf:
  tasks:
    t1:
      workflow: sub
sub:
  output:
    where: <% env().region %>
  tasks:
    s1:
      action: std.noop
`;
    const driver = new ConductorDriver({ definitions: [text] });
    const id = driver.startExecution("wf", {}, { env: { region: "north" } });
    driver.run();
    const needs = driver.calls.flatMap((call) =>
      call.results.flatMap((result) => (result.kind === "needs" ? result.needs : [])),
    );
    expect(needs).toContainEqual({ kind: "root-environment", rootExecutionId: id });
    const child = driver.allExecutions().find((execution) => execution.workflowName === "sub")!;
    expect(child.output).toEqual({ where: "north" });
    expect(driver.execution(id).state).toBe("SUCCESS");
  });

  it("fails the start of an execution whose named environment does not exist", () => {
    const driver = new ConductorDriver({ definitions: [ECHO] });
    const id = driver.startExecution("wf", {}, { env: "nowhere" });
    driver.run();
    expect(driver.execution(id)).toMatchObject({
      state: "ERROR",
      stateInfo: "Environment is not found: nowhere",
    });
  });

  it("refuses a snapshot that lacks the task an event is about", () => {
    const snapshot: ConductorSnapshot = {
      execution: idleExecution({ state: "RUNNING" }),
      spec: spec(ECHO),
      taskExecutions: [],
    };
    const event = {
      type: "action-complete",
      actionExecutionId: "a-1",
      taskExecutionId: "t-1",
      state: "SUCCESS",
      output: { result: 1 },
    } as const;
    expect(() => conduct(snapshot, event, environment())).toThrow(
      expect.objectContaining({ code: "WF_ERR_SNAPSHOT" }) as Error,
    );
  });

  describe("reverse workflows", () => {
    const REVERSE = `
version: '2.0'
wf:
  type: reverse
  tasks:
    target:
      action: std.noop
      requires: [left, right]
    left:
      action: std.noop
    right:
      action: std.noop
    unrelated:
      action: std.noop
`;
    const noop = MISTRAL_STD_ACTIONS.find((action) => action.name === "std.noop")!;

    function reverseSnapshot(params: WorkflowExecutionRow["params"]): ConductorSnapshot {
      return {
        execution: idleExecution({ params, spec: { type: "reverse", name: "wf" } }),
        spec: spec(REVERSE),
        taskExecutions: [],
        actionDefinitions: { "std.noop": noop },
      };
    }

    it("starts every task the target needs that requires nothing, at once, and nothing else", () => {
      const result = conduct(reverseSnapshot({ task_name: "target" }), { type: "start" }, environment());
      expect(result.kind).toBe("decisions");
      if (result.kind !== "decisions") return;
      expect(result.decisions.execution).toMatchObject({ state: "RUNNING" });
      // Mistral's dispatcher sorts the commands [left, right] into reverse.
      expect(result.decisions.createTaskExecutions.map((task) => [task.name, task.state])).toEqual([
        ["right", "RUNNING"],
        ["left", "RUNNING"],
      ]);
      expect(result.decisions.jobs.map((job) => job.type)).toEqual(["run-action", "run-action"]);
    });

    it("fails at start, with Mistral's message, when params.task_name is missing", () => {
      const result = conduct(reverseSnapshot({}), { type: "start" }, environment());
      const message =
        "Invalid task name [wf_spec=ReverseWorkflowSpec {'type': 'reverse', 'name': 'wf'}, task_name=None]";
      expect(result).toMatchObject({
        kind: "decisions",
        decisions: {
          execution: { state: "ERROR", stateInfo: message, output: { result: message } },
          createTaskExecutions: [],
          jobs: [],
        },
      });
    });

    it("fails at start when the tasks the target requires form a cycle", () => {
      const parsed = parseWorkflows(`
version: '2.0'
wf:
  type: reverse
  tasks:
    target:
      action: std.noop
      requires: [a]
    a:
      action: std.noop
      requires: [b]
    b:
      action: std.noop
      requires: [a]
`);
      // The dsl reports the cycle; a snapshot may hold such a spec all the same.
      expect(parsed.issues.map((issue) => issue.code)).toEqual(["DSL_ERR_REQUIRES_CYCLE"]);
      const snapshot = { ...reverseSnapshot({ task_name: "target" }), spec: parsed.spec!.workflows[0]! };
      const result = conduct(snapshot, { type: "start" }, environment());
      expect(result).toMatchObject({
        kind: "decisions",
        decisions: {
          execution: { state: "ERROR", stateInfo: "The requires of workflow 'wf' form a cycle: a → b → a." },
          createTaskExecutions: [],
        },
      });
    });

    it("tells a sub-workflow's parent when its start fails", () => {
      const snapshot = reverseSnapshot({ task_name: "nope" });
      const child = { ...snapshot, execution: { ...snapshot.execution, taskExecutionId: "parent-task" } };
      const result = conduct(child, { type: "start" }, environment());
      expect(result).toMatchObject({
        kind: "decisions",
        decisions: {
          execution: { state: "ERROR" },
          jobs: [{ type: "subworkflow-complete", executionId: "ex-1", taskExecutionId: "parent-task" }],
        },
      });
    });
  });
});

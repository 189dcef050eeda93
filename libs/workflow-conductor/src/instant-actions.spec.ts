// Instant actions: results the environment computes at once are taken in by the call that
// scheduled the actions, so a chain of them is decided in one conduct() call, and within limits.
import { describe, expect, it } from "vitest";
import { MAX_INSTANT_ACTIONS_PER_CALL } from "./engine/execution-session.js";
import { ConductorDriver, stdFakeExecutor } from "./testing/index.js";

function chain(length: number): string {
  const tasks = Array.from({ length }, (_, i) =>
    [
      `    t${i}:`,
      `      action: std.echo output=${i}`,
      `      publish: { last: <% task().result %> }`,
      ...(i + 1 < length ? [`      on-success: t${i + 1}`] : []),
    ].join("\n"),
  );
  return `version: '2.0'\nwf:\n  output: { last: <% $.last %> }\n  tasks:\n${tasks.join("\n")}\n`;
}

function runJobs(driver: ConductorDriver): string[] {
  return driver
    .pendingJobs()
    .filter((job) => job.type === "run-action")
    .map((job) => ("actionExecutionId" in job ? job.actionExecutionId : ""));
}

describe("instant actions", () => {
  it("decide a chain of 20 tasks in the call that starts the execution", () => {
    const driver = new ConductorDriver({ definitions: [chain(20)], instantActions: true });
    const id = driver.startExecution("wf");
    driver.run();
    expect(driver.calls).toHaveLength(1);
    const execution = driver.execution(id);
    expect(execution.state).toBe("SUCCESS");
    expect(execution.output).toEqual({ last: 19 });
    const tasks = driver.tasksOf(id);
    expect(tasks.map((task) => task.name)).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`));
    for (const task of tasks) {
      expect(task.state).toBe("SUCCESS");
      expect(driver.actionsOf(task.id)).toMatchObject([{ state: "SUCCESS", accepted: true }]);
    }
  });

  it("take one event per result: each reads the clock, as separate transactions would", () => {
    const driver = new ConductorDriver({ definitions: [chain(3)], instantActions: true });
    const id = driver.startExecution("wf");
    driver.run();
    const finished = driver.tasksOf(id).map((task) => task.finishedAt?.toISOString());
    expect(finished).toEqual([
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:02.000Z",
      "2026-01-01T00:00:03.000Z",
    ]);
  });

  it("stop at the per-call limit: the remaining actions go to executors", () => {
    const count = MAX_INSTANT_ACTIONS_PER_CALL + 20;
    const text = `version: '2.0'
wf:
  tasks:
    many:
      with-items: i in <% range(${count}) %>
      action: std.echo output=<% $.i %>
`;
    const driver = new ConductorDriver({ definitions: [text], instantActions: true });
    const id = driver.startExecution("wf");
    driver.run(1);
    expect(runJobs(driver)).toHaveLength(20);
    const [task] = driver.tasksOf(id);
    const actions = driver.actionsOf(task!.id);
    expect(actions.filter((action) => action.state === "SUCCESS")).toHaveLength(MAX_INSTANT_ACTIONS_PER_CALL);
    expect(actions.filter((action) => action.state === "RUNNING")).toHaveLength(20);
    driver.run();
    expect(driver.execution(id).state).toBe("SUCCESS");
  });

  it("leave actions with a target, and actions the environment does not answer, to executors", () => {
    const text = `version: '2.0'
wf:
  tasks:
    targeted:
      action: std.echo output=1
      target: edge
    held:
      action: std.async_noop
    instant:
      action: std.noop
`;
    const driver = new ConductorDriver({
      definitions: [text],
      instantActions: true,
      executor: (request) => (request.taskName === "held" ? "hold" : stdFakeExecutor(request)),
    });
    const id = driver.startExecution("wf");
    driver.run(1);
    const byName = new Map(driver.tasksOf(id).map((task) => [task.name, task]));
    expect(byName.get("instant")?.state).toBe("SUCCESS");
    expect(byName.get("targeted")?.state).toBe("RUNNING");
    expect(byName.get("held")?.state).toBe("RUNNING");
    expect(runJobs(driver)).toHaveLength(2);
  });

  it("decide as executors' results would after a transition fails the workflow", () => {
    const text = `version: '2.0'
wf:
  tasks:
    first:
      action: std.noop
      on-success: [next_one, fail]
    next_one:
      action: std.echo output=2
      on-success: [third]
    third:
      action: std.noop
`;
    const outcome = (instantActions: boolean) => {
      const driver = new ConductorDriver({ definitions: [text], instantActions });
      const id = driver.startExecution("wf");
      driver.run();
      const tasks = driver.tasksOf(id).map((task) => ({
        name: task.name,
        state: task.state,
        actions: driver.actionsOf(task.id).map((action) => [action.state, action.accepted]),
      }));
      return { state: driver.execution(id).state, tasks, calls: driver.calls.length };
    };
    const instant = outcome(true);
    const queued = outcome(false);
    expect(instant.state).toBe("ERROR");
    expect(instant.calls).toBe(1);
    expect(queued.calls).toBeGreaterThan(1);
    expect(instant.tasks).toEqual(queued.tasks);
  });
});

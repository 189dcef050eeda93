// Task policies end to end, through the API, the engine, the executor and the scheduler of one
// process on SQLite: retry, wait-before, wait-after and timeout, their timers stored in the
// database; then timers that outlive every process and the queues (the service is closed while
// they wait and started again with a new queue prefix: the delayed jobs are gone, the rows are
// not, and the scheduler sends them again); then a failed task run again with PUT /v2/tasks/{id}.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { mistralCli } from "../support/mistral-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const WORKFLOWS = `version: '2.0'
policies_retry:
  tasks:
    flaky:
      action: std.fail error_data="still broken"
      retry: count=2 delay=1
      on-error: [handled]
    handled:
      action: std.echo output="handled"
policies_waits:
  tasks:
    waited:
      action: std.echo output="done"
      wait-before: 1
      wait-after: 1
      publish: { said: <% task().result %> }
  output: { said: <% $.said %> }
policies_timeout:
  tasks:
    stuck:
      action: std.async_noop
      timeout: 1
timers_across_restart:
  tasks:
    late_start:
      action: std.echo output="late"
      wait-before: 3
    gives_up:
      action: std.async_noop
      timeout: 3
      on-error: [after_timeout]
    after_timeout:
      action: std.noop
rerun_items:
  tasks:
    items:
      with-items: x in <% [1, 2, 3] %>
      action: std.javascript
      input:
        script: "if ($.fail) { throw new Error('item ' + $.x + ' failed'); } return $.x * 10;"
        context:
          x: <% $.x %>
          fail: <% env().fail and $.x = 2 %>
  output: { results: <% task(items).result %> }
rerun_me:
  tasks:
    needs_env:
      action: std.echo output=<% env().greeting %>
      publish: { said: <% task().result %> }
  output: { said: <% $.said %> }
`;

describe("task policies and durable timers", { timeout: 90_000 }, () => {
  let database: TestDatabase;
  let test: TestService | undefined;

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "task-policies");
    test = await startTestService(database.databaseUrl, { OPS_SCHEDULER_INTERVAL_MS: "200" });
    await test.client.defineWorkflows(WORKFLOWS);
  });

  afterAll(async () => {
    await test?.close();
    database?.drop();
  });

  const client = () => test!.client;

  it("retries a failing task after its delay, count times, then takes its on-error", async () => {
    const started = Date.now();
    const execution = await client().startExecution("policies_retry");
    const finished = await client().waitForExecution(execution.id);
    expect(finished.state).toBe("SUCCESS");
    // Two delays of a second each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const [flaky, handled] = await client().tasks(execution.id);
    expect(flaky).toMatchObject({ name: "flaky", state: "ERROR", state_info: "still broken" });
    expect(handled).toMatchObject({ name: "handled", state: "SUCCESS" });
    expect(await client().actionExecutions(flaky!.id)).toHaveLength(3);
    // The two results that stopped counting wait for nobody: the reconciler leaves them alone.
    const report = await test!.service.runtime.reconciler!.reconcile(0);
    expect(report).toMatchObject({ completed: 0, rerun: 0 });
  });

  it("waits before and after a task, and publishes its result", async () => {
    const started = Date.now();
    const execution = await client().startExecution("policies_waits");
    const finished = await client().waitForExecution(execution.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ said: "done" });
  });

  it("fails a task whose action overruns its timeout", async () => {
    const execution = await client().startExecution("policies_timeout");
    const finished = await client().waitForExecution(execution.id);
    expect(finished.state).toBe("ERROR");
    const [stuck] = await client().tasks(execution.id);
    expect(stuck).toMatchObject({ state: "ERROR", state_info: "Task timed out [timeout(s)=1]." });
  });

  it("fires timers that were waiting while every process was down and the queues were lost", async () => {
    const execution = await client().startExecution("timers_across_restart");
    const waiting = await client().tasks(execution.id);
    expect(waiting.map((task) => [task.name, task.state]).sort()).toEqual([
      ["gives_up", "RUNNING"],
      ["late_start", "DELAYED"],
    ]);
    await test!.close();
    test = undefined;
    // Both timers fall due while nothing runs.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    test = await startTestService(database.databaseUrl, { OPS_SCHEDULER_INTERVAL_MS: "200" });
    const finished = await client().waitForExecution(execution.id, 20_000);
    expect(finished.state).toBe("SUCCESS");
    const tasks = await client().tasks(execution.id);
    expect(tasks.map((task) => [task.name, task.state, task.state_info]).sort()).toEqual([
      ["after_timeout", "SUCCESS", null],
      ["gives_up", "ERROR", "Task timed out [timeout(s)=3]."],
      ["late_start", "SUCCESS", null],
    ]);
  });

  it("runs a failed task again on PUT /v2/tasks/{id}, with a new env", async () => {
    const execution = await client().startExecution("rerun_me", {}, { env: { unused: true } });
    const failed = await client().waitForExecution(execution.id);
    expect(failed.state).toBe("ERROR");
    const [task] = await client().tasks(execution.id);
    expect(task!.state).toBe("ERROR");
    const answer = await client().request<{ state: string }>("PUT", `/tasks/${task!.id}`, {
      state: "RUNNING",
      reset: true,
      env: JSON.stringify({ greeting: "hello again" }),
    });
    expect(["RUNNING", "SUCCESS"]).toContain(answer.state);
    const finished = await client().waitForExecution(execution.id);
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ said: "hello again" });
  });

  it("reruns only the failed item of a with-items task with the real `mistral task-rerun --resume`", async () => {
    const execution = await client().startExecution("rerun_items", {}, { env: { fail: true } });
    expect((await client().waitForExecution(execution.id)).state).toBe("ERROR");
    const [items] = await client().tasks(execution.id);
    expect(items!.state).toBe("ERROR");
    const cli = mistralCli(() => test!.apiUrl);
    const answer = await cli.json<{ ID: string; State: string }>(
      "task-rerun",
      items!.id,
      "--resume",
      "--env",
      '{"fail": false}',
    );
    expect(answer.ID).toBe(items!.id);
    const finished = await client().waitForExecution(execution.id);
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ results: [10, 20, 30] });
    // Only item 2 ran again: four action executions, the failed one no longer counting.
    const actions = await client().actionExecutions(items!.id);
    expect(actions.map((action) => action.state).sort()).toEqual(["ERROR", "SUCCESS", "SUCCESS", "SUCCESS"]);
  });
});

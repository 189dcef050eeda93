// With the engine role in the API's process, `POST /v2/executions` starts the execution in the
// request (as Mistral's API does through its engine), and the engine takes instant actions (std.echo
// without a delay, std.noop...) in its own transaction: a chain of them is done when the POST answers.
// An action that takes time still goes to the executor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const CHAIN_LENGTH = 20;

function chain(): string {
  const tasks = Array.from({ length: CHAIN_LENGTH }, (_, i) =>
    [
      `    step${i}:`,
      `      action: std.echo output=<% $.total + ${i} %>`,
      `      publish: { total: <% task().result %> }`,
      ...(i + 1 < CHAIN_LENGTH ? [`      on-success: [step${i + 1}]`] : []),
    ].join("\n"),
  );
  return [
    "version: '2.0'",
    "instant_chain:",
    "  vars: { total: 0 }",
    "  output: { total: <% $.total %> }",
    "  tasks:",
    ...tasks,
    "slow_echo:",
    "  tasks:",
    "    wait:",
    '      action: std.echo output="late" delay=<% 0.3 %>',
    "      publish: { said: <% task().result %> }",
    "  output: { said: <% $.said %> }",
    "",
  ].join("\n");
}

describe("instant actions and starts in the request", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService;

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "instant");
    test = await startTestService(database.databaseUrl);
    await test.client.defineWorkflows(chain());
  });

  afterAll(async () => {
    await test?.close();
    database?.drop();
  });

  it("answers the POST with a chain of 20 instant actions already done, every row written", async () => {
    const created = await test.client.startExecution("instant_chain");
    expect(created.state).toBe("SUCCESS");
    // 0 + 0, + 1, + 2, ... + 19
    expect(JSON.parse(created.output)).toEqual({ total: (CHAIN_LENGTH * (CHAIN_LENGTH - 1)) / 2 });
    const tasks = await test.client.tasks(created.id);
    // Written in one transaction, the rows share their created_at: compare them as a set.
    const names = tasks.map((task) => task.name).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    expect(names).toEqual(Array.from({ length: CHAIN_LENGTH }, (_, i) => `step${i}`));
    for (const task of tasks) {
      expect(task.state).toBe("SUCCESS");
      const actions = await test.client.actionExecutions(task.id);
      expect(actions.map((action) => [action.name, action.state])).toEqual([["std.echo", "SUCCESS"]]);
    }
  });

  it("sends an action with a delay to the executor: the POST answers RUNNING", async () => {
    const created = await test.client.startExecution("slow_echo");
    expect(created.state_info).toBeNull();
    expect(created.state).toBe("RUNNING");
    const finished = await test.client.waitForExecution(created.id);
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ said: "late" });
  });
});

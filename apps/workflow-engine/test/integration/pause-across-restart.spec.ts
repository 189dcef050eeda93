// A paused execution survives a restart of every process and the loss of its queues: the service is
// closed while the execution is PAUSED, started again with a new queue prefix (an empty Redis, as
// far as it can tell), and the execution resumes and finishes from where it stood.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const WORKFLOW = `version: '2.0'
paused_across_restart:
  tasks:
    first:
      action: std.echo output="one" delay=<% 0.5 %>
      publish: { first: <% task().result %> }
      on-success: [second]
    second:
      action: std.echo output="<% $.first %> two"
      publish: { second: <% task().result %> }
  output: { said: <% $.second %> }
`;

describe("a paused execution across a restart", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService | undefined;

  beforeAll(() => {
    database = createTestDatabase("sqlite", "pause-restart");
  });

  afterAll(async () => {
    await test?.close();
    database?.drop();
  });

  it("stays PAUSED while nothing runs, then resumes and finishes after the restart", async () => {
    test = await startTestService(database.databaseUrl);
    await test.client.defineWorkflows(WORKFLOW);
    const created = await test.client.startExecution("paused_across_restart");
    expect(created.state).toBe("RUNNING");
    const paused = await test.client.request<{ state: string }>("PUT", `/executions/${created.id}`, {
      state: "PAUSED",
    });
    expect(paused.state).toBe("PAUSED");
    // The running action finishes during the pause; what follows it waits for the resume.
    for (const deadline = Date.now() + 10_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const [first] = await test.client.tasks(created.id);
      if (first?.state === "SUCCESS") break;
      if (Date.now() > deadline) throw new Error("the first task never finished during the pause");
    }
    await test.close();

    test = await startTestService(database.databaseUrl);
    expect((await test.client.getExecution(created.id)).state).toBe("PAUSED");
    expect((await test.client.tasks(created.id)).map((task) => task.name)).toEqual(["first"]);
    const resumed = await test.client.request<{ state: string }>("PUT", `/executions/${created.id}`, {
      state: "RUNNING",
    });
    // The API waits a moment for the engine: the last task is instant, so it may be done already.
    expect(["RUNNING", "SUCCESS"]).toContain(resumed.state);
    const finished = await test.client.waitForExecution(created.id);
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ said: "one two" });
  });
});

// Reverse workflows end to end through the API, the engine and the executor: only what the target
// task (`params.task_name`) requires runs, requirements first, and the target sees their results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const WORKFLOW = `version: '2.0'
build_report:
  type: reverse
  output:
    # The final context is the target's: with another target there is no report.
    report: <% $.get(report) %>
  tasks:
    fetch:
      action: std.echo output="data" delay=<% 0.05 %>
      publish: { fetched: <% task().result %> }
    clean:
      action: std.echo output="clean <% $.fetched %>"
      requires: fetch
      publish: { cleaned: <% task().result %> }
    count:
      action: std.echo output=3
      requires: [fetch]
      publish: { counted: <% task().result %> }
    report:
      action: std.echo output="<% $.cleaned %> x<% $.counted %>"
      requires: [clean, count]
      publish: { report: <% task().result %> }
    unrelated:
      action: std.fail
`;

describe("reverse workflows", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService;

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "reverse");
    test = await startTestService(database.databaseUrl);
    await test.client.defineWorkflows(WORKFLOW);
  });

  afterAll(async () => {
    await test?.close();
    database?.drop();
  });

  it("runs what the target requires, requirements first, and nothing else", async () => {
    const created = await test.client.startExecution("build_report", {}, { task_name: "report" });
    const finished = await test.client.waitForExecution(created.id);
    expect(finished.state_info).toBeNull();
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ report: "clean data x3" });
    const tasks = await test.client.tasks(created.id);
    expect(tasks.map((task) => task.name).sort()).toEqual(["clean", "count", "fetch", "report"]);
    expect(tasks.every((task) => task.state === "SUCCESS")).toBe(true);
  });

  it("runs a requirement on its own when it is the target", async () => {
    const created = await test.client.startExecution("build_report", {}, { task_name: "count" });
    const finished = await test.client.waitForExecution(created.id);
    expect(finished.state_info).toBeNull();
    expect(finished.state).toBe("SUCCESS");
    const tasks = await test.client.tasks(created.id);
    expect(tasks.map((task) => task.name).sort()).toEqual(["count", "fetch"]);
    expect(JSON.parse(finished.output)).toEqual({ report: null });
  });

  it("fails the execution at start when the target is not a task of the workflow", async () => {
    const created = await test.client.startExecution("build_report", {}, { task_name: "nope" });
    const finished = await test.client.waitForExecution(created.id);
    expect(finished.state).toBe("ERROR");
    expect(finished.state_info).toContain("Invalid task name");
    expect(await test.client.tasks(created.id)).toEqual([]);
  });
});

// `target: NAME` sends a task's action only to the executor started with that name; untargeted
// tasks go to any executor.
import { pino } from "pino";
import { WorkflowRuntime } from "@ops/workflow-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const WORKFLOW = `
version: '2.0'
targeted:
  tasks:
    anywhere:
      action: std.echo output="any executor"
      on-success: [on_edge]
    on_edge:
      action: std.echo output="edge only"
      target: edge
      publish:
        where: <% task().result %>
  output:
    where: <% $.where %>
`;

describe("targeted executors", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService;
  let edge: WorkflowRuntime | undefined;

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "target");
    test = await startTestService(database.databaseUrl);
    await test.client.defineWorkflows(WORKFLOW);
  });

  afterAll(async () => {
    await edge?.close();
    await test?.close();
    database?.drop();
  });

  it("waits for the named executor and runs the task there once it starts", async () => {
    const { id } = await test.client.startExecution("targeted");
    // The default executor runs the first task; the targeted one waits in the `edge` queue.
    const deadline = Date.now() + 10_000;
    let tasks = await test.client.tasks(id);
    while (!tasks.some((task) => task.name === "on_edge") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      tasks = await test.client.tasks(id);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    tasks = await test.client.tasks(id);
    expect(Object.fromEntries(tasks.map((task) => [task.name, task.state]))).toEqual({
      anywhere: "SUCCESS",
      on_edge: "RUNNING",
    });
    expect((await test.client.getExecution(id)).state).toBe("RUNNING");

    edge = new WorkflowRuntime({
      store: test.service.store,
      queues: test.service.queues,
      logger: pino({ level: "warn" }),
      engine: false,
      executor: true,
      executorName: "edge",
    });
    await edge.start();
    const execution = await test.client.waitForExecution(id);
    expect(execution.state).toBe("SUCCESS");
    expect(JSON.parse(execution.output)).toEqual({ where: "edge only" });
  });
});

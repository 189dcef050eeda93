// Work the database shows in flight with no job for it is found and sent again: here an execution
// committed IDLE whose start-execution job never reached Redis (a crash between commit and enqueue).
import { ALL_PROJECTS } from "@ops/workflow-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

describe("the reconciler", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService;

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "reconcile");
    test = await startTestService(database.databaseUrl, {
      OPS_RECONCILE_INTERVAL_MS: "200",
      OPS_RECONCILE_STALE_SECONDS: "1",
    });
    await test.client.defineWorkflows(
      "version: '2.0'\nlonely:\n  tasks:\n    one:\n      action: std.noop\n",
    );
  });

  afterAll(async () => {
    await test?.close();
    database?.drop();
  });

  it("starts an IDLE execution whose start job was lost", async () => {
    const { store } = test.service;
    const workflow = await store.workflowDefinitions.resolve(ALL_PROJECTS, "lonely");
    // Written as the API writes it, but without enqueueing start-execution.
    const row = await store.workflowExecutions.create({
      name: "lonely",
      workflowName: "lonely",
      workflowId: workflow!.id,
      spec: workflow!.spec,
      state: "IDLE",
      projectId: "<default-project>",
      input: {},
      params: { env: {}, namespace: "" },
      output: {},
      context: {},
      runtimeContext: {},
    });
    const execution = await test.client.waitForExecution(row.id, 20_000);
    expect(execution.state).toBe("SUCCESS");
  });

  it("sends action-complete again for a finished action the engine never took", async () => {
    const { id } = await test.client.startExecution("lonely");
    await test.client.waitForExecution(id);
    const { store } = test.service;
    const [task] = await test.client.tasks(id);
    const [action] = await test.client.actionExecutions(task!.id);
    // The engine's view of that action is reset as if its action-complete job had been lost; the
    // engine takes it again and, the task being done already, changes nothing else.
    await store.actionExecutions.update(ALL_PROJECTS, action!.id, { accepted: false });
    const deadline = Date.now() + 15_000;
    let accepted = false;
    while (!accepted && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      accepted = (await store.actionExecutions.get(ALL_PROJECTS, action!.id)).accepted;
    }
    expect(accepted).toBe(true);
    expect((await test.client.getExecution(id)).state).toBe("SUCCESS");
    expect(await test.client.tasks(id)).toHaveLength(1);
  });
});

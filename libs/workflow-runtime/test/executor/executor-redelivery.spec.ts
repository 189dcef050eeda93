// An action whose executor died while running it (its heartbeat went stale) is delivered again:
// as in Mistral, it runs again only when its task said `safe-rerun`; otherwise it fails with
// Mistral's message. A first delivery, and a delivery while another executor's heartbeat is
// fresh, behave as before. Real SQLite store, real Redis queues.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_PROJECTS, openWorkflowStore, upgradeDatabase, type WorkflowStore } from "@ops/workflow-store";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stdActions } from "../../src/actions/index.js";
import { ExecutorService } from "../../src/executor/executor-service.js";
import { WorkflowQueues } from "../../src/queues/workflow-queues-client.js";

const HEARTBEAT_MS = 1000;

describe("an action delivered again after its executor died", () => {
  let folder: string;
  let store: WorkflowStore;
  let queues: WorkflowQueues;
  let executor: ExecutorService;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "redelivery-"));
    const databaseUrl = `file:${join(folder, "store.sqlite")}`;
    await upgradeDatabase({ databaseUrl });
    store = await openWorkflowStore({ databaseUrl });
    queues = new WorkflowQueues({
      redisUrl: "redis://127.0.0.1:6379",
      prefix: `test-redelivery-${randomBytes(4).toString("hex")}`,
    });
    executor = new ExecutorService({
      store,
      queues,
      actions: stdActions,
      logger: pino({ level: "silent" }),
      heartbeatIntervalMs: HEARTBEAT_MS,
    });
  });

  afterAll(async () => {
    executor?.close();
    await queues?.close();
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** A RUNNING action execution of a task, with the heartbeat it was left with. */
  async function action(safeRerun: boolean, lastHeartbeat: Date | null) {
    const execution = await store.workflowExecutions.create({
      name: "wf",
      state: "RUNNING",
      projectId: "p1",
    });
    const task = await store.taskExecutions.create({
      name: "t1",
      workflowExecutionId: execution.id,
      state: "RUNNING",
      projectId: "p1",
    });
    return store.actionExecutions.create({
      name: "std.echo",
      taskExecutionId: task.id,
      state: "RUNNING",
      spec: {
        action: "std.echo",
        input: { output: "ran" },
        target: null,
        timeout: null,
        safeRerun,
        index: 0,
        outputTransforms: [],
      },
      runtimeContext: { index: 0, safe_rerun: safeRerun },
      input: { output: "ran" },
      lastHeartbeat,
      projectId: "p1",
    });
  }

  const stale = () => new Date(Date.now() - 10 * HEARTBEAT_MS);

  it("fails it when it is not safe to rerun", async () => {
    const row = await action(false, stale());
    await executor.run(row.id);
    const after = await store.actionExecutions.get(ALL_PROJECTS, row.id);
    expect(after.state).toBe("ERROR");
    expect(after.output).toEqual({
      result: expect.stringMatching(
        /^Request to run an action was redelivered, but it cannot be re-run safely\. The only safe thing to do is fail it \[action=<mistral\.actions\.std_actions\.EchoAction object at 0x[0-9a-f]+>\]\.$/,
      ),
    });
  });

  it("runs it again when the task is safe to rerun", async () => {
    const row = await action(true, stale());
    await executor.run(row.id);
    expect(await store.actionExecutions.get(ALL_PROJECTS, row.id)).toMatchObject({
      state: "SUCCESS",
      output: { result: "ran" },
    });
  });

  it("runs a first delivery, and leaves one another executor is running", async () => {
    const first = await action(false, null);
    await executor.run(first.id);
    expect((await store.actionExecutions.get(ALL_PROJECTS, first.id)).state).toBe("SUCCESS");
    const running = await action(false, new Date());
    await executor.run(running.id);
    expect((await store.actionExecutions.get(ALL_PROJECTS, running.id)).state).toBe("RUNNING");
  });
});

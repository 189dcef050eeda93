// The expiration policy on a real SQLite store: finished root executions go by age and by count,
// with their tasks and subworkflows; running executions, subworkflows on their own and ignored
// states stay.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ALL_PROJECTS,
  openWorkflowStore,
  upgradeDatabase,
  type ExecutionState,
  type WorkflowStore,
} from "@ops/workflow-store";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ExecutionExpiration,
  type ExecutionExpirationSettings,
} from "../../src/scheduler/execution-expiration.js";

const NOW = new Date("2026-11-22T12:00:00.000Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe("execution expiration", () => {
  let folder: string;
  let store: WorkflowStore;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "expiration-"));
    const databaseUrl = `file:${join(folder, "store.sqlite")}`;
    await upgradeDatabase({ databaseUrl });
    store = await openWorkflowStore({ databaseUrl });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const all = await store.workflowExecutions.list(ALL_PROJECTS, { limit: 1000 });
    await store.workflowExecutions.deleteMany(all.map((row) => row.id));
  });

  /** A root execution changed `age` minutes ago, with one task; answers its id and its task's. */
  async function execution(name: string, state: ExecutionState, age: number, parentTask?: string) {
    const row = await store.workflowExecutions.create({
      name,
      state,
      projectId: "p1",
      createdAt: minutesAgo(age + 1),
      updatedAt: minutesAgo(age),
      ...(parentTask === undefined ? {} : { taskExecutionId: parentTask }),
    });
    const task = await store.taskExecutions.create({
      name: "t1",
      workflowExecutionId: row.id,
      state: "SUCCESS",
      projectId: "p1",
    });
    return { id: row.id, task: task.id };
  }

  const names = async () =>
    (await store.workflowExecutions.list(ALL_PROJECTS, { limit: 1000 })).map((row) => row.name).sort();

  const policy = (settings: Partial<ExecutionExpirationSettings>) =>
    new ExecutionExpiration({
      store,
      logger: pino({ level: "silent" }),
      now: () => NOW,
      olderThanMinutes: 0,
      maxFinishedExecutions: 0,
      batchSize: 2,
      ignoredStates: [],
      ...settings,
    });

  it("deletes finished root executions unchanged for longer than the age, with their tasks and subworkflows", async () => {
    const old = await execution("old-success", "SUCCESS", 120);
    const child = await execution("old-child", "SUCCESS", 120, old.task);
    await execution("old-error", "ERROR", 90);
    await execution("old-cancelled", "CANCELLED", 61);
    await execution("old-running", "RUNNING", 500);
    await execution("recent-success", "SUCCESS", 30);
    // A subworkflow is deleted with its parent, never on its own.
    const parent = await execution("recent-parent", "RUNNING", 1);
    await execution("old-orphan-child", "SUCCESS", 300, parent.task);

    expect(await policy({ olderThanMinutes: 60 }).run()).toBe(3);
    expect(await names()).toEqual(["old-orphan-child", "old-running", "recent-parent", "recent-success"]);
    expect(await store.taskExecutions.find(ALL_PROJECTS, old.task)).toBeNull();
    expect(await store.workflowExecutions.find(ALL_PROJECTS, child.id)).toBeNull();
  });

  it("keeps only the most recently changed finished executions, and never the ignored states", async () => {
    for (const [index, state] of (["SUCCESS", "ERROR", "SUCCESS", "ERROR", "SUCCESS"] as const).entries()) {
      await execution(`finished-${index}`, state, 10 * (index + 1));
    }
    await execution("running", "RUNNING", 1000);
    expect(await policy({ maxFinishedExecutions: 2, ignoredStates: ["ERROR"] }).run()).toBe(1);
    // SUCCESS executions, newest first: finished-0, finished-2 kept; finished-4 deleted.
    expect(await names()).toEqual(["finished-0", "finished-1", "finished-2", "finished-3", "running"]);
    expect(await policy({ maxFinishedExecutions: 2 }).run()).toBe(2);
    expect(await names()).toEqual(["finished-0", "finished-1", "running"]);
  });
});

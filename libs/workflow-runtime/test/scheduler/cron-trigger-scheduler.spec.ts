// The scheduler's cron triggers on a real SQLite store, with a clock the test moves: each due tick
// fires once, `next_execution_time` and `remaining_executions` move exactly as Mistral moves them,
// the last tick deletes the trigger, and two schedulers never fire one tick twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pyJsonLoads } from "@ops/dsl";
import {
  ALL_PROJECTS,
  openWorkflowStore,
  upgradeDatabase,
  type CronTriggerRow,
  type WorkflowStore,
} from "@ops/workflow-store";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StartOutcome, WorkflowCommands } from "../../src/queues/workflow-commands.js";
import { CronTriggerScheduler } from "../../src/scheduler/cron-trigger-scheduler.js";

const PROJECT = "p-cron";
const T0 = new Date("2026-11-22T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

class RecordedStarts implements WorkflowCommands {
  readonly started: string[] = [];
  async startExecution(executionId: string): Promise<StartOutcome> {
    this.started.push(executionId);
    return "queued";
  }
  async controlExecution(): Promise<void> {}
  async completeAction(): Promise<void> {}
  async runAction(): Promise<void> {}
  async rerunTask(): Promise<void> {}
}

describe("cron trigger scheduler", () => {
  let folder: string;
  let store: WorkflowStore;
  let workflowId: string;
  let now: Date;
  let commands: RecordedStarts;

  const scheduler = () =>
    new CronTriggerScheduler({ store, commands, logger: pino({ level: "silent" }), now: () => now });

  const trigger = (name: string): Promise<CronTriggerRow | null> =>
    store.cronTriggers.find(ALL_PROJECTS, name);

  const executions = () =>
    store.workflowExecutions.list(ALL_PROJECTS, { filters: { workflow_name: "nightly" }, limit: 1000 });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "cron-scheduler-"));
    const databaseUrl = `file:${join(folder, "store.sqlite")}`;
    await upgradeDatabase({ databaseUrl });
    store = await openWorkflowStore({ databaseUrl });
    const workflow = await store.workflowDefinitions.create({
      name: "nightly",
      namespace: "ops",
      definition: "version: '2.0'\nnightly:\n  input: [region]\n  tasks:\n    t: {action: std.noop}\n",
      spec: { name: "nightly", version: "2.0", input: ["region"], tasks: { t: { action: "std.noop" } } },
      tags: ["backup"],
      projectId: PROJECT,
    });
    workflowId = workflow.id;
  });

  afterAll(async () => {
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(async () => {
    commands = new RecordedStarts();
    for (const row of await executions()) await store.workflowExecutions.delete(ALL_PROJECTS, row.id);
  });

  const createTrigger = (name: string, values: Partial<CronTriggerRow>) =>
    store.cronTriggers.create({
      name,
      pattern: "* * * * * *",
      nextExecutionTime: T0,
      workflowName: "nightly",
      workflowId,
      workflowInput: { region: "north" },
      workflowParams: { env: { tier: "gold" } },
      remainingExecutions: 3,
      projectId: PROJECT,
      ...values,
    });

  it("fires each due tick once, moves next_execution_time and remaining_executions, and deletes the trigger at its last tick", async () => {
    const created = await createTrigger("every-second", {});
    const one = scheduler();

    now = at(-0.5);
    expect(await one.runDue()).toBe(0);

    now = at(0);
    expect(await one.runDue()).toBe(1);
    expect(await one.runDue()).toBe(0);
    expect(await trigger("every-second")).toMatchObject({ nextExecutionTime: at(1), remainingExecutions: 2 });

    // A scheduler that lagged fires once, and the next tick is the first after now (Mistral).
    now = at(5.2);
    expect(await one.runDue()).toBe(1);
    expect(await trigger("every-second")).toMatchObject({ nextExecutionTime: at(6), remainingExecutions: 1 });

    now = at(6);
    expect(await one.runDue()).toBe(1);
    expect(await trigger("every-second")).toBeNull();

    const rows = await executions();
    expect(rows).toHaveLength(3);
    expect(commands.started.sort()).toEqual(rows.map((row) => row.id).sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        state: "IDLE",
        workflowId,
        workflowNamespace: "ops",
        input: { region: "north" },
        params: { env: { tier: "gold" }, namespace: "ops" },
        tags: ["backup"],
        projectId: PROJECT,
      });
      expect(pyJsonLoads(row.description ?? "")).toEqual({
        description: `Workflow execution created by cron trigger '(${created.id})'.`,
        triggered_by: { type: "cron_trigger", id: created.id, name: "every-second" },
      });
    }
  });

  it("keeps a trigger without a limit going, one tick per pass", async () => {
    // croniter syntax: the seconds come last.
    await createTrigger("unlimited", { remainingExecutions: null, pattern: "* * * * * */10" });
    const one = scheduler();
    for (const seconds of [0, 10, 20, 30]) {
      now = at(seconds);
      expect(await one.runDue()).toBe(1);
    }
    expect(await trigger("unlimited")).toMatchObject({
      nextExecutionTime: at(40),
      remainingExecutions: null,
    });
    expect(await executions()).toHaveLength(4);
    await store.cronTriggers.delete(ALL_PROJECTS, "unlimited");
  });

  it("never fires a tick twice when several schedulers run at once", async () => {
    const ticks = 20;
    await createTrigger("contended", { remainingExecutions: ticks });
    const schedulers = [scheduler(), scheduler(), scheduler()];
    for (let tick = 0; tick < ticks; tick++) {
      now = at(tick);
      const fired = await Promise.all(schedulers.map((s) => s.runDue()));
      expect(
        fired.reduce((sum, n) => sum + n, 0),
        `tick ${tick}`,
      ).toBe(1);
    }
    expect(await trigger("contended")).toBeNull();
    expect(await executions()).toHaveLength(ticks);
  });
});

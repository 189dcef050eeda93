// Three scheduler processes on one PostgreSQL database fire a per-second cron trigger with a limit
// of 100: exactly 100 executions, however the schedulers race, even when one of them is killed
// with SIGKILL in the middle. Their clocks run 20 times faster than real time (all from one
// epoch), so the 100 ticks take about five seconds; a fourth process runs the executions.
import { randomBytes } from "node:crypto";
import { ALL_PROJECTS, openWorkflowStore, type WorkflowStore } from "@ops/workflow-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MistralClient } from "../support/mistral-client.js";
import { deleteQueueKeys } from "../support/queue-keys.js";
import { ServiceProcessGroup, type ServiceProcess } from "../support/service-processes.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const TICKS = 100;
const CLOCK_RATE = 20;
/** The scheduler killed once the schedulers together have fired this many ticks. */
const KILL_AFTER_TICKS = 30;

const WORKFLOW = `version: '2.0'
every_tick:
  input: [source]
  tasks:
    note:
      action: std.echo output=<% $.source %>
`;

describe("cron triggers with three schedulers", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let store: WorkflowStore;
  let client: MistralClient;
  const group = new ServiceProcessGroup();
  const queuePrefix = `test-cron-${randomBytes(4).toString("hex")}`;
  const schedulers: ServiceProcess[] = [];

  beforeAll(async () => {
    database = createTestDatabase("postgresql", "cron");
    const env = { DATABASE_URL: database.databaseUrl, OPS_QUEUE_PREFIX: queuePrefix, OPS_LOG_LEVEL: "info" };
    // An execution committed by the killed scheduler may have lost its start: the runner's
    // reconciler starts IDLE executions after two seconds.
    const api = await group.startApi({
      name: "runner",
      roles: "api,engine,executor",
      env: { ...env, OPS_RECONCILE_INTERVAL_MS: "500", OPS_RECONCILE_STALE_SECONDS: "2" },
    });
    client = new MistralClient(api.apiUrl);
    await client.defineWorkflows(WORKFLOW);
    store = await openWorkflowStore({ databaseUrl: database.databaseUrl });
    const epoch = Date.now();
    const schedulerEnv = {
      ...env,
      OPS_DB_AUTO_UPGRADE: "false",
      OPS_SCHEDULER_CLOCK_RATE: String(CLOCK_RATE),
      OPS_SCHEDULER_CLOCK_EPOCH_MS: String(epoch),
      OPS_SCHEDULER_INTERVAL_MS: "10",
    };
    for (const name of ["scheduler-a", "scheduler-b", "scheduler-c"]) {
      schedulers.push(group.start({ name, roles: "scheduler", env: schedulerEnv }));
    }
    await Promise.all(schedulers.map((scheduler) => scheduler.ready(60_000)));
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await group.stopAll();
    database?.drop();
    deleteQueueKeys(queuePrefix);
  }, 30_000);

  it("fires 100 ticks exactly once each, one scheduler killed half-way", async ({ onTestFailed }) => {
    onTestFailed(() => console.error(group.diagnostics(40)));
    const workflow = await store.workflowDefinitions.get(ALL_PROJECTS, "every_tick");
    // Kill, from the log listener itself, the scheduler that fires the KILL_AFTER_TICKS-th tick.
    let fired = 0;
    let killed: ServiceProcess | undefined;
    const removers = schedulers.map((scheduler) =>
      scheduler.onLog((record) => {
        if (record.msg !== "cron trigger fired") return;
        fired += 1;
        if (fired === KILL_AFTER_TICKS && killed === undefined) {
          scheduler.child.kill("SIGKILL");
          killed = scheduler;
        }
      }),
    );
    const trigger = await store.cronTriggers.create({
      name: "every-second",
      // croniter syntax (Mistral's): six fields, the seconds last.
      pattern: "* * * * * *",
      nextExecutionTime: new Date(Math.ceil(Date.now() / 1000) * 1000),
      workflowName: workflow.name,
      workflowId: workflow.id,
      workflowInput: { source: "cron" },
      workflowParams: {},
      remainingExecutions: TICKS,
      projectId: workflow.projectId,
    });

    const deadline = Date.now() + 60_000;
    while ((await store.cronTriggers.find(ALL_PROJECTS, trigger.id)) !== null) {
      if (Date.now() > deadline) throw new Error(`the trigger is still there after ${fired} ticks`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    removers.forEach((remove) => remove());

    expect(killed, "no scheduler was killed").toBeDefined();
    expect(await killed!.exited).toEqual({ code: null, signal: "SIGKILL" });
    const survivors = schedulers.filter((scheduler) => scheduler !== killed);
    for (const survivor of survivors) expect(survivor.exit).toBeNull();
    // The survivors went on after the kill.
    const firedBy = (scheduler: ServiceProcess) =>
      scheduler.logs.filter((record) => record.msg === "cron trigger fired").length;
    expect(survivors.reduce((sum, survivor) => sum + firedBy(survivor), 0)).toBeGreaterThan(0);

    const executions = await store.workflowExecutions.list(ALL_PROJECTS, {
      filters: { workflow_name: "every_tick" },
      limit: 1000,
    });
    expect(executions).toHaveLength(TICKS);
    for (const execution of executions) {
      expect(execution.description).toContain(`created by cron trigger '(${trigger.id})'`);
      expect(execution.input).toEqual({ source: "cron" });
    }
    // Every execution runs to the end (one whose start died with the killed scheduler too).
    const unfinished = async () =>
      (
        await store.workflowExecutions.list(ALL_PROJECTS, {
          filters: { workflow_name: "every_tick", state: "neq:SUCCESS" },
          limit: 1000,
        })
      ).length;
    const finishBy = Date.now() + 30_000;
    while ((await unfinished()) > 0 && Date.now() < finishBy) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await unfinished()).toBe(0);
  });
});

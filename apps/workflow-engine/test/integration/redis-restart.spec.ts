// Redis dies in the middle of an execution and comes back empty; the execution still completes
// (docs/workflow-service.md: "losing Redis loses nothing"). The service runs in this process, every
// role, on SQLite and on a Redis server of the test's own. The workflow's with-items task has more
// items than the executor has slots (OPS_EXECUTOR_CONCURRENCY=2), so when Redis is killed some items
// are done, two are running and the rest wait in Redis as run-action jobs. The restart loses those
// jobs: only the reconciler, which finds their action executions RUNNING with no job, can send them
// again. The running ones finish meanwhile, their results go to the database, and the engine hears
// of them when ioredis has reconnected (or from the reconciler, if the result was stored but its
// action-complete job lost). A second execution waits on timers (wait-before, a retry's delay) when
// Redis dies: their delayed jobs die with it, and the scheduler sends them again from the database.
//
// What is guaranteed, and asserted: the execution and every task succeed; every task has exactly
// the action executions it should (one, or one per item), each SUCCESS; each action ran at least
// once; and an action ran twice only if it was running when Redis died (its job vanished under the
// executor, so the reconciler may take it for lost once its row is stale — the executor's write
// `only while RUNNING` then keeps the first result, and the task still has one action execution).
import { randomBytes } from "node:crypto";
import { loadServiceConfig } from "@ops/workflow-runtime";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkflowService, type RunningWorkflowService } from "../../src/workflow-service.js";
import {
  fixture,
  MistralClient,
  type ActionExecutionView,
  type TaskView,
} from "../support/mistral-client.js";
import { RedisServer } from "../support/redis-server.js";
import type { LogRecord } from "../support/service-processes.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];
/** How long Redis stays away. */
const OUTAGE_MS = 1500;

/** A task held by wait-before, and one whose retry waits: both timers fall due while Redis is away. */
const TIMER_WORKFLOW = `version: '2.0'
redis_timer_flow:
  tasks:
    held:
      action: std.echo output="held"
      wait-before: 2
    retried:
      action: std.fail error_data="once more"
      retry: count=1 delay=2
      on-error: [after_retries]
    after_retries:
      action: std.noop
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Redis restarted empty in the middle of an execution", () => {
  let database: TestDatabase;
  let redis: RedisServer;
  let service: RunningWorkflowService | undefined;
  let client: MistralClient;
  const logs: LogRecord[] = [];

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "redis-restart");
    redis = await RedisServer.start();
    const config = loadServiceConfig({
      env: {
        DATABASE_URL: database.databaseUrl,
        OPS_REDIS_URL: redis.url,
        OPS_QUEUE_PREFIX: `test-redis-${randomBytes(4).toString("hex")}`,
        OPS_API_PORT: "0",
        OPS_LOG_LEVEL: "info",
        OPS_EXECUTOR_CONCURRENCY: "2",
        OPS_RECONCILE_INTERVAL_MS: "500",
        OPS_RECONCILE_STALE_SECONDS: "2",
        // Every step goes through the executor, whose log counts the runs of each action.
        OPS_INSTANT_ACTIONS: "false",
      },
    });
    // The service's log lines, kept: "action started" counts the runs of each action.
    const logger = pino(
      { level: config.logLevel },
      {
        write(line: string) {
          try {
            logs.push(JSON.parse(line) as LogRecord);
          } catch {
            // Not a log line.
          }
        },
      },
    );
    service = await startWorkflowService(config, logger);
    client = new MistralClient(service.apiUrl!);
    await client.defineWorkflows(fixture("redis-restart.yaml"));
    await client.defineWorkflows(TIMER_WORKFLOW);
  }, 60_000);

  afterAll(async () => {
    // Closing waits for Redis: make sure it is there.
    if (redis !== undefined && !redis.running) await redis.restart().catch(() => undefined);
    await service?.close();
    await redis?.stop();
    database?.drop();
  }, 30_000);

  it("completes the execution, each task's action run once unless it was running when Redis died", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => {
      const tail = logs.slice(-80).map((record) => JSON.stringify(record));
      console.error(
        ["--- service log (last 80 lines):", ...tail, "--- redis-server:", redis.output()].join("\n"),
      );
    });
    const started = Date.now();
    const created = await client.startExecution("redis_restart_flow", { names: NAMES });

    // Wait until the with-items task has two items done (the others are running or waiting).
    let fanOut: TaskView | undefined;
    let itemsBefore: ActionExecutionView[] = [];
    for (const deadline = Date.now() + 20_000; ; await sleep(25)) {
      if (Date.now() > deadline) throw new Error("the with-items task never got two items done");
      fanOut ??= (await client.tasks(created.id)).find((task) => task.name === "fan_out");
      if (fanOut === undefined) continue;
      itemsBefore = await client.actionExecutions(fanOut.id);
      if (itemsBefore.filter((action) => action.state === "SUCCESS").length >= 2) break;
    }
    await redis.kill();
    const killedAt = Date.now();
    expect(itemsBefore.filter((action) => action.state === "RUNNING").length).toBeGreaterThan(0);

    // The API still answers from the database while Redis is away.
    expect((await client.getExecution(created.id)).state).toBe("RUNNING");
    await sleep(OUTAGE_MS);
    await redis.restart();
    const restartedAt = Date.now();

    const finished = await client.waitForExecution(created.id, 45_000);
    expect(finished.state_info).toBeNull();
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ fanned: NAMES, summary: "8 items" });

    // Every task once, SUCCESS, with its action executions (one per item for fan_out), SUCCESS.
    const tasks = await client.tasks(created.id);
    expect(tasks.map((task) => task.name).sort()).toEqual(["fan_out", "finish", "prepare", "settle"]);
    expect(tasks.every((task) => task.state === "SUCCESS")).toBe(true);
    const actionsOf = new Map<string, ActionExecutionView[]>();
    for (const task of tasks) actionsOf.set(task.name, await client.actionExecutions(task.id));
    for (const [name, actions] of actionsOf) {
      expect(
        actions.map((action) => action.state),
        name,
      ).toEqual(Array.from({ length: name === "fan_out" ? NAMES.length : 1 }, () => "SUCCESS"));
    }

    // Runs of each action execution, from the executor's "action started" lines.
    const runs = new Map<string, number>();
    for (const record of logs) {
      if (record.msg === "action started") {
        const id = String(record.actionExecutionId);
        runs.set(id, (runs.get(id) ?? 0) + 1);
      }
    }
    const startedBeforeKill = new Set(
      logs
        .filter((record) => record.msg === "action started" && record.time <= killedAt)
        .map((record) => String(record.actionExecutionId)),
    );
    const finishedBeforeKill = new Set(
      logs
        .filter((record) => record.msg === "action succeeded" && record.time <= killedAt)
        .map((record) => String(record.actionExecutionId)),
    );
    const allActions = [...actionsOf.values()].flat();
    for (const action of allActions) {
      const count = runs.get(action.id) ?? 0;
      expect(count, `runs of ${action.task_name} ${action.id}`).toBeGreaterThanOrEqual(1);
      if (count > 1) {
        // Only an action running when Redis died may have been sent again.
        expect(startedBeforeKill.has(action.id) && !finishedBeforeKill.has(action.id), action.id).toBe(true);
      }
    }
    expect([...runs.keys()].sort()).toEqual(allActions.map((action) => action.id).sort());

    // The items waiting in Redis were lost with it; the reconciler sent them again.
    const resent = logs.filter(
      (record) => record.msg === "reconciler re-sent jobs" && record.time >= killedAt,
    );
    expect(resent.reduce((sum, record) => sum + Number(record.rerun ?? 0), 0)).toBeGreaterThan(0);

    const twice = allActions.filter((action) => (runs.get(action.id) ?? 0) > 1).length;
    console.info(
      `redis restart: Redis killed ${killedAt - started} ms after the start with ` +
        `${itemsBefore.filter((a) => a.state === "SUCCESS").length} items done and ` +
        `${itemsBefore.filter((a) => a.state === "RUNNING").length} not; back ${restartedAt - killedAt} ms later; ` +
        `the execution finished ${Date.now() - restartedAt} ms after the restart; ` +
        `reconciler passes that re-sent jobs: ${JSON.stringify(resent.map(({ started: s, rerun, completed }) => ({ started: s, rerun, completed })))}; ` +
        `actions run twice: ${twice}; warnings logged: ` +
        JSON.stringify(
          Object.fromEntries(
            [...new Set(logs.filter((r) => r.level >= 40).map((r) => String(r.msg)))].map((msg) => [
              msg,
              logs.filter((r) => r.level >= 40 && r.msg === msg).length,
            ]),
          ),
        ),
    );
  }, 90_000);

  it("fires the timers that fell due while Redis was away (their delayed jobs died with it)", async () => {
    const created = await client.startExecution("redis_timer_flow");
    for (const deadline = Date.now() + 10_000; ; await sleep(25)) {
      if (Date.now() > deadline) throw new Error("the tasks never waited on their timers");
      const tasks = await client.tasks(created.id);
      if (tasks.length === 2 && tasks.every((task) => task.state === "DELAYED")) break;
    }
    await redis.kill();
    await sleep(3000);
    await redis.restart();
    const finished = await client.waitForExecution(created.id, 30_000);
    expect(finished.state).toBe("SUCCESS");
    const tasks = await client.tasks(created.id);
    expect(tasks.map((task) => [task.name, task.state]).sort()).toEqual([
      ["after_retries", "SUCCESS"],
      ["held", "SUCCESS"],
      ["retried", "ERROR"],
    ]);
    const retried = tasks.find((task) => task.name === "retried")!;
    expect(await client.actionExecutions(retried.id)).toHaveLength(2);
    const resent = logs.filter((record) => record.msg === "overdue timers sent to the engine again");
    expect(resent.reduce((sum, record) => sum + Number(record.timers ?? 0), 0)).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

// An engine process dies (SIGKILL) in the middle of an execution and the other engine finishes it,
// every task run exactly once (docs/workflow-service.md: "One writer", the reconciler; invariant 4:
// a dead worker's job comes back). Real processes on PostgreSQL: one api, engines A and B, one
// executor, each a `main.ts --server <role>`, on a 30-task chain of std.echo and std.sleep steps.
// The engine killed is the one holding the execution: the one that has just handled a job of it,
// killed from the handler of its "engine job handled" debug line (written after the commit, before
// the jobs the decision calls for are enqueued). Depending on how soon this process reads that line,
// the kill lands right after the job (the next action result goes to the other engine), between the
// commit and the enqueue (the reconciler re-sends the run-action, OPS_RECONCILE_STALE_SECONDS), or
// during the next job (it stays active under the dead worker's lock until OPS_JOB_LOCK_MS runs out,
// then the other engine takes it over). Every path must end the same way.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, MistralClient } from "../support/mistral-client.js";
import { deleteQueueKeys } from "../support/queue-keys.js";
import { ServiceProcessGroup, type LogRecord, type ServiceProcess } from "../support/service-processes.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const TASKS = Array.from({ length: 30 }, (_, i) => `t${String(i + 1).padStart(2, "0")}`);
/** The engine handling the result of this task's action is killed. */
const KILL_AFTER_COMPLETIONS = 10;

function isEngineJob(record: LogRecord, executionId: string | null): boolean {
  return record.msg === "engine job handled" && record.executionId === executionId;
}

describe("crash recovery: an engine killed mid-execution", () => {
  let database: TestDatabase;
  const group = new ServiceProcessGroup();
  const queuePrefix = `test-crash-${randomBytes(4).toString("hex")}`;
  let client: MistralClient;
  let engines: ServiceProcess[];
  let executor: ServiceProcess;

  beforeAll(async () => {
    database = createTestDatabase("postgresql", "crash");
    const env = {
      DATABASE_URL: database.databaseUrl,
      OPS_QUEUE_PREFIX: queuePrefix,
      OPS_LOG_LEVEL: "debug",
      // A dead worker's job is taken over 3 s after its last lock renewal.
      OPS_JOB_LOCK_MS: "3000",
      OPS_RECONCILE_INTERVAL_MS: "500",
      OPS_RECONCILE_STALE_SECONDS: "2",
      // Every step goes through the executor, whose log counts the runs of each action.
      OPS_INSTANT_ACTIONS: "false",
    };
    // The api process migrates and populates the new database; the others start on it afterwards.
    const api = await group.startApi({ name: "api", env: { ...env, OPS_LOG_LEVEL: "info" } });
    client = new MistralClient(api.apiUrl);
    const others = { ...env, OPS_DB_AUTO_UPGRADE: "false" };
    engines = [
      group.start({ name: "engine-a", roles: "engine", env: others }),
      group.start({ name: "engine-b", roles: "engine", env: others }),
    ];
    executor = group.start({ name: "executor", roles: "executor", env: others });
    await Promise.all([...engines, executor].map((service) => service.ready(60_000)));
    await client.defineWorkflows(fixture("crash-recovery.yaml"));
  }, 120_000);

  afterAll(async () => {
    await group.stopAll();
    database?.drop();
    deleteQueueKeys(queuePrefix);
  }, 30_000);

  it("finishes the execution on the other engine, every task run exactly once", async ({ onTestFailed }) => {
    onTestFailed(() => console.error(group.diagnostics(80)));

    // Kill, from the log listener itself (no delay), the engine that handles the
    // KILL_AFTER_COMPLETIONS-th action result of the execution.
    let executionId: string | null = null;
    let completions = 0;
    const kill: { engine?: ServiceProcess; at?: number } = {};
    const removers = engines.map((engine) =>
      engine.onLog((record) => {
        if (
          kill.engine !== undefined ||
          !isEngineJob(record, executionId) ||
          record.event !== "action-complete"
        )
          return;
        completions += 1;
        if (completions === KILL_AFTER_COMPLETIONS) {
          engine.child.kill("SIGKILL");
          kill.engine = engine;
          kill.at = Date.now();
        }
      }),
    );
    const started = Date.now();
    const created = await client.startExecution("crash_recovery_chain");
    executionId = created.id;
    // A result handled before the id was known (none in practice: the first task takes 200 ms).
    completions = engines
      .flatMap((engine) => engine.logs)
      .filter((record) => isEngineJob(record, executionId) && record.event === "action-complete").length;

    const finished = await client.waitForExecution(created.id, 60_000);
    removers.forEach((remove) => remove());
    expect(kill.engine, "no engine was killed").toBeDefined();
    const killedEngine = kill.engine!;
    const killedAt = kill.at!;
    const survivor = engines.find((engine) => engine !== killedEngine)!;

    // The killed engine really died of the SIGKILL, and it was in the middle of the execution.
    expect(await killedEngine.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(survivor.exit).toBeNull();
    expect(executor.exit).toBeNull();
    const handledBy = (engine: ServiceProcess) =>
      engine.logs.filter((record) => isEngineJob(record, created.id));
    expect(handledBy(killedEngine).length).toBeGreaterThanOrEqual(1);
    const runsBeforeKill = executor.logs.filter(
      (record) => record.msg === "action started" && record.time <= killedAt,
    ).length;
    expect(runsBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER_COMPLETIONS);
    expect(runsBeforeKill).toBeLessThan(TASKS.length);
    // The survivor took the execution over and decided its end. (How many results each engine
    // handled depends on when the kill landed: the dying engine may have taken the next job.)
    const afterKill = handledBy(survivor).filter((record) => record.time > killedAt);
    expect(afterKill.filter((record) => record.event === "action-complete").length).toBeGreaterThan(0);
    const last = [...handledBy(killedEngine), ...handledBy(survivor)].sort((a, b) => a.time - b.time).at(-1);
    expect(last).toBe(handledBy(survivor).at(-1));

    // The execution succeeded, its output shows every task published once, in order.
    expect(finished.state_info).toBeNull();
    expect(finished.state).toBe("SUCCESS");
    expect(JSON.parse(finished.output)).toEqual({ trail: TASKS.join(" ") });

    // 30 task executions, one per task, each with exactly one action execution.
    const tasks = await client.tasks(created.id);
    expect(tasks.map((task) => task.name).sort()).toEqual(TASKS);
    expect(tasks.every((task) => task.state === "SUCCESS")).toBe(true);
    const actions = await Promise.all(tasks.map((task) => client.actionExecutions(task.id)));
    for (const [index, list] of actions.entries()) {
      expect(
        list.map((action) => action.state),
        tasks[index]!.name,
      ).toEqual(["SUCCESS"]);
    }

    // The executor ran each task's action exactly once ("action started" is logged per run).
    // (The executor runs nothing else meanwhile: every run it logged is one of this execution's.)
    const runs = new Map<string, number>();
    for (const record of executor.logs) {
      if (record.msg !== "action started") continue;
      const task = String(record.taskExecutionId);
      runs.set(task, (runs.get(task) ?? 0) + 1);
    }
    expect(Object.fromEntries(runs)).toEqual(Object.fromEntries(tasks.map((task) => [task.id, 1])));

    const recovered = afterKill[0];
    console.info(
      `crash recovery: killed ${killedEngine.name} ${killedAt - started} ms after the start; ` +
        `${survivor.name} handled the next job ${recovered === undefined ? "?" : recovered.time - killedAt} ms later; ` +
        `the execution took ${Date.now() - started} ms; reconciler re-sent: ` +
        JSON.stringify(
          survivor.logs
            .filter((record) => record.msg === "reconciler re-sent jobs" && record.time > killedAt)
            .map(({ started: s, rerun, completed }) => ({ started: s, rerun, completed })),
        ),
    );
  }, 90_000);
});

// The engine's hot path through the store, timed: the calls a task step makes (find, updateIf,
// listForExecution, a claim-read-write transaction), on each database given.
//
//   npx tsx --conditions=development libs/workflow-store/bench/store-hot-path.ts [--database-url URL]...
//     [--iterations N] [--warmup N] [--prisma]
//
// --prisma opens the store with `rawSql: false` (every call through Prisma's query compiler), for a
// comparison on the same machine at the same moment.
//
// Without --database-url it makes a scratch database on each local provider (an SQLite file,
// PostgreSQL on 127.0.0.1:5432 as postgres, MariaDB on 127.0.0.1:3306 as root, as the tests do) and
// drops it afterwards. A database given by URL is upgraded and gets the bench's rows under a project
// of its own, deleted at the end. Prints JSON: per provider and operation, mean/p50/p95/max in ms.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import {
  ALL_PROJECTS,
  DATABASE_PROVIDERS,
  openWorkflowStore,
  parseDatabaseUrl,
  upgradeDatabase,
  type DatabaseProvider,
  type WorkflowStore,
} from "../src/index.js";
import { createTestDatabase, type TestDatabase } from "../src/testing/test-databases.js";

interface Stats {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    n: sorted.length,
    mean: round(sorted.reduce((sum, x) => sum + x, 0) / sorted.length),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.at(-1)!),
  };
}

/** Runs `op` warmup + iterations times; `reset` runs untimed after each. */
async function time(
  iterations: number,
  warmup: number,
  op: (i: number) => Promise<unknown>,
  reset?: (i: number) => Promise<unknown>,
): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const start = performance.now();
    await op(i);
    const elapsed = performance.now() - start;
    if (i >= warmup) samples.push(elapsed);
    if (reset) await reset(i);
  }
  return stats(samples);
}

const TASKS_PER_EXECUTION = 20;

async function benchStore(
  store: WorkflowStore,
  iterations: number,
  warmup: number,
): Promise<Record<string, Stats>> {
  const projectId = `bench-${randomUUID()}`;
  const wf = await store.workflowDefinitions.create({ name: `bench_wf_${projectId}`, projectId });
  const action = await store.actionDefinitions.create({
    name: `bench_action_${projectId}`,
    input: "output",
    actionClass: "std.echo",
    projectId,
  });
  const execution = await store.workflowExecutions.create({
    name: wf.name,
    workflowName: wf.name,
    workflowId: wf.id,
    state: "RUNNING",
    input: { n: 1.0, items: [1, 2, 3] },
    context: { vars: { a: "x".repeat(200) } },
    projectId,
  });
  const tasks = [];
  for (let i = 0; i < TASKS_PER_EXECUTION; i++) {
    tasks.push({
      id: randomUUID(),
      name: `task_${i}`,
      workflowExecutionId: execution.id,
      workflowName: wf.name,
      state: "SUCCESS" as const,
      spec: { name: `task_${i}`, action: "std.echo output=<% $.a %>", publish: { b: "<% task().result %>" } },
      inContext: { a: i, nested: { list: [1, 2.5, "three"] } },
      published: { b: i },
      processed: true,
      projectId,
    });
  }
  await store.taskExecutions.createMany(tasks);
  const taskIds = tasks.map((t) => t.id);
  const actions = taskIds.map((taskExecutionId, i) => ({
    id: randomUUID(),
    name: "std.echo",
    taskExecutionId,
    workflowName: wf.name,
    state: "RUNNING" as const,
    input: { output: i },
    projectId,
  }));
  await store.actionExecutions.createMany(actions);
  const actionId = actions[0]!.id;

  const results: Record<string, Stats> = {};
  results["actionExecutions.find"] = await time(iterations, warmup, () =>
    store.actionExecutions.find(ALL_PROJECTS, actionId),
  );
  results["workflowExecutions.get"] = await time(iterations, warmup, () =>
    store.workflowExecutions.get(ALL_PROJECTS, execution.id),
  );
  results["actionExecutions.updateIf"] = await time(iterations, warmup, (i) =>
    store.actionExecutions.updateIf(
      ALL_PROJECTS,
      actionId,
      { state: "RUNNING" },
      { state: "RUNNING", output: { result: i }, lastHeartbeat: new Date() },
    ),
  );
  results["taskExecutions.listForExecution(20)"] = await time(iterations, warmup, () =>
    store.taskExecutions.listForExecution(ALL_PROJECTS, execution.id),
  );
  results["actionExecutions.listForTasks(3)"] = await time(iterations, warmup, () =>
    store.actionExecutions.listForTasks(ALL_PROJECTS, taskIds.slice(0, 3)),
  );
  results["workflowDefinitions.resolve"] = await time(iterations, warmup, () =>
    store.workflowDefinitions.resolve(ALL_PROJECTS, wf.name, "ns"),
  );
  results["actionDefinitions.resolve"] = await time(iterations, warmup, () =>
    store.actionDefinitions.resolve(ALL_PROJECTS, action.name, "ns"),
  );

  // What the engine does for one task step: claim, read, write a new task with its action, update
  // the execution and the task that finished. The new task is deleted (untimed) afterwards so the
  // execution keeps its 20 tasks.
  let created = "";
  results["transaction(claim+list+listForTasks+write)"] = await time(
    iterations,
    warmup,
    (i) =>
      store.transaction(async (tx) => {
        await tx.claimExecution(execution.id);
        const taskRows = await tx.taskExecutions.listForExecution(ALL_PROJECTS, execution.id);
        await tx.actionExecutions.listForTasks(ALL_PROJECTS, [taskRows[0]!.id]);
        created = randomUUID();
        await tx.write({
          taskExecutions: {
            create: [
              {
                id: created,
                name: `next_${i}`,
                workflowExecutionId: execution.id,
                workflowName: wf.name,
                state: "RUNNING",
                spec: { name: "next", action: "std.noop" },
                inContext: { a: i },
                projectId,
              },
            ],
            update: [{ id: taskRows[1]!.id, patch: { processed: true, published: { i } } }],
          },
          actionExecutions: {
            create: [
              {
                name: "std.noop",
                taskExecutionId: created,
                workflowName: wf.name,
                state: "RUNNING",
                input: {},
                projectId,
              },
            ],
          },
          workflowExecutions: { update: [{ id: execution.id, patch: { context: { step: i } } }] },
        });
      }),
    () => store.taskExecutions.delete(ALL_PROJECTS, created),
  );

  await store.workflowExecutions.delete(ALL_PROJECTS, execution.id);
  await store.actionExecutions.delete(ALL_PROJECTS, actionId).catch(() => undefined);
  await store.workflowDefinitions.delete(ALL_PROJECTS, wf.id);
  await store.actionDefinitions.delete(ALL_PROJECTS, action.id);
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string", multiple: true },
      iterations: { type: "string", default: "300" },
      warmup: { type: "string", default: "50" },
      prisma: { type: "boolean", default: false },
    },
  });
  const iterations = Number(values.iterations);
  const warmup = Number(values.warmup);
  const targets: Array<{ provider: DatabaseProvider; url?: string }> = values["database-url"]
    ? values["database-url"].map((url) => ({ provider: parseDatabaseUrl(url, process.cwd()).provider, url }))
    : DATABASE_PROVIDERS.map((provider) => ({ provider }));

  const rawSql = !values.prisma;
  const report: Record<string, unknown> = { iterations, warmup, rawSql, node: process.version, results: {} };
  for (const target of targets) {
    let scratch: TestDatabase | undefined;
    let store: WorkflowStore | undefined;
    try {
      if (target.url === undefined) scratch = await createTestDatabase(target.provider, "bench");
      const databaseUrl = target.url ?? scratch!.databaseUrl;
      await upgradeDatabase({ databaseUrl });
      store = await openWorkflowStore({ databaseUrl, rawSql });
      (report["results"] as Record<string, unknown>)[target.provider] = await benchStore(
        store,
        iterations,
        warmup,
      );
    } finally {
      await store?.close();
      await scratch?.drop();
    }
  }
  console.log(JSON.stringify(report, null, 2));
}

await main();

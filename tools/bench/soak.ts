// Soak test of the workflow service (not part of CI): an api process, two engines and two executors
// of the built service (apps/workflow-engine/bin/workflow-engine) on a fresh PostgreSQL database
// and a queue prefix of their own; executions of workflows mixing the language's features are kept
// in flight while one engine or executor process is killed with SIGKILL every few seconds (and
// started again). Afterwards the database is checked: every execution finished as its workflow
// says it must, no task (or with-items item) has two action executions that count (a retry makes
// the earlier ones stop counting; a retried task ran exactly 1 + count times), no action without
// `safe-rerun` was started twice (the executors' logs), and nothing is left in flight, timers
// included.
//
//   npx nx run-many -t build && npx tsx tools/bench/soak.ts [--executions 10000] [--in-flight 40]
//     [--kill-every 4] [--database-url postgresql://...] [--keep-database]
//
// Prints one JSON report; exit 0 when every check passed, 1 otherwise.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { MistralClient } from "./mistral-client.js";
import { runWorkers } from "./worker-pool.js";

const root = join(import.meta.dirname, "..", "..");
const launcher = join(root, "apps", "workflow-engine", "bin", "workflow-engine");

/**
 * The soak's workflows, with the state their executions must end in. Those whose tasks are not
 * `safe-rerun` may also end in ERROR when an executor died under one of their actions: Mistral
 * fails such an action rather than run it twice (REDELIVERED).
 */
const WORKFLOWS: readonly { name: string; expect: string; params?: object; definition: string }[] = [
  {
    name: "soak_chain",
    expect: "SUCCESS",
    definition: `version: '2.0'
soak_chain:
  task-defaults:
    safe-rerun: true
  tasks:
    a:
      action: std.echo output=1 delay=<% 0.05 %>
      publish: { n: <% task().result %> }
      on-success: [b]
    b:
      action: std.echo output=<% $.n + 1 %>
      publish: { n: <% task().result %> }
      on-success: [c]
    c:
      action: std.sleep seconds=0
  output: { n: <% $.n %> }
`,
  },
  {
    name: "soak_items",
    expect: "SUCCESS",
    definition: `version: '2.0'
soak_items:
  task-defaults:
    safe-rerun: true
  tasks:
    items:
      with-items: x in <% range(12) %>
      concurrency: 4
      action: std.echo output=<% $.x %> delay=<% 0.02 %>
      publish: { total: <% task().result.sum() %> }
  output: { total: <% $.total %> }
`,
  },
  {
    name: "soak_join",
    expect: "SUCCESS",
    definition: `version: '2.0'
soak_join:
  tasks:
    start:
      action: std.noop
      on-success: [left, right, middle]
    left:
      action: std.echo output="l" delay=<% 0.03 %>
      on-success: [joined]
    right:
      action: std.echo output="r"
      on-success: [joined]
    middle:
      action: std.sleep seconds=0
      on-success: [joined]
    joined:
      join: all
      action: std.noop
`,
  },
  {
    name: "soak_recover",
    expect: "SUCCESS",
    definition: `version: '2.0'
soak_recover:
  tasks:
    break:
      action: std.fail
      publish-on-error: { failed: true }
      on-error: [repair]
    repair:
      action: std.echo output="repaired" delay=<% 0.02 %>
`,
  },
  {
    name: "soak_parent",
    expect: "SUCCESS",
    definition: `version: '2.0'
soak_parent:
  tasks:
    child:
      workflow: soak_chain
      on-success: [after]
    after:
      action: std.noop
`,
  },
  {
    name: "soak_reverse",
    expect: "SUCCESS",
    params: { task_name: "top" },
    definition: `version: '2.0'
soak_reverse:
  type: reverse
  task-defaults:
    safe-rerun: true
  tasks:
    top:
      requires: [l, r]
      action: std.echo output="top"
    l:
      requires: [base]
      action: std.echo output="l" delay=<% 0.02 %>
    r:
      requires: [base]
      action: std.noop
    base:
      action: std.sleep seconds=0
    unused:
      action: std.fail
`,
  },
  {
    name: "soak_policies",
    expect: "SUCCESS",
    definition: `version: '2.0'
soak_policies:
  task-defaults:
    safe-rerun: true
  tasks:
    flaky:
      action: std.fail error_data="again"
      retry: count=2 delay=1
      on-error: [waits]
    waits:
      action: std.echo output="waited"
      wait-before: 1
      wait-after: 1
      on-success: [bounded]
    bounded:
      action: std.sleep seconds=3
      timeout: 1
      on-error: [done]
    done:
      action: std.noop
`,
  },
  {
    name: "soak_failure",
    expect: "ERROR",
    definition: `version: '2.0'
soak_failure:
  tasks:
    boom:
      action: std.fail error_data="expected"
`,
  },
];

interface Options {
  executions: number;
  inFlight: number;
  killEverySeconds: number;
  databaseUrl: string | undefined;
  keepDatabase: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      executions: { type: "string", default: "10000" },
      "in-flight": { type: "string", default: "40" },
      "kill-every": { type: "string", default: "4" },
      "database-url": { type: "string" },
      "keep-database": { type: "boolean", default: false },
    },
  });
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number, got ${text}`);
    return value;
  };
  return {
    executions: positive("executions", values.executions),
    inFlight: positive("in-flight", values["in-flight"]),
    killEverySeconds: positive("kill-every", values["kill-every"]),
    databaseUrl: values["database-url"],
    keepDatabase: values["keep-database"],
  };
}

function log(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

/** One service process, started again after each kill. */
class Member {
  child: ChildProcess | null = null;
  kills = 0;
  stderr = "";
  /** How often each action execution was started here ("action started" log lines). */
  readonly actionStarts = new Map<string, number>();
  #partial = "";

  constructor(
    readonly name: string,
    private readonly roles: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): ChildProcess {
    const child = spawn(launcher, ["--server", this.roles], {
      cwd: root,
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#partial = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => this.#onStdout(chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    this.child = child;
    return child;
  }

  #onStdout(chunk: string): void {
    const lines = (this.#partial + chunk).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.includes('"action started"')) continue;
      try {
        const id = (JSON.parse(line) as { actionExecutionId?: string }).actionExecutionId;
        if (id) this.actionStarts.set(id, (this.actionStarts.get(id) ?? 0) + 1);
      } catch {
        // Not a log line.
      }
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }
}

async function waitForApi(member: Member, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Mistral v2 API\) at (\S+\/v2)/.exec(member.stderr);
    if (match) return match[1]!;
    if (Date.now() > deadline) throw new Error(`the api did not start:\n${member.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<number> {
  const options = readOptions();
  const admin = "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseName = `soak_${randomBytes(4).toString("hex")}`;
  const databaseUrl = options.databaseUrl ?? `postgresql://postgres@127.0.0.1:5432/${databaseName}`;
  if (options.databaseUrl === undefined) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${databaseName}`);
    await client.end();
  }
  const env = {
    DATABASE_URL: databaseUrl,
    OPS_QUEUE_PREFIX: `soak-${randomBytes(4).toString("hex")}`,
    OPS_LOG_LEVEL: "warn",
    OPS_JOB_LOCK_MS: "4000",
    OPS_RECONCILE_INTERVAL_MS: "1000",
    OPS_RECONCILE_STALE_SECONDS: "4",
  };
  // The api process also runs the scheduler: it resends timers whose jobs an engine lost.
  const api = new Member("api", "api,scheduler", { ...env, OPS_API_PORT: "0", OPS_LOG_LEVEL: "info" });
  api.start();
  const apiUrl = await waitForApi(api);
  const others = { ...env, OPS_DB_AUTO_UPGRADE: "false" };
  const victims = [
    new Member("engine-a", "engine", others),
    new Member("engine-b", "engine", others),
    // Executors log each action they start: the soak counts the runs of every action.
    new Member("executor-a", "executor", { ...others, OPS_LOG_LEVEL: "info" }),
    new Member("executor-b", "executor", { ...others, OPS_LOG_LEVEL: "info" }),
  ];
  victims.forEach((member) => member.start());
  const client = new MistralClient(apiUrl, 64);
  for (const workflow of WORKFLOWS) await client.ensureWorkflow(workflow.definition);
  log(`service at ${apiUrl}, database ${databaseUrl}; ${options.executions} executions`);

  // Kill one engine or executor every few seconds, and start it again a moment later.
  let stopKilling = false;
  const killer = (async () => {
    while (!stopKilling) {
      await new Promise((resolve) => setTimeout(resolve, options.killEverySeconds * 1000));
      if (stopKilling) break;
      const victim = victims[Math.floor(Math.random() * victims.length)]!;
      await victim.kill("SIGKILL");
      victim.kills += 1;
      await new Promise((resolve) => setTimeout(resolve, 500));
      victim.start();
    }
  })();

  const started = Date.now();
  let next = 0;
  const ids: string[] = [];
  await runWorkers(options.inFlight, async () => {
    if (next >= options.executions) return false;
    const workflow = WORKFLOWS[next % WORKFLOWS.length]!;
    next += 1;
    const created = await client.startExecution(
      workflow.name,
      "soak",
      undefined,
      workflow.params as Record<string, unknown> | undefined,
    );
    ids.push(created.id);
    for (let execution = created; ;) {
      if (["SUCCESS", "ERROR", "CANCELLED"].includes(execution.state)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
      execution = await client.getExecution(created.id);
    }
    if (next % 500 === 0) log(`${next} started, ${Math.round((Date.now() - started) / 1000)} s`);
    return true;
  });
  const elapsedS = (Date.now() - started) / 1000;
  stopKilling = true;
  await killer;

  const starts = new Map<string, number>();
  for (const member of victims) {
    for (const [id, count] of member.actionStarts) starts.set(id, (starts.get(id) ?? 0) + count);
  }
  await settleTimers(databaseUrl, 45_000);
  const report = await check(databaseUrl, starts);
  for (const member of [api, ...victims]) await member.kill("SIGTERM");
  client.close();
  if (options.databaseUrl === undefined && !options.keepDatabase) {
    const adminClient = new pg.Client({ connectionString: admin });
    await adminClient.connect();
    await adminClient.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await adminClient.end();
  }
  const summary = {
    executions: ids.length,
    elapsed_s: Math.round(elapsedS),
    completions_per_s: Math.round((ids.length / elapsedS) * 10) / 10,
    kills: Object.fromEntries(victims.map((member) => [member.name, member.kills])),
    ...report,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return report.problems.length === 0 ? 0 : 1;
}

const REDELIVERED = "Request to run an action was redelivered";

/**
 * What the database shows once every execution has finished, and the executors' runs of each
 * action (`starts`: action execution id → "action started" lines).
 */
async function check(databaseUrl: string, starts: ReadonlyMap<string, number>) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const problems: string[] = [];
  const byState = await db.query(
    `SELECT workflow_name, state, (state_info LIKE '%' || $1 || '%') AS redelivered, count(*)::int AS n
       FROM workflow_executions WHERE task_execution_id IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [REDELIVERED],
  );
  for (const row of byState.rows as {
    workflow_name: string;
    state: string;
    redelivered: boolean;
    n: number;
  }[]) {
    const expected = WORKFLOWS.find((workflow) => workflow.name === row.workflow_name)?.expect;
    if (row.state === expected || (row.state === "ERROR" && row.redelivered)) continue;
    problems.push(`${row.n} ${row.workflow_name} executions ended ${row.state}`);
  }
  // An action started more than once must be safe to rerun.
  const repeatedIds = [...starts].filter(([, count]) => count > 1).map(([id]) => id);
  const rerunSafety =
    repeatedIds.length === 0
      ? []
      : ((
          await db.query(
            `SELECT id, (runtime_context::json->>'safe_rerun') AS safe FROM action_executions WHERE id = ANY($1)`,
            [repeatedIds],
          )
        ).rows as { id: string; safe: string | null }[]);
  const unsafeRepeats = rerunSafety.filter((row) => row.safe !== "true").length;
  if (unsafeRepeats > 0) problems.push(`${unsafeRepeats} actions without safe-rerun ran more than once`);
  const inFlight = await db.query(
    `SELECT 'workflow' AS kind, count(*)::int AS n FROM workflow_executions WHERE state NOT IN ('SUCCESS','ERROR','CANCELLED')
     UNION ALL SELECT 'task', count(*)::int FROM task_executions WHERE state NOT IN ('SUCCESS','ERROR','CANCELLED')
     UNION ALL SELECT 'action', count(*)::int FROM action_executions WHERE state NOT IN ('SUCCESS','ERROR','CANCELLED')
     UNION ALL SELECT 'unaccepted action', count(*)::int FROM action_executions
                WHERE NOT accepted AND coalesce(runtime_context, '') NOT LIKE '%"invalidated": true%'
     UNION ALL SELECT 'timer', count(*)::int FROM delayed_calls`,
  );
  for (const row of inFlight.rows as { kind: string; n: number }[]) {
    if (row.n > 0) problems.push(`${row.n} ${row.kind} rows left in flight`);
  }
  // One action execution per task and with-items index, besides those a retry made stop
  // counting: no action ran twice.
  const twice = await db.query(
    `SELECT count(*)::int AS n FROM (
       SELECT task_execution_id, runtime_context::json->>'index' AS item, count(*) AS runs
         FROM action_executions
        WHERE task_execution_id IS NOT NULL AND runtime_context NOT LIKE '%"invalidated": true%'
        GROUP BY 1, 2 HAVING count(*) > 1) AS repeated`,
  );
  // A retried task ran exactly 1 + count times (count=2 in soak_policies).
  const retries = await db.query(
    `SELECT count(*)::int AS n FROM (
       SELECT t.id FROM task_executions t JOIN action_executions a ON a.task_execution_id = t.id
        WHERE t.name = 'flaky' GROUP BY t.id HAVING count(*) <> 3) AS wrong`,
  );
  const wrongRetries = (retries.rows[0] as { n: number }).n;
  if (wrongRetries > 0) problems.push(`${wrongRetries} retried tasks did not run exactly 3 times`);
  const repeated = (twice.rows[0] as { n: number }).n;
  if (repeated > 0) problems.push(`${repeated} tasks (or items) have more than one action execution`);
  const totals = await db.query(
    `SELECT (SELECT count(*)::int FROM workflow_executions) AS workflow_executions,
            (SELECT count(*)::int FROM task_executions) AS task_executions,
            (SELECT count(*)::int FROM action_executions) AS action_executions`,
  );
  await db.end();
  return {
    final_states: byState.rows,
    action_runs: {
      actions_started: starts.size,
      started_more_than_once: repeatedIds.length,
      of_which_not_safe_rerun: unsafeRepeats,
    },
    rows: totals.rows[0] as Record<string, number>,
    problems,
  };
}

/**
 * Waits until every timer has fired (a timeout outlives the task it guards by a little; one whose
 * job died with a killed engine is resent by the scheduler after its claim goes stale).
 */
async function settleTimers(databaseUrl: string, timeoutMs: number): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      const left = (await db.query(`SELECT count(*)::int AS n FROM delayed_calls`)).rows[0] as { n: number };
      if (left.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await db.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[soak] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);

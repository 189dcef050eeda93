// The store's conformance suite: the whole store API against one provider, on a database created from
// nothing by `db upgrade` (so it also proves that provider's migrations). Each provider's spec file
// runs it once.
import { execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pyJsonDumps, pyJsonLoads } from "@ops/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL_PROJECTS,
  databaseStatus,
  isWorkflowStoreError,
  openWorkflowStore,
  populateDatabase,
  projectAccess,
  readMigrationFiles,
  STD_ACTION_CATALOG,
  STORE_TABLES,
  SYSTEM_PROJECT_ID,
  upgradeDatabase,
  type DatabaseProvider,
  type ListQuery,
  type UpgradeResult,
  type WorkflowExecutionRow,
  type WorkflowStore,
  type WorkflowStoreErrorCode,
} from "../../src/index.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-databases.js";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

async function expectStoreError(promise: Promise<unknown>, code: WorkflowStoreErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeDefined();
  if (!isWorkflowStoreError(caught, code)) {
    throw new Error(`expected ${code}, got ${String(caught)}`, { cause: caught });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `cli.ts upgrade` in its own process. */
function upgradeInChildProcess(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=development", CLI, "upgrade"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const COLUMNS_SQL: Record<DatabaseProvider, (table: string) => string> = {
  sqlite: (t) =>
    `SELECT name, CASE WHEN "notnull" = 1 THEN 'NO' ELSE 'YES' END AS nullable, type FROM pragma_table_info('${t}')`,
  postgresql: (t) =>
    // @prisma/adapter-pg cannot decode the catalog's own types (name, sql_identifier): cast to text.
    `SELECT column_name::text AS name, is_nullable::text AS nullable, data_type::text AS type,
            datetime_precision::int AS precision
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${t}'`,
  mysql: (t) =>
    `SELECT column_name AS name, is_nullable AS nullable, data_type AS type, datetime_precision AS \`precision\`
       FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${t}'`,
};

const INDEXES_SQL: Record<DatabaseProvider, string> = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
  postgresql: "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema()",
  mysql:
    "SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE()",
};

/** The whole store API against `provider`. */
export function describeStoreConformance(provider: DatabaseProvider): void {
  describe(`the workflow store on ${provider}`, () => {
    let db: TestDatabase;
    let store: WorkflowStore;
    let firstUpgrade: UpgradeResult;
    // Every reading of the clock moves it on by a millisecond, so rows get distinct created_at values.
    let clock = Date.parse("2026-03-01T10:00:00.000Z");
    const tick = () => new Date(clock++);
    const migrations = readMigrationFiles(provider);

    beforeAll(async () => {
      db = await createTestDatabase(provider);
      firstUpgrade = await upgradeDatabase({ databaseUrl: db.databaseUrl });
      store = await openWorkflowStore({ databaseUrl: db.databaseUrl, now: tick });
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    describe("migrations", () => {
      it("creates every table from nothing and records each migration as prisma migrate deploy does", async () => {
        expect(firstUpgrade.applied).toEqual(migrations.map((m) => m.name));
        const rows = await db.query(
          "SELECT migration_name, checksum, logs, applied_steps_count, finished_at, rolled_back_at FROM _prisma_migrations",
        );
        expect(rows.map((r) => r["migration_name"])).toEqual(migrations.map((m) => m.name));
        for (const [i, row] of rows.entries()) {
          expect(row["checksum"]).toBe(migrations[i]!.checksum);
          expect(Number(row["applied_steps_count"])).toBe(1);
          expect(row["finished_at"]).not.toBeNull();
          expect(row["rolled_back_at"]).toBeNull();
          expect(row["logs"]).toBeNull();
        }
      });

      it("applies nothing on a second upgrade and reports the database up to date", async () => {
        const again = await upgradeDatabase({ databaseUrl: db.databaseUrl });
        expect(again.applied).toEqual([]);
        expect(again.alreadyApplied).toEqual(migrations.map((m) => m.name));
        const status = await databaseStatus({ databaseUrl: db.databaseUrl });
        expect(status).toMatchObject({ provider, pending: [], failed: [], modified: [], unknown: [] });
        expect(status.applied).toEqual(migrations.map((m) => m.name));
      });

      // Prisma's WebAssembly schema engine reads the history on SQLite (through adapter-pg it cannot).
      if (provider === "sqlite") {
        it("records a history that Prisma's own `migrate status` reads as up to date", () => {
          const cli = join(
            dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
            "build",
            "index.js",
          );
          const output = execFileSync(process.execPath, [cli, "migrate", "status"], {
            cwd: fileURLToPath(new URL("../../", import.meta.url)),
            env: { ...process.env, DATABASE_URL: db.databaseUrl, CHECKPOINT_DISABLE: "1" },
            encoding: "utf8",
          });
          expect(output).toContain("Database schema is up to date!");
        }, 30_000);
      }

      it("gives every table exactly the documented columns, with their nullability", async () => {
        for (const table of STORE_TABLES) {
          const columns = await db.query(COLUMNS_SQL[provider](table.table));
          const actual = Object.fromEntries(columns.map((c) => [String(c["name"]), c["nullable"] === "YES"]));
          const expected = Object.fromEntries(
            Object.entries(table.columns).map(([name, c]) => [name, c.nullable]),
          );
          expect(actual, table.table).toEqual(expected);
        }
      });

      it("stores JSON in long text columns and timestamps to the millisecond", async () => {
        const columns = await db.query(COLUMNS_SQL[provider]("workflow_executions"));
        const byName = new Map(columns.map((c) => [String(c["name"]), c]));
        const jsonType = { sqlite: "TEXT", postgresql: "text", mysql: "longtext" }[provider];
        for (const name of ["spec", "input", "output", "params", "context", "runtime_context"]) {
          expect(String(byName.get(name)?.["type"]).toLowerCase(), name).toBe(jsonType.toLowerCase());
        }
        if (provider !== "sqlite") {
          expect(Number(byName.get("created_at")?.["precision"])).toBe(3);
          expect(Number(byName.get("updated_at")?.["precision"])).toBe(3);
        }
      });

      it("has the indexes and unique constraints of the Prisma schema", async () => {
        const expected = [
          ...migrations
            .map((m) => m.sql)
            .join("\n")
            .matchAll(/CREATE (?:UNIQUE )?INDEX [`"](\w+)[`"]|INDEX `(\w+)`/g),
        ]
          .map((m) => m[1] ?? m[2]!)
          .sort();
        const actual = new Set((await db.query(INDEXES_SQL[provider])).map((r) => String(r["name"])));
        for (const name of expected) expect(actual.has(name), name).toBe(true);
        for (const name of [
          "workflow_executions_state_idx",
          "workflow_executions_updated_at_idx",
          "workflow_executions_task_execution_id_idx",
          "task_executions_workflow_execution_id_idx",
          "task_executions_unique_key_key",
          "action_executions_task_execution_id_idx",
          "action_executions_project_id_idx",
          "delayed_calls_execution_time_idx",
          "delayed_calls_key_key",
          "workflow_definitions_name_namespace_project_id_key",
          "environments_name_project_id_key",
          "cron_triggers_name_project_id_key",
        ]) {
          expect(actual.has(name), name).toBe(true);
        }
      });

      it("lets two processes upgrade one new database at once, applying each migration once", async () => {
        const fresh = await createTestDatabase(provider, "upgrade");
        try {
          const [first, second] = await Promise.all([
            upgradeInChildProcess(fresh.databaseUrl),
            upgradeInChildProcess(fresh.databaseUrl),
          ]);
          expect(first.code, first.output).toBe(0);
          expect(second.code, second.output).toBe(0);
          const rows = await fresh.query("SELECT migration_name FROM _prisma_migrations");
          expect(rows.map((r) => r["migration_name"])).toEqual(migrations.map((m) => m.name));
        } finally {
          await fresh.drop();
        }
      }, 60_000);
    });

    describe("db populate", () => {
      it("registers every std action as a public system action, and changes nothing the second time", async () => {
        const first = await populateDatabase({ databaseUrl: db.databaseUrl });
        expect(first.created).toEqual(STD_ACTION_CATALOG.map((e) => e.name));
        const second = await populateDatabase({ databaseUrl: db.databaseUrl });
        expect(second).toEqual({
          created: [],
          updated: [],
          unchanged: STD_ACTION_CATALOG.map((e) => e.name),
        });

        const anyone = projectAccess("someone-else");
        const listed = await store.actionDefinitions.list(anyone, {
          filters: { is_system: "true" },
          sortKeys: ["name"],
        });
        expect(listed.map((a) => a.name)).toEqual(STD_ACTION_CATALOG.map((e) => e.name).sort());
        const http = await store.actionDefinitions.get(anyone, "std.http");
        expect(http).toMatchObject({
          isSystem: true,
          scope: "public",
          projectId: SYSTEM_PROJECT_ID,
          namespace: "",
          input:
            'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, ' +
            "timeout=null, allow_redirects=null, proxies=null, verify=null",
          actionClass: "mistral.actions.std_actions.HTTPAction",
        });
        expect((await store.actionDefinitions.get(anyone, "std.echo")).input).toBe("output, delay=0");
      });

      it("puts back what was changed in a system action", async () => {
        await store.actionDefinitions.update(ALL_PROJECTS, "std.echo", { description: "changed" });
        const result = await populateDatabase({ databaseUrl: db.databaseUrl });
        expect(result.updated).toEqual(["std.echo"]);
        const echo = await store.actionDefinitions.get(ALL_PROJECTS, "std.echo");
        expect(echo.description).toBe(STD_ACTION_CATALOG.find((e) => e.name === "std.echo")!.description);
        expect(echo.updatedAt).not.toBeNull();
      });

      it("does not let a project change or delete a system action", async () => {
        const project = projectAccess("p-populate");
        await expectStoreError(
          store.actionDefinitions.update(project, "std.noop", { description: "x" }),
          "WF_STORE_ERR_NOT_ALLOWED",
        );
        await expectStoreError(
          store.actionDefinitions.delete(project, "std.noop"),
          "WF_STORE_ERR_NOT_ALLOWED",
        );
        const own = { projectId: SYSTEM_PROJECT_ID };
        await expectStoreError(
          store.actionDefinitions.delete(own, "std.noop"),
          "WF_STORE_ERR_SYSTEM_RESOURCE",
        );
      });
    });

    describe("definitions", () => {
      const p1 = projectAccess("p-definitions-1");
      const p2 = projectAccess("p-definitions-2");

      it("creates, reads, updates and deletes a workbook by name and namespace", async () => {
        const created = await store.workbooks.create({
          name: "wb",
          projectId: "p-definitions-1",
          definition: "---\nversion: '2.0'\n",
          spec: { version: "2.0" },
          tags: ["a", "b"],
        });
        expect(created).toMatchObject({
          name: "wb",
          namespace: "",
          scope: "private",
          tags: ["a", "b"],
          updatedAt: null,
        });
        expect(created.createdAt).toBeInstanceOf(Date);
        await store.workbooks.create({ name: "wb", namespace: "other", projectId: "p-definitions-1" });
        await store.workbooks.create({ name: "wb", projectId: "p-definitions-2" });
        await expectStoreError(
          store.workbooks.create({ name: "wb", projectId: "p-definitions-1" }),
          "WF_STORE_ERR_DUPLICATE",
        );

        expect((await store.workbooks.get(p1, "wb")).id).toBe(created.id);
        expect((await store.workbooks.get(p1, "wb", "other")).namespace).toBe("other");
        expect(await store.workbooks.find(projectAccess("p-nobody"), "wb")).toBeNull();
        await expectStoreError(
          store.workbooks.get(projectAccess("p-nobody"), "wb"),
          "WF_STORE_ERR_NOT_FOUND",
        );

        const updated = await store.workbooks.update(p1, "wb", { definition: "changed" });
        expect(updated.definition).toBe("changed");
        expect(updated.createdAt.getTime()).toBe(created.createdAt.getTime());
        expect(updated.updatedAt!.getTime()).toBeGreaterThan(created.createdAt.getTime());
        expect((await store.workbooks.get(p2, "wb")).definition).toBeNull();

        await store.workbooks.delete(p1, "wb");
        await expectStoreError(store.workbooks.get(p1, "wb"), "WF_STORE_ERR_NOT_FOUND");
        expect((await store.workbooks.get(p2, "wb")).projectId).toBe("p-definitions-2");
      });

      it("lets every project read a public workflow, and only its project change it", async () => {
        const shared = await store.workflowDefinitions.create({
          name: "shared-wf",
          projectId: "p-definitions-1",
          scope: "public",
        });
        expect((await store.workflowDefinitions.get(p2, "shared-wf")).id).toBe(shared.id);
        expect((await store.workflowDefinitions.get(p2, shared.id)).name).toBe("shared-wf");
        const p2List = await store.workflowDefinitions.list(p2, { filters: { name: "shared-wf" } });
        expect(p2List.map((w) => w.id)).toEqual([shared.id]);
        await expectStoreError(
          store.workflowDefinitions.update(p2, "shared-wf", { definition: "x" }),
          "WF_STORE_ERR_NOT_ALLOWED",
        );
        await expectStoreError(store.workflowDefinitions.delete(p2, shared.id), "WF_STORE_ERR_NOT_ALLOWED");

        // A project's own workflow of the same name wins over the public one.
        const own = await store.workflowDefinitions.create({
          name: "shared-wf",
          projectId: "p-definitions-2",
        });
        expect((await store.workflowDefinitions.get(p2, "shared-wf")).id).toBe(own.id);
        await store.workflowDefinitions.update(p2, "shared-wf", { definition: "mine" });
        expect((await store.workflowDefinitions.get(p1, "shared-wf")).definition).toBeNull();

        const privateOne = await store.workflowDefinitions.create({
          name: "private-wf",
          projectId: "p-definitions-1",
        });
        await expectStoreError(store.workflowDefinitions.get(p2, privateOne.id), "WF_STORE_ERR_NOT_FOUND");
        await expectStoreError(
          store.workflowDefinitions.update(p2, privateOne.id, { definition: "x" }),
          "WF_STORE_ERR_NOT_FOUND",
        );
        expect((await store.workflowDefinitions.get(ALL_PROJECTS, privateOne.id)).name).toBe("private-wf");
      });

      it("resolves a workflow in its namespace, falling back to the default namespace", async () => {
        await store.workflowDefinitions.create({
          name: "nswf",
          projectId: "p-definitions-1",
          definition: "default",
        });
        await store.workflowDefinitions.create({
          name: "nswf",
          namespace: "ns1",
          projectId: "p-definitions-1",
          definition: "ns1",
        });
        expect((await store.workflowDefinitions.resolve(p1, "nswf", "ns1"))?.definition).toBe("ns1");
        expect((await store.workflowDefinitions.resolve(p1, "nswf", "ns2"))?.definition).toBe("default");
        expect((await store.workflowDefinitions.resolve(p1, "nswf"))?.definition).toBe("default");
        expect(await store.workflowDefinitions.resolve(p1, "no-such-wf", "ns1")).toBeNull();
        await expectStoreError(store.workflowDefinitions.get(p1, "nswf", "ns2"), "WF_STORE_ERR_NOT_FOUND");
      });

      it("keeps JSON values with their Python types: floats, big integers, non-ASCII text", async () => {
        const text =
          '{"a": 1.0, "b": 12345678901234567890, "c": "caf\\u00e9 \\u2603", "d": [1, null, true, 2.5e-07]}';
        const env = await store.environments.create({
          name: "env-json",
          projectId: "p-definitions-1",
          variables: pyJsonLoads(text),
          description: "d",
        });
        const read = await store.environments.get(p1, env.id);
        expect(pyJsonDumps(read.variables)).toBe(text);
        expect((await store.environments.get(p1, "env-json")).id).toBe(env.id);
        const rows = await db.query(`SELECT variables FROM environments WHERE id = '${env.id}'`);
        expect(rows[0]!["variables"]).toBe(text);
      });

      it("refuses a scope other than private and public", async () => {
        await expectStoreError(
          store.environments.create({ name: "bad-scope", projectId: "p1", scope: "shared" as "public" }),
          "WF_STORE_ERR_INVALID_VALUE",
        );
      });

      it("keeps a workflow that cron triggers use, as Mistral does", async () => {
        const wf = await store.workflowDefinitions.create({ name: "cron-wf", projectId: "p-definitions-1" });
        const trigger = await store.cronTriggers.create({
          name: "every-minute",
          pattern: "* * * * *",
          workflowId: wf.id,
          workflowName: wf.name,
          workflowInput: { x: 1 },
          nextExecutionTime: new Date("2026-03-01T10:01:00.000Z"),
          remainingExecutions: 3,
          projectId: "p-definitions-1",
        });
        await expectStoreError(store.workflowDefinitions.delete(p1, wf.id), "WF_STORE_ERR_IN_USE");
        await store.cronTriggers.delete(p1, trigger.id);
        await store.workflowDefinitions.delete(p1, wf.id);
      });
    });

    describe("executions", () => {
      const project = projectAccess("p-executions");
      const projectId = "p-executions";

      it("creates an execution IDLE at version 0 with no updated_at, and keeps milliseconds", async () => {
        const startedAt = new Date("2026-03-01T10:00:00.123Z");
        const ex = await store.workflowExecutions.create({
          name: "wf",
          workflowName: "wf",
          state: "IDLE",
          input: pyJsonLoads('{"n": 1.0}'),
          params: { env: {} },
          projectId,
          createdAt: startedAt,
        });
        expect(ex).toMatchObject({
          state: "IDLE",
          version: 0,
          updatedAt: null,
          accepted: false,
          workflowNamespace: "",
        });
        expect(ex.createdAt.toISOString()).toBe("2026-03-01T10:00:00.123Z");
        const read = await store.workflowExecutions.get(project, ex.id);
        expect(pyJsonDumps(read.input)).toBe('{"n": 1.0}');
        await expectStoreError(
          store.workflowExecutions.get(projectAccess("p-other"), ex.id),
          "WF_STORE_ERR_NOT_FOUND",
        );
        await expectStoreError(
          store.workflowExecutions.update(projectAccess("p-other"), ex.id, { state: "RUNNING" }),
          "WF_STORE_ERR_NOT_FOUND",
        );
        const running = await store.workflowExecutions.update(project, ex.id, { state: "RUNNING" });
        await expectStoreError(
          store.workflowExecutions.update(ALL_PROJECTS, "no-such-execution", { state: "RUNNING" }),
          "WF_STORE_ERR_NOT_FOUND",
        );
        expect(running.updatedAt).not.toBeNull();
      });

      it("changes a row only while it is as expected", async () => {
        const ex = await store.workflowExecutions.create({ name: "cas", state: "RUNNING", projectId });
        const task = await store.taskExecutions.create({
          name: "t1",
          workflowExecutionId: ex.id,
          state: "RUNNING",
          projectId,
        });
        const action = await store.actionExecutions.create({
          name: "std.noop",
          taskExecutionId: task.id,
          state: "RUNNING",
          projectId,
        });
        const done = await store.actionExecutions.updateIf(
          project,
          action.id,
          { state: "RUNNING" },
          { state: "SUCCESS", output: { result: null } },
        );
        expect(done?.state).toBe("SUCCESS");
        expect(
          await store.actionExecutions.updateIf(project, action.id, { state: "RUNNING" }, { state: "ERROR" }),
        ).toBeNull();
        expect((await store.actionExecutions.get(project, action.id)).state).toBe("SUCCESS");
        expect(
          await store.workflowExecutions.updateIf(project, ex.id, { version: 5 }, { state: "PAUSED" }),
        ).toBeNull();
        expect(
          (
            await store.workflowExecutions.updateIf(
              project,
              ex.id,
              { version: 0, state: ["RUNNING", "PAUSED"] },
              { state: "PAUSED" },
            )
          )?.state,
        ).toBe("PAUSED");
      });

      it("deletes an execution with its tasks, their actions and subworkflow executions", async () => {
        const root = await store.workflowExecutions.create({ name: "root", state: "RUNNING", projectId });
        const task = await store.taskExecutions.create({
          name: "t",
          type: "WORKFLOW",
          workflowExecutionId: root.id,
          state: "RUNNING",
          projectId,
        });
        const child = await store.workflowExecutions.create({
          name: "child",
          state: "RUNNING",
          taskExecutionId: task.id,
          rootExecutionId: root.id,
          projectId,
        });
        const childTask = await store.taskExecutions.create({
          name: "ct",
          workflowExecutionId: child.id,
          state: "RUNNING",
          projectId,
        });
        const childAction = await store.actionExecutions.create({
          name: "std.echo",
          taskExecutionId: childTask.id,
          state: "RUNNING",
          projectId,
        });
        const adHoc = await store.actionExecutions.create({ name: "std.echo", state: "RUNNING", projectId });

        await store.workflowExecutions.delete(project, root.id);
        expect(await store.workflowExecutions.find(project, child.id)).toBeNull();
        expect(await store.taskExecutions.find(project, task.id)).toBeNull();
        expect(await store.taskExecutions.find(project, childTask.id)).toBeNull();
        expect(await store.actionExecutions.find(project, childAction.id)).toBeNull();
        expect(await store.actionExecutions.find(project, adHoc.id)).not.toBeNull();
      });

      it("refuses a second task with the same unique key", async () => {
        const ex = await store.workflowExecutions.create({ name: "join", state: "RUNNING", projectId });
        await store.taskExecutions.create({
          name: "j",
          uniqueKey: `join-${ex.id}`,
          workflowExecutionId: ex.id,
          state: "WAITING",
          projectId,
        });
        await expectStoreError(
          store.taskExecutions.create({
            name: "j",
            uniqueKey: `join-${ex.id}`,
            workflowExecutionId: ex.id,
            state: "WAITING",
            projectId,
          }),
          "WF_STORE_ERR_DUPLICATE",
        );
      });
    });

    describe("listing", () => {
      const projectId = "p-listing";
      const project = projectAccess(projectId);
      let rows: WorkflowExecutionRow[] = [];
      const base = Date.parse("2026-02-01T00:00:00.000Z");
      const at = (minutes: number) => new Date(base + minutes * 60_000);

      beforeAll(async () => {
        const specs = [
          { name: "alpha", state: "RUNNING", tags: ["a", "b"], minutes: 0, description: "first" },
          { name: "bravo", state: "PAUSED", tags: ["a"], minutes: 1, updated: 30 },
          { name: "charlie", state: "SUCCESS", tags: null, minutes: 2, updated: 10 },
          { name: "delta", state: "RUNNING", tags: ["b"], minutes: 2, description: "50%_off" },
          {
            name: "echo",
            state: "ERROR",
            tags: ["a", "b", "c"],
            minutes: 3,
            description: "50xoff",
            updated: 10,
          },
          { name: "foxtrot", state: "RUNNING", tags: ["ab"], minutes: 4 },
          { name: "golf", state: "SUCCESS", tags: null, minutes: 4, updated: 5 },
        ] as const;
        for (const spec of specs) {
          rows.push(
            await store.workflowExecutions.create({
              name: spec.name,
              workflowName: spec.name.toUpperCase(),
              state: spec.state,
              tags: spec.tags === null ? null : [...spec.tags],
              description: "description" in spec ? spec.description : null,
              createdAt: at(spec.minutes),
              ...("updated" in spec ? { updatedAt: at(spec.updated) } : {}),
              projectId,
            }),
          );
        }
        // Another project's rows never show.
        await store.workflowExecutions.create({
          name: "alpha",
          state: "RUNNING",
          projectId: "p-listing-other",
          createdAt: at(0),
        });
        rows = await store.workflowExecutions.list(project);
      });

      const names = (list: readonly WorkflowExecutionRow[]) => list.map((r) => r.name);
      const list = async (query: ListQuery) => names(await store.workflowExecutions.list(project, query));

      it("lists a project's rows oldest first, ties in id order", async () => {
        const byCreation = [...rows].sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
        );
        expect(names(rows)).toEqual(names(byCreation));
        expect(rows).toHaveLength(7);
        expect(await store.workflowExecutions.count(project)).toBe(7);
      });

      it("filters with Mistral's operators", async () => {
        expect(await list({ filters: { state: "RUNNING" }, sortKeys: ["name"] })).toEqual([
          "alpha",
          "delta",
          "foxtrot",
        ]);
        expect(await list({ filters: { state: "eq:PAUSED" } })).toEqual(["bravo"]);
        expect(await list({ filters: { state: "in:PAUSED,ERROR" }, sortKeys: ["name"] })).toEqual([
          "bravo",
          "echo",
        ]);
        expect(await list({ filters: { state: "nin:RUNNING,SUCCESS" }, sortKeys: ["name"] })).toEqual([
          "bravo",
          "echo",
        ]);
        expect(
          await list({ filters: { state: "neq:RUNNING", name: "neq:golf" }, sortKeys: ["name"] }),
        ).toEqual(["bravo", "charlie", "echo"]);
        expect(await list({ filters: { created_at: "gt:2026-02-01T00:03:00" }, sortKeys: ["name"] })).toEqual(
          ["foxtrot", "golf"],
        );
        expect(
          await list({ filters: { created_at: "gte:2026-02-01 00:03:00" }, sortKeys: ["name"] }),
        ).toEqual(["echo", "foxtrot", "golf"]);
        expect(await list({ filters: { created_at: "lt:2026-02-01T00:01:00Z" } })).toEqual(["alpha"]);
        expect(await list({ filters: { created_at: "lte:2026-02-01T00:01:00.000+00:00" } })).toEqual([
          "alpha",
          "bravo",
        ]);
        expect(
          await list({ filters: { updated_at: "gte:2026-02-01T00:10:00" }, sortKeys: ["name"] }),
        ).toEqual(["bravo", "charlie", "echo"]);
        expect(await list({ filters: { workflow_name: "CHARLIE" } })).toEqual(["charlie"]);
        expect(await list({ filters: { name: "has:ph" } })).toEqual(["alpha"]);
        expect(await list({ filters: { description: null }, sortKeys: ["name"] })).toEqual([
          "bravo",
          "charlie",
          "foxtrot",
          "golf",
        ]);
        expect(
          await list({ filters: { description: { op: "neq", value: null } }, sortKeys: ["name"] }),
        ).toEqual(["alpha", "delta", "echo"]);
        expect(await list({ filters: { version: "gte:0", accepted: "false" } })).toHaveLength(7);
        expect(await store.workflowExecutions.count(project, { state: "RUNNING" })).toBe(3);
      });

      it("matches has: literally, case-sensitively", async () => {
        expect(await list({ filters: { description: "has:50%" } })).toEqual(["delta"]);
        expect(await list({ filters: { description: "has:%_" } })).toEqual(["delta"]);
        expect(await list({ filters: { name: "has:ALPHA" } })).toEqual([]);
        expect(await list({ filters: { name: "Alpha" } })).toEqual([]);
      });

      it("matches rows having every listed tag", async () => {
        expect(await list({ filters: { tags: "a" }, sortKeys: ["name"] })).toEqual([
          "alpha",
          "bravo",
          "echo",
        ]);
        expect(await list({ filters: { tags: "a,b" }, sortKeys: ["name"] })).toEqual(["alpha", "echo"]);
        expect(await list({ filters: { tags: "c" } })).toEqual(["echo"]);
        expect(await list({ filters: { tags: "ab" } })).toEqual(["foxtrot"]);
      });

      it("sorts by any column in either direction", async () => {
        expect(await list({ sortKeys: ["name"], sortDirs: ["desc"] })).toEqual([
          "golf",
          "foxtrot",
          "echo",
          "delta",
          "charlie",
          "bravo",
          "alpha",
        ]);
        expect(await list({ sortKeys: ["state", "created_at"], sortDirs: ["asc", "desc"] })).toEqual([
          "echo",
          "bravo",
          "foxtrot",
          "delta",
          "alpha",
          "golf",
          "charlie",
        ]);
        // NULL first ascending, last descending, on every provider.
        expect(await list({ sortKeys: ["updated_at", "name"] })).toEqual([
          "alpha",
          "delta",
          "foxtrot",
          "golf",
          "charlie",
          "echo",
          "bravo",
        ]);
        expect(await list({ sortKeys: ["updated_at", "name"], sortDirs: ["desc", "asc"] })).toEqual([
          "bravo",
          "charlie",
          "echo",
          "golf",
          "alpha",
          "delta",
          "foxtrot",
        ]);
      });

      it("pages with limit and marker through any order without losing or repeating a row", async () => {
        const orders: ListQuery[] = [
          {},
          { sortKeys: ["name"], sortDirs: ["desc"] },
          { sortKeys: ["state"] },
          { sortKeys: ["state"], sortDirs: ["desc"] },
          { sortKeys: ["updated_at"] },
          { sortKeys: ["updated_at"], sortDirs: ["desc"] },
          { sortKeys: ["description", "created_at"], sortDirs: ["desc", "asc"] },
          { sortKeys: ["created_at"], sortDirs: ["desc"], filters: { state: "neq:ERROR" } },
        ];
        for (const order of orders) {
          const all = (await store.workflowExecutions.list(project, order)).map((r) => r.id);
          for (const limit of [1, 2, 3]) {
            const paged: string[] = [];
            let marker: string | undefined;
            for (let page = 0; page < 10; page++) {
              const rowsOfPage = await store.workflowExecutions.list(project, { ...order, limit, marker });
              paged.push(...rowsOfPage.map((r) => r.id));
              if (rowsOfPage.length < limit) break;
              marker = rowsOfPage.at(-1)!.id;
            }
            expect(paged, JSON.stringify({ order, limit })).toEqual(all);
          }
        }
      });

      it("answers bad filters, sort keys, directions and limits with typed errors", async () => {
        const ex = store.workflowExecutions;
        await expectStoreError(ex.list(project, { filters: { nope: "x" } }), "WF_STORE_ERR_BAD_FILTER");
        await expectStoreError(
          ex.list(project, { filters: { created_at: "gt:yesterday" } }),
          "WF_STORE_ERR_BAD_FILTER",
        );
        await expectStoreError(
          ex.list(project, { filters: { accepted: "maybe" } }),
          "WF_STORE_ERR_BAD_FILTER",
        );
        await expectStoreError(
          ex.list(project, { filters: { version: "lt:many" } }),
          "WF_STORE_ERR_BAD_FILTER",
        );
        await expectStoreError(ex.list(project, { sortKeys: ["nope"] }), "WF_STORE_ERR_BAD_SORT_KEY");
        await expectStoreError(
          ex.list(project, { sortKeys: ["name"], sortDirs: ["up"] }),
          "WF_STORE_ERR_BAD_SORT_DIR",
        );
        await expectStoreError(
          ex.list(project, { sortKeys: ["name"], sortDirs: ["asc", "desc"] }),
          "WF_STORE_ERR_BAD_SORT_DIR",
        );
        await expectStoreError(ex.list(project, { limit: 0 }), "WF_STORE_ERR_BAD_LIMIT");
        await expectStoreError(ex.list(project, { marker: "no-such-id" }), "WF_STORE_ERR_NOT_FOUND");
        await expectStoreError(
          ex.list(projectAccess("p-listing-other"), { marker: rows[0]!.id }),
          "WF_STORE_ERR_NOT_FOUND",
        );
      });
    });

    describe("what the reconciler and the scheduler ask", () => {
      const projectId = "p-reconciler";
      const ofProject = <T extends { projectId?: string; id: string }>(list: readonly T[]) =>
        list.filter((r) => r.projectId === projectId).map((r) => r.id);

      it("finds action executions running for a while, finished but not accepted, and idle executions", async () => {
        const old = await store.actionExecutions.create({ name: "std.sleep", state: "RUNNING", projectId });
        const done = await store.actionExecutions.create({ name: "std.echo", state: "SUCCESS", projectId });
        const taken = await store.actionExecutions.create({
          name: "std.echo",
          state: "ERROR",
          accepted: true,
          projectId,
        });
        const idle = await store.workflowExecutions.create({ name: "idle", state: "IDLE", projectId });
        clock += 120_000;
        const fresh = await store.actionExecutions.create({ name: "std.sleep", state: "RUNNING", projectId });

        expect(ofProject(await store.actionExecutions.findRunning())).toEqual([old.id, fresh.id]);
        expect(ofProject(await store.actionExecutions.findRunning({ olderThanSeconds: 60 }))).toEqual([
          old.id,
        ]);
        expect(ofProject(await store.actionExecutions.findUnaccepted())).toEqual([done.id]);
        expect(ofProject(await store.actionExecutions.findUnaccepted())).not.toContain(taken.id);
        expect(ofProject(await store.workflowExecutions.findIdle())).toEqual([idle.id]);
        await store.actionExecutions.update(ALL_PROJECTS, old.id, { stateInfo: "heartbeat" });
        expect(ofProject(await store.actionExecutions.findRunning({ olderThanSeconds: 60 }))).toEqual([]);
      });

      it("finds finished subworkflows whose parent has not taken their result", async () => {
        const parent = await store.workflowExecutions.create({ name: "parent", state: "RUNNING", projectId });
        const task = await store.taskExecutions.create({
          name: "call",
          workflowExecutionId: parent.id,
          state: "RUNNING",
          projectId,
        });
        const finished = await store.workflowExecutions.create({
          name: "child",
          state: "SUCCESS",
          taskExecutionId: task.id,
          projectId,
        });
        await store.workflowExecutions.create({
          name: "taken",
          state: "ERROR",
          accepted: true,
          taskExecutionId: task.id,
          projectId,
        });
        await store.workflowExecutions.create({
          name: "running",
          state: "RUNNING",
          taskExecutionId: task.id,
          projectId,
        });
        await store.workflowExecutions.create({ name: "top-level", state: "SUCCESS", projectId });
        expect(ofProject(await store.workflowExecutions.findUnacceptedSubworkflows())).toEqual([finished.id]);
      });

      it("hands each due delayed call to exactly one of two schedulers", async () => {
        const now = new Date(clock);
        const due = [];
        for (let i = 0; i < 6; i++) {
          due.push(
            await store.delayedCalls.create({
              kind: "timer",
              arguments: { i },
              executionTime: new Date(now.getTime() - 1000 + i),
            }),
          );
        }
        const later = await store.delayedCalls.create({
          kind: "timer",
          executionTime: new Date(now.getTime() + 3_600_000),
        });
        const other = await openWorkflowStore({ databaseUrl: db.databaseUrl, now: tick });
        try {
          const [a, b] = await Promise.all([
            store.delayedCalls.claimDue({ now, limit: 50 }),
            other.delayedCalls.claimDue({ now, limit: 50 }),
          ]);
          const claimed = [...a, ...b].map((c) => c.id);
          expect(new Set(claimed).size).toBe(claimed.length);
          for (const call of due) expect(claimed).toContain(call.id);
          expect(claimed).not.toContain(later.id);
          expect([...a, ...b].every((c) => c.processing && c.capturedAt !== null)).toBe(true);
          expect(await store.delayedCalls.claim(due[0]!.id, { now })).toBeNull();
          // A claim whose scheduler died is taken again once stale.
          const stale = new Date(now.getTime() + 301_000);
          expect((await other.delayedCalls.claim(due[0]!.id, { now: stale }))?.id).toBe(due[0]!.id);
          expect(await store.delayedCalls.release(due[1]!.id)).toBe(true);
          expect((await store.delayedCalls.claim(due[1]!.id, { now }))?.processing).toBe(true);
        } finally {
          await other.close();
        }
        for (const call of [...due, later]) expect(await store.delayedCalls.delete(call.id)).toBe(true);
      });

      it("schedules a delayed call once per key", async () => {
        const first = await store.delayedCalls.schedule({
          kind: "retry",
          key: "retry:task-1",
          executionTime: new Date(clock),
        });
        const second = await store.delayedCalls.schedule({
          kind: "retry",
          key: "retry:task-1",
          executionTime: new Date(clock + 5),
        });
        expect(second.id).toBe(first.id);
        await expectStoreError(
          store.delayedCalls.create({ kind: "retry", key: "retry:task-1", executionTime: new Date(clock) }),
          "WF_STORE_ERR_DUPLICATE",
        );
        expect(await store.delayedCalls.deleteByKey("retry:task-1")).toBe(true);
        expect(await store.delayedCalls.findByKey("retry:task-1")).toBeNull();
      });

      it("fires a cron trigger's tick once however many schedulers try", async () => {
        const wf = await store.workflowDefinitions.create({ name: "ticking", projectId });
        const tickAt = new Date(clock - 1000);
        const trigger = await store.cronTriggers.create({
          name: "tick",
          pattern: "*/5 * * * *",
          workflowId: wf.id,
          workflowName: "ticking",
          nextExecutionTime: tickAt,
          remainingExecutions: 2,
          projectId,
        });
        expect(ofProject(await store.cronTriggers.findDue(new Date(clock)))).toEqual([trigger.id]);
        const next = new Date(clock + 300_000);
        const advance = {
          expectedNextExecutionTime: tickAt,
          nextExecutionTime: next,
          remainingExecutions: 1,
        };
        const results = await Promise.all(
          [1, 2, 3].map(() => store.cronTriggers.advance(trigger.id, advance)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const moved = await store.cronTriggers.get(projectAccess(projectId), "tick");
        expect(moved.remainingExecutions).toBe(1);
        expect(moved.nextExecutionTime.getTime()).toBe(next.getTime());
        expect(ofProject(await store.cronTriggers.findDue(new Date(clock)))).toEqual([]);
      });
    });

    describe("transactions", () => {
      const projectId = "p-transactions";

      it("rolls back everything when the callback throws", async () => {
        const boom = new Error("boom");
        let createdId = "";
        await expect(
          store.transaction(async (tx) => {
            createdId = (
              await tx.workflowExecutions.create({ name: "rolled-back", state: "IDLE", projectId })
            ).id;
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.workflowExecutions.find(ALL_PROJECTS, createdId)).toBeNull();
      });

      it("claims an execution, loads its snapshot and writes a decision's rows together", async () => {
        const ex = await store.workflowExecutions.create({
          name: "engine",
          state: "RUNNING",
          projectId,
          context: { vars: {} },
        });
        await expectStoreError(
          store.transaction((tx) => tx.claimExecution("no-such-execution")),
          "WF_STORE_ERR_NOT_FOUND",
        );

        const taskId = "00000000-0000-4000-8000-000000000001";
        const subTaskId = "00000000-0000-4000-8000-000000000002";
        const written = await store.transaction(async (tx) => {
          const claimed = await tx.claimExecution(ex.id);
          expect(claimed.version).toBe(1);
          await tx.write({
            // The subworkflow execution comes first in the list but refers to a task created in this write.
            workflowExecutions: {
              create: [
                {
                  id: "00000000-0000-4000-8000-0000000000a1",
                  name: "sub",
                  state: "IDLE",
                  taskExecutionId: subTaskId,
                  rootExecutionId: ex.id,
                  projectId,
                },
              ],
              update: [{ id: ex.id, patch: { context: pyJsonLoads('{"vars": {"x": 1.0}}') } }],
            },
            taskExecutions: {
              create: [
                {
                  id: taskId,
                  name: "t1",
                  workflowExecutionId: ex.id,
                  state: "RUNNING",
                  inContext: { a: 1 },
                  projectId,
                },
                {
                  id: subTaskId,
                  name: "t2",
                  type: "WORKFLOW",
                  workflowExecutionId: ex.id,
                  state: "RUNNING",
                  projectId,
                },
              ],
            },
            actionExecutions: {
              create: [
                {
                  id: "00000000-0000-4000-8000-0000000000b1",
                  name: "std.echo",
                  taskExecutionId: taskId,
                  state: "RUNNING",
                  input: { output: 1 },
                  projectId,
                },
                {
                  id: "00000000-0000-4000-8000-0000000000b2",
                  name: "std.echo",
                  taskExecutionId: taskId,
                  state: "RUNNING",
                  projectId,
                },
              ],
            },
            delayedCalls: {
              create: [
                { kind: "timeout", key: `timeout:${taskId}`, executionTime: new Date(clock + 60_000) },
              ],
            },
          });
          return tx.loadExecutionSnapshot(ex.id, {
            actionExecutionsOfTasks: [taskId],
            actionExecutionIds: ["00000000-0000-4000-8000-0000000000b1"],
            subworkflowsOfTasks: [subTaskId],
          });
        });
        expect(written.execution.version).toBe(1);
        expect(pyJsonDumps(written.execution.context)).toBe('{"vars": {"x": 1.0}}');
        expect(written.taskExecutions.map((t) => t.name)).toEqual(["t1", "t2"]);
        expect(written.actionExecutions.map((a) => a.id)).toEqual([
          "00000000-0000-4000-8000-0000000000b1",
          "00000000-0000-4000-8000-0000000000b2",
        ]);
        expect(written.subworkflowExecutions.map((e) => e.name)).toEqual(["sub"]);

        const outside = await store.loadExecutionSnapshot(ex.id);
        expect(outside.taskExecutions).toHaveLength(2);
        expect(outside.actionExecutions).toEqual([]);
        const timer = await store.delayedCalls.findByKey(`timeout:${taskId}`);
        await store.transaction((tx) => tx.write({ delayedCalls: { delete: [timer!.id] } }));
        expect(await store.delayedCalls.find(timer!.id)).toBeNull();
      });

      it("serialises two transactions that claim the same execution: the second sees the first's writes", async () => {
        const ex = await store.workflowExecutions.create({
          name: "contended",
          state: "RUNNING",
          projectId,
          context: { step: "none" },
        });
        let claimedByFirst!: () => void;
        const firstHasClaimed = new Promise<void>((resolve) => (claimedByFirst = resolve));
        const first = store.transaction(async (tx) => {
          await tx.claimExecution(ex.id);
          claimedByFirst();
          await sleep(300);
          await tx.workflowExecutions.update(ALL_PROJECTS, ex.id, { context: { step: "first" } });
        });
        await firstHasClaimed;
        const started = Date.now();
        const second = store.transaction(async (tx) => {
          const row = await tx.claimExecution(ex.id);
          return { waitedMs: Date.now() - started, context: row.context, version: row.version };
        });
        const [, seen] = await Promise.all([first, second]);
        expect(seen.context).toEqual({ step: "first" });
        expect(seen.version).toBe(2);
        expect(seen.waitedMs).toBeGreaterThanOrEqual(200);
      });

      it("loses no increment when twenty transactions claim one execution at once", async () => {
        const ex = await store.workflowExecutions.create({
          name: "counter",
          state: "RUNNING",
          projectId,
          context: { count: 0 },
        });
        await Promise.all(
          Array.from({ length: 20 }, () =>
            store.transaction(async (tx) => {
              const row = await tx.claimExecution(ex.id);
              const count = Number((row.context as { count: number }).count);
              await tx.workflowExecutions.update(ALL_PROJECTS, ex.id, { context: { count: count + 1 } });
            }),
          ),
        );
        const final = await store.workflowExecutions.get(ALL_PROJECTS, ex.id);
        expect(final.context).toEqual({ count: 20 });
        expect(final.version).toBe(20);
      }, 60_000);
    });
  });
}

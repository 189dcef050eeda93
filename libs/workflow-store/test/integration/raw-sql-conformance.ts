// The hot path's raw SQL (src/raw-sql.ts) against Prisma, on one provider: two stores on one
// database, one with raw SQL (the default) and one with `rawSql: false` (everything through Prisma),
// must read the same rows the same way and write the same bytes. Each provider's spec file runs it.
import { pyJsonDumps, pyJsonLoads } from "@ops/dsl";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ALL_PROJECTS,
  isWorkflowStoreError,
  openWorkflowStore,
  projectAccess,
  STORE_TABLES,
  upgradeDatabase,
  type DatabaseProvider,
  type NewActionExecution,
  type NewTaskExecution,
  type NewWorkflowExecution,
  type WorkflowStore,
  type WorkflowStoreErrorCode,
} from "../../src/index.js";
import { DriverTap, RawTable } from "../../src/raw-sql.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-databases.js";

async function expectStoreError(promise: Promise<unknown>, code: WorkflowStoreErrorCode): Promise<unknown> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (!isWorkflowStoreError(caught, code)) {
    throw new Error(`expected ${code}, got ${String(caught)}`, { cause: caught });
  }
  return caught;
}

/** Each column as the text of what the database holds (SQLite: `quote()`, so types show too). */
const STORED_AS_TEXT: Record<DatabaseProvider, (column: string) => string> = {
  sqlite: (c) => `quote("${c}") AS "${c}"`,
  postgresql: (c) => `"${c}"::text AS "${c}"`,
  mysql: (c) => `CAST(\`${c}\` AS CHAR) AS \`${c}\``,
};

const JSON_TEXT =
  '{"float": 1.0, "big": 12345678901234567890, "neg": -7, "small": 2.5e-07, "text": "caf\\u00e9 \\u2603", "list": [1, null, true, false, 1.5], "empty": {}}';

export function describeRawSqlConformance(provider: DatabaseProvider): void {
  describe(`raw SQL and Prisma on ${provider}`, () => {
    let db: TestDatabase;
    let raw: WorkflowStore;
    let prisma: WorkflowStore;
    let clock = Date.parse("2026-04-01T08:00:00.000Z");
    const tick = () => new Date(clock++);
    const projectId = "p-raw";
    const project = projectAccess(projectId);
    let serial = 0;
    const id = (label: string) =>
      `00000000-0000-4000-8000-${(++serial).toString(16).padStart(12, "0")}${label}`.slice(0, 36);

    /** The stored text of every column of a row, without its id. */
    async function stored(table: string, rowId: string): Promise<Record<string, unknown>> {
      const spec = STORE_TABLES.find((t) => t.table === table)!;
      const columns = Object.keys(spec.columns).filter((c) => c !== "id");
      const quote = provider === "mysql" ? "`" : '"';
      const rows = await db.query(
        `SELECT ${columns.map(STORED_AS_TEXT[provider]).join(", ")} FROM ${quote}${table}${quote} WHERE id = '${rowId}'`,
      );
      expect(rows, `${table} ${rowId}`).toHaveLength(1);
      return rows[0]!;
    }

    const execution = (overrides: Partial<NewWorkflowExecution> = {}): NewWorkflowExecution => ({
      id: id("we"),
      name: "wf ☃",
      description: "every column",
      workflowName: "wf",
      workflowNamespace: "ns",
      workflowId: "wf-id",
      spec: { name: "wf", tasks: { t1: { action: "std.noop" } } },
      state: "RUNNING",
      stateInfo: "info",
      tags: ["a", "b"],
      runtimeContext: { index: 0 },
      accepted: true,
      input: pyJsonLoads(JSON_TEXT),
      output: null,
      params: { env: {} },
      context: pyJsonLoads('{"vars": {"x": 1.0}}'),
      rootExecutionId: "root-id",
      scope: "private",
      projectId,
      createdAt: new Date("2026-04-01T08:00:00.123Z"),
      updatedAt: new Date("2026-04-01T08:00:01.999Z"),
      ...overrides,
    });

    const task = (
      workflowExecutionId: string,
      overrides: Partial<NewTaskExecution> = {},
    ): NewTaskExecution => ({
      id: id("te"),
      name: "t1",
      workflowExecutionId,
      workflowName: "wf",
      workflowNamespace: "ns",
      spec: { action: "std.echo", input: { output: 1.0 } },
      actionSpec: null,
      state: "SUCCESS",
      tags: null,
      uniqueKey: null,
      type: "WORKFLOW",
      startedAt: new Date("2026-04-01T08:00:00.001Z"),
      finishedAt: new Date("2026-04-01T08:00:02.000Z"),
      processed: true,
      hasNextTasks: false,
      nextTasks: [["t2", "on-success"]],
      errorHandled: true,
      inContext: pyJsonLoads(JSON_TEXT),
      published: {},
      projectId,
      createdAt: new Date("2026-04-01T08:00:00.500Z"),
      ...overrides,
    });

    const action = (
      taskExecutionId: string,
      overrides: Partial<NewActionExecution> = {},
    ): NewActionExecution => ({
      id: id("ae"),
      name: "std.echo",
      description: "d",
      workflowName: "wf",
      taskExecutionId,
      state: "RUNNING",
      accepted: false,
      input: pyJsonLoads(JSON_TEXT),
      output: { result: null },
      lastHeartbeat: new Date("2026-04-01T08:00:03.050Z"),
      isSync: true,
      projectId,
      createdAt: new Date("2026-04-01T08:00:00.700Z"),
      ...overrides,
    });

    beforeAll(async () => {
      db = await createTestDatabase(provider, "raw");
      await upgradeDatabase({ databaseUrl: db.databaseUrl });
      raw = await openWorkflowStore({ databaseUrl: db.databaseUrl, now: tick });
      prisma = await openWorkflowStore({ databaseUrl: db.databaseUrl, now: tick, rawSql: false });
    });

    afterAll(async () => {
      await raw?.close();
      await prisma?.close();
      await db?.drop();
    });

    afterEach(() => {
      vi.restoreAllMocks();
    });

    it("takes the raw path on the default store and inside its transactions, and never with rawSql: false", async () => {
      const selects = vi.spyOn(RawTable.prototype, "selectById");
      const attaches = vi.spyOn(DriverTap.prototype, "attach");
      const ex = await prisma.workflowExecutions.create(execution());
      await prisma.workflowExecutions.find(ALL_PROJECTS, ex.id);
      await prisma.transaction((tx) => tx.claimExecution(ex.id));
      expect(selects).not.toHaveBeenCalled();
      expect(attaches).not.toHaveBeenCalled();
      await raw.workflowExecutions.find(ALL_PROJECTS, ex.id);
      expect(selects).toHaveBeenCalledTimes(1);
      const direct = vi.spyOn(DriverTap.prototype, "beginDirect");
      await raw.transaction(async (tx) => {
        await tx.claimExecution(ex.id);
        await tx.workflowExecutions.get(ALL_PROJECTS, ex.id);
      });
      // All raw: a transaction begun on the adapter, without Prisma's.
      expect(direct).toHaveBeenCalledTimes(1);
      expect(attaches).not.toHaveBeenCalled();
      expect(selects.mock.calls.length).toBeGreaterThanOrEqual(2);
      // A call only Prisma can make sends the whole work to a Prisma transaction: one attach (with
      // the claim), then the transaction's own connection.
      let runs = 0;
      const count = await raw.transaction(async (tx) => {
        runs += 1;
        await tx.claimExecution(ex.id);
        return tx.workflowExecutions.count(ALL_PROJECTS, {});
      });
      expect(count).toBeGreaterThanOrEqual(1);
      expect(runs).toBe(2);
      expect(attaches).toHaveBeenCalledTimes(1);
    });

    it("reads every column kind as Prisma does, with the keys in Prisma's order", async () => {
      const ex = await prisma.workflowExecutions.create(execution());
      const t = await prisma.taskExecutions.create(task(ex.id));
      const bare = await prisma.taskExecutions.create(
        // Only what is required: defaults and NULLs everywhere else.
        { name: "bare", workflowExecutionId: ex.id, state: "IDLE", projectId },
      );
      const a = await prisma.actionExecutions.create(action(t.id));
      const b = await prisma.actionExecutions.create(
        action(t.id, { isSync: null, input: null, output: null }),
      );
      const c = await prisma.actionExecutions.create(action(t.id, { isSync: false, lastHeartbeat: null }));

      for (const [store, other] of [
        [raw, prisma],
        [prisma, raw],
      ] as const) {
        const mine = await store.workflowExecutions.get(ALL_PROJECTS, ex.id);
        const theirs = await other.workflowExecutions.get(ALL_PROJECTS, ex.id);
        expect(mine).toEqual(theirs);
        expect(Object.keys(mine)).toEqual(Object.keys(theirs));
      }
      const viaRaw = {
        execution: await raw.workflowExecutions.find(project, ex.id),
        tasks: await raw.taskExecutions.listForExecution(project, ex.id),
        actions: await raw.actionExecutions.listForTasks(ALL_PROJECTS, [t.id, bare.id]),
        byId: await raw.actionExecutions.findMany(ALL_PROJECTS, [c.id, a.id, "missing", b.id]),
      };
      const viaPrisma = {
        execution: await prisma.workflowExecutions.find(project, ex.id),
        tasks: await prisma.taskExecutions.listForExecution(project, ex.id),
        actions: await prisma.actionExecutions.listForTasks(ALL_PROJECTS, [t.id, bare.id]),
        byId: await prisma.actionExecutions.findMany(ALL_PROJECTS, [c.id, a.id, "missing", b.id]),
      };
      expect(viaRaw).toEqual(viaPrisma);
      expect(viaRaw.tasks.map((row) => Object.keys(row))).toEqual(
        viaPrisma.tasks.map((row) => Object.keys(row)),
      );
      expect(Object.keys(viaRaw.actions[0]!)).toEqual(Object.keys(viaPrisma.actions[0]!));
      expect(viaRaw.actions.map((row) => row.id)).toEqual([a.id, b.id, c.id]);

      const read = viaRaw.execution!;
      expect(read.createdAt).toBeInstanceOf(Date);
      expect(read.createdAt.toISOString()).toBe("2026-04-01T08:00:00.123Z");
      expect(read.updatedAt?.toISOString()).toBe("2026-04-01T08:00:01.999Z");
      expect(pyJsonDumps(read.input)).toBe(JSON_TEXT);
      expect(pyJsonDumps(read.context)).toBe('{"vars": {"x": 1.0}}');
      expect(read.output).toBeNull();
      expect(read.accepted).toBe(true);
      expect(read.version).toBe(0);
      const readTask = viaRaw.tasks.find((row) => row.id === t.id)!;
      expect(readTask.startedAt?.toISOString()).toBe("2026-04-01T08:00:00.001Z");
      expect(readTask.finishedAt?.toISOString()).toBe("2026-04-01T08:00:02.000Z");
      expect([readTask.processed, readTask.hasNextTasks, readTask.errorHandled]).toEqual([true, false, true]);
      expect(pyJsonDumps(readTask.inContext)).toBe(JSON_TEXT);
      const readBare = viaRaw.tasks.find((row) => row.id === bare.id)!;
      expect(readBare).toMatchObject({
        type: "ACTION",
        processed: false,
        spec: null,
        startedAt: null,
        tags: null,
      });
      expect(viaRaw.byId.map((row) => row.isSync)).toEqual([true, null, false]);
      expect(viaRaw.byId.map((row) => row.lastHeartbeat?.toISOString() ?? null)).toEqual([
        "2026-04-01T08:00:03.050Z",
        "2026-04-01T08:00:03.050Z",
        null,
      ]);
      // Another project sees none of it, on either path.
      const other = projectAccess("p-raw-other");
      expect(await raw.workflowExecutions.find(other, ex.id)).toBeNull();
      expect(await raw.taskExecutions.listForExecution(other, ex.id)).toEqual([]);
      expect(await raw.actionExecutions.findMany(other, [a.id])).toEqual([]);
      await expectStoreError(raw.actionExecutions.get(other, a.id), "WF_STORE_ERR_NOT_FOUND");
    });

    it("writes the bytes Prisma writes: bulk inserts, updates and compare-and-set", async () => {
      // [table, row written by the raw store, the same row written by the Prisma store]
      const twins: Array<[string, string, string]> = [];
      async function both(table: string, write: (store: WorkflowStore, tag: string) => Promise<string[]>) {
        const viaRaw = await write(raw, "r");
        const viaPrisma = await write(prisma, "p");
        viaRaw.forEach((rowId, i) => twins.push([table, rowId, viaPrisma[i]!]));
        return [viaRaw, viaPrisma] as const;
      }
      const createdAt = new Date("2026-04-01T08:30:00.000Z");

      // Outside a transaction: rows of one shape (one statement; more go to Prisma's createMany).
      const [executions] = await both("workflow_executions", async (store, tag) => {
        const values = [
          execution({ id: id(`x1${tag}`) }),
          execution({ id: id(`x2${tag}`), output: { r: 2 }, accepted: false }),
        ];
        expect(await store.workflowExecutions.createMany(values)).toBe(2);
        return values.map((v) => v.id!);
      });
      // In a transaction: rows of different shapes, with defaults for what they leave out.
      await both("workflow_executions", async (store, tag) => {
        const values = [
          execution({ id: id(`x3${tag}`) }),
          { id: id(`x4${tag}`), name: "bare", state: "IDLE" as const, projectId, createdAt },
        ];
        expect(await store.transaction((tx) => tx.workflowExecutions.createMany(values))).toBe(2);
        return values.map((v) => v.id!);
      });
      const [tasks] = await both("task_executions", async (store, tag) => {
        const parent = store === raw ? executions[0]! : twins[0]![2];
        const values = [
          task(parent, { id: id(`t1${tag}`) }),
          task(parent, { id: id(`t2${tag}`), spec: null, uniqueKey: `key-${tag}`, tags: ["x"] }),
          {
            id: id(`t3${tag}`),
            name: "bare",
            workflowExecutionId: parent,
            state: "IDLE" as const,
            projectId,
            createdAt,
          },
        ];
        await store.transaction((tx) => tx.write({ taskExecutions: { create: values } }));
        return values.map((v) => v.id!);
      });
      await both("action_executions", async (store, tag) => {
        const parentTask = store === raw ? tasks[0]! : twins.find(([, r]) => r === tasks[0])![2];
        const values = [
          action(parentTask, { id: id(`a1${tag}`) }),
          action(parentTask, { id: id(`a2${tag}`), isSync: null, lastHeartbeat: null, input: null }),
          action(parentTask, { id: id(`a3${tag}`), isSync: false }),
        ];
        expect(await store.actionExecutions.createMany(values)).toBe(3);
        return values.map((v) => v.id!);
      });

      // The same changes through each store, at the same moments.
      const at = (ms: number) => new Date(Date.parse("2026-04-01T09:00:00.000Z") + ms);
      const twinOf = (rowId: string) => twins.find(([, r]) => r === rowId)![2];
      for (const store of [raw, prisma]) {
        const pick = (rowId: string) => (store === raw ? rowId : twinOf(rowId));
        const ids = {
          execution: pick(executions[0]!),
          task: pick(tasks[0]!),
          action: pick(twins.find(([table]) => table === "action_executions")![1]),
        };
        await store.transaction((tx) =>
          tx.write({
            workflowExecutions: {
              update: [
                {
                  id: ids.execution,
                  patch: { state: "SUCCESS", output: pyJsonLoads('{"r": 1.0}'), updatedAt: at(1) },
                },
              ],
            },
            taskExecutions: {
              update: [
                {
                  id: ids.task,
                  patch: { processed: false, finishedAt: null, published: null, updatedAt: at(20) },
                },
              ],
            },
          }),
        );
        const updated = await store.actionExecutions.updateIf(
          ALL_PROJECTS,
          ids.action,
          { state: ["RUNNING", "PAUSED"] },
          { state: "ERROR", isSync: false, accepted: true, lastHeartbeat: at(300), updatedAt: at(301) },
        );
        expect(updated).toMatchObject({ state: "ERROR", isSync: false, accepted: true });
        expect(updated?.lastHeartbeat?.toISOString()).toBe("2026-04-01T09:00:00.300Z");
        const changed = await store.actionExecutions.update(project, ids.action, {
          stateInfo: null,
          updatedAt: at(4000),
        });
        expect(changed.updatedAt?.toISOString()).toBe("2026-04-01T09:00:04.000Z");
        const claimed = await store.transaction((tx) => tx.claimExecution(ids.execution));
        expect(claimed).toMatchObject({ version: 1, state: "SUCCESS" });
      }

      expect(twins).toHaveLength(10);
      // A raw row refers to raw rows where its twin refers to their twins.
      const twinIds = new Map(twins.map(([, viaRaw, viaPrisma]) => [viaRaw, viaPrisma]));
      const asTwin = (row: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(row).map(([column, value]) => [
            column,
            typeof value === "string"
              ? value
                  .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, (rowId) => twinIds.get(rowId) ?? rowId)
                  .replace("key-r", "key-p")
              : value,
          ]),
        );
      for (const [table, viaRaw, viaPrisma] of twins) {
        expect(asTwin(await stored(table, viaRaw)), `${table} ${viaRaw} / ${viaPrisma}`).toEqual(
          await stored(table, viaPrisma),
        );
      }
      // Each row reads the same through both stores, whichever wrote it.
      for (const [table, viaRaw, viaPrisma] of twins) {
        const repository =
          table === "workflow_executions"
            ? "workflowExecutions"
            : table === "task_executions"
              ? "taskExecutions"
              : "actionExecutions";
        for (const rowId of [viaRaw, viaPrisma]) {
          const mine: object = await raw[repository].get(ALL_PROJECTS, rowId);
          const theirs: object = await prisma[repository].get(ALL_PROJECTS, rowId);
          expect(mine).toEqual(theirs);
          expect(Object.keys(mine)).toEqual(Object.keys(theirs));
        }
      }
      if (provider === "sqlite") {
        // What Prisma stores in SQLite: ISO text with milliseconds and +00:00, booleans as 0/1.
        const row = await stored("workflow_executions", executions[0]!);
        expect(row["created_at"]).toBe("'2026-04-01T08:00:00.123+00:00'");
        expect(row["updated_at"]).toBe("'2026-04-01T09:00:00.001+00:00'");
        expect(row["accepted"]).toBe("1");
        expect(row["version"]).toBe("1");
      }
    });

    it("creates one row as Prisma does, answers it as stored, and refuses a duplicate id the same way", async () => {
      const inserts = vi.spyOn(RawTable.prototype, "insertReturning");
      const created: Record<string, { id: string; row: object }> = {};
      for (const [tag, store] of [
        ["r", raw],
        ["p", prisma],
      ] as const) {
        // Every column, and a bare row whose other columns take their defaults.
        const full = await store.workflowExecutions.create(execution({ id: id(`c1${tag}`) }));
        const bare = await store.workflowExecutions.create({
          id: id(`c2${tag}`),
          name: "bare",
          state: "IDLE",
          projectId,
          createdAt: new Date("2026-04-01T10:00:00.000Z"),
        });
        created[`full-${tag}`] = { id: full.id, row: full };
        created[`bare-${tag}`] = { id: bare.id, row: bare };
        const error = await store.workflowExecutions
          .create(execution({ id: full.id }))
          .catch((e: unknown) => e);
        expect(error, tag).toMatchObject({ code: "WF_STORE_ERR_DUPLICATE" });
      }
      expect(inserts).toHaveBeenCalledTimes(3);
      for (const shape of ["full", "bare"]) {
        const viaRaw = created[`${shape}-r`]!;
        const viaPrisma = created[`${shape}-p`]!;
        expect({ ...viaRaw.row, id: viaPrisma.id }, shape).toEqual(viaPrisma.row);
        expect(Object.keys(viaRaw.row)).toEqual(Object.keys(viaPrisma.row));
        expect(await stored("workflow_executions", viaRaw.id)).toEqual(
          await stored("workflow_executions", viaPrisma.id),
        );
        expect(await raw.workflowExecutions.get(ALL_PROJECTS, viaRaw.id)).toEqual(viaRaw.row);
      }
    });

    it("changes rows only as expected, and says which are not there", async () => {
      const ex = await raw.workflowExecutions.create(execution({ state: "RUNNING" }));
      expect(
        await raw.workflowExecutions.updateIf(ALL_PROJECTS, ex.id, { version: 3 }, { state: "PAUSED" }),
      ).toBeNull();
      expect(
        await raw.workflowExecutions.updateIf(ALL_PROJECTS, ex.id, { state: [] }, { state: "PAUSED" }),
      ).toBeNull();
      expect(
        await raw.workflowExecutions.updateIf(
          projectAccess("p-raw-other"),
          ex.id,
          { state: "RUNNING" },
          { state: "PAUSED" },
        ),
      ).toBeNull();
      const paused = await raw.workflowExecutions.updateIf(
        project,
        ex.id,
        { state: ["RUNNING", "PAUSED"], version: 0 },
        { state: "PAUSED" },
      );
      expect(paused).toMatchObject({ id: ex.id, state: "PAUSED", version: 0 });
      // Setting what is already there still finds the row (MySQL counts matched rows, not changed ones).
      const same = { state: "PAUSED" as const, updatedAt: paused!.updatedAt! };
      expect((await raw.workflowExecutions.update(ALL_PROJECTS, ex.id, same)).state).toBe("PAUSED");
      await raw.transaction((tx) =>
        tx.write({ workflowExecutions: { update: [{ id: ex.id, patch: same }] } }),
      );

      await expectStoreError(
        raw.workflowExecutions.update(ALL_PROJECTS, "no-such-row", { state: "RUNNING" }),
        "WF_STORE_ERR_NOT_FOUND",
      );
      await expectStoreError(
        raw.transaction((tx) =>
          tx.write({ taskExecutions: { update: [{ id: "no-such-row", patch: { state: "RUNNING" } }] } }),
        ),
        "WF_STORE_ERR_NOT_FOUND",
      );
      await expectStoreError(
        raw.transaction((tx) => tx.claimExecution("no-such-row")),
        "WF_STORE_ERR_NOT_FOUND",
      );
      await expectStoreError(
        raw.workflowExecutions.update(ALL_PROJECTS, ex.id, { noSuchField: 1 } as never),
        "WF_STORE_ERR_INVALID_VALUE",
      );
      await expectStoreError(
        raw.workflowExecutions.update(ALL_PROJECTS, ex.id, { scope: "shared" as "public" }),
        "WF_STORE_ERR_INVALID_VALUE",
      );
      await expectStoreError(
        raw.workflowExecutions.update(ALL_PROJECTS, ex.id, { name: null as unknown as string }),
        "WF_STORE_ERR_INVALID_VALUE",
      );
      const claimed = await raw.transaction((tx) => tx.claimExecution(ex.id));
      expect(claimed.version).toBe(1);
      expect(claimed.updatedAt).toEqual(paused!.updatedAt);
      expect((await prisma.workflowExecutions.get(ALL_PROJECTS, ex.id)).version).toBe(1);
    });

    it("inserts many rows of different shapes in as many statements as the provider needs", async () => {
      const ex = await raw.workflowExecutions.create({ name: "many", state: "RUNNING", projectId });
      const values: NewTaskExecution[] = Array.from({ length: 1100 }, (_, i) => ({
        id: `many-${String(i).padStart(5, "0")}`,
        name: `t${i}`,
        workflowExecutionId: ex.id,
        state: "SUCCESS",
        projectId,
        createdAt: new Date(Date.parse("2026-04-02T00:00:00.000Z") + (i % 7)),
        ...(i % 3 === 0 ? { inContext: { i } } : {}),
        ...(i % 5 === 0 ? { processed: true, startedAt: new Date("2026-04-02T00:00:01.234Z") } : {}),
      }));
      expect(await raw.transaction((tx) => tx.taskExecutions.createMany(values))).toBe(1100);
      const ids = values.map((v) => v.id!);
      const actions = ids.map((taskExecutionId, i) => ({
        id: `many-a-${i}`,
        name: "std.noop",
        taskExecutionId,
        state: "RUNNING" as const,
        projectId,
      }));
      // Outside a transaction more than one statement is left to Prisma's createMany.
      expect(await raw.actionExecutions.createMany(actions)).toBe(1100);
      const viaRaw = await raw.taskExecutions.listForExecution(ALL_PROJECTS, ex.id);
      expect(viaRaw).toHaveLength(1100);
      expect(viaRaw).toEqual(await prisma.taskExecutions.listForExecution(ALL_PROJECTS, ex.id));
      expect(viaRaw[0]!.inContext).toEqual({ i: 0 });
      expect(viaRaw.find((row) => row.id === "many-00001")).toMatchObject({
        inContext: null,
        processed: false,
      });
      // More ids than SQLite takes in one statement (Prisma fails there with P2029): several SELECTs.
      const byTask = await raw.actionExecutions.listForTasks(ALL_PROJECTS, ids);
      expect(byTask.map((row) => row.id)).toEqual(actions.map((a) => a.id));
      expect(await raw.taskExecutions.findMany(ALL_PROJECTS, [...ids].reverse())).toEqual(viaRaw);

      const key = `join-${ex.id}`;
      await raw.taskExecutions.create({
        name: "j",
        uniqueKey: key,
        workflowExecutionId: ex.id,
        state: "WAITING",
        projectId,
      });
      const duplicate = await expectStoreError(
        raw.transaction((tx) =>
          tx.write({
            taskExecutions: {
              create: [
                { name: "j", uniqueKey: key, workflowExecutionId: ex.id, state: "WAITING", projectId },
              ],
            },
          }),
        ),
        "WF_STORE_ERR_DUPLICATE",
      );
      expect((duplicate as Error).message).toMatch(/nique/);
      await expectStoreError(
        raw.transaction((tx) =>
          tx.write({
            actionExecutions: {
              create: [{ name: "orphan", taskExecutionId: "no-such-task", state: "RUNNING", projectId }],
            },
          }),
        ),
        "WF_STORE_ERR_IN_USE",
      );
    });

    it("resolves definitions by name as Prisma does: own rows first, the named namespace before the default", async () => {
      const owner = "p-raw-defs";
      const other = "p-raw-defs-other";
      await prisma.actionDefinitions.create({
        name: "act",
        namespace: "",
        projectId: other,
        scope: "public",
        input: "x",
      });
      await prisma.actionDefinitions.create({
        name: "act",
        namespace: "ns",
        projectId: other,
        scope: "public",
      });
      await prisma.actionDefinitions.create({ name: "act", namespace: "", projectId: owner });
      await prisma.actionDefinitions.create({ name: "mine", namespace: "ns", projectId: owner });
      await prisma.actionDefinitions.create({ name: "hidden", namespace: "", projectId: other });
      await prisma.workflowDefinitions.create({
        name: "wf",
        namespace: "",
        projectId: owner,
        spec: pyJsonLoads('{"v": 1.0}'),
        tags: ["t"],
      });
      await prisma.workflowDefinitions.create({
        name: "wf",
        namespace: "ns",
        projectId: other,
        scope: "public",
      });
      const accesses = [
        ALL_PROJECTS,
        projectAccess(owner),
        projectAccess(other),
        projectAccess("p-raw-nobody"),
      ];
      for (const access of accesses) {
        for (const name of ["act", "mine", "hidden", "wf", "none"]) {
          for (const namespace of [undefined, "", "ns", "other-ns"]) {
            const what = `${JSON.stringify(access)} ${name} ${String(namespace)}`;
            expect(await raw.actionDefinitions.resolve(access, name, namespace), what).toEqual(
              await prisma.actionDefinitions.resolve(access, name, namespace),
            );
            expect(await raw.workflowDefinitions.resolve(access, name, namespace), what).toEqual(
              await prisma.workflowDefinitions.resolve(access, name, namespace),
            );
          }
        }
      }
      const own = await raw.actionDefinitions.resolve(projectAccess(owner), "act", "ns");
      expect(own).toMatchObject({ projectId: owner, namespace: "" });
      expect((await raw.workflowDefinitions.resolve(projectAccess(owner), "wf"))?.spec).toEqual(
        pyJsonLoads('{"v": 1.0}'),
      );
    });

    it("runs raw statements in the transaction: rolled back with it, visible to Prisma's calls in it", async () => {
      const ex = await raw.workflowExecutions.create({
        name: "tx",
        state: "RUNNING",
        projectId,
        context: { n: 0 },
      });
      const boom = new Error("boom");
      const taskId = id("tx");
      await expect(
        raw.transaction(async (tx) => {
          await tx.claimExecution(ex.id);
          await tx.write({
            taskExecutions: {
              create: [{ id: taskId, name: "t", workflowExecutionId: ex.id, state: "RUNNING", projectId }],
            },
            workflowExecutions: { update: [{ id: ex.id, patch: { context: { n: 1 } } }] },
          });
          // Prisma's own calls in the same transaction see the raw writes, and the other way round.
          expect(
            (await tx.taskExecutions.list(ALL_PROJECTS, { filters: { workflow_execution_id: ex.id } })).map(
              (t) => t.id,
            ),
          ).toEqual([taskId]);
          const made = await tx.actionExecutions.create({
            name: "a",
            taskExecutionId: taskId,
            state: "RUNNING",
            projectId,
          });
          expect((await tx.actionExecutions.listForTasks(ALL_PROJECTS, [taskId])).map((a) => a.id)).toEqual([
            made.id,
          ]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await raw.taskExecutions.find(ALL_PROJECTS, taskId)).toBeNull();
      const after = await raw.workflowExecutions.get(ALL_PROJECTS, ex.id);
      expect(after).toMatchObject({ version: 0, context: { n: 0 } });

      let leaked: Parameters<Parameters<WorkflowStore["transaction"]>[0]>[0] | undefined;
      await raw.transaction(async (tx) => {
        leaked = tx;
        await tx.workflowExecutions.get(ALL_PROJECTS, ex.id);
      });
      await expectStoreError(leaked!.workflowExecutions.get(ALL_PROJECTS, ex.id), "WF_STORE_ERR_TRANSACTION");
    });

    it("retries a transaction whose raw statements deadlock", async () => {
      const a = await raw.workflowExecutions.create({ name: "a", state: "RUNNING", projectId });
      const b = await raw.workflowExecutions.create({ name: "b", state: "RUNNING", projectId });
      let attempts = 0;
      let release!: () => void;
      const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
      let holding = 0;
      const hold = async () => {
        if (++holding === 2) release();
        await Promise.race([bothHoldOne, new Promise((resolve) => setTimeout(resolve, 2000))]);
      };
      const crosswise = (first: string, second: string) =>
        raw.transaction(async (tx) => {
          attempts++;
          await tx.workflowExecutions.update(ALL_PROJECTS, first, { stateInfo: `from ${first}` });
          await hold();
          await tx.workflowExecutions.update(ALL_PROJECTS, second, { stateInfo: `from ${first}` });
        });
      await Promise.all([crosswise(a.id, b.id), crosswise(b.id, a.id)]);
      // SQLite runs one transaction at a time, so only the servers can deadlock.
      if (provider !== "sqlite") expect(attempts).toBeGreaterThan(2);
      const rows = await raw.workflowExecutions.findMany(ALL_PROJECTS, [a.id, b.id]);
      expect(new Set(rows.map((row) => row.stateInfo)).size).toBe(1);
    }, 30_000);
  });
}

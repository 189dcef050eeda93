import { describe, expect, it } from "vitest";
import { DriverTap, RawSqlUnavailable, RawTable, sqlDialect, TransactionSqlSession } from "./raw-sql.js";
import { ACTION_EXECUTIONS, TASK_EXECUTIONS } from "./store-tables.js";

describe("raw SQL statements", () => {
  it("groups rows by their fields and splits them at the provider's argument limit", () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({
      id: `t${i}`,
      name: "t",
      ...(i % 2 === 0 ? { processed: true } : {}),
      createdAt: new Date(0),
    }));
    const sqlite = RawTable.of(TASK_EXECUTIONS, sqlDialect("sqlite")).insertStatements(rows);
    // 300 rows of 4 columns and 300 of 3, at most 999 arguments a statement.
    expect(sqlite.map((s) => s.args.length)).toEqual([996, 204, 900]);
    expect(sqlite[0]!.sql).toContain(
      '("created_at", "id", "name", "processed") VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
    );
    expect(sqlite[0]!.argTypes.map((t) => t.scalarType).slice(0, 4)).toEqual([
      "datetime",
      "string",
      "string",
      "boolean",
    ]);
    const postgres = RawTable.of(TASK_EXECUTIONS, sqlDialect("postgresql")).insertStatements(rows);
    expect(postgres).toHaveLength(2);
    expect(postgres[1]!.sql).toContain("VALUES ($1, $2, $3), ($4, $5, $6)");
    const mysql = RawTable.of(ACTION_EXECUTIONS, sqlDialect("mysql")).insertStatements([
      { id: "a", name: "x", state: "RUNNING", projectId: "p", createdAt: new Date(0) },
    ]);
    expect(mysql[0]!.sql).toBe(
      "INSERT INTO `action_executions` (`created_at`, `id`, `name`, `project_id`, `state`) VALUES (?, ?, ?, ?, ?)",
    );
  });

  it("refuses values Prisma would refuse", () => {
    const table = RawTable.of(TASK_EXECUTIONS, sqlDialect("postgresql"));
    const insert = (row: Record<string, unknown>) => () => table.insertStatements([row]);
    expect(insert({ id: "a", name: 5 })).toThrow(/task_executions.name must be a string/);
    expect(insert({ id: "a", name: null })).toThrow(/task_executions.name cannot be null/);
    expect(insert({ id: "a", processed: "yes" })).toThrow(/must be a boolean/);
    expect(insert({ id: "a", startedAt: new Date(Number.NaN) })).toThrow(/must be a Date/);
    expect(insert({ id: "a", nope: 1 })).toThrow(/task_executions has no field nope/);
  });
});

describe("a transaction's raw SQL", () => {
  it("falls back to Prisma when the transaction's connection cannot be reached", async () => {
    const tap = new DriverTap("sqlite");
    // A transaction client whose statements reach no tapped transaction (nothing answers the attach).
    const session = new TransactionSqlSession(tap, { $executeRawUnsafe: () => Promise.resolve(0) });
    const first = await session.queryable();
    await expect(first!.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] })).rejects.toBeInstanceOf(
      RawSqlUnavailable,
    );
    expect(await session.queryable()).toBeUndefined();
  });
});

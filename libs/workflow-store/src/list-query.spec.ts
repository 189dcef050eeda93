import { describe, expect, it } from "vitest";
import { afterMarker, compileListQuery, parseFilterString, parseTimestamp } from "./list-query.js";
import { WORKFLOW_EXECUTIONS } from "./store-tables.js";
import { isWorkflowStoreError, type WorkflowStoreErrorCode } from "./workflow-store-error.js";

function codeOf(run: () => unknown): WorkflowStoreErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (isWorkflowStoreError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe("parseFilterString", () => {
  it("reads Mistral's op:value forms, with lists for in and nin", () => {
    expect(parseFilterString("RUNNING")).toEqual({ op: "eq", value: "RUNNING" });
    expect(parseFilterString("neq:RUNNING")).toEqual({ op: "neq", value: "RUNNING" });
    expect(parseFilterString("in:RUNNING,PAUSED")).toEqual({ op: "in", value: ["RUNNING", "PAUSED"] });
    expect(parseFilterString("nin:A")).toEqual({ op: "nin", value: ["A"] });
    expect(parseFilterString("gte:2024-01-01")).toEqual({ op: "gte", value: "2024-01-01" });
    expect(parseFilterString("has:a:b")).toEqual({ op: "has", value: "a:b" });
  });

  it("takes an unknown prefix as part of an equality value, as Mistral does", () => {
    expect(parseFilterString("like:x")).toEqual({ op: "eq", value: "like:x" });
    expect(parseFilterString("input")).toEqual({ op: "eq", value: "input" });
  });
});

describe("parseTimestamp", () => {
  it("reads dates and date-times, UTC unless an offset is given", () => {
    expect(parseTimestamp("2024-01-01")?.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(parseTimestamp("2024-01-01 10:20:30")?.toISOString()).toBe("2024-01-01T10:20:30.000Z");
    expect(parseTimestamp("2024-01-01T10:20:30.123456")?.toISOString()).toBe("2024-01-01T10:20:30.123Z");
    expect(parseTimestamp("2024-01-01T10:20:30+02:00")?.toISOString()).toBe("2024-01-01T08:20:30.000Z");
    expect(parseTimestamp("2024-01-01T10:20Z")?.toISOString()).toBe("2024-01-01T10:20:00.000Z");
  });

  it("refuses what is not a date", () => {
    for (const text of ["yesterday", "2024-13-01", "2024-02-30", "2024-01-01T25:00", ""]) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });
});

describe("compileListQuery", () => {
  const spec = WORKFLOW_EXECUTIONS;

  it("sorts by created_at then id by default, and always ends with id", () => {
    expect(compileListQuery(spec, {}).orderBy).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
    expect(compileListQuery(spec, { sortKeys: ["id", "name"] }).orderBy).toEqual([
      { id: "asc" },
      { name: "asc" },
    ]);
    expect(compileListQuery(spec, { sortKeys: ["updated_at"], sortDirs: ["desc"] }).orderBy).toEqual([
      { updatedAt: { sort: "desc", nulls: "last" } },
      { id: "asc" },
    ]);
  });

  it("converts filter values to the column's type", () => {
    const { where } = compileListQuery(spec, {
      filters: {
        created_at: "gt:2024-01-01",
        accepted: "true",
        version: "lte:3",
        state: "in:RUNNING,PAUSED",
      },
    });
    expect(where).toEqual({
      AND: [
        { createdAt: { gt: new Date("2024-01-01T00:00:00.000Z") } },
        { accepted: true },
        { version: { lte: 3 } },
        { OR: [{ state: { in: ["RUNNING", "PAUSED"] } }] },
      ],
    });
  });

  it("answers each mistake with its own code", () => {
    expect(codeOf(() => compileListQuery(spec, { filters: { nope: "x" } }))).toBe("WF_STORE_ERR_BAD_FILTER");
    expect(codeOf(() => compileListQuery(spec, { filters: { created_at: "lt:soon" } }))).toBe(
      "WF_STORE_ERR_BAD_FILTER",
    );
    expect(codeOf(() => compileListQuery(spec, { filters: { version: "x" } }))).toBe(
      "WF_STORE_ERR_BAD_FILTER",
    );
    expect(codeOf(() => compileListQuery(spec, { filters: { accepted: "has:t" } }))).toBe(
      "WF_STORE_ERR_BAD_FILTER",
    );
    expect(codeOf(() => compileListQuery(spec, { filters: { tags: "gt:a" } }))).toBe(
      "WF_STORE_ERR_BAD_FILTER",
    );
    expect(codeOf(() => compileListQuery(spec, { sortKeys: ["nope"] }))).toBe("WF_STORE_ERR_BAD_SORT_KEY");
    expect(codeOf(() => compileListQuery(spec, { sortDirs: ["asc", "asc"] }))).toBe(
      "WF_STORE_ERR_BAD_SORT_DIR",
    );
    expect(codeOf(() => compileListQuery(spec, { sortDirs: ["downwards"] }))).toBe(
      "WF_STORE_ERR_BAD_SORT_DIR",
    );
    expect(codeOf(() => compileListQuery(spec, { limit: -1 }))).toBe("WF_STORE_ERR_BAD_LIMIT");
    expect(codeOf(() => compileListQuery(spec, { limit: 1.5 }))).toBe("WF_STORE_ERR_BAD_LIMIT");
  });

  it("checks text with LIKE wildcards in it row by row", () => {
    const plain = compileListQuery(spec, { filters: { name: "has:abc" } });
    expect(plain.postFilter).toBeUndefined();
    const wild = compileListQuery(spec, { filters: { name: "has:50%_off" } });
    expect(wild.where).toEqual({ AND: [{ name: { contains: "off" } }] });
    expect(wild.postFilter?.({ name: "get 50%_off now" })).toBe(true);
    expect(wild.postFilter?.({ name: "get 50xyoff now" })).toBe(false);
  });
});

describe("afterMarker", () => {
  it("continues after the marker row in the sort order, NULLs first ascending", () => {
    const compiled = compileListQuery(WORKFLOW_EXECUTIONS, { sortKeys: ["updated_at"] });
    expect(afterMarker(compiled, { updatedAt: null, id: "m" })).toEqual({
      OR: [{ AND: [{ NOT: { updatedAt: null } }] }, { AND: [{ updatedAt: null }, { id: { gt: "m" } }] }],
    });
    const at = new Date(0);
    expect(afterMarker(compiled, { updatedAt: at, id: "m" })).toEqual({
      OR: [{ AND: [{ updatedAt: { gt: at } }] }, { AND: [{ updatedAt: at }, { id: { gt: "m" } }] }],
    });
  });

  it("lets NULLs come last descending", () => {
    const compiled = compileListQuery(WORKFLOW_EXECUTIONS, { sortKeys: ["updated_at"], sortDirs: ["desc"] });
    const at = new Date(0);
    expect(afterMarker(compiled, { updatedAt: at, id: "m" })).toEqual({
      OR: [
        { AND: [{ OR: [{ updatedAt: { lt: at } }, { updatedAt: null }] }] },
        { AND: [{ updatedAt: at }, { id: { gt: "m" } }] },
      ],
    });
    expect(afterMarker(compiled, { updatedAt: null, id: "m" })).toEqual({
      OR: [{ AND: [{ updatedAt: null }, { id: { gt: "m" } }] }],
    });
  });
});

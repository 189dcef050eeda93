import { describe, expect, it } from "vitest";
import type { ApiError } from "../errors/api-error.js";
import { CRON_TRIGGER_LIST } from "../resources/cron-trigger-resource.js";
import { WORKFLOW_LIST } from "../resources/workflow-resource.js";
import { nextLink, parseListParams, storeFilter } from "./list-params.js";

const failure = (query: Record<string, unknown>) => {
  try {
    parseListParams(WORKFLOW_LIST, query);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected a failure");
};

describe("parseListParams", () => {
  it("defaults to created_at ascending, all fields, no filters", () => {
    const params = parseListParams(WORKFLOW_LIST, {});
    expect(params).toMatchObject({
      sortKeys: ["created_at"],
      sortDirs: ["asc"],
      fields: [],
      limit: undefined,
    });
    expect([...params.filters]).toEqual([]);
  });

  it("reads filters with operators in the controller's order, whatever the query's order", () => {
    const params = parseListParams(WORKFLOW_LIST, {
      tags: "rec",
      name: "in:a,b",
      created_at: "gt:2020-01-01",
    });
    expect([...params.filters]).toEqual([
      ["created_at", { op: "gt", value: "2020-01-01" }],
      ["name", { op: "in", value: ["a", "b"] }],
      ["tags", { op: "eq", value: "rec" }],
    ]);
  });

  it("lowercases and deduplicates keys and fields, adds id to fields, and pads directions", () => {
    const params = parseListParams(WORKFLOW_LIST, {
      sort_keys: "Name,created_at,name",
      sort_dirs: "DESC",
      fields: "name,input,name",
    });
    expect(params).toMatchObject({
      sortKeys: ["name", "created_at"],
      sortDirs: ["desc", "asc"],
      fields: ["id", "name", "input"],
    });
  });

  it("refuses what Mistral refuses, with its messages", () => {
    expect(failure({ limit: "abc" }).message).toBe(
      "Invalid input for field/attribute limit. Value: 'abc'. unable to convert to int. Error: invalid literal for int() with base 10: 'abc'",
    );
    expect(failure({ limit: "0" }).message).toBe("Limit must be positive.");
    expect(failure({ sort_dirs: "up" }).message).toBe("Unknown sort direction, must be 'desc' or 'asc'.");
    expect(failure({ sort_keys: "a", sort_dirs: "asc,desc" }).message).toBe(
      "Length of sort_keys must be equal or greater than sort_dirs.",
    );
    expect(failure({ marker: "x" }).message).toContain("unable to convert to uuid");
    expect(failure({ bogus: "1" }).message).toBe('Unknown argument: "bogus"');
    expect(failure({ fields: "bogus" }).message).toMatch(
      /^Some fields do not exist {2}\[bogus\], please choose from \[id, name/,
    );
    expect(failure({ sort_keys: "bogus" }).statusCode).toBe(400);
    expect(failure({ name: ["a", "b"] }).statusCode).toBe(400);
  });
});

describe("integer filters (wsme's IntegerType)", () => {
  it("read the whole value with int(), without operators, and print it back as Python does", () => {
    const params = parseListParams(CRON_TRIGGER_LIST, { remaining_executions: " +3 ", limit: "1" });
    expect(params.filters.get("remaining_executions")).toEqual({ op: "eq", value: 3 });
    expect(nextLink("u", "cron_triggers", params, 1, "X")).toBe(
      "u/v2/cron_triggers?sort_keys=created_at,id&sort_dirs=asc,asc&remaining_executions=eq:3&limit=1&marker=X",
    );
    expect(() => parseListParams(CRON_TRIGGER_LIST, { remaining_executions: "gte:3" })).toThrow(
      "Invalid input for field/attribute remaining_executions. Value: 'gte:3'. unable to convert to integer. Error: invalid literal for int() with base 10: 'gte:3'",
    );
  });
});

describe("nextLink", () => {
  it("is built exactly as Mistral builds it, only when the page is full", () => {
    const params = parseListParams(WORKFLOW_LIST, { name: "in:a,b", limit: "1", fields: "name" });
    expect(nextLink("http://h:8989", "workflows", params, 1, "ID")).toBe(
      "http://h:8989/v2/workflows?sort_keys=created_at,id&sort_dirs=asc,asc&name=in:['a', 'b']&limit=1&marker=ID&fields=id,name",
    );
    expect(nextLink("http://h:8989", "workflows", params, 0, undefined)).toBeUndefined();
    expect(
      nextLink("http://h:8989", "workflows", parseListParams(WORKFLOW_LIST, {}), 5, "ID"),
    ).toBeUndefined();
  });

  it("prints booleans and nulls as Python does", () => {
    const params = {
      ...parseListParams(WORKFLOW_LIST, { limit: "2" }),
      filters: new Map([
        ["processed", { op: "eq" as const, value: true }],
        ["root_execution_id", { op: "eq" as const, value: null }],
      ]),
    };
    expect(nextLink("u", "tasks", params, 2, "X")).toBe(
      "u/v2/tasks?sort_keys=created_at,id&sort_dirs=asc,asc&processed=eq:True&root_execution_id=eq:None&limit=2&marker=X",
    );
  });
});

describe("storeFilter", () => {
  it("gives JSON filters as the column's pyJsonDumps text", () => {
    expect(storeFilter({ op: "eq", value: { a: 1 } })).toEqual({ op: "eq", value: '{"a": 1}' });
    expect(storeFilter({ op: "in", value: ["a"] })).toEqual({ op: "in", value: ["a"] });
  });
});

// Between the Prisma client's rows (JSON columns as text) and the store's rows (decoded values).
// JSON goes through pyJsonDumps / pyJsonLoads so that values keep their Python types: the engine
// compares `1.0` and `1` as Mistral does, and big integers survive.
import { pyJsonDumps, pyJsonLoads } from "@ops/dsl";
import type { TableSpec } from "./store-tables.js";
import { WorkflowStoreError } from "./workflow-store-error.js";

/** A row as the Prisma client returns it. */
export type RawRow = Record<string, unknown>;

const SCOPES = new Set(["private", "public"]);

/**
 * Spec documents (a workflow's, a task's) are read far more often than written — every engine
 * step loads the execution and its tasks, every GET an execution — and are never changed once
 * stored. Their decoded values are kept by text, frozen so that no reader can change what the
 * next one gets.
 */
const SPEC_FIELD = "spec";
const SPEC_CACHE_LIMIT = 512;
const specCache = new Map<string, unknown>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function decodeSpec(text: string): unknown {
  const cached = specCache.get(text);
  if (cached !== undefined) return cached;
  const value = deepFreeze(pyJsonLoads(text));
  specCache.set(text, value);
  if (specCache.size > SPEC_CACHE_LIMIT) {
    const oldest = specCache.keys().next().value;
    if (oldest !== undefined) specCache.delete(oldest);
  }
  return value;
}

/** The store's row from a Prisma row: JSON columns decoded. */
export function decodeRow<Row>(spec: TableSpec, raw: RawRow): Row {
  const row: Record<string, unknown> = { ...raw };
  for (const field of spec.jsonFields) {
    const text = raw[field];
    if (typeof text !== "string") continue;
    try {
      row[field] = field === SPEC_FIELD ? decodeSpec(text) : pyJsonLoads(text);
    } catch (error) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_DATABASE",
        `${spec.table}.${spec.columnOfField.get(field)} of row ${String(raw["id"])} is not valid JSON`,
        { resource: spec.table, id: raw["id"], column: spec.columnOfField.get(field) },
        { cause: error },
      );
    }
  }
  return row as Row;
}

/** Prisma data from the store's values: JSON columns encoded, unknown fields refused. */
export function encodeValues(spec: TableSpec, values: object): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const column = spec.columnOfField.get(field);
    if (column === undefined) {
      throw new WorkflowStoreError("WF_STORE_ERR_INVALID_VALUE", `${spec.table} has no field ${field}`, {
        resource: spec.table,
        field,
      });
    }
    if (field === "scope" && !SCOPES.has(value as string)) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_INVALID_VALUE",
        `scope must be "private" or "public", not ${JSON.stringify(value)}`,
        { resource: spec.table, column },
      );
    }
    if (spec.jsonFields.has(field)) {
      data[field] = value === null ? null : encodeJson(spec, column, value);
    } else {
      data[field] = value;
    }
  }
  return data;
}

function encodeJson(spec: TableSpec, column: string, value: unknown): string {
  try {
    return pyJsonDumps(value, { toPrimitive: true });
  } catch (error) {
    throw new WorkflowStoreError(
      "WF_STORE_ERR_INVALID_VALUE",
      `${spec.table}.${column} cannot hold this value as JSON: ${(error as Error).message}`,
      { resource: spec.table, column },
      { cause: error },
    );
  }
}

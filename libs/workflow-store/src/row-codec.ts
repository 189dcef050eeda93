// Between the Prisma client's rows (JSON columns as text) and the store's rows (decoded values).
// JSON goes through pyJsonDumps / pyJsonLoads so that values keep their Python types: the engine
// compares `1.0` and `1` as Mistral does, and big integers survive.
import { pyJsonDumps, pyJsonLoads } from "@ops/dsl";
import type { TableSpec } from "./store-tables.js";
import { WorkflowStoreError } from "./workflow-store-error.js";

/** A row as the Prisma client returns it. */
export type RawRow = Record<string, unknown>;

const SCOPES = new Set(["private", "public"]);

/** The store's row from a Prisma row: JSON columns decoded. */
export function decodeRow<Row>(spec: TableSpec, raw: RawRow): Row {
  const row: Record<string, unknown> = { ...raw };
  for (const field of spec.jsonFields) {
    const text = raw[field];
    if (typeof text !== "string") continue;
    try {
      row[field] = pyJsonLoads(text);
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

// Craton's pagination: `limit` (default 30, 10..100), `marker` (the id of the last object seen),
// `sort_keys` (comma-separated) and `sort_dir` (asc|desc). The id always ends the sort, so an order
// is total and a marker names one place in it. Keys whose column is never NULL page with a keyset
// condition in SQL; a nullable key orders the matching ids in memory instead (SQL's NULL ordering
// differs between providers and `> NULL` matches nothing).
import { InventoryError } from "@ops/inventory-core";

export const DEFAULT_LIMIT = 30;
export const MIN_LIMIT = 10;
export const MAX_LIMIT = 100;

export interface PageRequest {
  readonly limit: number;
  readonly marker: number | undefined;
  /** API names of the sort keys, without the final id. */
  readonly sortKeys: readonly string[];
  readonly sortDir: "asc" | "desc";
}

export interface Page<T> {
  readonly items: T[];
  /** The marker of the next page; undefined on the last page. */
  readonly nextMarker: number | undefined;
  /** Undefined on the first page; null when the previous page is the first one. */
  readonly prevMarker: number | null | undefined;
}

function bad(message: string, parameter: string): InventoryError {
  return new InventoryError("INV_ERR_BAD_REQUEST", message, { parameter });
}

/** Reads the paging parameters of a query; `allowedSortKeys` are API names. */
export function readPageRequest(
  query: Readonly<Record<string, string | undefined>>,
  allowedSortKeys: readonly string[],
): PageRequest {
  let limit = DEFAULT_LIMIT;
  if (query["limit"] !== undefined) {
    if (!/^\d+$/.test(query["limit"])) throw bad(`limit must be an integer; got ${query["limit"]}`, "limit");
    limit = Number(query["limit"]);
    if (limit < MIN_LIMIT || limit > MAX_LIMIT)
      throw bad(`limit must be between ${MIN_LIMIT} and ${MAX_LIMIT}; got ${limit}`, "limit");
  }
  let marker: number | undefined;
  if (query["marker"] !== undefined) {
    if (!/^\d+$/.test(query["marker"]))
      throw bad(`marker must be the id of an object; got ${query["marker"]}`, "marker");
    marker = Number(query["marker"]);
  }
  const sortKeys = (query["sort_keys"] ?? "created_at")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
  for (const key of sortKeys) {
    if (!allowedSortKeys.includes(key))
      throw bad(`sort_keys: cannot sort by ${key}; use ${allowedSortKeys.join(", ")}`, "sort_keys");
  }
  const sortDir = query["sort_dir"] ?? "asc";
  if (sortDir !== "asc" && sortDir !== "desc")
    throw bad(`sort_dir must be asc or desc; got ${sortDir}`, "sort_dir");
  return { limit, marker, sortKeys: sortKeys.filter((key) => key !== "id"), sortDir };
}

type Row = Record<string, unknown>;

/** Compares two rows on the sort columns (NULL first, as SQLite and MySQL order it ascending). */
export function compareRows(a: Row, b: Row, columns: readonly string[], dir: "asc" | "desc"): number {
  for (const column of columns) {
    const x = a[column];
    const y = b[column];
    let order = 0;
    if (x === y) order = 0;
    else if (x === null || x === undefined) order = -1;
    else if (y === null || y === undefined) order = 1;
    else if (x instanceof Date && y instanceof Date) order = x.getTime() - y.getTime();
    else order = (x as number | string | boolean) < (y as number | string | boolean) ? -1 : 1;
    if (order !== 0) return dir === "asc" ? order : -order;
  }
  return 0;
}

/**
 * The Prisma `where` that selects rows strictly after (`after` true) or before `marker` in the
 * order of `columns` (all NOT NULL, the last one `id`).
 */
export function keysetWhere(
  marker: Row,
  columns: readonly string[],
  dir: "asc" | "desc",
  after: boolean,
): Row {
  const forward = (dir === "asc") === after;
  const alternatives = columns.map((column, index) => {
    const condition: Row = {};
    for (const earlier of columns.slice(0, index)) condition[earlier] = marker[earlier];
    condition[column] = { [forward ? "gt" : "lt"]: marker[column] };
    return condition;
  });
  return { OR: alternatives };
}

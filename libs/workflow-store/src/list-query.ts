// Listing as Mistral's API does it (mistral/utils/filter_utils.py, mistral/db/v2/sqlalchemy/
// filters.py, and oslo.db's paginate_query behind api.py): filters `column=value` or
// `column=op:value` with op one of eq, neq, in, nin, gt, gte, lt, lte, has; `tags` matching rows that
// have every listed tag; sort keys with directions (created_at ascending by default), `id` added last
// so the order is total; `limit`; and `marker`, the id of the row after which the page starts in that
// order (keyset pagination). NULLs sort first ascending and last descending on every provider.
import { pyJsonDumps, pyJsonLoads } from "@ops/dsl";
import type { ColumnSpec, TableSpec } from "./store-tables.js";
import { WorkflowStoreError } from "./workflow-store-error.js";

/** Filter operators of Mistral's list endpoints. */
export type FilterOperator = "eq" | "neq" | "in" | "nin" | "gt" | "gte" | "lt" | "lte" | "has";

/** The operators, in the order Mistral tries them as prefixes. */
export const FILTER_OPERATORS: readonly FilterOperator[] = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "has",
  "in",
  "nin",
];

/** A scalar a filter compares with; strings are converted to the column's type. */
export type FilterScalar = string | number | boolean | Date | null;

/** One filter already split into operator and value. */
export interface FilterCondition {
  readonly op: FilterOperator;
  readonly value: FilterScalar | readonly FilterScalar[];
}

/**
 * A filter on one column: Mistral's query-string form (`"RUNNING"`, `"in:RUNNING,PAUSED"`,
 * `"gt:2024-01-01"`), a value to match exactly (`null` matches NULL), or a {@link FilterCondition}.
 */
export type FilterInput = FilterScalar | FilterCondition;

/** What a list call returns: which rows, in which order, from where. */
export interface ListQuery {
  /** Filters by column name (snake_case, as in Mistral's API): `{ state: "in:RUNNING,PAUSED" }`. */
  readonly filters?: Readonly<Record<string, FilterInput | undefined>>;
  /** Columns to sort by. @defaultValue ["created_at"] */
  readonly sortKeys?: readonly string[];
  /** `asc` or `desc` per sort key; missing ones are `asc`. @defaultValue ["asc"] */
  readonly sortDirs?: readonly string[];
  /** At most this many rows; none for all. */
  readonly limit?: number | null;
  /** The id of the last row of the previous page. */
  readonly marker?: string | null;
}

type Where = Record<string, unknown>;

/** A list query compiled for the Prisma client, before the marker row is known. */
export interface CompiledListQuery {
  readonly where: Where;
  /**
   * Set when a text match has LIKE wildcards (`%`, `_`) or backslashes in it, which Prisma passes to
   * LIKE unescaped (and SQLite's LIKE has no escape character): the database then returns a superset
   * and this keeps the rows that really contain the text.
   */
  readonly postFilter: ((row: Record<string, unknown>) => boolean) | undefined;
  readonly orderBy: Array<Record<string, unknown>>;
  readonly take: number | undefined;
  /** Sort columns with their directions, `id` last. */
  readonly order: ReadonlyArray<{ readonly column: ColumnSpec; readonly dir: "asc" | "desc" }>;
}

function badFilter(spec: TableSpec, column: string, message: string): WorkflowStoreError {
  return new WorkflowStoreError("WF_STORE_ERR_BAD_FILTER", message, { resource: spec.table, column });
}

/** Mistral's `extract_filter_type_and_value`: `op:value`, with lists for in/nin; else eq. */
export function parseFilterString(text: string): FilterCondition {
  for (const op of FILTER_OPERATORS) {
    if (text.startsWith(`${op}:`)) {
      const value = text.slice(op.length + 1);
      return { op, value: op === "in" || op === "nin" ? value.split(",") : value };
    }
  }
  return { op: "eq", value: text };
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 date or date-time as Mistral's API takes them; without an offset it is UTC. */
export function parseTimestamp(text: string): Date | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "0", zone] = match;
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);
  let time = Date.UTC(+year!, +month! - 1, +day!, +hour, +minute, +second, millis);
  const check = new Date(time);
  if (check.getUTCMonth() !== +month! - 1 || check.getUTCDate() !== +day!) return undefined;
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(time);
}

function convertScalar(spec: TableSpec, name: string, column: ColumnSpec, value: FilterScalar): unknown {
  if (value === null) return null;
  switch (column.kind) {
    case "datetime": {
      if (value instanceof Date) return value;
      const date = typeof value === "string" ? parseTimestamp(value) : undefined;
      if (!date)
        throw badFilter(spec, name, `${name} must be a date or date-time, not ${JSON.stringify(value)}`);
      return date;
    }
    case "boolean": {
      if (typeof value === "boolean") return value;
      const text = String(value).toLowerCase();
      if (text === "true" || text === "1") return true;
      if (text === "false" || text === "0") return false;
      throw badFilter(spec, name, `${name} must be true or false, not ${JSON.stringify(value)}`);
    }
    case "int": {
      const number = typeof value === "number" ? value : Number(String(value).trim());
      if (!Number.isSafeInteger(number) || (typeof value === "string" && value.trim() === "")) {
        throw badFilter(spec, name, `${name} must be an integer, not ${JSON.stringify(value)}`);
      }
      return number;
    }
    case "json": {
      // The column holds pyJsonDumps text: compare with the value in that same form when it is JSON.
      const text = value instanceof Date ? value.toISOString() : String(value);
      try {
        return pyJsonDumps(pyJsonLoads(text));
      } catch {
        return text;
      }
    }
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

type RowPredicate = (row: Record<string, unknown>) => boolean;

/** `field` contains `text` literally: LIKE where that is exact, else LIKE on a part plus a predicate. */
function containsWhere(field: string, text: string, predicates: RowPredicate[]): Where[] {
  if (!/[%_\\]/.test(text)) return [{ [field]: { contains: text } }];
  predicates.push((row) => typeof row[field] === "string" && (row[field] as string).includes(text));
  const longestPlainPart = text.split(/[%_\\]/).reduce((a, b) => (b.length > a.length ? b : a), "");
  return longestPlainPart === "" ? [] : [{ [field]: { contains: longestPlainPart } }];
}

function tagsWhere(field: string, value: unknown, predicates: RowPredicate[]): Where[] {
  const tags = (Array.isArray(value) ? value : String(value).split(",")).map(String).filter((t) => t !== "");
  // Tags are stored as a JSON list: a row has a tag when the list's text has the quoted tag.
  return tags.flatMap((tag) => containsWhere(field, pyJsonDumps(tag), predicates));
}

function filterWhere(spec: TableSpec, name: string, input: FilterInput, predicates: RowPredicate[]): Where[] {
  const column = spec.columns[name];
  if (!column) {
    throw badFilter(
      spec,
      name,
      `${spec.table} cannot be filtered by ${name}; columns: ${Object.keys(spec.columns).join(", ")}`,
    );
  }
  const condition: FilterCondition =
    typeof input === "string"
      ? parseFilterString(input)
      : input !== null && typeof input === "object" && !(input instanceof Date)
        ? input
        : { op: "eq", value: input };
  if (!FILTER_OPERATORS.includes(condition.op)) {
    throw badFilter(spec, name, `unknown filter operator ${JSON.stringify(condition.op)} for ${name}`);
  }
  const field = column.field;
  if (column.kind === "tags") {
    if (condition.op !== "eq" && condition.op !== "has" && condition.op !== "in") {
      throw badFilter(spec, name, `tags can only be matched (tags=a,b), not compared with ${condition.op}`);
    }
    return tagsWhere(field, condition.value, predicates);
  }
  const { op } = condition;
  if (op === "in" || op === "nin") {
    const list = Array.isArray(condition.value) ? condition.value : [condition.value as FilterScalar];
    const values = list.map((v) => convertScalar(spec, name, column, v));
    const nonNull = values.filter((v) => v !== null);
    const hasNull = nonNull.length < values.length;
    if (op === "in") {
      const alternatives: Where[] = [{ [field]: { in: nonNull } }];
      if (hasNull) alternatives.push({ [field]: null });
      return [{ OR: alternatives }];
    }
    // SQL's NOT IN is never true for NULL; Mistral's `~column.in_(...)` does the same.
    const clauses: Where[] = [{ [field]: { notIn: nonNull } }];
    if (hasNull) clauses.push({ NOT: { [field]: null } });
    return clauses;
  }
  if (Array.isArray(condition.value)) {
    throw badFilter(spec, name, `the ${op} filter of ${name} takes one value, not a list`);
  }
  const value = convertScalar(spec, name, column, condition.value as FilterScalar);
  switch (op) {
    case "eq":
      return [{ [field]: value }];
    case "neq":
      return value === null ? [{ NOT: { [field]: null } }] : [{ [field]: { not: value } }];
    case "has":
      if (column.kind !== "string" && column.kind !== "json") {
        throw badFilter(spec, name, `has: needs a text column; ${name} is ${column.kind}`);
      }
      return containsWhere(field, String(value ?? ""), predicates);
    default:
      if (value === null) throw badFilter(spec, name, `${op}: needs a value for ${name}`);
      return [{ [field]: { [op]: value } }];
  }
}

/**
 * Compiles filters, sort and limit for `spec`'s table.
 *
 * @throws {@link WorkflowStoreError} `WF_STORE_ERR_BAD_FILTER`, `WF_STORE_ERR_BAD_SORT_KEY`,
 *   `WF_STORE_ERR_BAD_SORT_DIR`, `WF_STORE_ERR_BAD_LIMIT`
 */
export function compileListQuery(spec: TableSpec, query: ListQuery): CompiledListQuery {
  const and: Where[] = [];
  const predicates: RowPredicate[] = [];
  for (const [name, input] of Object.entries(query.filters ?? {})) {
    if (input === undefined) continue;
    and.push(...filterWhere(spec, name, input, predicates));
  }

  const keys = [...(query.sortKeys ?? ["created_at"])];
  const dirs = [...(query.sortDirs ?? [])];
  if (dirs.length > keys.length) {
    throw new WorkflowStoreError(
      "WF_STORE_ERR_BAD_SORT_DIR",
      "Length of sort_keys must be equal or greater than sort_dirs.",
      { resource: spec.table },
    );
  }
  const order: Array<{ column: ColumnSpec; dir: "asc" | "desc" }> = [];
  keys.forEach((key, index) => {
    const column = spec.columns[key];
    if (!column) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_BAD_SORT_KEY",
        `${spec.table} cannot be sorted by ${key}; columns: ${Object.keys(spec.columns).join(", ")}`,
        { resource: spec.table, sortKey: key },
      );
    }
    const dir = dirs[index] ?? "asc";
    if (dir !== "asc" && dir !== "desc") {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_BAD_SORT_DIR",
        "Unknown sort direction, must be 'desc' or 'asc'.",
        { resource: spec.table, sortDir: dir },
      );
    }
    if (!order.some((o) => o.column === column)) order.push({ column, dir });
  });
  if (!order.some((o) => o.column.field === "id")) order.push({ column: spec.columns["id"]!, dir: "asc" });

  const limit = query.limit;
  if (limit !== undefined && limit !== null && (!Number.isSafeInteger(limit) || limit <= 0)) {
    throw new WorkflowStoreError("WF_STORE_ERR_BAD_LIMIT", "Limit must be positive.", {
      resource: spec.table,
      limit,
    });
  }

  return {
    where: and.length === 0 ? {} : { AND: and },
    postFilter: predicates.length === 0 ? undefined : (row) => predicates.every((keep) => keep(row)),
    orderBy: order.map(({ column, dir }) =>
      column.nullable
        ? { [column.field]: { sort: dir, nulls: dir === "asc" ? "first" : "last" } }
        : { [column.field]: dir },
    ),
    take: limit ?? undefined,
    order,
  };
}

/**
 * The rows after `marker` (a raw row) in the compiled order: for sort keys k1..kn,
 * (k1 after m1) or (k1 = m1 and k2 after m2) or ... — with NULL first ascending, last descending.
 */
export function afterMarker(compiled: CompiledListQuery, marker: Record<string, unknown>): Where {
  const alternatives: Where[] = [];
  const equalSoFar: Where[] = [];
  for (const { column, dir } of compiled.order) {
    const field = column.field;
    const value = marker[field] ?? null;
    let after: Where | undefined;
    if (value === null) {
      // Ascending, NULLs come first: every non-NULL value is after. Descending, NULLs come last.
      after = dir === "asc" ? { NOT: { [field]: null } } : undefined;
    } else if (dir === "asc") {
      after = { [field]: { gt: value } };
    } else {
      after = column.nullable
        ? { OR: [{ [field]: { lt: value } }, { [field]: null }] }
        : { [field]: { lt: value } };
    }
    if (after) alternatives.push({ AND: [...equalSoFar, after] });
    equalSoFar.push({ [field]: value });
  }
  return alternatives.length === 0 ? { id: { in: [] } } : { OR: alternatives };
}

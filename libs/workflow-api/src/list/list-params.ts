// The query string of Mistral's list endpoints (rest_utils.get_all and the wsexpose signatures of each
// controller): marker, limit, sort_keys, sort_dirs, fields and field filters `col=value` or
// `col=op:value`, validated with Mistral's messages, and the `next` link built exactly as Mistral's
// ResourceList.get_next builds it.
import { pyJsonDumps, pyJsonLoads, pyStr } from "@ops/dsl";
import { ApiError } from "../errors/api-error.js";

/** How a filter's value is read (the wsme type of the controller argument). */
export type FilterKind = "text" | "uuid" | "bool" | "json" | "int";

/** One filter an endpoint takes. */
export interface FilterSpec {
  readonly name: string;
  readonly kind: FilterKind;
}

/** What a list endpoint accepts. */
export interface ListSpec {
  /** The collection's key and URL segment: `workflows`, `action_executions`... */
  readonly resource: string;
  /** The resource's fields, in Mistral's order (for `fields` and its error message). */
  readonly fields: readonly string[];
  /** Filters in the order Mistral's controller passes them (the order of `next` links). */
  readonly filters: readonly FilterSpec[];
  /** @defaultValue ["created_at"] */
  readonly defaultSortKeys?: readonly string[];
  /** How the marker is typed: a uuid (most) or free text (actions: a name or an id). */
  readonly markerKind: "uuid" | "text";
  /** Parameters that are neither common nor filters (`include_output`, `all_projects`, `nulls`...). */
  readonly extraParams?: readonly string[];
  /** Filters with a value even when the client sends none (`namespace=""` for actions). */
  readonly filterDefaults?: Readonly<Record<string, string>>;
}

/** Mistral's filter operators, as prefixes. */
export const FILTER_OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "has", "in", "nin"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** A parsed filter. `value` is what the `next` link prints (with Python's str()). */
export interface ParsedFilter {
  readonly op: FilterOperator;
  readonly value: unknown;
}

/** A list request, validated. */
export interface ListParams {
  readonly marker: string | undefined;
  readonly limit: number | undefined;
  readonly sortKeys: string[];
  readonly sortDirs: string[];
  /** With `id` first when fields were asked for; empty for all fields. */
  readonly fields: string[];
  /** In the endpoint's filter order. */
  readonly filters: ReadonlyMap<string, ParsedFilter>;
  /** The raw values of `extraParams`. */
  readonly extras: Readonly<Record<string, string>>;
}

const COMMON = new Set(["marker", "limit", "sort_keys", "sort_dirs", "fields"]);
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function invalid(field: string, value: string, why: string): ApiError {
  return new ApiError(
    "WF_API_ERR_BAD_QUERY",
    `Invalid input for field/attribute ${field}. Value: '${value}'. ${why}`,
    {
      context: { field },
    },
  );
}

/** Mistral's ListType: comma-separated, stripped, lowercased, empty items dropped. */
function listOf(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
}

function uniqueListOf(text: string): string[] {
  return [...new Set(listOf(text))];
}

/**
 * Python's int(): optional sign, digits, surrounding blanks. `typeName` is the wsme type's name in
 * the message: `int` for a plain int argument, `integer` for an IntegerType.
 */
export function parsePythonInt(field: string, text: string, typeName = "int"): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) {
    throw invalid(
      field,
      text,
      `unable to convert to ${typeName}. Error: invalid literal for int() with base 10: '${text}'`,
    );
  }
  return Number.parseInt(text, 10);
}

/** wsme's bool from a query string. */
export function parseQueryBool(field: string, text: string): boolean {
  const lower = text.trim().toLowerCase();
  if (["true", "1", "yes", "y", "on", "t"].includes(lower)) return true;
  if (["false", "0", "no", "n", "off", "f", ""].includes(lower)) return false;
  throw invalid(field, text, "unable to convert to bool");
}

/** Mistral's `extract_filter_type_and_value`. */
export function splitFilter(text: string): { op: FilterOperator; value: string | string[] } {
  for (const op of FILTER_OPERATORS) {
    if (text.startsWith(`${op}:`)) {
      const value = text.slice(op.length + 1);
      return { op, value: op === "in" || op === "nin" ? value.split(",") : value };
    }
  }
  return { op: "eq", value: text };
}

function parseFilter(spec: FilterSpec, raw: string): ParsedFilter {
  switch (spec.kind) {
    case "uuid": {
      const { op, value } = splitFilter(raw);
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!UUID_LIKE.test(item)) {
          throw invalid(
            spec.name,
            raw,
            `unable to convert to uuid. Error: Expected a uuid but received ${item}.`,
          );
        }
      }
      return { op, value };
    }
    case "bool":
      return { op: "eq", value: parseQueryBool(spec.name, raw) };
    case "int":
      // wsme's IntegerType: the whole value goes through int(), so there is no `op:` prefix, and its
      // minimum is not checked on query arguments (only on bodies).
      return { op: "eq", value: parsePythonInt(spec.name, raw, "integer") };
    case "json": {
      let decoded: unknown;
      try {
        decoded = pyJsonLoads(raw);
      } catch (error) {
        throw invalid(spec.name, raw, `unable to convert to json. Error: ${(error as Error).message}`);
      }
      return { op: "eq", value: decoded };
    }
    default:
      return splitFilter(raw);
  }
}

/** Validates a list request's query string against what the endpoint takes. */
export function parseListParams(spec: ListSpec, query: Readonly<Record<string, unknown>>): ListParams {
  const filterSpecs = new Map(spec.filters.map((filter) => [filter.name, filter]));
  const extraNames = new Set(spec.extraParams ?? []);
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!COMMON.has(name) && !filterSpecs.has(name) && !extraNames.has(name)) {
      throw new ApiError("WF_API_ERR_UNKNOWN_ARGUMENT", `Unknown argument: "${name}"`, {
        context: { argument: name },
      });
    }
    if (typeof value !== "string") {
      throw invalid(name, pyStr(value), "Wrong type: the parameter is given more than once.");
    }
    raw[name] = value;
  }

  let marker: string | undefined;
  if (raw["marker"] !== undefined && raw["marker"] !== "") {
    marker = raw["marker"];
    if (spec.markerKind === "uuid" && !UUID_LIKE.test(marker)) {
      throw invalid(
        "marker",
        marker,
        `unable to convert to uuid. Error: Expected a uuid but received ${marker}.`,
      );
    }
  }
  const limit =
    raw["limit"] !== undefined && raw["limit"] !== "" ? parsePythonInt("limit", raw["limit"]) : undefined;
  const sortKeys = raw["sort_keys"] ? uniqueListOf(raw["sort_keys"]) : [];
  const sortDirs = raw["sort_dirs"] ? listOf(raw["sort_dirs"]) : [];
  const fields = raw["fields"] ? uniqueListOf(raw["fields"]) : [];
  if (sortKeys.length === 0) sortKeys.push(...(spec.defaultSortKeys ?? ["created_at"]));
  if (sortDirs.length === 0 && !raw["sort_dirs"]) sortDirs.push("asc");

  // rest_utils.validate_query_params, in Mistral's order.
  if (limit !== undefined && limit <= 0) {
    throw new ApiError("WF_API_ERR_BAD_QUERY", "Limit must be positive.", { context: { limit } });
  }
  if (sortKeys.length < sortDirs.length) {
    throw new ApiError(
      "WF_API_ERR_BAD_QUERY",
      "Length of sort_keys must be equal or greater than sort_dirs.",
    );
  }
  while (sortDirs.length < sortKeys.length) sortDirs.push("asc");
  for (const dir of sortDirs) {
    if (dir !== "asc" && dir !== "desc") {
      throw new ApiError("WF_API_ERR_BAD_QUERY", "Unknown sort direction, must be 'desc' or 'asc'.", {
        context: { sortDir: dir },
      });
    }
  }
  for (const key of sortKeys) {
    if (!spec.fields.includes(key)) {
      // Mistral answers 500 here (its database layer refuses the key); it is the client's mistake.
      throw new ApiError("WF_API_ERR_BAD_QUERY", `Sort key supplied is invalid: ${key}`, {
        context: { sortKey: key },
      });
    }
  }
  if (fields.length > 0) {
    if (!fields.includes("id")) fields.unshift("id");
    const unknown = fields.filter((field) => !spec.fields.includes(field));
    if (unknown.length > 0) {
      throw new ApiError(
        "WF_API_ERR_BAD_QUERY",
        `Some fields do not exist  [${unknown.join(", ")}], please choose from [${spec.fields.join(", ")}]`,
        { context: { fields: unknown } },
      );
    }
  }

  const filters = new Map<string, ParsedFilter>();
  const nulls = new Set(raw["nulls"] !== undefined ? listOf(raw["nulls"]) : []);
  for (const name of nulls) {
    if (!filterSpecs.has(name)) {
      throw new ApiError("WF_API_ERR_BAD_QUERY", `'${name}' is not a valid field name.`, {
        context: { nulls: name },
      });
    }
  }
  for (const filter of spec.filters) {
    const value = raw[filter.name] ?? spec.filterDefaults?.[filter.name];
    if (value !== undefined) filters.set(filter.name, parseFilter(filter, value));
    else if (nulls.has(filter.name)) filters.set(filter.name, { op: "eq", value: null });
  }
  const extras: Record<string, string> = {};
  for (const name of extraNames) if (raw[name] !== undefined) extras[name] = raw[name];
  return { marker, limit, sortKeys, sortDirs, fields, filters, extras };
}

/** A filter as the store takes it: JSON filters are compared with the column's pyJsonDumps text. */
export function storeFilter(filter: ParsedFilter): {
  op: FilterOperator;
  value: string | number | boolean | null | string[];
} {
  const { op, value } = filter;
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    typeof value === "number"
  ) {
    return { op, value };
  }
  if (Array.isArray(value) && value.every((item) => typeof item === "string"))
    return { op, value: value as string[] };
  return { op, value: pyJsonDumps(value) };
}

/**
 * Mistral's `next` link: present when the page is full. Its query string is the sort keys and
 * directions (with `id` added, as Mistral's database layer appends it when paginating), each filter as
 * `name=op:value` with Python's str() of the value, then limit and marker, then fields.
 */
export function nextLink(
  baseUrl: string,
  resource: string,
  params: ListParams,
  returned: number,
  lastId: string | undefined,
): string | undefined {
  if (params.limit === undefined || returned === 0 || returned !== params.limit || lastId === undefined)
    return undefined;
  const keys = [...params.sortKeys];
  const dirs = [...params.sortDirs];
  if (!keys.includes("id")) {
    keys.push("id");
    dirs.push("asc");
  }
  let args = `sort_keys=${keys.join(",")}&sort_dirs=${dirs.join(",")}&`;
  for (const [name, filter] of params.filters) {
    args += `${name}=${filter.op}:${typeof filter.value === "string" ? filter.value : pyStr(filter.value)}&`;
  }
  args += `limit=${params.limit}&marker=${lastId}`;
  if (params.fields.length > 0) args += `&fields=${params.fields.join(",")}`;
  return `${baseUrl}/v2/${resource}?${args}`;
}

// The value model the expression engines share. Mistral evaluates YAQL and Jinja in Python, so
// results depend on Python's types: 7 / 2 is 3 for ints but 3.5 for floats, str(1.0) is "1.0",
// (1, 2) differs from [1, 2] in Jinja, and ints have no size limit. JSON values from the engine are
// already valid values of this model; the few Python distinctions JSON cannot carry have a marker:
//
//   Python      here
//   None        null
//   bool        boolean
//   int         number with an integral value, or bigint beyond Number.MAX_SAFE_INTEGER
//   float       number with a fractional part (or NaN, ±Infinity), or PyFloat for an integral
//               value such as 1.0 or -0.0
//   str         string (Python counts code points; see py-string.ts)
//   list        array
//   tuple       array marked with markTuple()
//   dict        plain object (string keys, insertion order)
//   set         PySet

/** A Python float whose value is integral (1.0, -0.0, 1e20), which a bare number would turn into an int. */
export class PyFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }
}

const TUPLE = Symbol("python.tuple");

/** Marks an array as a Python tuple (it repr()s as `(1, 2)` and differs from a list in comparisons). */
export function markTuple<T extends unknown[]>(items: T): T {
  Object.defineProperty(items, TUPLE, { value: true, enumerable: false });
  return items;
}

export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

const LIST = Symbol("python.list");

/**
 * Marks an array as a Python list where a language prints arrays as tuples (YAQL's data and list
 * literals are tuples, but str.split() returns a list): it repr()s as `[1, 2]` even with
 * `arraysAsTuples`.
 */
export function markList<T extends unknown[]>(items: T): T {
  Object.defineProperty(items, LIST, { value: true, enumerable: false });
  return items;
}

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[LIST] === true;
}

/** A Python set or frozenset. Members are kept in insertion order, keyed by their hash key. */
export class PySet {
  readonly members = new Map<string, unknown>();

  constructor(
    values: Iterable<unknown> = [],
    readonly frozen = true,
  ) {
    for (const value of values) this.add(value);
  }

  add(value: unknown): void {
    const key = hashKey(value);
    if (!this.members.has(key)) this.members.set(key, value);
  }

  has(value: unknown): boolean {
    return this.members.has(hashKey(value));
  }

  get size(): number {
    return this.members.size;
  }

  values(): unknown[] {
    return [...this.members.values()];
  }
}

export type PyDict = Record<string, unknown>;

/** Sets a dict item as an own data property (plain assignment would not store a key named "__proto__"). */
export function setDictItem(dict: PyDict, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
  else dict[key] = value;
}

export function isDict(value: unknown): value is PyDict {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isInt(value: unknown): value is number | bigint {
  return typeof value === "number" ? Number.isInteger(value) : typeof value === "bigint";
}

export function isFloat(value: unknown): value is number | PyFloat {
  return typeof value === "number" ? !Number.isInteger(value) : value instanceof PyFloat;
}

/** int or float, not bool (Python's bool is an int; each language decides whether to accept it). */
export function isNumber(value: unknown): value is number | bigint | PyFloat {
  return typeof value === "number" || typeof value === "bigint" || value instanceof PyFloat;
}

/** The JS number of an int or float (a bigint may lose precision). */
export function toJsNumber(value: number | bigint | PyFloat | boolean): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  return value.value;
}

/** A Python float from a JS number, boxed when its value is integral. */
export function pyFloat(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** A Python int from a number or bigint: a safe-range number, a bigint beyond it. */
export function pyInt(value: number | bigint): number | bigint {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  // -0 is not an int.
  return value === 0 ? 0 : value;
}

/** The Python type name of a value, for messages and the `py_type` of conformance cases. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (isInt(value)) return "int";
  if (isFloat(value)) return "float";
  if (typeof value === "string") return "str";
  if (isTuple(value)) return "tuple";
  if (Array.isArray(value)) return "list";
  if (value instanceof PySet) return value.frozen ? "frozenset" : "set";
  if (isDict(value)) return "dict";
  if (typeof value === "function") return "function";
  return (value as object).constructor?.name ?? "object";
}

/**
 * A string that identifies a value up to Python equality, for sets, dict-like grouping and
 * distinct(): 1, 1.0 and True share a key as they do in Python.
 */
export function hashKey(value: unknown): string {
  switch (typeof value) {
    case "string":
      // Length-prefixed so that keys of nested values cannot run into each other.
      return `s${value.length}:${value}`;
    case "number":
      return Number.isInteger(value) && !Number.isSafeInteger(value) ? `n${BigInt(value)}` : `n${value}`;
    case "bigint":
      return `n${value}`;
    case "boolean":
      return value ? "n1" : "n0";
    case "undefined":
      return "N";
  }
  if (value === null) return "N";
  if (value instanceof PyFloat) return hashKey(value.value);
  if (Array.isArray(value)) return `t[${value.map(hashKey).join(",")}]`;
  if (value instanceof PySet) return `f{${[...value.members.keys()].sort().join(",")}}`;
  if (isDict(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${hashKey(k)}=${hashKey(value[k])}`);
    return `d{${entries.join(",")}}`;
  }
  return `o${String(value)}`;
}

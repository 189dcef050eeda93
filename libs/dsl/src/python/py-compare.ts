// Python's == and ordering. Equality never raises; ordering raises TypeError for mixed types
// ('a' < 1), as Python 3 does. Each expression language adds its own rules on top (YAQL orders
// null below everything; Jinja treats bool as int).
import { compareCodePoints } from "./py-string.js";
import { isDict, isNumber, isTuple, PyFloat, PySet, pyTypeName } from "./py-types.js";

/** Python's TypeError for an ordering between values that have none. */
export class PyTypeError extends Error {
  readonly pythonType = "TypeError";
}

function numericValue(value: unknown): number | bigint | undefined {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  return undefined;
}

/** Python's `a == b`. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return !(typeof a === "number" && Number.isNaN(a));
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  const x = numericValue(a);
  if (x !== undefined) {
    const y = numericValue(b);
    // Loose equality compares a bigint and a number exactly.
    return y !== undefined && x == y;
  }
  if (typeof a === "string" || typeof b === "string") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i]));
  }
  if (a instanceof PySet) {
    return b instanceof PySet && a.size === b.size && a.values().every((item) => b.has(item));
  }
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && pyEquals(a[key], b[key]));
  }
  // Other objects may define their equality (datetimes compare their instants).
  const equals = (a as { pyEquals?: (other: unknown) => boolean }).pyEquals;
  return typeof equals === "function" ? equals.call(a, b) : false;
}

function unorderable(op: string, a: unknown, b: unknown): PyTypeError {
  return new PyTypeError(
    `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}

/**
 * Python's total orders: numbers (bool included), strings by code point, lists with lists and
 * tuples with tuples lexicographically. Returns -1, 0 or 1; raises PyTypeError otherwise.
 */
export function pyCompare(a: unknown, b: unknown, op = "<"): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  throw unorderable(op, a, b);
}

/** Python's `a < b` including sets (proper subset). */
export function pyLessThan(a: unknown, b: unknown): boolean {
  if (a instanceof PySet && b instanceof PySet) return a.size < b.size && isSubset(a, b);
  return pyCompare(a, b, "<") < 0;
}

/** Python's `a <= b` including sets (subset). */
export function pyLessOrEqual(a: unknown, b: unknown): boolean {
  if (a instanceof PySet && b instanceof PySet) return isSubset(a, b);
  return pyCompare(a, b, "<=") <= 0;
}

export function isSubset(a: PySet, b: PySet): boolean {
  return a.values().every((item) => b.has(item));
}

/** Whether a value is a Python number (bool included, since bool is an int in Python). */
export function isPyNumeric(value: unknown): boolean {
  return isNumber(value) || typeof value === "boolean";
}

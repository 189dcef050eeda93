// Values that exist only inside a YAQL evaluation, and the type predicates the standard library
// uses. yaql distinguishes sequences (lists/tuples: indexable) from iterators (results of where,
// select, ...: lazy, possibly infinite, not indexable), which decides e.g. whether
// `$.l.where($ > 1)[0]` works (it does not).
import { hashKey, isDict, isFloat, isInt, PyFloat, PySet } from "../../python/py-types.js";
import { yaqlError } from "./yaql-errors.js";

/** A lazy sequence. Unlike a Python iterator it can be read more than once (each read starts over). */
export class YaqlIterator implements Iterable<unknown> {
  constructor(private readonly start: () => Iterator<unknown>) {}

  [Symbol.iterator](): Iterator<unknown> {
    return this.start();
  }
}

/** Wraps a generator function as a YAQL iterator. */
export function lazy(generator: () => Iterator<unknown>): YaqlIterator {
  return new YaqlIterator(generator);
}

/** The most items one collection may have when it is materialised (guards against infinite sequences). */
export const MAX_COLLECTION_SIZE = 10_000_000;

/** yaql's Iterable type: lists, sets and iterators, but not strings or dicts. */
export function isIterable(value: unknown): value is unknown[] | PySet | YaqlIterator {
  return Array.isArray(value) || value instanceof YaqlIterator || value instanceof PySet;
}

/** yaql's Sequence type: indexable lists and tuples. */
export function isSequence(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function iterate(value: unknown[] | PySet | YaqlIterator): Iterable<unknown> {
  return value instanceof PySet ? value.members.values() : value;
}

/** Materialises an iterable, refusing collections beyond MAX_COLLECTION_SIZE. */
export function toArray(value: unknown[] | PySet | YaqlIterator): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof PySet) return value.values();
  const out: unknown[] = [];
  for (const item of value) {
    if (out.length >= MAX_COLLECTION_SIZE) {
      throw yaqlError("CollectionTooLarge", `collection has more than ${MAX_COLLECTION_SIZE} items`);
    }
    out.push(item);
  }
  return out;
}

/** Python truthiness. Iterators are always true, as Python's map objects are. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  switch (typeof value) {
    case "number":
      return value !== 0;
    case "string":
      return value.length > 0;
    case "bigint":
      return value !== 0n;
  }
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof PySet) return value.size > 0;
  if (isDict(value)) {
    for (const _ in value) return true;
    return false;
  }
  // Other objects may define their truth (a zero timedelta is false in Python).
  const pyBool = (value as { pyBool?: () => boolean }).pyBool;
  return typeof pyBool === "function" ? pyBool.call(value) : true;
}

/** int, not bool (yaql's Integer type). */
export function isYaqlInt(value: unknown): value is number | bigint {
  return isInt(value);
}

/** int or float, not bool (yaql's Number type). */
export function isYaqlNumber(value: unknown): value is number | bigint | PyFloat {
  return typeof value === "number" || typeof value === "bigint" || value instanceof PyFloat;
}

export { isDict, isFloat, isInt, hashKey, PySet };

/**
 * Converts a result to what leaves the evaluator (yaql's convertOutputData): iterators and sets
 * become lists, everything nested is converted too.
 */
export function convertOutput(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof PyFloat) return value;
  if (Array.isArray(value)) return value.map(convertOutput);
  if (value instanceof YaqlIterator || value instanceof PySet) return toArray(value).map(convertOutput);
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: convertOutput(value[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** A key for a YAQL dict from any hashable value (dict keys are strings in this implementation). */
export function dictKey(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (isInt(value)) return String(value);
  if (isFloat(value)) return String(value instanceof PyFloat ? value.value : value);
  throw yaqlError("TypeError", `unhashable dictionary key: ${hashKey(value)}`);
}

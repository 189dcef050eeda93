// The few Python value operations the engine's logic relies on, over @ops/dsl's value model:
// truthiness (conditions, `or` fallbacks), Mistral's dict merges, equality for change detection.
import { PyFloat } from "@ops/dsl";
import type { JsonObject } from "../execution-rows.js";

/** A plain object (a Python dict), not an array, a PyFloat or another class instance. */
export function isDict(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python's truthiness of a value. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "string") return value.length > 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  const size = (value as { size?: unknown }).size;
  if (typeof size === "number") return size > 0;
  return true;
}

/** Sets a key the way a Python dict does, even for `__proto__`. */
export function setKey(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A shallow copy of a dict. */
export function shallowCopy(source: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(source)) setKey(copy, key, source[key]);
  return copy;
}

/**
 * mistral_lib's `merge_dicts(left, right, overwrite)`: right's keys recursively merged into left's,
 * nested dicts merged, other values replaced (unless `overwrite` is false). Unlike Python it
 * returns a new dict and leaves both arguments untouched.
 */
export function mergeDicts(left: JsonObject, right: JsonObject, overwrite = true): JsonObject {
  const result = shallowCopy(left);
  for (const key of Object.keys(right)) {
    const value = right[key];
    if (!Object.hasOwn(result, key)) setKey(result, key, value);
    else {
      const current = result[key];
      if (isDict(current) && isDict(value)) setKey(result, key, mergeDicts(current, value, overwrite));
      else if (overwrite) setKey(result, key, value);
    }
  }
  return result;
}

/** `left.update(right)`: a shallow merge, as a new dict. */
export function updateDict(left: JsonObject, right: JsonObject | null | undefined): JsonObject {
  const result = shallowCopy(left);
  if (right) for (const key of Object.keys(right)) setKey(result, key, right[key]);
  return result;
}

/** Deep equality of values of the model (dict key order ignored, PyFloat by value and kind). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof PyFloat || b instanceof PyFloat) {
    return a instanceof PyFloat && b instanceof PyFloat && Object.is(a.value, b.value);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
}

/** Python's `repr(type(value))`, e.g. `<class 'str'>`, for Mistral's messages. */
export function pyTypeRepr(value: unknown): string {
  let name = "object";
  if (value === null || value === undefined) name = "NoneType";
  else if (typeof value === "boolean") name = "bool";
  else if (typeof value === "string") name = "str";
  else if (typeof value === "bigint") name = "int";
  else if (typeof value === "number") name = Number.isInteger(value) ? "int" : "float";
  else if (value instanceof PyFloat) name = "float";
  else if (Array.isArray(value)) name = "list";
  else if (isDict(value)) name = "dict";
  return `<class '${name}'>`;
}

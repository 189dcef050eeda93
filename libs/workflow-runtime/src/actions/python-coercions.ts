// The Python conversions Mistral's std actions apply to their inputs: truthiness (`if
// error_data:`), `float(delay)`, `int(seconds)`. Inputs come from the engine as JSON values of
// the dsl's Python value model (numbers, bigints for big ints, PyFloat for 1.0). Pure.
import { PyFloat } from "@ops/dsl";

/** Python's `bool(value)`: None, False, 0, "", [] and {} are false. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === "number") return value !== 0; // NaN is true in Python too
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "string") return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Python's `float(value)`, or undefined where Python raises. */
export function pythonFloat(value: unknown): number | undefined {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return undefined;
  const text = value.trim().replaceAll("_", "").toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(text)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Python's `int(value)` (floats truncate, strings must be integral), or undefined where it raises. */
export function pythonInt(value: unknown): number | undefined {
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? Math.trunc(value.value) : undefined;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return undefined;
  const text = value.trim().replaceAll("_", "");
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** Python's type name of a JSON value, as Python's TypeError messages print it. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "str";
  if (typeof value === "bigint") return "int";
  if (value instanceof PyFloat) return "float";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  return "dict";
}

// The value types of Mistral's JSON schemas (mistral/lang/types.py), as predicates on plain values.
// Python's regular expressions differ from JavaScript's in small ways that matter here: `.` matches
// `\r` (so we write `[^\n]`) and `\w` is Unicode-aware (so we write `[\p{L}\p{N}_]` with the `u` flag).

/**
 * Mistral's EXPRESSION (`^<%.*?%>\s*$` or `^{{.*?}}\s*$`): a string that starts as an expression and,
 * but for trailing blanks, ends as one, all on one line. Tested without a regular expression, whose
 * backtracking on `\s*$` takes quadratic time on some long strings.
 */
export function isExpression(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const opener = value.slice(0, 2);
  const closer = opener === "<%" ? "%>" : opener === "{{" ? "}}" : undefined;
  if (closer === undefined) return false;
  const body = value.trimEnd();
  return body.length >= 4 && body.endsWith(closer) && !body.includes("\n");
}

/** Mistral's POSITIVE_INTEGER, which includes 0 (and, as Python's jsonschema does, `3.0`). */
export function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** Mistral's NONEMPTY_STRING. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/** A plain mapping value (what JSON Schema calls an object). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Describes a value for a message: `the string "300"`, `the number 1.5`, `a list`, `null`... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "empty (null)";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return value === "" ? "an empty string" : `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "boolean") return `the boolean ${String(value)}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (isMapping(value)) return Object.keys(value).length === 0 ? "an empty mapping" : "a mapping";
  return `a ${typeof value}`;
}

/**
 * A key under which equal values (as JSON Schema's `uniqueItems` compares them) are equal: mappings
 * compare without regard to key order.
 */
export function equalityKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(equalityKey).join(",")}]`;
  if (isMapping(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${equalityKey(value[k])}`).join(",")}}`;
  }
  if (typeof value === "bigint") return `${value}n`;
  return JSON.stringify(value) ?? String(value);
}

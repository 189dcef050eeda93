// Python's repr() and str() of values, which Mistral users see whenever an expression result is
// embedded in a string: 'Count: <% $.l %>' renders "[1, 2, 3]", None is "None", True is "True".
import { floatRepr } from "./py-numbers.js";
import { isDict, isList, isTuple, PyFloat, PySet } from "./py-types.js";
import { isPrintable } from "./py-string.js";

/**
 * How arrays print: as lists (`[1, 2]`) unless marked as tuples, or as tuples unless marked as
 * lists (YAQL's data).
 */
export interface ReprOptions {
  readonly arraysAsTuples?: boolean;
}

/** Objects that know their own Python repr (Jinja's Markup, YAQL's regex objects, ...). */
export interface PyReprable {
  pyRepr(): string;
  pyStr?(): string;
}

function isReprable(value: unknown): value is PyReprable {
  return typeof value === "object" && value !== null && typeof (value as PyReprable).pyRepr === "function";
}

/** Python's repr() of a string: single quotes unless it contains ' but not ", with escapes. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (isPrintable(ch)) out += ch;
    else {
      const code = ch.codePointAt(0)!;
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, "0")}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, "0")}`;
      else out += `\\U${code.toString(16).padStart(8, "0")}`;
    }
  }
  return out + quote;
}

/** Python's repr() of a value. */
export function pyRepr(value: unknown, options: ReprOptions = {}): string {
  if (value === null || value === undefined) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "number":
      return Number.isInteger(value) ? String(value === 0 ? 0 : value) : floatRepr(value);
    case "bigint":
      return value.toString();
    case "string":
      return stringRepr(value);
    case "function":
      return `<function ${value.name || "<lambda>"}>`;
  }
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (Array.isArray(value)) {
    const items = value.map((item) => pyRepr(item, options));
    if ((options.arraysAsTuples && !isList(value)) || isTuple(value)) {
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    }
    return `[${items.join(", ")}]`;
  }
  if (value instanceof PySet) {
    const items = value.values().map((item) => pyRepr(item, options));
    if (items.length === 0) return value.frozen ? "frozenset()" : "set()";
    const body = `{${items.join(", ")}}`;
    return value.frozen ? `frozenset(${body})` : body;
  }
  if (isDict(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${stringRepr(k)}: ${pyRepr(v, options)}`);
    return `{${entries.join(", ")}}`;
  }
  if (isReprable(value)) return value.pyRepr();
  if (value instanceof RegExp) return `re.compile(${stringRepr(value.source)})`;
  return String(value);
}

/** Python's str(): strings as they are, everything else as repr(). */
export function pyStr(value: unknown, options: ReprOptions = {}): string {
  if (typeof value === "string") return value;
  if (isReprable(value) && value.pyStr) return value.pyStr();
  return pyRepr(value, options);
}

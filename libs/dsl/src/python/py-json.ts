// Python's json.dumps and json.loads, as Mistral's json_dump, json_pp, json_parse and Jinja's
// tojson use them: floats keep their ".0", ints keep every digit, non-ASCII text is escaped.
import { floatRepr } from "./py-numbers.js";
import { isDict, isFloat, isInt, PyFloat, pyInt, PySet, pyTypeName } from "./py-types.js";

export class PyJsonError extends Error {
  constructor(
    readonly pythonType: "JSONDecodeError" | "TypeError" | "ValueError",
    message: string,
  ) {
    super(message);
  }
}

export interface JsonDumpOptions {
  /** Spaces per level; undefined writes everything on one line. @defaultValue undefined */
  readonly indent?: number;
  /** @defaultValue false */
  readonly sortKeys?: boolean;
  /** Escape every non-ASCII character as \uXXXX. @defaultValue true */
  readonly ensureAscii?: boolean;
  /**
   * Convert what JSON has no type for, as oslo.serialization's jsonutils does for Mistral: sets become
   * lists and objects with a `toJSON()` method (datetimes) what it returns. Python's json module
   * refuses both. @defaultValue false
   */
  readonly toPrimitive?: boolean;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

export function jsonQuote(text: string, ensureAscii = true): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    const escape = ESCAPES[ch];
    if (escape) out += escape;
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's `json.dumps(value, indent=..., sort_keys=..., ensure_ascii=...)`. */
export function pyJsonDumps(value: unknown, options: JsonDumpOptions = {}): string {
  const { indent, sortKeys = false, ensureAscii = true, toPrimitive = false } = options;
  const itemSeparator = indent === undefined ? ", " : ",";
  const write = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "string") return jsonQuote(v, ensureAscii);
    if (isInt(v)) return String(v);
    if (isFloat(v)) {
      const x = v instanceof PyFloat ? v.value : v;
      if (Number.isNaN(x)) return "NaN";
      if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
      return floatRepr(x);
    }
    let items: string[];
    let open: string;
    let close: string;
    if (toPrimitive && !Array.isArray(v) && !(v instanceof PySet) && !isDict(v)) {
      const convertible = v as { toJSON?: () => unknown };
      if (typeof convertible.toJSON === "function") return write(convertible.toJSON(), level);
    }
    if (Array.isArray(v) || (toPrimitive && v instanceof PySet)) {
      const list = Array.isArray(v) ? v : (v as PySet).values();
      items = list.map((item) => write(item, level + 1));
      [open, close] = ["[", "]"];
    } else if (isDict(v)) {
      const keys = Object.keys(v);
      if (sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      items = keys.map((key) => `${jsonQuote(key, ensureAscii)}: ${write(v[key], level + 1)}`);
      [open, close] = ["{", "}"];
    } else {
      throw new PyJsonError("TypeError", `Object of type ${pyTypeName(v)} is not JSON serializable`);
    }
    if (items.length === 0) return open + close;
    if (indent === undefined) return open + items.join(itemSeparator) + close;
    const inner = "\n" + " ".repeat(indent * (level + 1));
    return open + inner + items.join(itemSeparator + inner) + "\n" + " ".repeat(indent * level) + close;
  };
  return write(value, 0);
}

/** Python's `json.loads(text)`: ints of any size, floats marked as floats, NaN and Infinity accepted. */
export function pyJsonLoads(text: string): unknown {
  let pos = 0;
  const lineCol = (at: number) => {
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    return `line ${line} column ${column} (char ${at})`;
  };
  const fail = (message: string, at = pos): never => {
    throw new PyJsonError("JSONDecodeError", `${message}: ${lineCol(at)}`);
  };
  const skip = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos]!)) pos++;
  };
  const parseString = (): string => {
    const start = pos;
    pos++;
    let out = "";
    for (;;) {
      if (pos >= text.length) fail("Unterminated string starting at", start);
      const ch = text[pos]!;
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch === "\\") {
        const next = text[pos + 1];
        const simple: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (next !== undefined && simple[next] !== undefined) {
          out += simple[next];
          pos += 2;
        } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else fail("Invalid \\escape", pos);
        continue;
      }
      if (ch < " ") fail("Invalid control character at", pos);
      out += ch;
      pos++;
    }
  };
  const parseValue = (depth: number): unknown => {
    if (depth > 1000) fail("Nesting too deep");
    skip();
    const ch = text[pos];
    if (ch === '"') return parseString();
    if (ch === "{") {
      pos++;
      const result: Record<string, unknown> = {};
      skip();
      if (text[pos] === "}") {
        pos++;
        return result;
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail("Expecting property name enclosed in double quotes");
        const key = parseString();
        skip();
        if (text[pos] !== ":") fail("Expecting ':' delimiter");
        pos++;
        Object.defineProperty(result, key, {
          value: parseValue(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skip();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        if (text[pos] === "}") {
          pos++;
          return result;
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (ch === "[") {
      pos++;
      const result: unknown[] = [];
      skip();
      if (text[pos] === "]") {
        pos++;
        return result;
      }
      for (;;) {
        result.push(parseValue(depth + 1));
        skip();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        if (text[pos] === "]") {
          pos++;
          return result;
        }
        fail("Expecting ',' delimiter");
      }
    }
    for (const [word, value] of [
      ["null", null],
      ["true", true],
      ["false", false],
      ["NaN", NaN],
      ["Infinity", Infinity],
      ["-Infinity", -Infinity],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    const number = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(pos));
    if (number) {
      pos += number[0].length;
      if (number[1] === undefined && number[2] === undefined) {
        const n = Number(number[0]);
        return Number.isSafeInteger(n) ? pyInt(n) : pyInt(BigInt(number[0]));
      }
      const x = Number(number[0]);
      return Number.isInteger(x) ? new PyFloat(x) : x;
    }
    return fail("Expecting value");
  };
  const value = parseValue(0);
  skip();
  if (pos < text.length) fail("Extra data");
  return value;
}

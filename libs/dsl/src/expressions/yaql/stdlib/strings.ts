// Strings and regular expressions: yaql's strings.py here, regex.py in regex.ts. Strings are
// Python strings: lengths and offsets count code points, and case mapping, whitespace and
// formatting follow Python (see ../../../python/py-string.ts and py-format.ts).
import { pyStrFormat } from "../../../python/py-format.js";
import { pyStr } from "../../../python/py-repr.js";
import {
  codePoints,
  compareCodePoints,
  pyFind,
  pyLen,
  pyReplace,
  pyRFind,
  pyRSplit,
  pySliceString,
  pySplit,
  pyStrip,
} from "../../../python/py-string.js";
import { isFloat, isInt, markList, type PyDict } from "../../../python/py-types.js";
import { yaqlError } from "../yaql-errors.js";
import {
  defineFunction,
  optional,
  param,
  type YaqlFunctionRegistry,
  type YaqlParam,
} from "../yaql-functions.js";
import { iterate, YaqlIterator, type PySet } from "../yaql-values.js";
import { registerRegex, toInt } from "./regex.js";

/** The longest string `*` builds (Python would run out of memory well before JS's own limit). */
const MAX_STRING_LENGTH = 100_000_000;

/**
 * yaql's str(): `null`, `true` and `false` for those scalars, Python's str() for everything else.
 * Lists print as tuples, as yaql holds them (`str([1, 2])` is "(1, 2)").
 */
export function yaqlStr(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  // Python prints a generator with its address (`<map object at 0x7f...>`); there is none here.
  if (value instanceof YaqlIterator) return "<generator object>";
  return pyStr(value, { arraysAsTuples: true });
}

type Int = number | bigint | boolean;
type Text = string | null;

const nullableString = (name: string): YaqlParam => param.string(name, { nullable: true });

function repeat(text: string, times: Int): string {
  const count = toInt(times);
  if (count <= 0 || text === "") return "";
  if (text.length * count > MAX_STRING_LENGTH) {
    throw yaqlError("CollectionTooLarge", `a string of more than ${MAX_STRING_LENGTH} characters`);
  }
  return text.repeat(count);
}

function split(text: string, separator: Text, maxSplits: Int, right: boolean): string[] {
  if (separator === "") throw yaqlError("ValueError", "empty separator");
  // A Python list, where yaql's own arrays are tuples: str() shows the difference.
  return markList((right ? pyRSplit : pySplit)(text, separator, toInt(maxSplits)));
}

/** `string[start:start + length]` after yaql's adjustments: a negative start counts from the end, a negative length means the rest. */
function substring(text: string, start: Int, length: Int): string {
  const size = pyLen(text);
  let from = toInt(start);
  let count = toInt(length);
  if (count < 0) count = size;
  if (from < 0) from += size;
  return pySliceString(text, from, from + count);
}

/** find/rfind over `length` characters from `start`, both adjusted as substring() adjusts them. */
function findIn(text: string, sub: string, start: Int, length: Int, last: boolean): number {
  const size = pyLen(text);
  let from = toInt(start);
  let count = toInt(length);
  if (from < 0) from += size;
  if (count < 0) count = size - from;
  return (last ? pyRFind : pyFind)(text, sub, from, from + count);
}

function join(items: unknown[] | PySet | YaqlIterator, separator: string): string {
  return Array.from(iterate(items), yaqlStr).join(separator);
}

/** Python's hex() of an int. */
function hex(value: unknown): string {
  if (!isInt(value)) {
    const type = value === null ? "NoneType" : isFloat(value) ? "float" : typeof value;
    throw yaqlError("TypeError", `'${type}' object cannot be interpreted as an integer`);
  }
  const n = BigInt(value);
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

// Python's `string` module, whose constants characters() collects.
const DIGITS = "0123456789";
const ASCII_LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
const ASCII_UPPERCASE = ASCII_LOWERCASE.toUpperCase();
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const WHITESPACE = " \t\n\r\v\f";
const CHARACTER_CLASSES: ReadonlyArray<readonly [string, string | undefined]> = [
  ["digits", DIGITS],
  ["hexdigits", `${DIGITS}abcdefABCDEF`],
  ["asciiLowercase", ASCII_LOWERCASE],
  ["asciiUppercase", ASCII_UPPERCASE],
  ["asciiLetters", ASCII_LOWERCASE + ASCII_UPPERCASE],
  // Python 2's string.letters, lowercase and uppercase are gone from Python 3: yaql fails on them.
  ["letters", undefined],
  ["octdigits", "01234567"],
  ["punctuation", PUNCTUATION],
  ["printable", DIGITS + ASCII_LOWERCASE + ASCII_UPPERCASE + PUNCTUATION + WHITESPACE],
  ["lowercase", undefined],
  ["uppercase", undefined],
  ["whitespace", WHITESPACE],
];

/** The distinct characters of the chosen classes (a Python set in yaql, so in no particular order). */
function characters(flags: unknown[]): string[] {
  const chosen = new Set<string>();
  CHARACTER_CLASSES.forEach(([name, chars], i) => {
    if (!flags[i]) return;
    if (chars === undefined) throw yaqlError("TypeError", `module 'string' has no attribute '${name}'`);
    for (const ch of chars) chosen.add(ch);
  });
  return [...chosen];
}

function compareStrings(operator: ">" | "<" | ">=" | "<=", test: (order: number) => boolean) {
  return defineFunction(
    `#operator_${operator}`,
    "function",
    [param.string("left"), param.string("right")],
    ([left, right]: [string, string]) => test(compareCodePoints(left, right)),
  );
}

export function registerStrings(registry: YaqlFunctionRegistry): void {
  registry.register(
    compareStrings(">", (order) => order > 0),
    compareStrings("<", (order) => order < 0),
    compareStrings(">=", (order) => order >= 0),
    compareStrings("<=", (order) => order <= 0),
    defineFunction(
      "#operator_+",
      "function",
      [param.string("left"), param.string("right")],
      ([left, right]: [string, string]) => left + right,
    ),
    defineFunction(
      "#operator_*",
      "function",
      [param.string("left"), param.pythonInt("right")],
      ([text, times]: [string, Int]) => repeat(text, times),
    ),
    defineFunction(
      "#operator_*",
      "function",
      [param.pythonInt("left"), param.string("right")],
      ([times, text]: [Int, string]) => repeat(text, times),
    ),
    defineFunction(
      "#operator_in",
      "function",
      [param.string("left"), param.string("right")],
      ([left, right]: [string, string]) => right.includes(left),
    ),

    defineFunction(
      "concat",
      "function",
      [],
      ([args]: [string[]]) => {
        // yaql also registers queries.concat(*collections); with no argument both fit, and yaql
        // refuses the call as ambiguous rather than choosing one.
        if (args.length === 0) throw yaqlError("NoMatchingFunctionException", 'Ambiguous function "concat"');
        return args.join("");
      },
      { rest: param.string("args") },
    ),
    defineFunction("len", "both", [param.string("string")], ([text]: [string]) => pyLen(text)),
    defineFunction("toLower", "method", [param.string("string")], ([text]: [string]) => text.toLowerCase()),
    defineFunction("toUpper", "method", [param.string("string")], ([text]: [string]) => text.toUpperCase()),
    defineFunction(
      "split",
      "method",
      [
        param.string("string"),
        optional(nullableString("separator")),
        optional(param.pythonInt("maxSplits"), -1),
      ],
      ([text, separator, maxSplits]: [string, Text, Int]) => split(text, separator, maxSplits, false),
    ),
    defineFunction(
      "rightSplit",
      "method",
      [
        param.string("string"),
        optional(nullableString("separator")),
        optional(param.pythonInt("maxSplits"), -1),
      ],
      ([text, separator, maxSplits]: [string, Text, Int]) => split(text, separator, maxSplits, true),
    ),
    defineFunction(
      "join",
      "method",
      [param.iterable("sequence"), param.string("separator")],
      ([items, separator]: [unknown[] | PySet | YaqlIterator, string]) => join(items, separator),
    ),
    defineFunction(
      "join",
      "method",
      [param.string("separator"), param.iterable("sequence")],
      ([separator, items]: [string, unknown[] | PySet | YaqlIterator]) => join(items, separator),
    ),
    defineFunction("str", "function", [param.any("value")], ([value]) => yaqlStr(value)),
    defineFunction(
      "trim",
      "method",
      [param.string("string"), optional(nullableString("chars"))],
      ([text, chars]: [string, Text]) => pyStrip(text, chars, "both"),
    ),
    defineFunction(
      "trimLeft",
      "method",
      [param.string("string"), optional(nullableString("chars"))],
      ([text, chars]: [string, Text]) => pyStrip(text, chars, "left"),
    ),
    defineFunction(
      "trimRight",
      "method",
      [param.string("string"), optional(nullableString("chars"))],
      ([text, chars]: [string, Text]) => pyStrip(text, chars, "right"),
    ),
    defineFunction(
      "replace",
      "method",
      [
        param.string("string"),
        param.string("old"),
        param.string("new"),
        optional(param.pythonInt("count"), -1),
      ],
      ([text, old, replacement, count]: [string, string, string, Int]) =>
        pyReplace(text, old, replacement, toInt(count)),
    ),
    // Each key is replaced in turn, in the dict's order, so earlier replacements can feed later ones.
    defineFunction(
      "replace",
      "method",
      [param.string("string"), param.dict("replacements"), optional(param.pythonInt("count"), -1)],
      ([text, replacements, count]: [string, PyDict, Int]) =>
        Object.keys(replacements).reduce(
          (result, key) => pyReplace(result, yaqlStr(key), yaqlStr(replacements[key]), toInt(count)),
          text,
        ),
    ),
    // The template cannot be passed by keyword, so that every keyword argument is a format field.
    defineFunction(
      "format",
      "both",
      [param.string("__format_string")],
      ([template, args, kwargs]: [string, unknown[], Record<string, unknown>]) =>
        pyStrFormat(template, args, kwargs, { arraysAsTuples: true }),

      { rest: param.any("args"), restKeywords: param.any("kwargs") },
    ),
    defineFunction(
      "isEmpty",
      "both",
      [nullableString("string"), optional(param.bool("trim"), true), optional(nullableString("chars"))],

      ([text, trim, chars]: [Text, boolean, Text]) =>
        text === null || (trim ? pyStrip(text, chars) : text) === "",
    ),
    defineFunction(
      "norm",
      "both",
      [nullableString("string"), optional(nullableString("chars"))],
      ([text, chars]: [Text, Text]) => {
        if (text === null) return null;
        const trimmed = pyStrip(text, chars);
        return trimmed === "" ? null : trimmed;
      },
    ),
    defineFunction(
      "substring",
      "method",
      [param.string("string"), param.pythonInt("start"), optional(param.pythonInt("length"), -1)],
      ([text, start, length]: [string, Int, Int]) => substring(text, start, length),
    ),
    defineFunction(
      "indexOf",
      "method",
      [param.string("string"), param.string("sub"), optional(param.pythonInt("start"), 0)],
      ([text, sub, start]: [string, string, Int]) => pyFind(text, sub, toInt(start)),
    ),
    defineFunction(
      "indexOf",
      "method",
      [param.string("string"), param.string("sub"), param.pythonInt("start"), param.pythonInt("length")],
      ([text, sub, start, length]: [string, string, Int, Int]) => findIn(text, sub, start, length, false),
    ),
    defineFunction(
      "lastIndexOf",
      "method",
      [param.string("string"), param.string("sub"), optional(param.pythonInt("start"), 0)],
      ([text, sub, start]: [string, string, Int]) => pyRFind(text, sub, toInt(start)),
    ),
    defineFunction(
      "lastIndexOf",
      "method",
      [param.string("string"), param.string("sub"), param.pythonInt("start"), param.pythonInt("length")],
      ([text, sub, start, length]: [string, string, Int, Int]) => findIn(text, sub, start, length, true),
    ),
    defineFunction("toCharArray", "method", [param.string("string")], ([text]: [string]) => codePoints(text)),
    defineFunction(
      "characters",
      "function",
      CHARACTER_CLASSES.map(([name]) => optional(param.bool(name, { nullable: true }), false)),
      (flags: unknown[]) => characters(flags),
    ),
    defineFunction("isString", "function", [param.any("arg")], ([value]) => typeof value === "string"),
    defineFunction(
      "startsWith",
      "method",
      [param.string("string")],
      ([text, prefixes]: [string, string[]]) => prefixes.some((prefix) => text.startsWith(prefix)),
      { rest: param.string("prefixes") },
    ),
    defineFunction(
      "endsWith",
      "method",
      [param.string("string")],
      ([text, suffixes]: [string, string[]]) => suffixes.some((suffix) => text.endsWith(suffix)),
      { rest: param.string("suffixes") },
    ),
    // yaql's Number excludes bool but takes floats and null, which Python's hex() then refuses.
    defineFunction("hex", "function", [param.number("num", { nullable: true })], ([value]) => hex(value)),
  );
  registerRegex(registry);
}

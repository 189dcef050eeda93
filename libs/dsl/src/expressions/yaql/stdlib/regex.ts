// Regular expressions: yaql's regex.py. Patterns are Python `re` patterns (see py-regex.ts); a
// compiled pattern is a value of its own type, made by regex() and taken by the methods below.
import {
  compilePyRegex,
  pyFindAll,
  pyReEscape,
  pySearch,
  pySplitRegex,
  pySub,
  type PyMatch,
  type PyRegex,
  type PyRegexFlags,
} from "../../../python/py-regex.js";
import { stringRepr, type PyReprable } from "../../../python/py-repr.js";
import { codePoints, pyLen } from "../../../python/py-string.js";
import { markList, pyTypeName, toJsNumber } from "../../../python/py-types.js";
import { yaqlError } from "../yaql-errors.js";
import {
  defineFunction,
  optional,
  param,
  type YaqlFunctionRegistry,
  type YaqlLambda,
} from "../yaql-functions.js";
import { lazy } from "../yaql-values.js";

/** A compiled pattern, as regex() returns it (Python's re.Pattern). */
export class YaqlRegex implements PyReprable {
  constructor(readonly compiled: PyRegex) {}

  /** Python's repr: `re.compile('a.c', re.IGNORECASE)`; the pattern's repr is cut at 200 characters. */
  pyRepr(): string {
    const { flags } = this.compiled;
    const names = [
      flags.ignoreCase && "re.IGNORECASE",
      flags.multiLine && "re.MULTILINE",
      flags.dotAll && "re.DOTALL",
      flags.verbose && "re.VERBOSE",
    ].filter(Boolean);
    const pattern = codePoints(stringRepr(this.compiled.source)).slice(0, 200).join("");
    return names.length > 0 ? `re.compile(${pattern}, ${names.join("|")})` : `re.compile(${pattern})`;
  }

  /** Used as the hash key of sets and distinct(): equal patterns with equal flags are equal values. */
  toString(): string {
    return this.pyRepr();
  }
}

export function isYaqlRegex(value: unknown): value is YaqlRegex {
  return value instanceof YaqlRegex;
}

// Python's patterns compare equal when their source and flags do (`regex('a') = regex('a')` is
// true); handing out one object per pattern and flags gives the same answer through `===`.
const instances = new Map<string, YaqlRegex>();
const MAX_INSTANCES = 1000;

function regexOf(pattern: string, flags: PyRegexFlags = {}): YaqlRegex {
  const compiled = compilePyRegex(pattern, flags);
  const { ignoreCase, multiLine, dotAll, verbose } = compiled.flags;
  const key = `${+ignoreCase}${+multiLine}${+dotAll}${+verbose}/${pattern}`;
  let regex = instances.get(key);
  if (!regex) {
    if (instances.size >= MAX_INSTANCES) instances.clear();
    regex = new YaqlRegex(compiled);
    instances.set(key, regex);
  }
  return regex;
}

/** The JS number of an `intParam` argument. */
export function toInt(value: number | bigint | boolean): number {
  return toJsNumber(value);
}

interface MatchRecord {
  value: string | null;
  start: number;
  end: number;
}

function groupRecord(match: PyMatch, group: number): MatchRecord {
  const value = match.groups[group] ?? null;
  const start = match.groupStarts[group] ?? -1;
  return { value, start, end: value === null ? -1 : start + pyLen(value) };
}

/**
 * The values a selector sees for a match, as yaql publishes them: $1 (also $) is the whole match,
 * $2, $3, ... the groups, each `{value, start, end}`.
 *
 * yaql 2.0 also means to publish named groups, but its loop unpacks each named group's *value*
 * into a (name, group) pair: a value that is not exactly two characters raises ValueError (or
 * TypeError when the group did not take part), and a two-character value whose second character
 * names no group raises IndexError. Those errors are reproduced; the variable yaql then sets (named
 * by the first character) is not, as selectors here only receive $1, $2, ...
 */
function publishMatch(regex: PyRegex, match: PyMatch): MatchRecord[] {
  const records = match.groups.map((_, group) => groupRecord(match, group));
  for (const name of regex.groupNames) {
    const value = match.named[name] ?? null;
    if (value === null) throw yaqlError("TypeError", "cannot unpack non-iterable NoneType object");
    const chars = codePoints(value);
    if (chars.length < 2) {
      throw yaqlError("ValueError", `not enough values to unpack (expected 2, got ${chars.length})`);
    }
    if (chars.length > 2) throw yaqlError("ValueError", "too many values to unpack (expected 2)");
    if (!regex.groupNames.includes(chars[1]!)) throw yaqlError("IndexError", "no such group");
  }
  return records;
}

/** re.sub with a selector: the selector's result replaces the match; null means nothing. */
function replaceWithSelector(regex: PyRegex, text: string, selector: YaqlLambda, count: number): string {
  return pySub(
    regex,
    text,
    (match) => {
      const replacement = selector(...publishMatch(regex, match));
      if (replacement === null || replacement === undefined) return "";
      if (typeof replacement !== "string") {
        throw yaqlError("TypeError", `expected str instance, ${pyTypeName(replacement)} found`);
      }
      return replacement;
    },
    count,
  );
}

const regexParam = (name: string) => param.of(name, isYaqlRegex);
// regex()'s flags have no declared type in yaql; their default (false) makes them nullable bools.
const flagParam = (name: string) => optional(param.bool(name, { nullable: true }), false);

export function registerRegex(registry: YaqlFunctionRegistry): void {
  registry.register(
    defineFunction(
      "regex",
      "function",
      [param.string("pattern"), flagParam("ignoreCase"), flagParam("multiLine"), flagParam("dotAll")],
      ([pattern, ignoreCase, multiLine, dotAll]) =>
        regexOf(pattern, {
          ignoreCase: Boolean(ignoreCase),
          multiLine: Boolean(multiLine),
          dotAll: Boolean(dotAll),
        }),
    ),

    defineFunction(
      "matches",
      "method",
      [regexParam("regexp"), param.string("string")],
      ([regex, text]: [YaqlRegex, string]) => pySearch(regex.compiled, text) !== null,
    ),
    defineFunction(
      "matches",
      "method",
      [param.string("string"), param.string("regexp")],
      ([text, pattern]: [string, string]) => pySearch(compilePyRegex(pattern), text) !== null,
    ),
    defineFunction(
      "#operator_=~",
      "function",
      [param.string("string"), param.string("pattern")],
      ([text, pattern]: [string, string]) => pySearch(compilePyRegex(pattern), text) !== null,
    ),
    defineFunction(
      "#operator_=~",
      "function",
      [param.string("string"), regexParam("regexp")],
      ([text, regex]: [string, YaqlRegex]) => pySearch(regex.compiled, text) !== null,
    ),
    defineFunction(
      "#operator_!~",
      "function",
      [param.string("string"), param.string("pattern")],
      ([text, pattern]: [string, string]) => pySearch(compilePyRegex(pattern), text) === null,
    ),
    defineFunction(
      "#operator_!~",
      "function",
      [param.string("string"), regexParam("regexp")],
      ([text, regex]: [string, YaqlRegex]) => pySearch(regex.compiled, text) === null,
    ),

    defineFunction(
      "search",
      "method",
      [regexParam("regexp"), param.string("string"), optional(param.lambda("selector"))],
      ([regex, text, selector]: [YaqlRegex, string, YaqlLambda | null]) => {
        const match = pySearch(regex.compiled, text);
        if (match === null) return null;
        if (selector === null) return match.groups[0];
        return selector(...publishMatch(regex.compiled, match));
      },
    ),
    // A generator in yaql: the result is lazy and cannot be indexed.
    defineFunction(
      "searchAll",
      "method",
      [regexParam("regexp"), param.string("string"), optional(param.lambda("selector"))],
      ([regex, text, selector]: [YaqlRegex, string, YaqlLambda | null]) =>
        lazy(function* () {
          for (const match of pyFindAll(regex.compiled, text)) {
            yield selector === null ? match.groups[0] : selector(...publishMatch(regex.compiled, match));
          }
        }),
    ),

    // re.split gives a Python list, which str() prints as one (yaql's own arrays are tuples).
    defineFunction(
      "split",
      "method",
      [regexParam("regexp"), param.string("string"), optional(param.pythonInt("maxSplit"), 0)],
      ([regex, text, maxSplit]: [YaqlRegex, string, number | bigint | boolean]) =>
        markList(pySplitRegex(regex.compiled, text, toInt(maxSplit))),
    ),
    defineFunction(
      "split",
      "method",
      [param.string("string"), regexParam("regexp"), optional(param.pythonInt("maxSplit"), 0)],
      ([text, regex, maxSplit]: [string, YaqlRegex, number | bigint | boolean]) =>
        markList(pySplitRegex(regex.compiled, text, toInt(maxSplit))),
    ),

    defineFunction(
      "replace",
      "method",
      [
        regexParam("regexp"),
        param.string("string"),
        param.string("repl"),
        optional(param.pythonInt("count"), 0),
      ],
      ([regex, text, repl, count]: [YaqlRegex, string, string, number | bigint | boolean]) =>
        pySub(regex.compiled, text, repl, toInt(count)),
    ),
    defineFunction(
      "replace",
      "method",
      [
        param.string("string"),
        regexParam("regexp"),
        param.string("repl"),
        optional(param.pythonInt("count"), 0),
      ],
      ([text, regex, repl, count]: [string, YaqlRegex, string, number | bigint | boolean]) =>
        pySub(regex.compiled, text, repl, toInt(count)),
    ),
    defineFunction(
      "replaceBy",
      "method",
      [
        regexParam("regexp"),
        param.string("string"),
        param.lambda("repl"),
        optional(param.pythonInt("count"), 0),
      ],
      ([regex, text, repl, count]: [YaqlRegex, string, YaqlLambda, number | bigint | boolean]) =>
        replaceWithSelector(regex.compiled, text, repl, toInt(count)),
    ),
    defineFunction(
      "replaceBy",
      "method",
      [
        param.string("string"),
        regexParam("regexp"),
        param.lambda("repl"),
        optional(param.pythonInt("count"), 0),
      ],
      ([text, regex, repl, count]: [string, YaqlRegex, YaqlLambda, number | bigint | boolean]) =>
        replaceWithSelector(regex.compiled, text, repl, toInt(count)),
    ),

    defineFunction("escapeRegex", "function", [param.string("string")], ([text]: [string]) =>
      pyReEscape(text),
    ),
    defineFunction("isRegex", "function", [param.any("value")], ([value]) => isYaqlRegex(value)),
  );
}

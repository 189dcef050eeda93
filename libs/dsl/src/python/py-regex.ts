// Python `re` patterns on JS RegExp. Workflows written for Mistral use Python regex syntax and
// semantics, which differ from JS in the details: (?P<name>...), \d and \w match any Unicode digit
// or letter, `$` also matches before a final newline, `.` only excludes "\n", a `{` that starts no
// quantifier is a literal, and the replacement templates of re.sub use \1 and \g<name>. Patterns
// are translated once and cached.

export class PyRegexError extends Error {
  readonly pythonType = "error";
}

export interface PyRegexFlags {
  readonly ignoreCase?: boolean;
  readonly multiLine?: boolean;
  readonly dotAll?: boolean;
  readonly verbose?: boolean;
}

/** A compiled Python pattern: the source and flags it came from, and the JS RegExp (global). */
export interface PyRegex {
  readonly source: string;
  readonly flags: Required<PyRegexFlags>;
  readonly regexp: RegExp;
  readonly groupNames: readonly string[];
}

const WORD = "\\p{L}\\p{N}_";
const WORD_CLASS = `[${WORD}]`;
const BOUNDARY = `(?:(?<=${WORD_CLASS})(?!${WORD_CLASS})|(?<!${WORD_CLASS})(?=${WORD_CLASS}))`;
const NOT_BOUNDARY = `(?:(?<=${WORD_CLASS})(?=${WORD_CLASS})|(?<!${WORD_CLASS})(?!${WORD_CLASS}))`;
const SYNTAX_CHARS = "^$\\.*+?()[]{}|/";

function escapeLiteral(ch: string, inClass: boolean): string {
  if (SYNTAX_CHARS.includes(ch) || (inClass && ch === "-")) return `\\${ch}`;
  return ch;
}

function unsupported(what: string, pattern: string): PyRegexError {
  return new PyRegexError(`${what} is not supported in regular expressions here: ${pattern}`);
}

interface Translation {
  source: string;
  flags: Required<PyRegexFlags>;
  groupNames: string[];
}

function translate(pattern: string, initial: PyRegexFlags): Translation {
  const flags = {
    ignoreCase: Boolean(initial.ignoreCase),
    multiLine: Boolean(initial.multiLine),
    dotAll: Boolean(initial.dotAll),
    verbose: Boolean(initial.verbose),
  };
  const chars = Array.from(pattern);
  let i = 0;
  // Global inline flags, e.g. (?i) or (?ms), may only appear at the start in Python 3.11.
  for (
    let m = /^\(\?([aiLmsux]+)\)/.exec(pattern);
    m;
    m = /^\(\?([aiLmsux]+)\)/.exec(chars.slice(i).join(""))
  ) {
    for (const f of m[1]!) {
      if (f === "i") flags.ignoreCase = true;
      if (f === "m") flags.multiLine = true;
      if (f === "s") flags.dotAll = true;
      if (f === "x") flags.verbose = true;
    }
    i += Array.from(m[0]).length;
  }
  const groupNames: string[] = [];
  let out = "";
  let inClass = false;
  let classStart = false;
  let depth = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (inClass) {
      if (ch === "]" && !classStart) {
        out += "]";
        inClass = false;
        i++;
        continue;
      }
      classStart = false;
      if (ch === "\\") {
        out += translateEscape(chars, i, true, pattern);
        i += escapeLength(chars, i);
        continue;
      }
      out += ch === "[" ? "\\[" : ch === "]" ? "\\]" : ch;
      i++;
      continue;
    }
    if (flags.verbose) {
      if (/\s/.test(ch)) {
        i++;
        continue;
      }
      if (ch === "#") {
        while (i < chars.length && chars[i] !== "\n") i++;
        continue;
      }
    }
    switch (ch) {
      case "\\":
        out += translateEscape(chars, i, false, pattern);
        i += escapeLength(chars, i);
        continue;
      case "[":
        inClass = true;
        classStart = true;
        out += "[";
        i++;
        if (chars[i] === "^") {
          out += "^";
          i++;
        }
        continue;
      case ".":
        out += flags.dotAll ? "[\\s\\S]" : "[^\\n]";
        i++;
        continue;
      case "^":
        out += flags.multiLine ? "(?:(?<![\\s\\S])|(?<=\\n))" : "(?<![\\s\\S])";
        i++;
        continue;
      case "$":
        out += flags.multiLine ? "(?=\\n|(?![\\s\\S]))" : "(?=\\n?(?![\\s\\S]))";
        i++;
        continue;
      case "{": {
        const rest = chars.slice(i).join("");
        const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(rest);
        if (quantifier && (quantifier[1] !== "" || (quantifier[2] === "," && quantifier[3] !== ""))) {
          out += `{${quantifier[1] || "0"}${quantifier[2]}${quantifier[3]}}`;
          i += quantifier[0].length;
          if (chars[i] === "+") throw unsupported("A possessive quantifier", pattern);
        } else {
          out += "\\{";
          i++;
        }
        continue;
      }
      case "}":
        out += "\\}";
        i++;
        continue;
      case "]":
        out += "\\]";
        i++;
        continue;
      case "*":
      case "+":
      case "?":
        out += ch;
        i++;
        if (chars[i] === "+") throw unsupported("A possessive quantifier", pattern);
        continue;
      case "(": {
        const rest = chars.slice(i).join("");
        if (rest.startsWith("(?P<")) {
          const name = /^\(\?P<([^>]*)>/.exec(rest);
          if (!name || !/^[A-Za-z_]\w*$/.test(name[1]!))
            throw new PyRegexError(`bad character in group name in ${pattern}`);
          groupNames.push(name[1]!);
          out += `(?<${name[1]}>`;
          i += name[0].length;
        } else if (rest.startsWith("(?P=")) {
          const name = /^\(\?P=([^)]*)\)/.exec(rest);
          if (!name) throw new PyRegexError(`missing ), unterminated name in ${pattern}`);
          out += `\\k<${name[1]}>`;
          i += name[0].length;
          continue;
        } else if (rest.startsWith("(?#")) {
          const end = rest.indexOf(")");
          if (end < 0) throw new PyRegexError(`missing ), unterminated comment in ${pattern}`);
          i += Array.from(rest.slice(0, end + 1)).length;
          continue;
        } else if (/^\(\?(?:[:=!]|<[=!])/.test(rest)) {
          const opener = /^\(\?(?:[:=!]|<[=!])/.exec(rest)![0];
          out += opener;
          i += opener.length;
        } else if (rest.startsWith("(?<")) {
          const name = /^\(\?<([A-Za-z_]\w*)>/.exec(rest);
          if (!name) throw new PyRegexError(`unknown extension ?< in ${pattern}`);
          groupNames.push(name[1]!);
          out += name[0];
          i += name[0].length;
        } else if (rest.startsWith("(?")) {
          throw unsupported(`The group construct ${rest.slice(0, 4)}`, pattern);
        } else {
          out += "(";
          i++;
        }
        depth++;
        continue;
      }
      case ")":
        if (depth === 0) throw new PyRegexError(`unbalanced parenthesis in ${pattern}`);
        depth--;
        out += ")";
        i++;
        continue;
      default:
        out += ch;
        i++;
    }
  }
  if (inClass) throw new PyRegexError(`unterminated character set in ${pattern}`);
  if (depth !== 0) throw new PyRegexError(`missing ), unterminated subpattern in ${pattern}`);
  return { source: out, flags, groupNames };
}

function escapeLength(chars: string[], i: number): number {
  const next = chars[i + 1];
  if (next === undefined) return 1;
  const rest = chars.slice(i + 1, i + 10).join("");
  if (next === "x") return 4;
  if (next === "u") return 6;
  if (next === "U") return 10;
  const octal = /^0[0-7]{0,2}|^[1-7][0-7]{2}/.exec(rest);
  if (octal) return 1 + octal[0].length;
  const backref = /^[1-9]\d?/.exec(rest);
  if (backref) return 1 + backref[0].length;
  return 2;
}

function translateEscape(chars: string[], i: number, inClass: boolean, pattern: string): string {
  const next = chars[i + 1];
  if (next === undefined) throw new PyRegexError(`bad escape (end of pattern) in ${pattern}`);
  const length = escapeLength(chars, i);
  const body = chars.slice(i + 1, i + length).join("");
  const codeUnit = (hex: string) => {
    if (!/^[0-9a-fA-F]+$/.test(hex)) throw new PyRegexError(`incomplete escape \\${body} in ${pattern}`);
    return escapeLiteral(String.fromCodePoint(parseInt(hex, 16)), inClass);
  };
  switch (next) {
    case "d":
      return "\\p{Nd}";
    case "D":
      return "\\P{Nd}";
    case "w":
      return inClass ? WORD : WORD_CLASS;
    case "W":
      if (inClass) throw unsupported("\\W inside a character class", pattern);
      return `[^${WORD}]`;
    case "s":
    case "S":
      return `\\${next}`;
    case "b":
      return inClass ? "\\x08" : BOUNDARY;
    case "B":
      if (inClass) throw new PyRegexError(`bad escape \\B in ${pattern}`);
      return NOT_BOUNDARY;
    case "A":
      return "(?<![\\s\\S])";
    case "Z":
      return "(?![\\s\\S])";
    case "n":
      return "\\n";
    case "t":
      return "\\t";
    case "r":
      return "\\r";
    case "f":
      return "\\f";
    case "v":
      return "\\v";
    case "a":
      return "\\x07";
    case "x":
      return codeUnit(body.slice(1));
    case "u":
    case "U":
      return codeUnit(body.slice(1));
    case "N":
      throw unsupported("\\N{...}", pattern);
  }
  if (/^[0-7]/.test(body) && (body.startsWith("0") || body.length === 3)) {
    return escapeLiteral(String.fromCodePoint(parseInt(body, 8)), inClass);
  }
  if (/^[1-9]/.test(body)) {
    if (inClass) throw new PyRegexError(`bad escape \\${body} in ${pattern}`);
    return `\\${body}`;
  }
  if (/^[A-Za-z0-9]$/.test(next)) throw new PyRegexError(`bad escape \\${next} in ${pattern}`);
  return escapeLiteral(next, inClass);
}

const cache = new Map<string, PyRegex>();

/** Compiles a Python pattern (cached; the RegExp is global with indices). Raises PyRegexError for a bad or unsupported pattern. */
export function compilePyRegex(pattern: string, flags: PyRegexFlags = {}): PyRegex {
  const key = `${flags.ignoreCase ? "i" : ""}${flags.multiLine ? "m" : ""}${flags.dotAll ? "s" : ""}${flags.verbose ? "x" : ""}/${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const translation = translate(pattern, flags);
  let regexp: RegExp;
  try {
    regexp = new RegExp(translation.source, `dgu${translation.flags.ignoreCase ? "i" : ""}`);
  } catch (error) {
    throw new PyRegexError(`${(error as Error).message.replace(/^Invalid regular expression: /, "")}`);
  }
  const compiled: PyRegex = {
    source: pattern,
    flags: translation.flags,
    regexp,
    groupNames: translation.groupNames,
  };
  if (cache.size > 1000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** A match, with offsets in code points as Python reports them. */
export interface PyMatch {
  readonly text: string;
  /** Group 0 is the whole match; groups that did not take part are null. */
  readonly groups: ReadonlyArray<string | null>;
  readonly named: Readonly<Record<string, string | null>>;
  readonly start: number;
  readonly end: number;
  /** Start offsets (code points) of each group, -1 for a group that did not take part. */
  readonly groupStarts: readonly number[];
}

function codePointOffset(text: string, unitOffset: number): number {
  let count = 0;
  for (let i = 0; i < unitOffset; i++) {
    const code = text.charCodeAt(i);
    if (
      code < 0xdc00 ||
      code > 0xdfff ||
      i === 0 ||
      text.charCodeAt(i - 1) < 0xd800 ||
      text.charCodeAt(i - 1) > 0xdbff
    )
      count++;
  }
  return count;
}

function toMatch(regex: PyRegex, match: RegExpExecArray, text: string): PyMatch {
  const groups = Array.from(match, (g) => g ?? null);
  const named: Record<string, string | null> = {};
  for (const name of regex.groupNames) named[name] = match.groups?.[name] ?? null;
  const start = codePointOffset(text, match.index);
  const groupStarts = groups.map((g, n) => {
    const span = match.indices?.[n];
    return g === null || !span ? -1 : codePointOffset(text, span[0]);
  });
  return { text, groups, named, start, end: start + Array.from(match[0]).length, groupStarts };
}

/**
 * RegExp#exec without the matches V8 reports between the two halves of a surrogate pair (an empty
 * match of ^, $, \b or a lookaround can land there even with the `u` flag); Python, which sees
 * code points, has no such position.
 */
function execAt(re: RegExp, text: string): RegExpExecArray | null {
  for (;;) {
    const match = re.exec(text);
    if (!match || !splitsSurrogatePair(text, match.index)) return match;
    re.lastIndex = match.index + 1;
  }
}

function splitsSurrogatePair(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** Python `re.search`: the first match anywhere, or null. */
export function pySearch(regex: PyRegex, text: string): PyMatch | null {
  const re = regex.regexp;
  re.lastIndex = 0;
  const match = execAt(re, text);
  return match ? toMatch(regex, match, text) : null;
}

/** Python `re.finditer`. */
export function pyFindAll(regex: PyRegex, text: string): PyMatch[] {
  const re = regex.regexp;
  re.lastIndex = 0;
  const out: PyMatch[] = [];
  for (let match = execAt(re, text); match; match = execAt(re, text)) {
    out.push(toMatch(regex, match, text));
    if (match[0] === "") re.lastIndex = advance(text, re.lastIndex);
  }
  return out;
}

function advance(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff ? index + 2 : index + 1;
}

/** Expands a Python replacement template (\1, \g<1>, \g<name>, \n, \\) for one match. */
export function expandTemplate(template: string, match: PyMatch): string {
  return template.replace(
    /\\(g<([^>]*)>|[0-9]{1,2}|.)/gs,
    (whole, escape: string, groupRef: string | undefined) => {
      const group = (ref: string): string => {
        const index = /^\d+$/.test(ref) ? Number(ref) : undefined;
        if (index !== undefined) {
          if (index >= match.groups.length) throw new PyRegexError(`invalid group reference ${index}`);
          return match.groups[index] ?? "";
        }
        if (!(ref in match.named)) throw new PyRegexError(`unknown group name '${ref}'`);
        return match.named[ref] ?? "";
      };
      if (groupRef !== undefined) return group(groupRef);
      if (/^\d/.test(escape)) return group(escape);
      const simple: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        f: "\f",
        v: "\v",
        a: "\x07",
        b: "\b",
        "\\": "\\",
      };
      if (simple[escape] !== undefined) return simple[escape]!;
      if (/^[A-Za-z]$/.test(escape)) throw new PyRegexError(`bad escape ${whole}`);
      return whole;
    },
  );
}

/** Python `re.sub(pattern, repl, text, count)`; `repl` is a template or a function of the match. */
export function pySub(
  regex: PyRegex,
  text: string,
  replacement: string | ((match: PyMatch) => string),
  count = 0,
): string {
  // A negative count replaces nothing (0 means all).
  if (count < 0) return text;
  let out = "";
  let last = 0;
  let done = 0;
  const re = regex.regexp;
  re.lastIndex = 0;
  for (let match = execAt(re, text); match && (count <= 0 || done < count); match = execAt(re, text)) {
    const pyMatch = toMatch(regex, match, text);
    out += text.slice(last, match.index);
    out += typeof replacement === "string" ? expandTemplate(replacement, pyMatch) : replacement(pyMatch);
    last = match.index + match[0].length;
    done++;
    if (match[0] === "") re.lastIndex = advance(text, re.lastIndex);
  }
  return out + text.slice(last);
}

/** Python `re.split(pattern, text, maxsplit)`: captured groups are included, null when unmatched. */
export function pySplitRegex(regex: PyRegex, text: string, maxsplit = 0): Array<string | null> {
  // A negative maxsplit splits nothing (0 means all).
  if (maxsplit < 0) return [text];
  const out: Array<string | null> = [];
  let last = 0;
  let done = 0;
  const re = regex.regexp;
  re.lastIndex = 0;
  for (let match = execAt(re, text); match && (maxsplit <= 0 || done < maxsplit); match = execAt(re, text)) {
    out.push(text.slice(last, match.index));
    for (let g = 1; g < match.length; g++) out.push(match[g] ?? null);
    last = match.index + match[0].length;
    done++;
    if (match[0] === "") re.lastIndex = advance(text, re.lastIndex);
  }
  out.push(text.slice(last));
  return out;
}

/** Python `re.escape`: every character that is not alphanumeric or `_` gets a backslash (3.7 rules). */
export function pyReEscape(text: string): string {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (ch) => `\\${ch}`);
}

// The one-line form `name key=value ...` used by `action:`, `workflow:`, `base:`, `retry:` and transitions
// (`fail msg="..."`), read exactly as Mistral's `_parse_cmd_and_input` reads it: the name is the leading
// word (or expression), and every `key=value` anywhere in the text whose value is quoted, an expression,
// a [list], true/false/null or digits is a parameter. Quoted values lose their quotes; the others are
// decoded as JSON when they can be. Anything else (`output=hello`) is silently ignored by Mistral.

/** The result of reading a one-line command. */
export interface InlineCommand {
  readonly name: string;
  readonly params: Record<string, unknown>;
  /** Text that is neither the name nor a parameter (Mistral ignores it), trimmed; "" when none. */
  readonly ignored: string;
  /** Text that is not a parameter, the name included (for `retry`, whose name Mistral drops). */
  readonly outsideParams: string;
}

const COMMAND = new RegExp(
  String.raw`^(?:[\p{L}\p{N}_.]+[^=(\s"]*|<%[^\n]*?%>|\{\{[^\n]*\}\}|\{%[^\n]*%\})`,
  "u",
);
/**
 * Reads `name key=value ...`. A text without a space is all name. Returns undefined when the text has a
 * space but does not start with a name (Mistral refuses such a definition).
 */
export function parseInlineCommand(text: string): InlineCommand | undefined {
  if (!text.includes(" ")) return { name: text, params: {}, ignored: "", outsideParams: text };
  const command = COMMAND.exec(text);
  if (command === null) return undefined;
  const params: Record<string, unknown> = {};
  const covered: Array<[number, number]> = [];
  for (const param of findParams(text)) {
    covered.push([param.start, param.end]);
    defineParam(params, param.key, decodeValue(text.slice(param.valueStart, param.end).trim()));
  }
  const ignored = uncovered(text, [[0, command[0].length], ...covered]);
  return {
    name: command[0],
    params,
    // The parentheses of the call form `fail(msg=...)` are syntax, not ignored text.
    ignored: /^[()\s]*$/.test(ignored) ? "" : ignored,
    outsideParams: uncovered(text, covered),
  };
}

// What JSON.parse may accept among the values the pattern lets through (lists, true, false, null,
// digits); expressions never parse, and a failed JSON.parse is costly, so they skip it.
const MAYBE_JSON = /^[[tfn\p{Nd}]/u;

const KEY_RUN = /[-_\p{L}\p{N}]+/uy;
const DIGITS = /\p{Nd}+/uy;
const BLANKS = /\s*/y;

interface ParamMatch {
  readonly key: string;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

/**
 * Every `key=value` of the text, as Python's `re.findall` finds Mistral's PARAMS_PTRN
 * (`([-_\w]+)=("[^"]*"\s*|'[^']*'\s*|{{.*?}}|<%.*?%>|\[.*\]\s*|true|false|null|\d+)`), but in linear
 * time: the regular expression backtracks through every start inside a long word, and rescans to the
 * end of the text for every unclosed quote, which a definition could use to stall the service.
 */
function findParams(text: string): ParamMatch[] {
  const found: ParamMatch[] = [];
  const search = new ForwardSearch(text);
  let at = 0;
  while (at < text.length) {
    KEY_RUN.lastIndex = at;
    const key = KEY_RUN.exec(text)?.[0];
    if (key === undefined) {
      at += 1;
      continue;
    }
    const keyEnd = at + key.length;
    // A key is the whole run of key characters: a shorter one would be followed by a key character,
    // not by `=`, and a start inside the run meets the same `=` and value, so both fail alike.
    const end = text[keyEnd] === "=" ? valueEnd(text, keyEnd + 1, search) : -1;
    if (end < 0) {
      at = keyEnd;
      continue;
    }
    found.push({ key, start: at, valueStart: keyEnd + 1, end });
    at = end;
  }
  return found;
}

/** Where the value starting at `at` ends (after trailing blanks for quotes and lists), or -1. */
function valueEnd(text: string, at: number, search: ForwardSearch): number {
  const first = text[at];
  let end = -1;
  if (first === '"' || first === "'") {
    const close = search.next(first, at + 1);
    end = close < 0 ? -1 : blanksAfter(text, close + 1);
  } else if (first === "{" && text[at + 1] === "{") {
    end = search.onSameLine("}}", at + 2);
  } else if (first === "<" && text[at + 1] === "%") {
    end = search.onSameLine("%>", at + 2);
  } else if (first === "[") {
    const close = search.lastOnLine("]", at);
    end = close > at ? blanksAfter(text, close + 1) : -1;
  } else if (text.startsWith("true", at) || text.startsWith("null", at)) {
    end = at + 4;
  } else if (text.startsWith("false", at)) {
    end = at + 5;
  } else {
    DIGITS.lastIndex = at;
    end = DIGITS.test(text) ? DIGITS.lastIndex : -1;
  }
  return end;
}

function blanksAfter(text: string, at: number): number {
  BLANKS.lastIndex = at;
  BLANKS.test(text);
  return BLANKS.lastIndex;
}

/**
 * indexOf-style searches that remember their last answer: searches come at increasing positions, so
 * an answer still ahead (or a "not found") is reused instead of scanning the same text again.
 */
class ForwardSearch {
  private readonly memo = new Map<string, { from: number; at: number }>();

  constructor(private readonly text: string) {}

  /** The first `needle` at or after `from`, or -1. */
  next(needle: string, from: number): number {
    const last = this.memo.get(needle);
    if (last !== undefined && from >= last.from && (last.at < 0 || from <= last.at)) return last.at;
    const at = this.text.indexOf(needle, from);
    this.memo.set(needle, { from, at });
    return at;
  }

  /** The end of the first `closer` at or after `from` when no line break comes before it, or -1. */
  onSameLine(closer: string, from: number): number {
    const at = this.next(closer, from);
    if (at < 0) return -1;
    const lineBreak = this.next("\n", from);
    return lineBreak >= 0 && lineBreak < at ? -1 : at + closer.length;
  }

  /** The last `needle` on the line of `from`, at or after `from`, or -1. */
  lastOnLine(needle: string, from: number): number {
    const lineEnd = this.next("\n", from);
    const key = `last ${needle} ${lineEnd}`;
    let last = this.memo.get(key)?.at;
    if (last === undefined) {
      last = this.text.lastIndexOf(needle, (lineEnd < 0 ? this.text.length : lineEnd) - 1);
      this.memo.set(key, { from, at: last });
    }
    return last >= from ? last : -1;
  }
}

function decodeValue(raw: string): unknown {
  if (raw.startsWith('"') || raw.startsWith("'")) return raw.slice(1, -1);
  if (!MAYBE_JSON.test(raw)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function defineParam(params: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(params, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    params[key] = value;
  }
}

function uncovered(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  // The common case: the ranges follow each other separated by blanks only.
  let end = 0;
  for (const [start, stop] of ranges) {
    if (start < end || text.slice(end, start).trim() !== "") {
      end = -1;
      break;
    }
    end = stop;
  }
  if (end >= 0 && text.slice(end).trim() === "") return "";
  let rest = "";
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start > at) rest += ` ${text.slice(at, start)}`;
    at = Math.max(at, end);
  }
  rest += ` ${text.slice(at)}`;
  return rest.replace(/\s+/g, " ").trim();
}

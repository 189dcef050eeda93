// The Jinja2 3.1 lexer with Mistral's settings (trim_blocks, lstrip_blocks, default delimiters, no
// line statements, keep_trailing_newline off). It turns a template (state "root") or a bare
// expression (state "variable", as compile_expression reads it) into tokens. A lexing error is
// kept as a final "error" token: Jinja lexes lazily, so the error only surfaces if the parser
// gets that far, and an earlier parse error wins.
import { parsePyInt } from "../../python/py-numbers.js";
import { pyFloat } from "../../python/py-types.js";

export type TokenType =
  | "data"
  | "variable_begin"
  | "variable_end"
  | "block_begin"
  | "block_end"
  | "name"
  | "string"
  | "integer"
  | "float"
  | "add"
  | "sub"
  | "div"
  | "floordiv"
  | "mul"
  | "mod"
  | "pow"
  | "tilde"
  | "lbracket"
  | "rbracket"
  | "lparen"
  | "rparen"
  | "lbrace"
  | "rbrace"
  | "eq"
  | "ne"
  | "gt"
  | "gteq"
  | "lt"
  | "lteq"
  | "assign"
  | "dot"
  | "colon"
  | "pipe"
  | "comma"
  | "semicolon"
  | "eof"
  | "error";

export interface Token {
  readonly type: TokenType;
  /** Names, operators and data: the text; strings: the unescaped text; numbers: their value. */
  readonly value: unknown;
  /** Offset in the lexed (newline-normalized) source. */
  readonly offset: number;
}

const OPERATORS: Record<string, TokenType> = {
  "+": "add",
  "-": "sub",
  "/": "div",
  "//": "floordiv",
  "*": "mul",
  "%": "mod",
  "**": "pow",
  "~": "tilde",
  "[": "lbracket",
  "]": "rbracket",
  "(": "lparen",
  ")": "rparen",
  "{": "lbrace",
  "}": "rbrace",
  "==": "eq",
  "!=": "ne",
  ">": "gt",
  ">=": "gteq",
  "<": "lt",
  "<=": "lteq",
  "=": "assign",
  ".": "dot",
  ":": "colon",
  "|": "pipe",
  ",": "comma",
  ";": "semicolon",
};

const DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  block_begin: "begin of statement block",
  block_end: "end of statement block",
  variable_begin: "begin of print statement",
  variable_end: "end of print statement",
  data: "template data / text",
  eof: "end of template",
};

const OPERATOR_TEXT = Object.fromEntries(
  Object.entries(OPERATORS).map(([text, type]) => [type, text]),
) as Partial<Record<TokenType, string>>;

/** How Jinja names a token type in messages ("end of print statement", "'+'", ...). */
export function describeTokenType(type: TokenType): string {
  return OPERATOR_TEXT[type] ?? DESCRIPTIONS[type] ?? type;
}

/** How Jinja names a token in messages: a name is its own text. */
export function describeToken(token: Token): string {
  return token.type === "name" ? (token.value as string) : describeTokenType(token.type);
}

const WHITESPACE = /\s+/y;
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
// Python's \w plus the extra identifier characters Jinja's _identifier pattern lists.
const NAME = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}\u00B7\u0387\u1369-\u1371\u19DA\u2118\u212E\u309B\u309C]+/uy;
const IDENTIFIER =
  /^[\p{L}\p{Nl}_\u2118\u212E\u309B\u309C][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\u00B7\u0387\u1369-\u1371\u19DA\u2118\u212E\u309B\u309C]*$/u;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[-+/*%~[\](){}><=.:|,;]/y;
const BLOCK_END = /\+%\}|-%\}\s*|%\}\n?/y;
const VARIABLE_END = /-\}\}\s*|\}\}/y;
const TAG_START = /\{([{%#])/g;
const RAW_BEGIN = /\{%(-|\+|)\s*raw\s*(?:-%\}\s*|%\})/y;
const RAW_END = /\{%(-|\+|)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}\n?)/g;
const COMMENT_END = /\+#\}|-#\}\s*|#\}\n?/g;
const ONLY_WHITESPACE = /^\s+$/;

/** Python's str.rstrip() (Unicode whitespace, which includes the separators U+001C..U+001F). */
// eslint-disable-next-line no-control-regex
const TRAILING_SPACE = /[\s\x1c-\x1f\x85]+$/u;

function rstrip(text: string): string {
  return text.replace(TRAILING_SPACE, "");
}

function isAsciiHex(text: string): boolean {
  return /^[0-9a-fA-F]+$/.test(text);
}

/** Python's `value.encode("ascii", "backslashreplace").decode("unicode-escape")`, as Jinja unescapes strings. */
export function unescapeStringLiteral(raw: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const next = raw.codePointAt(i + 1);
    if (next === undefined) throw new Error("\\ at end of string");
    const nextChar = String.fromCodePoint(next);
    i += 2;
    switch (nextChar) {
      case "\n":
        break;
      case "\\":
      case "'":
      case '"':
        out += nextChar;
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "x":
      case "u":
      case "U": {
        const size = nextChar === "x" ? 2 : nextChar === "u" ? 4 : 8;
        const digits = raw.slice(i, i + size);
        if (digits.length < size || !isAsciiHex(digits)) {
          throw new Error(
            `truncated \\${nextChar}${nextChar === "x" ? "XX" : nextChar === "u" ? "XXXX" : "XXXXXXXX"} escape`,
          );
        }
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) throw new Error("illegal Unicode character");
        out += String.fromCodePoint(code);
        i += size;
        break;
      }
      case "N":
        // Named escapes need Unicode's name table, which this runtime does not carry.
        throw new Error(raw[i] === "{" ? "unknown Unicode character name" : "malformed \\N character escape");
      default:
        if (nextChar >= "0" && nextChar <= "7") {
          let digits = nextChar;
          while (digits.length < 3 && raw[i]! >= "0" && raw[i]! <= "7") digits += raw[i++];
          out += String.fromCodePoint(parseInt(digits, 8));
        } else if (next > 0x7f) {
          // backslashreplace turned the character into an escape whose backslash was escaped.
          i += nextChar.length - 1;
          out +=
            next < 0x100
              ? `\\x${next.toString(16).padStart(2, "0")}`
              : next < 0x10000
                ? `\\u${next.toString(16).padStart(4, "0")}`
                : `\\U${next.toString(16).padStart(8, "0")}`;
        } else {
          out += `\\${nextChar}`;
        }
    }
  }
  return out;
}

/** The tokens of a source, and where they lie in the text the caller gave. */
export interface LexResult {
  readonly tokens: Token[];
  /** The source as lexed: newlines normalized to \n, one trailing newline dropped. */
  readonly source: string;
  /** Maps an offset in `source` to the offset in the original text. */
  readonly originalOffset: (offset: number) => number;
}

/** Jinja's preprocessing: \r\n and \r become \n, and one trailing newline is dropped. */
function normalizeSource(text: string): { source: string; originalOffset: (offset: number) => number } {
  if (!text.includes("\r")) {
    return { source: text.endsWith("\n") ? text.slice(0, -1) : text, originalOffset: (offset) => offset };
  }
  const positions: number[] = [];
  let source = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    positions.push(i);
    if (ch === "\r") {
      source += "\n";
      if (text[i + 1] === "\n") i++;
    } else source += ch;
  }
  positions.push(text.length);
  if (source.endsWith("\n")) {
    source = source.slice(0, -1);
    positions.splice(positions.length - 2, 1);
  }
  return { source, originalOffset: (offset) => positions[Math.min(offset, positions.length - 1)]! };
}

function stickyMatch(pattern: RegExp, source: string, pos: number): RegExpExecArray | null {
  pattern.lastIndex = pos;
  return pattern.exec(source);
}

function convertNumber(type: "integer" | "float", text: string): unknown {
  if (type === "integer") return parsePyInt(text, 0);
  return pyFloat(Number(text.replaceAll("_", "")));
}

/** Tokenizes a template (`state` "root") or a bare expression (`state` "variable"). */
export function tokenize(text: string, state: "root" | "variable"): LexResult {
  const { source, originalOffset } = normalizeSource(text);
  const tokens: Token[] = [];
  const stack: Array<"root" | "variable" | "block" | "comment" | "raw"> = ["root"];
  if (state === "variable") stack.push("variable");
  const balancing: string[] = [];
  let pos = 0;
  let lineStarting = true;
  const fail = (message: string, offset: number) => {
    tokens.push({ type: "error", value: message, offset });
  };

  /** Data before a tag, with `-` stripping and lstrip_blocks applied. */
  const stripData = (data: string, sign: string, isVariable: boolean): string => {
    if (sign === "-") return rstrip(data);
    if (sign !== "+" && !isVariable) {
      const lineStart = data.lastIndexOf("\n") + 1;
      if ((lineStart > 0 || lineStarting) && ONLY_WHITESPACE.test(data.slice(lineStart))) {
        return data.slice(0, lineStart);
      }
    }
    return data;
  };
  const pushData = (data: string, offset: number) => {
    if (data) tokens.push({ type: "data", value: data, offset });
  };

  lexing: while (true) {
    const current = stack[stack.length - 1]!;
    if (current === "root") {
      if (pos >= source.length) break;
      TAG_START.lastIndex = pos;
      const tag = TAG_START.exec(source);
      if (!tag) {
        pushData(source.slice(pos), pos);
        break;
      }
      const at = tag.index;
      const data = source.slice(pos, at);
      const kind = tag[1];
      if (kind === "%") {
        const raw = stickyMatch(RAW_BEGIN, source, at);
        if (raw) {
          pushData(stripData(data, raw[1]!, false), pos);
          pos = at + raw[0].length;
          lineStarting = raw[0].endsWith("\n");
          stack.push("raw");
          continue;
        }
      }
      const signChar = source[at + 2];
      const sign = signChar === "-" || signChar === "+" ? signChar : "";
      pushData(stripData(data, sign, kind === "{"), pos);
      const end = at + 2 + sign.length;
      if (kind === "{") {
        tokens.push({ type: "variable_begin", value: source.slice(at, end), offset: at });
        stack.push("variable");
      } else if (kind === "%") {
        tokens.push({ type: "block_begin", value: source.slice(at, end), offset: at });
        stack.push("block");
      } else stack.push("comment");
      pos = end;
      lineStarting = false;
      continue;
    }
    if (current === "comment") {
      COMMENT_END.lastIndex = pos;
      const end = COMMENT_END.exec(source);
      if (!end) {
        if (pos < source.length) fail("Missing end of comment tag", pos);
        break;
      }
      pos = end.index + end[0].length;
      lineStarting = end[0].endsWith("\n");
      stack.pop();
      continue;
    }
    if (current === "raw") {
      RAW_END.lastIndex = pos;
      const end = RAW_END.exec(source);
      if (!end) {
        if (pos < source.length) fail("Missing end of raw directive", pos);
        break;
      }
      pushData(stripData(source.slice(pos, end.index), end[1]!, false), pos);
      pos = end.index + end[0].length;
      lineStarting = end[0].endsWith("\n");
      stack.pop();
      continue;
    }
    // Inside {{ }} or {% %}.
    if (balancing.length === 0) {
      const end = stickyMatch(current === "block" ? BLOCK_END : VARIABLE_END, source, pos);
      if (end) {
        tokens.push({ type: current === "block" ? "block_end" : "variable_end", value: end[0], offset: pos });
        pos += end[0].length;
        lineStarting = end[0].endsWith("\n");
        stack.pop();
        continue;
      }
    }
    if (pos >= source.length) break;
    let match = stickyMatch(WHITESPACE, source, pos);
    if (match) {
      pos += match[0].length;
      lineStarting = match[0].endsWith("\n");
      continue;
    }
    for (const [type, pattern] of [
      ["float", FLOAT],
      ["integer", INTEGER],
    ] as const) {
      match = stickyMatch(pattern, source, pos);
      if (match) {
        tokens.push({ type, value: convertNumber(type, match[0]), offset: pos });
        pos += match[0].length;
        lineStarting = false;
        continue lexing;
      }
    }
    match = stickyMatch(NAME, source, pos);
    if (match) {
      if (!IDENTIFIER.test(match[0])) {
        fail("Invalid character in identifier", pos);
        break;
      }
      tokens.push({ type: "name", value: match[0], offset: pos });
      pos += match[0].length;
      lineStarting = false;
      continue;
    }
    match = stickyMatch(STRING, source, pos);
    if (match) {
      let value: string;
      try {
        value = unescapeStringLiteral(match[1] ?? match[2]!);
      } catch (error) {
        fail((error as Error).message, pos);
        break;
      }
      tokens.push({ type: "string", value, offset: pos });
      pos += match[0].length;
      lineStarting = match[0].endsWith("\n");
      continue;
    }
    match = stickyMatch(OPERATOR, source, pos);
    if (match) {
      const text = match[0];
      if (text === "{" || text === "(" || text === "[")
        balancing.push(text === "{" ? "}" : text === "(" ? ")" : "]");
      else if (text === "}" || text === ")" || text === "]") {
        const expected = balancing.pop();
        if (expected === undefined) {
          fail(`unexpected '${text}'`, pos);
          break;
        }
        if (expected !== text) {
          fail(`unexpected '${text}', expected '${expected}'`, pos);
          break;
        }
      }
      tokens.push({ type: OPERATORS[text]!, value: text, offset: pos });
      pos += text.length;
      lineStarting = false;
      continue;
    }
    const ch = String.fromCodePoint(source.codePointAt(pos)!);
    fail(`unexpected char ${pyCharRepr(ch)} at ${pos}`, pos);
    break;
  }
  tokens.push({ type: "eof", value: "", offset: source.length });
  return { tokens, source, originalOffset };
}

function pyCharRepr(ch: string): string {
  if (ch === "'") return `"'"`;
  if (ch === "\\") return "'\\\\'";
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return `'${named[ch] ?? `\\x${code.toString(16).padStart(2, "0")}`}'`;
  }
  return `'${ch}'`;
}

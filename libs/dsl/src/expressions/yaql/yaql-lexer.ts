// Turns a YAQL expression into tokens, following yaql 2.0's lexer: identifiers directly followed by
// "(" are function names, other identifiers are keyword strings (except the word operators and
// true/false/null), `$name` is a variable, numbers have no exponent form, and strings may be
// quoted with ', " or ` (verbatim).
import { YaqlSyntaxError } from "./yaql-errors.js";

export type TokenType =
  | "number"
  | "string"
  | "keyword"
  | "func"
  | "dollar"
  | "true"
  | "false"
  | "null"
  | "op"
  | "("
  | ")"
  | "["
  | "]"
  | "{"
  | "}"
  | ","
  | "=>"
  | "eof";

export interface Token {
  readonly type: TokenType;
  /** The token's text, or for strings the decoded value, for func the name, for dollar the variable. */
  readonly value: string;
  readonly position: number;
}

/** Word operators: lexed like identifiers, but operators. */
const WORD_OPERATORS = new Set(["and", "or", "not", "in", "mod"]);

/** Symbol operators, longest first so that `>=` wins over `>`. */
const SYMBOL_OPERATORS = ["?.", "=~", "!~", ">=", "<=", "!=", "->", ".", "+", "-", "*", "/", ">", "<", "="];

const IDENTIFIER = /[\p{L}\p{N}_]/u;
// Sticky patterns read a whole token at a position in one step.
const WORD_AT = /[\p{L}_][\p{L}\p{N}_]*/uy;
const VARIABLE_AT = /\$[\p{L}\p{N}_]*/uy;
// \b\d+(\.?\d+)?\b — no exponent, no leading or trailing dot.
const NUMBER_AT = /\p{Nd}+(?:\.?\p{Nd}+)?/uy;
const DIGIT_AT = /\p{Nd}/uy;

const SINGLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Decodes Python-style escapes; unknown escapes such as `\d` stay as they are (yaql keeps them). */
function decodeEscapes(text: string): string {
  return text.replace(
    /\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|N\{[^}]+\}|[\\'"abfnrtv])/g,
    (whole, body: string) => {
      const single = SINGLE_ESCAPES[body];
      if (single !== undefined) return single;
      const head = body[0]!;
      if (head === "U" || head === "u" || head === "x") {
        const code = parseInt(body.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      if (head === "N") return whole;
      return String.fromCodePoint(parseInt(body, 8));
    },
  );
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

function isIdentifierChar(ch: string | undefined): boolean {
  return (
    ch !== undefined &&
    (ch === "_" ||
      (ch >= "a" && ch <= "z") ||
      (ch >= "A" && ch <= "Z") ||
      (ch >= "0" && ch <= "9") ||
      (ch > "\x7f" && IDENTIFIER.test(ch)))
  );
}

/** Reads every token of an expression; raises YaqlSyntaxError (lexical) on a character it cannot read. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const lexicalError = (at: number): never => {
    const ch = String.fromCodePoint(text.codePointAt(at)!);
    throw new YaqlSyntaxError(
      "YaqlLexicalException",
      `Lexical error: illegal character '${ch}' at position ${at}`,
      at,
    );
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") {
      i++;
      continue;
    }
    const start = i;
    if (ch === "$") {
      const variable = matchAt(VARIABLE_AT, text, i)!;
      i += variable.length;
      tokens.push({ type: "dollar", value: variable.slice(1), position: start });
      continue;
    }
    if ((ch >= "0" && ch <= "9") || (ch > "\x7f" && matchAt(DIGIT_AT, text, i))) {
      const number = matchAt(NUMBER_AT, text, i)!;
      const end = i + number.length;
      if (isIdentifierChar(text[end])) {
        // The trailing \b fails: yaql cannot read "1e3" or "12abc".
        lexicalError(start);
      }
      i = end;
      tokens.push({ type: "number", value: number, position: start });
      continue;
    }
    const word = matchAt(WORD_AT, text, i);
    if (word !== undefined) {
      i += word.length;
      if (text[i] === "(") {
        i++;
        tokens.push({ type: "func", value: word, position: start });
        continue;
      }
      if (word.startsWith("__")) lexicalError(start);
      if (WORD_OPERATORS.has(word)) tokens.push({ type: "op", value: word, position: start });
      else if (word === "true" || word === "false" || word === "null")
        tokens.push({ type: word, value: word, position: start });
      else tokens.push({ type: "keyword", value: word, position: start });
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) lexicalError(start);
      const raw = text.slice(i + 1, j);
      const value = ch === "`" ? raw.replaceAll("\\`", "`") : decodeEscapes(raw);
      tokens.push({ type: "string", value, position: start });
      i = j + 1;
      continue;
    }
    if (ch === "=" && text[i + 1] === ">") {
      tokens.push({ type: "=>", value: "=>", position: start });
      i += 2;
      continue;
    }
    const operator = SYMBOL_OPERATORS.find((op) => text.startsWith(op, i));
    if (operator) {
      tokens.push({ type: "op", value: operator, position: start });
      i += operator.length;
      continue;
    }
    if ("()[]{},".includes(ch)) {
      tokens.push({ type: ch as TokenType, value: ch, position: start });
      i++;
      continue;
    }
    lexicalError(start);
  }
  tokens.push({ type: "eof", value: "", position: text.length });
  return tokens;
}

// A Pratt parser for YAQL with yaql 2.0's operator table (tightest first):
//   .  ?.        member access and method call
//   [ ]          indexer
//   + - (unary)
//   =~ !~
//   * / mod
//   + -
//   > < >= <= != = in
//   not (unary)
//   and
//   or
//   ->           (right associative)
// plus literals, $variables, f(args) calls with `name => value` keyword arguments, [lists] and
// {maps}. The parser only builds the tree; meaning is given by the evaluator.
import { pyFloat, pyInt } from "../../python/py-types.js";
import { YaqlSyntaxError } from "./yaql-errors.js";
import { tokenize, type Token } from "./yaql-lexer.js";

export type YaqlNode =
  | { readonly kind: "constant"; readonly value: unknown; readonly position: number }
  | { readonly kind: "keyword"; readonly name: string; readonly position: number }
  | { readonly kind: "variable"; readonly name: string; readonly position: number }
  | { readonly kind: "wrap"; readonly expression: YaqlNode; readonly position: number }
  | {
      readonly kind: "call";
      readonly name: string;
      readonly args: readonly YaqlArg[];
      readonly position: number;
    }
  | { readonly kind: "list"; readonly args: readonly YaqlArg[]; readonly position: number }
  | { readonly kind: "map"; readonly args: readonly YaqlArg[]; readonly position: number }
  | {
      readonly kind: "index";
      readonly target: YaqlNode;
      readonly args: readonly YaqlArg[];
      readonly position: number;
    }
  | {
      readonly kind: "binary";
      readonly operator: string;
      readonly left: YaqlNode;
      readonly right: YaqlNode;
      readonly position: number;
    }
  | {
      readonly kind: "unary";
      readonly operator: string;
      readonly operand: YaqlNode;
      readonly position: number;
    };

/** An argument: an expression, `source => destination`, or an empty slot (`f(1,,3)`). */
export type YaqlArg =
  | YaqlNode
  | {
      readonly kind: "mapping";
      readonly source: YaqlNode;
      readonly destination: YaqlNode;
      readonly position: number;
    }
  | { readonly kind: "empty"; readonly position: number };

const BINARY_BINDING: Record<string, number> = {
  ".": 110,
  "?.": 110,
  "=~": 80,
  "!~": 80,
  "*": 70,
  "/": 70,
  mod: 70,
  "+": 60,
  "-": 60,
  ">": 50,
  "<": 50,
  ">=": 50,
  "<=": 50,
  "!=": 50,
  "=": 50,
  in: 50,
  and: 30,
  or: 20,
  "->": 10,
};
const INDEXER_BINDING = 100;
const UNARY_SIGN_BINDING = 90;
const UNARY_NOT_BINDING = 40;

function numberValue(text: string): unknown {
  // Python's int() and float() accept any Unicode decimal digit.
  const ascii = /^[0-9.]+$/.test(text) ? text : text.replace(/\p{Nd}/gu, (d) => String(digitValue(d)));
  if (ascii.includes(".")) return pyFloat(Number(ascii));
  const n = Number(ascii);
  return Number.isSafeInteger(n) ? n : pyInt(BigInt(ascii));
}

function digitValue(digit: string): number {
  if (digit >= "0" && digit <= "9") return digit.charCodeAt(0) - 48;
  let code = digit.codePointAt(0)!;
  let value = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(code - 1)) && value < 9) {
    code--;
    value++;
  }
  return value;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private unexpected(token: Token): never {
    if (token.type === "eof") {
      throw new YaqlSyntaxError(
        "YaqlGrammarException",
        "Parse error: unexpected end of statement",
        token.position,
      );
    }
    const text = this.source.slice(token.position).match(/^\S+/)?.[0] ?? token.value;
    throw new YaqlSyntaxError(
      "YaqlGrammarException",
      `Parse error: unexpected '${text.slice(0, 20)}' at position ${token.position}`,
      token.position,
    );
  }

  private expect(type: Token["type"]): Token {
    const token = this.next();
    if (token.type !== type) this.unexpected(token);
    return token;
  }

  parseStatement(): YaqlNode {
    if (this.peek().type === "eof") this.unexpected(this.peek());
    const node = this.parseExpression(0);
    if (this.peek().type !== "eof") this.unexpected(this.peek());
    return node;
  }

  private parseExpression(minBinding: number): YaqlNode {
    let left = this.parsePrefix();
    for (;;) {
      const token = this.peek();
      if (token.type === "op" && token.value !== "not") {
        const binding = BINARY_BINDING[token.value];
        if (binding === undefined) this.unexpected(token);
        const rightAssociative = token.value === "->";
        if (rightAssociative ? binding < minBinding : binding <= minBinding) break;
        this.next();
        const right = this.parseExpression(rightAssociative ? binding - 1 : binding);
        left = { kind: "binary", operator: token.value, left, right, position: token.position };
        continue;
      }
      if (token.type === "[" && INDEXER_BINDING > minBinding) {
        this.next();
        const args = this.parseArgs("]");
        left = { kind: "index", target: left, args, position: token.position };
        continue;
      }
      break;
    }
    return left;
  }

  private parsePrefix(): YaqlNode {
    const token = this.next();
    const position = token.position;
    switch (token.type) {
      case "number":
        return { kind: "constant", value: numberValue(token.value), position };
      case "string":
        return { kind: "constant", value: token.value, position };
      case "true":
        return { kind: "constant", value: true, position };
      case "false":
        return { kind: "constant", value: false, position };
      case "null":
        return { kind: "constant", value: null, position };
      case "keyword":
        return { kind: "keyword", name: token.value, position };
      case "dollar":
        return { kind: "variable", name: token.value, position };
      case "(": {
        const expression = this.parseExpression(0);
        this.expect(")");
        return { kind: "wrap", expression, position };
      }
      case "func":
        return { kind: "call", name: token.value, args: this.parseArgs(")"), position };
      case "[":
        return { kind: "list", args: this.parseArgs("]"), position };
      case "{":
        return { kind: "map", args: this.parseArgs("}"), position };
      case "op":
        if (token.value === "-" || token.value === "+") {
          return {
            kind: "unary",
            operator: token.value,
            operand: this.parseExpression(UNARY_SIGN_BINDING),
            position,
          };
        }
        if (token.value === "not") {
          return {
            kind: "unary",
            operator: "not",
            operand: this.parseExpression(UNARY_NOT_BINDING),
            position,
          };
        }
        return this.unexpected(token);
      default:
        return this.unexpected(token);
    }
  }

  /** Arguments up to `close`: positional first (empty slots allowed between), then `name => value`. */
  private parseArgs(close: "]" | ")" | "}"): YaqlArg[] {
    const args: YaqlArg[] = [];
    if (this.peek().type === close) {
      this.next();
      return args;
    }
    let sawMapping = false;
    for (;;) {
      const token = this.peek();
      if (token.type === "," || token.type === close) {
        // An empty slot: allowed only between positional arguments, never last.
        if (token.type === close || sawMapping) this.unexpected(token);
        args.push({ kind: "empty", position: token.position });
      } else {
        const value = this.parseExpression(0);
        if (this.peek().type === "=>") {
          const arrow = this.next();
          const destination = this.parseExpression(0);
          args.push({ kind: "mapping", source: value, destination, position: arrow.position });
          sawMapping = true;
        } else {
          if (sawMapping) this.unexpected(this.tokens[this.index - 1]!);
          args.push(value);
        }
      }
      const separator = this.next();
      if (separator.type === close) return args;
      if (separator.type !== ",") this.unexpected(separator);
    }
  }
}

/** Parses one YAQL expression; raises YaqlSyntaxError with the position of the first problem. */
export function parseYaql(expression: string): YaqlNode {
  return new Parser(tokenize(expression), expression).parseStatement();
}

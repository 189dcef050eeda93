import { describe, expect, it } from "vitest";
import { pyRepr } from "../../python/py-repr.js";
import { YaqlSyntaxError } from "./yaql-errors.js";
import { parseYaql, type YaqlArg, type YaqlNode } from "./yaql-parser.js";

/** Prints a tree with every operation parenthesised, to make precedence visible. */
function show(node: YaqlArg): string {
  switch (node.kind) {
    case "constant":
      return pyRepr(node.value);
    case "keyword":
      return node.name;
    case "variable":
      return `$${node.name}`;
    case "wrap":
      return show(node.expression);
    case "call":
      return `${node.name}(${node.args.map(show).join(", ")})`;
    case "list":
      return `[${node.args.map(show).join(", ")}]`;
    case "map":
      return `{${node.args.map(show).join(", ")}}`;
    case "index":
      return `${show(node.target)}[${node.args.map(show).join(", ")}]`;
    case "binary":
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
    case "unary":
      return `(${node.operator} ${show(node.operand)})`;
    case "mapping":
      return `${show(node.source)} => ${show(node.destination)}`;
    case "empty":
      return "_";
  }
}

function parsed(expression: string): string {
  return show(parseYaql(expression) as YaqlNode);
}

describe("the YAQL parser", () => {
  it.each([
    ["1 + 2 * 3 - 4 / 2", "((1 + (2 * 3)) - (4 / 2))"],
    ["-2 * 3", "((- 2) * 3)"],
    ["-$.a.b.c", "(- ((($ . a) . b) . c))"],
    ["not 1 = 2 and true", "((not (1 = 2)) and True)"],
    ["true or false and false", "(True or (False and False))"],
    ["1 + 2 in [3]", "((1 + 2) in [3])"],
    ["2 > 1 = true", "((2 > 1) = True)"],
    ["$.l[0] - $.l[4]", "(($ . l)[0] - ($ . l)[4])"],
    ["$.a.b[0].c", "((($ . a) . b)[0] . c)"],
    ["a -> b -> c", "(a -> (b -> c))"],
    ["$.x?.y", "(($ . x) ?. y)"],
    ["'a' =~ 'b' and 2 * 3 mod 4 = 2", "(('a' =~ 'b') and (((2 * 3) mod 4) = 2))"],
    ["1 - - 1", "(1 - (- 1))"],
    ["$.users.where($.age > 26).name", "((($ . users) . where((($ . age) > 26))) . name)"],
    ["switch($ > 3 => 'big', true => 'small')", "switch(($ > 3) => 'big', True => 'small')"],
    ["f(1,,3)", "f(1, _, 3)"],
    ["f(,1)", "f(_, 1)"],
    ["{a => 1, 'b c' => [2, 3]}", "{a => 1, 'b c' => [2, 3]}"],
    ["let(x => 1) -> $x", "(let(x => 1) -> $x)"],
    ["$1 + $2", "($1 + $2)"],
    ["007", "7"],
    ["12345678901234567890", "12345678901234567890"],
    ["1.50", "1.5"],
    ["'it\\'s' + \"a\\nb\" + `x\\d`", "((\"it's\" + 'a\\nb') + 'x\\\\d')"],
  ])("reads %s as %s", (expression, expected) => {
    expect(parsed(expression)).toBe(expected);
  });

  it("keeps unknown escape sequences as written, as yaql does", () => {
    const node = parseYaql("'\\d+'");
    expect(node).toMatchObject({ kind: "constant", value: "\\d+" });
  });

  it.each([
    ["1.", "YaqlGrammarException"],
    [".5", "YaqlGrammarException"],
    ["1 2", "YaqlGrammarException"],
    ["[1, 2,]", "YaqlGrammarException"],
    ["1 == 1", "YaqlGrammarException"],
    ["2 ** 3", "YaqlGrammarException"],
    ["7 div 2", "YaqlGrammarException"],
    ["f(a => 1, 2)", "YaqlGrammarException"],
    ["", "YaqlGrammarException"],
    ["(1 + 2", "YaqlGrammarException"],
    ["2 ^ 3", "YaqlLexicalException"],
    ["1e3", "YaqlLexicalException"],
    ["'unterminated", "YaqlLexicalException"],
    ["__private", "YaqlLexicalException"],
  ])("rejects %j with a %s", (expression, kind) => {
    expect(() => parseYaql(expression)).toThrow(YaqlSyntaxError);
    try {
      parseYaql(expression);
    } catch (error) {
      expect((error as YaqlSyntaxError).kind).toBe(kind);
      expect((error as YaqlSyntaxError).code).toBe("DSL_ERR_YAQL_SYNTAX");
    }
  });

  it("reports where a syntax error is", () => {
    try {
      parseYaql("$.a + + * 2");
      expect.unreachable();
    } catch (error) {
      expect((error as YaqlSyntaxError).position).toBe(8);
      expect((error as YaqlSyntaxError).message).toContain("position 8");
    }
  });
});

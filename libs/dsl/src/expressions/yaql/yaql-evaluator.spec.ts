import { describe, expect, it } from "vitest";
import { yaqlFailure } from "../../../test/support/yaql-expectations.js";
import type { YaqlEvaluationError } from "./yaql-errors.js";
import { evaluateYaql } from "./yaql-language.js";

const data = {
  a: { b: { c: 5, d: [1, 2, { e: "deep" }] }, x: null },
  n: null,
  users: [
    { name: "alice", age: 30 },
    { name: "bob", age: 25 },
  ],
  kv: { k1: "v1" },
};

const failure = (expression: string) => yaqlFailure(expression, data);

describe("evaluating YAQL", () => {
  it.each<[string, unknown]>([
    ["$", data],
    ["$.a.b.c", 5],
    ["$.a.x", null],
    ["$.a.b.d[2]", { e: "deep" }],
    ["$['a']['b'].c", 5],
    ["$.kv[k1]", "v1"],
    ["{a => 1}[b, 'fallback']", "fallback"],
    ["$.users.name", ["alice", "bob"]],
    ["$.n?.x", null],
    ["$.a?.b?.c", 5],
    ["[1, 'two', null, [3]]", [1, "two", null, [3]]],
    ["{a => 1, 'x y' => [2]}", { a: 1, "x y": [2] }],
  ])("%s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["let(x => $.a) -> $x.b.c", 5],
    ["let(1, 2) -> [$1, $2, $]", [1, 2, 1]],
    ["let(x => 1) -> let(y => 2) -> [$x, $y]", [1, 2]],
    ["with('p', 'q') -> [$2, $1]", ["q", "p"]],
    ["def(pair, [$2, $1]) -> pair(1, 2)", [2, 1]],
    ["[1, 2].unpack(first, second) -> [$second, $first]", [2, 1]],
    ["[1, 2].unpack() -> $2", 2],
    ["$unknown", null],
    ["let(x => $) -> $x.kv.k1", "v1"],
  ])("scopes: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["true and false", false],
    ["null or 'fallback'", "fallback"],
    ["[] or 'empty'", "empty"],
    ["false and $.missing", false],
    ["not []", true],
    ["not 'a'", false],
    ["$.a = {b => {c => 5, d => [1, 2, {e => 'deep'}]}, x => null}", true],
    ["[1, 2] != [1, 2]", false],
    ["null = false", false],
  ])("logic: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, YaqlEvaluationError["kind"]]>([
    ["$.missing", "KeyError"],
    ["$.a.zz", "KeyError"],
    ["$.users.missing", "KeyError"],
    ["$.n.x", "NoFunctionRegisteredException"],
    ["$.a?.zz", "KeyError"],
    ["true and $.missing", "KeyError"],
    ["nosuchFunction(1)", "NoFunctionRegisteredException"],
    ["$.nosuchMethod()", "NoMethodRegisteredException"],
    ["$.users.name[0]", "NoMatchingFunctionException"],
    ["$.a.b.d[7]", "IndexError"],
    ["$.a -> $.b", "NoMatchingFunctionException"],
    ["$.'a'", "NoMatchingFunctionException"],
    ["[a => 1]", "NoMatchingFunctionException"],
    ["let(x => 1, x => 2) -> $x", "NoMatchingFunctionException"],
    ["[1, 2].unpack(a) -> $a", "ValueError"],
    ["[1].assert($ = [2], 'not two')", "AssertionError"],
  ])("%s fails with %s", (expression, kind) => {
    const error = failure(expression);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe("DSL_ERR_YAQL_EVALUATION");
  });

  it("names the function and receiver in a no-match error", () => {
    expect(failure("$.n.nosuch()").message).toBe('Unknown method "nosuch" for receiver None');
    expect(failure("$.users.name[0]").message).toBe('No function "#indexer" matches supplied arguments');
  });

  it("never changes the data it reads", () => {
    const input = { d: { k: [1, 2] } };
    const snapshot = structuredClone(input);
    evaluateYaql("let(x => $.d) -> [$x, $x.k, {k => $.d}]", input);
    expect(input).toEqual(snapshot);
  });

  it("keeps a dict key named __proto__ as data", () => {
    const tricky = JSON.parse('{"items": [{"__proto__": 1}]}');
    expect(evaluateYaql("$.items[0]['__proto__']", tricky)).toBe(1);
    const built = evaluateYaql("{'__proto__' => 1}", {}) as Record<string, unknown>;
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.keys(built)).toEqual(["__proto__"]);
  });

  it("reuses the compiled form of an expression it has seen", () => {
    const expression = "$.a.b.c";
    expect(evaluateYaql(expression, { a: { b: { c: 1 } } })).toBe(1);
    expect(evaluateYaql(expression, { a: { b: { c: 2 } } })).toBe(2);
  });
});

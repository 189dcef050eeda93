import { describe, expect, it } from "vitest";
import { expectOracleResult, type OracleExpectation } from "../../../../test/support/yaql-expectations.js";
import { evaluateYaql } from "../yaql-language.js";

// Expected values are what python3-yaql 2.0 (configured as Mistral configures it) returns.
const BRANCHES: Array<[string, OracleExpectation]> = [
  ["switch(1 = 1 => 'a', 2 = 2 => 'b')", '"a" str'],
  ["switch(false => 2)", "null NoneType"],
  ["switch()", "null NoneType"],
  ["switch(null => 1, 'x' => 2)", "2 int"],
  ["switch(1 => 2, a => 3)", "2 int"],
  ["switch(false => 2, a => 3)", "3 int"],
  ["switch(null => 1, 0 => 2, '' => 3)", "null NoneType"],
  ["switch(false => 1/0, true => 'lazy')", '"lazy" str'],
  ["switch(true => 'first', 1/0 => 'never')", '"first" str'],
  ["switch(1)", { error: "NoMatchingFunctionException" }],
  ["coalesce(null)", "null NoneType"],
  ["coalesce()", "null NoneType"],
  ["coalesce(0, 1)", "0 int"],
  ["coalesce(null, false, 1)", "false bool"],
  ["coalesce(null, null)", "null NoneType"],
  ["coalesce(null, 1, 1/0)", "1 int"],
  ["coalesce(a => 1)", { error: "NoMatchingFunctionException" }],
  ["selectCase()", "0 int"],
  ["selectCase(false, true, true)", "1 int"],
  ["selectCase(false, false)", "2 int"],
  ["selectCase(true, 1/0)", "0 int"],
  ["selectCase(a => 1)", { error: "NoMatchingFunctionException" }],
  ["selectCase(false, false).switchCase('a', 'b')", '"b" str'],
  ["selectCase(false, true).switchCase('a', 'b', 'c')", '"b" str'],
  ["0.switchCase('a', 1/0)", '"a" str'],
  ["5.switchCase(1, 2)", "2 int"],
  ["(-1).switchCase(1, 2)", "2 int"],
  ["true.switchCase(1, 2)", "2 int"],
  ["false.switchCase(1, 2)", "1 int"],
  ["0.switchCase()", "null NoneType"],
  ["0.switchCase(1)", "1 int"],
  ["pow(2, 70).switchCase(1, 2)", "2 int"],
  ["1.5.switchCase(1)", { error: "NoMatchingMethodException" }],
  ["null.switchCase(1)", { error: "NoMatchingMethodException" }],
  ["switchCase(1, 2, 3)", { error: "NoFunctionRegisteredException" }],
  ["selectAllCases(true, false, true)", "[0, 2] list"],
  ["selectAllCases()", "[] list"],
  ["selectAllCases(false)", "[] list"],
  ["selectAllCases(1, 'a', [])", "[0, 1] list"],
  ["examine(1 > 0, 2 > 3)", "[true, false] list"],
  ["examine()", "[] list"],
  ["examine(1, 0, null, 'a', [1])", "[true, false, false, true, true] list"],
];

describe("yaql's branching functions", () => {
  it.each(BRANCHES)("evaluates %s, taking only the branches it needs", expectOracleResult);

  it("evaluates conditions against the data in scope", () => {
    const data = { users: [{ age: 20 }, { age: 40 }] };
    expect(evaluateYaql("switch($.users[0].age < 30 => 'young', true => 'old')", data)).toBe("young");
    expect(evaluateYaql("coalesce($.users[0], $.users[1]).age", { users: [null, { age: 1 }] })).toBe(1);
  });

  it("yields the indexes of every true condition", () => {
    const result = evaluateYaql("selectAllCases($.a, $.b, $.a)", { a: 1, b: 0 });
    expect(result).toEqual([0, 2]);
  });
});

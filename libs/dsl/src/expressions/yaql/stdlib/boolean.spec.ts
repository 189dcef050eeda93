import { describe, it } from "vitest";
import { expectOracleResult, type OracleExpectation } from "../../../../test/support/yaql-expectations.js";

// Expected values are what python3-yaql 2.0 (configured as Mistral configures it) returns.
const BOOLEANS: Array<[string, OracleExpectation]> = [
  ["bool(1)", "true bool"],
  ["bool(0)", "false bool"],
  ["bool(-1)", "true bool"],
  ["bool(0.0)", "false bool"],
  ["bool(0.5)", "true bool"],
  ["bool('')", "false bool"],
  ["bool('false')", "true bool"],
  ["bool('0')", "true bool"],
  ["bool([])", "false bool"],
  ["bool([0])", "true bool"],
  ["bool({})", "false bool"],
  ["bool({a => 1})", "true bool"],
  ["bool(null)", "false bool"],
  ["bool(true)", "true bool"],
  ["bool(false)", "false bool"],
  ["bool(now())", "true bool"],
  ["bool(timespan())", "false bool"],
  ["bool(timespan(microseconds => 1))", "true bool"],
  ["bool(value => 1)", "true bool"],
  ["bool()", { error: "NoMatchingFunctionException" }],
  ["bool(1, 2)", { error: "NoMatchingFunctionException" }],
  ["isBoolean(true)", "true bool"],
  ["isBoolean(false)", "true bool"],
  ["isBoolean(1)", "false bool"],
  ["isBoolean(null)", "false bool"],
  ["isBoolean('true')", "false bool"],
  ["isBoolean(1 = 1)", "true bool"],
  ["isBoolean(value => false)", "true bool"],
  ["isBoolean()", { error: "NoMatchingFunctionException" }],
  ["true.bool()", { error: "NoMethodRegisteredException" }],
  ["timespan() or 'zero'", '"zero" str'],
  ["not timespan()", "true bool"],
];

describe("yaql's boolean functions", () => {
  it.each(BOOLEANS)("evaluates %s with Python's truthiness", expectOracleResult);
});

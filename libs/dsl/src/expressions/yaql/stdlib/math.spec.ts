import { describe, expect, it } from "vitest";
import { expectOracleResult, type OracleExpectation } from "../../../../test/support/yaql-expectations.js";
import { YaqlEvaluationError } from "../yaql-errors.js";
import { evaluateYaql } from "../yaql-language.js";

// Every expected value below is what python3-yaql 2.0 (configured as Mistral configures it) returns.
const ARITHMETIC: Array<[string, OracleExpectation]> = [
  ["1 + 2", "3 int"],
  ["1 + 2.0", "3.0 float"],
  ["0.1 + 0.2", "0.30000000000000004 float"],
  ["3 - 5", "-2 int"],
  ["1 - 1.0", "0.0 float"],
  ["-2 * -3", "6 int"],
  ["2.5 * 2", "5.0 float"],
  ["-0.0 * 1", "-0.0 float"],
  ["7 / 2", "3 int"],
  ["7 / -2", "-4 int"],
  ["-7 / 2", "-4 int"],
  ["6 / 3", "2 int"],
  ["7 / 2.0", "3.5 float"],
  ["-7 / 2.0", "-3.5 float"],
  ["0.0 / -1", "-0.0 float"],
  ["1 / 3.0", "0.3333333333333333 float"],
  ["1 / 0", { error: "ZeroDivisionError" }],
  ["1.0 / 0", { error: "ZeroDivisionError" }],
  ["1 / 0.0", { error: "ZeroDivisionError" }],
  ["0 / 0", { error: "ZeroDivisionError" }],
  ["-7 mod 3", "2 int"],
  ["7 mod -3", "-2 int"],
  ["-5 mod -3", "-2 int"],
  ["7.5 mod 2", "1.5 float"],
  ["5.5 mod -2", "-0.5 float"],
  ["-5 mod 3.0", "1.0 float"],
  ["5 mod 0", { error: "ZeroDivisionError" }],
  ["1 mod 0.0", { error: "ZeroDivisionError" }],
  ["+5", "5 int"],
  ["+2.5", "2.5 float"],
  ["-(2 mod 3)", "-2 int"],
  ["--1", "1 int"],
  ["-0.0", "-0.0 float"],
  ["-(-9223372036854775808)", "9223372036854775808 int"],
  ["null + 1", { error: "NoMatchingFunctionException" }],
  ["1 + null", { error: "NoMatchingFunctionException" }],
  ["'3' + 4", { error: "NoMatchingFunctionException" }],
  ["true + 1", { error: "NoMatchingFunctionException" }],
  ["1 - false", { error: "NoMatchingFunctionException" }],
  ["true > false", { error: "NoMatchingFunctionException" }],
  ["true < 1", { error: "NoMatchingFunctionException" }],
  ["'a' < 1", { error: "NoMatchingFunctionException" }],
  ["-true", { error: "NoMatchingFunctionException" }],
  ["+null", { error: "NoMatchingFunctionException" }],
  ["-'a'", { error: "NoMatchingFunctionException" }],
  ["1 < 2 < 3", { error: "NoMatchingFunctionException" }],
  ["2 > 1 = true", "true bool"],
];

const COMPARISONS: Array<[string, OracleExpectation]> = [
  ["1 < 2", "true bool"],
  ["3 > 4", "false bool"],
  ["2 >= 2", "true bool"],
  ["2 <= 1", "false bool"],
  ["1.5 > 1", "true bool"],
  ["1 >= 1.0", "true bool"],
  ["-1 > -2", "true bool"],
  ["1 < 2.5", "true bool"],
  ["9007199254740993 > 9007199254740992.0", "true bool"],
  ["9007199254740993 >= 9007199254740992", "true bool"],
  ["pow(2, 64) >= pow(2, 64) + 0.0", "true bool"],
  ["pow(10, 400) > 1.0", "true bool"],
  ["float('nan') > 1", "false bool"],
  ["float('nan') < 1", "false bool"],
  ["float('-inf') < 0", "true bool"],
  ["0.1 * 3 > 0.3", "true bool"],
];

const BIG_NUMBERS: Array<[string, OracleExpectation]> = [
  ["12345678901234567890", "12345678901234567890 int"],
  ["2 * 9007199254740993", "18014398509481986 int"],
  ["9007199254740993 + 1", "9007199254740994 int"],
  ["-9223372036854775808 - 1", "-9223372036854775809 int"],
  ["4294967296 * 4294967296", "18446744073709551616 int"],
  ["123456789012345678901234567890 / 3", "41152263004115226300411522630 int"],
  ["-pow(2, 70) / 3", "-393530540239137101142 int"],
  ["pow(2, 70) / -3", "-393530540239137101142 int"],
  ["pow(2, 70) mod -3", "-2 int"],
  ["pow(10, 20) / pow(10, 19)", "10 int"],
  ["pow(10, 400) / pow(10, 399) * 1.0", "10.0 float"],
  ["pow(2, 60) / 2.5", "4.611686018427388e+17 float"],
  ["pow(2, 60) * 1.5", "1.7293822569102705e+18 float"],
  ["pow(10, 400) + 1.0", { error: "OverflowError" }],
  ["pow(10, 400) / 7.0", { error: "OverflowError" }],
  ["100000000000000000000.0", "1e+20 float"],
  ["pow(2.0, 1000)", "1.0715086071862673e+301 float"],
];

const FUNCTIONS: Array<[string, OracleExpectation]> = [
  ["abs(-2.5)", "2.5 float"],
  ["abs(-5)", "5 int"],
  ["abs(-0.0)", "0.0 float"],
  ["abs(-pow(2, 70))", "1180591620717411303424 int"],
  ["abs(true)", { error: "NoMatchingFunctionException" }],
  ["abs(null)", { error: "NoMatchingFunctionException" }],
  ["int('12')", "12 int"],
  ["int('  12 ')", "12 int"],
  ["int('-3')", "-3 int"],
  ["int('+5')", "5 int"],
  ["int('007')", "7 int"],
  ["int('1_000')", "1000 int"],
  ["int('٣')", "3 int"],
  ["int(-1.9)", "-1 int"],
  ["int(7 / 2.0)", "3 int"],
  ["int(12345678901234567890.0)", "12345678901234567168 int"],
  ["int(null)", "0 int"],
  ["int(false)", "0 int"],
  ["int(true)", "1 int"],
  ["int(pow(2, 80))", "1208925819614629174706176 int"],
  ["int('1.5')", { error: "ValueError" }],
  ["int('abc')", { error: "ValueError" }],
  ["int('')", { error: "ValueError" }],
  ["int('0x10')", { error: "ValueError" }],
  ["int([1])", { error: "TypeError" }],
  ["int(float('inf'))", { error: "OverflowError" }],
  ["int(float('nan'))", { error: "ValueError" }],
  ["float(2)", "2.0 float"],
  ["float('1e3')", "1000.0 float"],
  ["float('.5')", "0.5 float"],
  ["float(' 1.5 ')", "1.5 float"],
  ["float('1_0.5')", "10.5 float"],
  ["float('-inf') < 0", "true bool"],
  ["float(null)", "0.0 float"],
  ["float(true)", "1.0 float"],
  ["float(pow(2, 80))", "1.2089258196146292e+24 float"],
  ["float(-0)", "0.0 float"],
  ["float(pow(10, 400))", { error: "OverflowError" }],
  ["float('abc')", { error: "ValueError" }],
  ["float([1])", { error: "TypeError" }],
  ["round(2.567, 2)", "2.57 float"],
  ["round(2.675, 2)", "2.67 float"],
  ["round(3.5)", "4.0 float"],
  ["round(2.5)", "2.0 float"],
  ["round(-2.5)", "-2.0 float"],
  ["round(-0.4)", "-0.0 float"],
  ["round(0.5)", "0.0 float"],
  ["round(5)", "5 int"],
  ["round(5, -1)", "0 int"],
  ["round(15, -1)", "20 int"],
  ["round(25, -1)", "20 int"],
  ["round(12345.678, -2)", "12300.0 float"],
  ["round(1.5, true)", "1.5 float"],
  ["round(123, pow(10, 30))", "123 int"],
  ["round(123.5, pow(10, 30))", "123.5 float"],
  ["round(123.5, -pow(10, 30))", "0.0 float"],
  ["round(pow(10, 50) + 5, -1)", "100000000000000000000000000000000000000000000000000 int"],
  ["round(number => 2.5, ndigits => 1)", "2.5 float"],
  ["round(true)", { error: "NoMatchingFunctionException" }],
  ["round(1.5, null)", { error: "NoMatchingFunctionException" }],
  ["round(1.5, 1.0)", { error: "NoMatchingFunctionException" }],
  ["round('1.5')", { error: "NoMatchingFunctionException" }],
  ["round(float('inf'))", "Infinity float"],
  ["pow(2, 10)", "1024 int"],
  ["pow(2, 0.5)", "1.4142135623730951 float"],
  ["pow(2, -2)", "0.25 float"],
  ["pow(-2, 3)", "-8 int"],
  ["pow(2.5, 2)", "6.25 float"],
  ["pow(0, 0)", "1 int"],
  ["pow(2, 64)", "18446744073709551616 int"],
  ["pow(2, 100)", "1267650600228229401496703205376 int"],
  ["pow(2, 10, 1000)", "24 int"],
  ["pow(2, -1, 5)", "3 int"],
  ["pow(7, -3, 11)", "6 int"],
  ["pow(-2, 3, -5)", "-3 int"],
  ["pow(3, 200, pow(10, 20))", "2182994384699044001 int"],
  ["pow(5, 0, 1)", "0 int"],
  ["pow(a => 2, b => 3, c => 5)", "3 int"],
  ["pow(2, -1, 4)", { error: "ValueError" }],
  ["pow(2, 3, 0)", { error: "ValueError" }],
  ["pow(2, 3.0, 5)", { error: "TypeError" }],
  ["pow(0, -1)", { error: "ZeroDivisionError" }],
  ["pow(2, 10000.0)", { error: "OverflowError" }],
  ["pow(true, 2)", { error: "NoMatchingFunctionException" }],
  ["pow(2, null)", { error: "NoMatchingFunctionException" }],
  ["sign(-3)", "-1 int"],
  ["sign(0)", "0 int"],
  ["sign(0.5)", "1 int"],
  ["sign(-0.0)", "0 int"],
  ["sign(-pow(2, 70))", "-1 int"],
  ["sign(float('nan'))", "0 int"],
  ["sign(true)", { error: "NoMatchingFunctionException" }],
  ["isInteger(5)", "true bool"],
  ["isInteger(5.0)", "false bool"],
  ["isInteger(true)", "false bool"],
  ["isInteger(pow(2, 100))", "true bool"],
  ["isInteger(null)", "false bool"],
  ["isInteger('5')", "false bool"],
  ["isNumber(5.5)", "true bool"],
  ["isNumber(5)", "true bool"],
  ["isNumber(true)", "false bool"],
  ["isNumber('1')", "false bool"],
  ["isNumber(null)", "false bool"],
];

const BITWISE: Array<[string, OracleExpectation]> = [
  ["bitwiseAnd(12, 10)", "8 int"],
  ["bitwiseOr(12, 10)", "14 int"],
  ["bitwiseXor(12, 10)", "6 int"],
  ["bitwiseNot(5)", "-6 int"],
  ["bitwiseNot(-pow(2, 64))", "18446744073709551615 int"],
  ["bitwiseAnd(-12345678901234567890, 255)", "46 int"],
  ["bitwiseOr(-12345678901234567890, 255)", "-12345678901234567681 int"],
  ["bitwiseXor(-5, 3)", "-8 int"],
  ["bitwiseAnd(true, true)", "true bool"],
  ["bitwiseOr(true, false)", "true bool"],
  ["bitwiseXor(true, 3)", "2 int"],
  ["bitwiseNot(true)", "-2 int"],
  ["bitwiseAnd(left => 6, right => 3)", "2 int"],
  ["shiftBitsLeft(8, 2)", "32 int"],
  ["shiftBitsLeft(1, 100)", "1267650600228229401496703205376 int"],
  ["shiftBitsLeft(true, 3)", "8 int"],
  ["shiftBitsLeft(value => 1, bitsNumber => 4)", "16 int"],
  ["shiftBitsRight(256, 4)", "16 int"],
  ["shiftBitsRight(-17, 2)", "-5 int"],
  ["shiftBitsRight(-1, 100)", "-1 int"],
  ["shiftBitsRight(pow(2, 100), 98)", "4 int"],
  ["shiftBitsRight(true, 0)", "1 int"],
  ["shiftBitsLeft(1, -1)", { error: "ValueError" }],
  ["shiftBitsRight(1, -1)", { error: "ValueError" }],
  ["bitwiseAnd(1.0, 3)", { error: "NoMatchingFunctionException" }],
  ["bitwiseAnd(null, 3)", { error: "NoMatchingFunctionException" }],
  ["bitwiseAnd(1, '3')", { error: "NoMatchingFunctionException" }],
];

const MAX_MIN: Array<[string, OracleExpectation]> = [
  ["max(3, 7)", "7 int"],
  ["max(1.5, 1)", "1.5 float"],
  ["max(1, 1.0)", "1 int"],
  ["min(1, 1.0)", "1.0 float"],
  ["min(2, 1.5)", "1.5 float"],
  ["max(null, 1)", "1 int"],
  ["max(1, null)", "1 int"],
  ["min(null, 1)", "null NoneType"],
  ["max(null, null)", "null NoneType"],
  ["max('a', 'b')", '"b" str'],
  ["max(a => 1, b => 2)", "2 int"],
  ["min(a => 1, b => 2)", "1 int"],
  ["max(pow(2, 70), pow(2, 70) + 1)", "1180591620717411303425 int"],
  ["min(1, 'a')", { error: "NoMatchingFunctionException" }],
  ["max(1, true)", { error: "NoMatchingFunctionException" }],
  ["max(true, false)", { error: "NoMatchingFunctionException" }],
  ["max(1)", { error: "NoMatchingFunctionException" }],
];

describe("yaql's math module", () => {
  it.each(ARITHMETIC)("evaluates the arithmetic %s as yaql does", expectOracleResult);
  it.each(COMPARISONS)("compares numbers in %s as yaql does", expectOracleResult);
  it.each(BIG_NUMBERS)("keeps arbitrary-precision ints exact in %s", expectOracleResult);
  it.each(FUNCTIONS)("computes %s as yaql does", expectOracleResult);
  it.each(BITWISE)("computes the bitwise %s as yaql does", expectOracleResult);
  it.each(MAX_MIN)("picks %s with the > operator", expectOracleResult);

  it("draws random floats from [0, 1)", () => {
    for (let i = 0; i < 100; i++) {
      const value = evaluateYaql("random()", {}) as number;
      expect(value >= 0 && value < 1).toBe(true);
    }
  });

  it("draws random ints from both ends of a closed range", () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i++) seen.add(evaluateYaql("random(1, 3)", {}));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(evaluateYaql("random(from => 5, to => 5)", {})).toBe(5);
    expect(evaluateYaql("random(1.0, 1)", {})).toBe(1);
    expect(evaluateYaql("random(pow(10, 30), pow(10, 30))", {})).toBe(10n ** 30n);
  });

  it("refuses random ranges that are empty or not integral", () => {
    expect(() => evaluateYaql("random(2, 1)", {})).toThrow(/empty range/);
    expect(() => evaluateYaql("random(1.5, 2)", {})).toThrow(/non-integer/);
    expect(() => evaluateYaql("random(null, 2)", {})).toThrow(YaqlEvaluationError);
  });

  it("is callable as functions only, not as methods", () => {
    expect(() => evaluateYaql("(-2).abs()", {})).toThrow(/Unknown method "abs"/);
    expect(() => evaluateYaql("1.isInteger()", {})).toThrow(/Unknown method "isInteger"/);
  });
});

// Shared by the YAQL tests: expected values are written as the yaql oracle prints them (JSON, then
// the Python type, so that 1 and 1.0 differ), and expected failures by the kind of error.
import { expect } from "vitest";
import { pyJsonDumps } from "../../src/python/py-json.js";
import { isDict, pyTypeName } from "../../src/python/py-types.js";
import { YaqlEvaluationError, YaqlSyntaxError } from "../../src/expressions/yaql/yaql-errors.js";
import { evaluateYaql } from "../../src/expressions/yaql/yaql-language.js";

/** What an expression is expected to give: the oracle's notation of a value, or the kind of error. */
export type OracleExpectation = string | { readonly error: string };

/** The error an expression fails with; the test fails if it does not fail. */
export function yaqlFailure(expression: string, data: unknown = {}): YaqlEvaluationError | YaqlSyntaxError {
  try {
    evaluateYaql(expression, data);
  } catch (error) {
    if (error instanceof YaqlEvaluationError || error instanceof YaqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`${expression} did not fail`);
}

/** A result as the yaql oracle prints it: JSON (with 1.0 kept a float), then the Python type. */
export function oracleNotation(value: unknown): string {
  const plain = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(plain);
    if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  return `${pyJsonDumps(plain(value))} ${Array.isArray(value) ? "list" : pyTypeName(value)}`;
}

/** Asserts that an expression gives what the oracle gave. */
export function expectOracleResult(
  expression: string,
  expected: OracleExpectation,
  data: unknown = {},
): void {
  if (typeof expected === "string") {
    expect(oracleNotation(evaluateYaql(expression, data))).toBe(expected);
  } else {
    expect(yaqlFailure(expression, data).kind).toBe(expected.error);
  }
}

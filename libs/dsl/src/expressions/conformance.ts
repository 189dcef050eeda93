// Runs expression cases in the conformance format (../shared/conformance/README.md): each case is
// an expression, data, and the result (or error) the reference implementation gave. Used by the
// conformance test and by `dsl eval --cases FILE.json`.
import { pyJsonLoads } from "../python/py-json.js";
import { isDict, isFloat, isInt, PyFloat, toJsNumber } from "../python/py-types.js";
import { evaluateString } from "./expression-evaluation.js";
import { evaluateJinjaExpression } from "./jinja/index.js";
import { evaluateYaql } from "./yaql/yaql-language.js";

export type ExpressionLanguage = "yaql" | "jinja";

export interface ConformanceCase {
  readonly id: string;
  readonly feature?: string;
  readonly expr: string;
  /** The expression is a whole Mistral string value (`"Hello <% $.name %>"`), not a bare expression. */
  readonly template?: boolean;
  readonly data?: unknown;
  readonly result?: unknown;
  readonly py_type?: string;
  readonly error?: boolean;
  readonly error_type?: string;
  /** The result is a set: compare it as a multiset. */
  readonly unordered?: boolean;
}

export interface ConformanceFile {
  readonly meta: { readonly language: ExpressionLanguage } & Record<string, unknown>;
  readonly cases: readonly ConformanceCase[];
}

export type CaseOutcome = { readonly result: unknown } | { readonly error: string };

/** Reads a cases file, keeping Python's distinctions (1.0 is a float, big ints stay exact). */
export function readConformanceFile(text: string): ConformanceFile {
  const file = pyJsonLoads(text) as ConformanceFile;
  if (!file || !isDict(file.meta) || !Array.isArray(file.cases)) {
    throw new Error("not a conformance file: expected {meta: {language}, cases: [...]}");
  }
  if (file.meta.language !== "yaql" && file.meta.language !== "jinja") {
    throw new Error(`meta.language must be "yaql" or "jinja", got ${JSON.stringify(file.meta.language)}`);
  }
  return file;
}

/** Evaluates one case as Mistral would: a template as a whole string, otherwise the bare expression. */
export function runConformanceCase(language: ExpressionLanguage, testCase: ConformanceCase): CaseOutcome {
  const data = testCase.data ?? {};
  try {
    if (testCase.template) return { result: evaluateString(testCase.expr, { data }) };
    if (language === "yaql") return { result: evaluateYaql(testCase.expr, data) };
    return { result: evaluateJinjaExpression(testCase.expr, data) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function sameNumber(expected: number | bigint | PyFloat, actual: unknown): boolean {
  if (isInt(expected)) return isInt(actual) && BigInt(expected) === BigInt(actual);
  if (!isFloat(actual)) return false;
  const x = toJsNumber(expected);
  const y = toJsNumber(actual);
  return x === y ? x !== 0 || Object.is(x, y) : Number.isNaN(x) && Number.isNaN(y);
}

/**
 * Python-typed equality of an expected JSON result and an actual value: 1 and 1.0 differ, dict key
 * order does not matter, and `unordered` compares the top-level list as a multiset.
 */
export function sameResult(expected: unknown, actual: unknown, unordered = false): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === "boolean") return actual === expected;
  if (typeof expected === "string") return actual === expected;
  if (typeof expected === "number" || typeof expected === "bigint" || expected instanceof PyFloat) {
    return typeof actual !== "boolean" && sameNumber(expected, actual);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    if (!unordered) return expected.every((item, i) => sameResult(item, actual[i]));
    const remaining = [...actual];
    return expected.every((item) => {
      const at = remaining.findIndex((candidate) => sameResult(item, candidate));
      if (at < 0) return false;
      remaining.splice(at, 1);
      return true;
    });
  }
  if (isDict(expected)) {
    if (!isDict(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((key) => Object.hasOwn(actual, key) && sameResult(expected[key], actual[key]))
    );
  }
  return false;
}

/** Whether an outcome agrees with the case: the same result, or an error where the reference raised. */
export function agreesWithReference(testCase: ConformanceCase, outcome: CaseOutcome): boolean {
  if (testCase.error) return "error" in outcome;
  return "result" in outcome && sameResult(testCase.result, outcome.result, testCase.unordered);
}

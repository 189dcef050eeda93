// YAQL as Mistral evaluates it: one engine with the full standard library plus Mistral's functions.
import type { ContextFunctions } from "../context-functions.js";
import { YaqlSyntaxError } from "./yaql-errors.js";
import { compileYaql, runYaql } from "./yaql-evaluator.js";
import { parseYaql } from "./yaql-parser.js";
import { createStandardLibrary } from "./stdlib/index.js";

const standardLibrary = createStandardLibrary();

/**
 * Evaluates one YAQL expression (without `<% %>`) against data. The result is plain data: lists,
 * dicts, strings, numbers (PyFloat for integral floats, bigint beyond 2^53), booleans, null.
 * Raises YaqlSyntaxError or YaqlEvaluationError.
 */
export function evaluateYaql(expression: string, data: unknown, functions: ContextFunctions = {}): unknown {
  return runYaql(compileYaql(expression.trim()), data, standardLibrary, functions);
}

// Workflows repeat the same expressions (`$.hosts`, `task().result`) in many places.
const syntaxChecks = new Map<string, YaqlSyntaxError | null>();
const SYNTAX_CHECK_CACHE_SIZE = 5000;

/** The syntax error of a YAQL expression, or undefined when it parses. */
export function findYaqlSyntaxError(expression: string): YaqlSyntaxError | undefined {
  const text = expression.trim();
  let result = syntaxChecks.get(text);
  if (result === undefined) {
    try {
      // Only parse: validating a large workflow should not fill the evaluation cache.
      parseYaql(text);
      result = null;
    } catch (error) {
      if (!(error instanceof YaqlSyntaxError)) throw error;
      result = error;
    }
    if (syntaxChecks.size >= SYNTAX_CHECK_CACHE_SIZE) syntaxChecks.delete(syntaxChecks.keys().next().value!);
    syntaxChecks.set(text, result);
  }
  return result ?? undefined;
}

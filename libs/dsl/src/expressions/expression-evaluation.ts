// How Mistral evaluates the strings of a workflow (mistral/expressions/__init__.py): a string with
// Jinja (`{{ }}` or `{% %}`) is Jinja, else a string with `<% %>` is YAQL, else it is plain text.
// A string that is exactly one YAQL expression yields the expression's typed value; YAQL embedded
// in text is replaced by Python's str() of each value. Dicts and lists are evaluated item by item
// (dict keys are not evaluated).
import { DslError } from "../errors.js";
import { pyStr } from "../python/py-repr.js";
import { isDict } from "../python/py-types.js";
import type { ContextFunctions } from "./context-functions.js";
import { findDelimitedSpans, hasDelimitedSpan } from "./delimited-spans.js";
import { evaluateJinjaString } from "./jinja/index.js";
import { evaluateYaql } from "./yaql/yaql-language.js";

/** What expressions are evaluated against: the data (`$` in YAQL, `_` in Jinja) and the engine's functions. */
export interface EvaluationContext {
  readonly data: unknown;
  readonly functions?: ContextFunctions;
}

/** Whether the string has a `<% %>` (Mistral's `<%.*?%>`). */
export function containsYaql(text: string): boolean {
  return hasDelimitedSpan(text, "<%", "%>");
}

/** Whether the string has a `{{ }}` or a `{% %}` (Mistral's `{{.*}}|{%.*%}` search). */
export function containsJinja(text: string): boolean {
  return hasDelimitedSpan(text, "{{", "}}") || hasDelimitedSpan(text, "{%", "%}");
}

/** The `<% %>` expressions of a string, in order. */
export function findYaqlExpressions(text: string): string[] {
  return findDelimitedSpans(text, "<%", "%>").map((span) => text.slice(span.start, span.end));
}

/** Whether Mistral would evaluate this string at all. */
export function containsExpression(text: string): boolean {
  return containsJinja(text) || containsYaql(text);
}

/** The text inside `<% %>` as Mistral takes it: `expr.strip("<%>")`. */
export function yaqlInner(match: string): string {
  return match.replace(/^[<%>]+|[<%>]+$/g, "");
}

function evaluateYaqlString(text: string, context: EvaluationContext): unknown {
  const matches = findYaqlExpressions(text);
  let result: unknown = text;
  for (const match of matches) {
    const value = evaluateYaql(yaqlInner(match), context.data, context.functions);
    if (match.length === text.length) result = value;
    else result = (result as string).split(match).join(pyStr(value));
  }
  return result;
}

/**
 * A failed expression of a workflow string: the language's error (its code and kind are kept as
 * `cause`) with the string it came from, e.g. "Cannot evaluate YAQL expression '<% $.x %>': 'x'".
 */
export class ExpressionError extends DslError {
  override readonly name = "ExpressionError";

  constructor(
    readonly language: "yaql" | "jinja",
    readonly text: string,
    cause: DslError,
  ) {
    super(
      cause.code,
      `Cannot evaluate ${language === "yaql" ? "YAQL" : "Jinja"} expression '${text}': ${cause.message}`,
      {
        cause,
      },
    );
  }
}

function naming<T>(language: "yaql" | "jinja", text: string, evaluate: () => T): T {
  try {
    return evaluate();
  } catch (error) {
    throw error instanceof DslError && !(error instanceof ExpressionError)
      ? new ExpressionError(language, text, error)
      : error;
  }
}

/**
 * Evaluates one string of a workflow the way Mistral does. Raises ExpressionError naming the string,
 * with the YAQL or Jinja error as its cause.
 */
export function evaluateString(text: string, context: EvaluationContext): unknown {
  if (containsJinja(text)) {
    return naming("jinja", text, () => evaluateJinjaString(text, context.data, context.functions));
  }
  if (containsYaql(text)) return naming("yaql", text, () => evaluateYaqlString(text, context));
  return text;
}

/** Evaluates every string inside a value (dict values, list items), leaving the input untouched. */
export function evaluateRecursively(value: unknown, context: EvaluationContext): unknown {
  if (typeof value === "string") return evaluateString(value, context);
  if (Array.isArray(value)) return value.map((item) => evaluateRecursively(item, context));
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: evaluateRecursively(value[key], context),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

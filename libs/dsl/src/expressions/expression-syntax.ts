// Syntax check of the expressions inside one string of a workflow definition, as Mistral's
// `expressions.validate` does at definition time: a string with Jinja is parsed as a Jinja
// template, each `<% %>` of a YAQL string is parsed as YAQL, and a string may not mix the two.
import { findDelimitedSpans } from "./delimited-spans.js";
import { containsJinja, containsYaql, yaqlInner } from "./expression-evaluation.js";
import { findJinjaSyntaxProblems } from "./jinja/index.js";
import { findYaqlSyntaxError } from "./yaql/yaql-language.js";

/** A syntax problem in one expression of a string. */
export interface ExpressionSyntaxProblem {
  readonly message: string;
  /** Offset of the problem within the string (0-based, UTF-16 units). */
  readonly offset: number;
  readonly language: "yaql" | "jinja";
}

function yaqlProblems(text: string): ExpressionSyntaxProblem[] {
  const problems: ExpressionSyntaxProblem[] = [];
  for (const span of findDelimitedSpans(text, "<%", "%>")) {
    const expression = text.slice(span.start, span.end);
    const inner = yaqlInner(expression);
    const error = findYaqlSyntaxError(inner);
    if (!error) continue;
    // Offsets inside the trimmed expression count from the first non-blank character.
    const lead = expression.indexOf(inner) + (inner.length - inner.trimStart().length);
    problems.push({
      message: `YAQL: ${error.message} in '${expression}'`,
      offset: span.start + lead + error.position,
      language: "yaql",
    });
  }
  return problems;
}

/**
 * Returns the syntax problems of every expression in `text` (empty when the string has none or all
 * parse). A string that mixes YAQL and Jinja is a problem too, as in Mistral.
 */
export function findExpressionSyntaxProblems(text: string): ExpressionSyntaxProblem[] {
  const jinja = containsJinja(text);
  const yaql = containsYaql(text);
  if (jinja && yaql) {
    return [
      {
        message: "the string mixes YAQL (<% %>) and Jinja ({{ }}) expressions; use one language per string",
        offset: Math.max(0, text.search(/<%|{{|{%/)),
        language: "jinja",
      },
    ];
  }
  if (jinja) return findJinjaSyntaxProblems(text);
  if (yaql) return yaqlProblems(text);
  return [];
}

// Jinja2 as Mistral 15 evaluates it: a SandboxedEnvironment with StrictUndefined, trim_blocks and
// lstrip_blocks, the data bound as `_`, and Mistral's functions as globals and filters.
//
// Why our own engine rather than nunjucks (the brief's default): Mistral's results are Python
// values, and conformance depends on Python's semantics throughout. nunjucks evaluates with JS
// values, so it cannot tell 1 from 1.0 (`{{ 1.0 }}` is a float), tuples from lists, or big ints
// from floats; its `/`, `%`, comparisons, `in` and truthiness are JavaScript's (`[] or 'x'`,
// `'%05.1f' % x`, `3 > 2 > 1`); it has no Python str/list/dict methods (`_.s.upper()`), no
// StrictUndefined with Jinja's messages and "protects only the last step" rules, no sandbox
// (SecurityError on dunders), prints values with JS String() instead of Python's str(), and its
// filters (round, int, sort, groupby, tojson, ...) differ from Jinja2 3.1's in many details.
// Extending it would mean replacing its value model, operators, filters and output, i.e. most of
// it, so this directory implements the Jinja2 3.1 lexer, parser and an evaluator over the shared
// Python value model (../../python) instead.
import type { ContextFunctions } from "../context-functions.js";
import { findDelimitedSpans } from "../delimited-spans.js";
import type { ExpressionSyntaxProblem } from "../expression-syntax.js";
import {
  compileExpression,
  compileTemplate,
  type CompiledExpression,
  type CompiledTemplate,
} from "./jinja-compiler.js";
import { asJinjaError, jinjaError, JinjaSyntaxError, type JinjaEvaluationError } from "./jinja-errors.js";
import { parseExpression, parseTemplate } from "./jinja-parser.js";
import { toPlainData, toStr } from "./jinja-protocol.js";
import { Undefined } from "./jinja-values.js";

export { JinjaEvaluationError, JinjaSyntaxError } from "./jinja-errors.js";

/** How many compiled texts each cache keeps (the oldest are dropped first). */
const CACHE_SIZE = 2000;

type Compiled<T> = { readonly value: T } | { readonly error: JinjaSyntaxError | JinjaEvaluationError };

class CompileCache<T> {
  private readonly entries = new Map<string, Compiled<T>>();

  constructor(private readonly compile: (text: string) => T) {}

  get(text: string): T {
    let entry = this.entries.get(text);
    if (!entry) {
      try {
        entry = { value: this.compile(text) };
      } catch (error) {
        entry = { error: asJinjaError(error) };
      }
      if (this.entries.size >= CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(text, entry);
    }
    if ("error" in entry) throw entry.error;
    return entry.value;
  }
}

const parsedTemplates = new CompileCache((text) => parseTemplate(text));
const templates = new CompileCache<CompiledTemplate>((text) =>
  compileTemplate(parsedTemplates.get(text).body),
);
const expressions = new CompileCache<CompiledExpression>((text) =>
  compileExpression(parseExpression(text).expr),
);

function run<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asJinjaError(error);
  }
}

/** The result of an expression as Mistral hands it on: `str()` must succeed, Python-only types become plain data. */
function finish(result: unknown): unknown {
  // Mistral calls str(result) so that a StrictUndefined raises; str() of a container never does.
  if (result instanceof Undefined && result.strict) result.fail();
  if (typeof result === "bigint") toStr(result);
  return toPlainData(result);
}

/**
 * Evaluates a bare Jinja expression (no braces), as Mistral's JinjaEvaluator does, to a typed
 * value of the shared model. Raises JinjaSyntaxError (DSL_ERR_JINJA_SYNTAX) or
 * JinjaEvaluationError (DSL_ERR_JINJA_EVALUATION).
 */
export function evaluateJinjaExpression(
  expression: string,
  data: unknown,
  functions: ContextFunctions = {},
): unknown {
  const compiled = expressions.get(expression);
  return run(() => finish(compiled(data, functions)));
}

/**
 * Evaluates a whole Mistral string value, as Mistral's InlineJinjaEvaluator does: when the first
 * `{{ }}` is the entire string its inner expression gives a typed value; otherwise the string is
 * rendered as a template (a str). A string with only `{% %}` blocks fails, as in Mistral.
 */
export function evaluateJinjaString(text: string, data: unknown, functions: ContextFunctions = {}): unknown {
  // Mistral's `{{(.*?)}}`, found in linear time.
  const first = findDelimitedSpans(text, "{{", "}}")[0];
  if (!first) {
    throw jinjaError(
      "IndexError",
      "list index out of range (a Jinja string needs at least one {{ }} expression)",
    );
  }
  if (first.start === 0 && first.end === text.length) {
    return evaluateJinjaExpression(text.slice(first.innerStart, first.innerEnd), data, functions);
  }
  const compiled = templates.get(text);
  return run(() => compiled(data, functions));
}

/** The syntax problems of a string as Mistral's validation sees them: the string parsed as a template. */
export function findJinjaSyntaxProblems(text: string): ExpressionSyntaxProblem[] {
  try {
    parsedTemplates.get(text);
    return [];
  } catch (error) {
    if (!(error instanceof JinjaSyntaxError)) throw error;
    // Callers add their own full stop; the offset says where.
    return [
      { message: `Jinja: ${error.message.replace(/\.$/, "")}`, offset: error.offset, language: "jinja" },
    ];
  }
}

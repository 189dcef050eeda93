// Errors raised while parsing or evaluating Jinja. `kind` names the Python exception Jinja2 raises
// in the same situation (TemplateSyntaxError, UndefinedError, TypeError, ...), so messages read
// familiar to Mistral users.
import { DslError } from "../../errors.js";

/** A template or expression that cannot be read. */
export class JinjaSyntaxError extends DslError {
  override readonly name = "JinjaSyntaxError";

  constructor(
    message: string,
    /** Offset in the source text (UTF-16 units) where the problem was found. */
    readonly offset: number,
    /** 1-based line of the problem, as Jinja reports it. */
    readonly lineno: number,
  ) {
    super("DSL_ERR_JINJA_SYNTAX", message);
  }
}

/** A template or expression that failed while being evaluated. */
export class JinjaEvaluationError extends DslError {
  override readonly name = "JinjaEvaluationError";

  constructor(
    /** The Python exception class Jinja2 raises here (UndefinedError, TypeError, SecurityError, ...). */
    readonly kind: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("DSL_ERR_JINJA_EVALUATION", message, options);
  }
}

export function jinjaError(kind: string, message: string): JinjaEvaluationError {
  return new JinjaEvaluationError(kind, message);
}

/** The Python exception class behind an error thrown by the evaluator or the shared Python model. */
export function pythonKind(error: unknown): string {
  if (error instanceof JinjaEvaluationError) return error.kind;
  const kind = (error as { pythonType?: unknown } | null)?.pythonType;
  if (typeof kind === "string") return kind;
  if (error instanceof RangeError) return /call stack/i.test(error.message) ? "RecursionError" : "ValueError";
  return "RuntimeError";
}

/** Any error as a JinjaEvaluationError (syntax errors pass through unchanged). */
export function asJinjaError(error: unknown): JinjaEvaluationError | JinjaSyntaxError {
  if (error instanceof JinjaEvaluationError || error instanceof JinjaSyntaxError) return error;
  if (error instanceof DslError)
    return new JinjaEvaluationError("RuntimeError", error.message, { cause: error });
  const kind = pythonKind(error);
  const message =
    kind === "RecursionError"
      ? "maximum recursion depth exceeded"
      : error instanceof Error
        ? error.message
        : String(error);
  return new JinjaEvaluationError(kind, message, { cause: error });
}

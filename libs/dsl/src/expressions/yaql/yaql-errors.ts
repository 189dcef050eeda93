// Errors raised while parsing or evaluating YAQL. `kind` names the Python exception yaql raises
// in the same situation, so messages read familiar to Mistral users.
import { DslError } from "../../errors.js";

export type YaqlSyntaxKind = "YaqlLexicalException" | "YaqlGrammarException";

export type YaqlEvaluationKind =
  | "NoFunctionRegisteredException"
  | "NoMethodRegisteredException"
  | "NoMatchingFunctionException"
  | "NoMatchingMethodException"
  | "MappingTranslationException"
  | "KeyError"
  | "IndexError"
  | "TypeError"
  | "ValueError"
  | "ZeroDivisionError"
  | "OverflowError"
  | "StopIteration"
  | "AssertionError"
  | "JSONDecodeError"
  | "RegexError"
  | "CollectionTooLarge"
  | "RuntimeError";

/** A YAQL expression that cannot be read: a bad token or a bad arrangement of tokens. */
export class YaqlSyntaxError extends DslError {
  override readonly name = "YaqlSyntaxError";

  constructor(
    readonly kind: YaqlSyntaxKind,
    message: string,
    /** Offset in the expression (UTF-16 units) where the problem starts. */
    readonly position: number,
  ) {
    super("DSL_ERR_YAQL_SYNTAX", message);
  }
}

/** A YAQL expression that failed while being evaluated. */
export class YaqlEvaluationError extends DslError {
  override readonly name = "YaqlEvaluationError";

  constructor(
    readonly kind: YaqlEvaluationKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("DSL_ERR_YAQL_EVALUATION", message, options);
  }
}

export function yaqlError(kind: YaqlEvaluationKind, message: string): YaqlEvaluationError {
  return new YaqlEvaluationError(kind, message);
}

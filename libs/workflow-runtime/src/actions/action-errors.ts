// Typed errors of the std actions and the messages Mistral builds from them. Inside an action,
// failures are thrown as StdActionError; the wrapper in define-std-action.ts turns them into error
// results worded as Mistral's executor words them, so `run` itself never throws.

/** Stable codes of action failures. */
export const ACTION_ERROR_CODES = {
  /** The input does not match the action's signature, or an action constructor refused it. */
  input: "WF_ERR_ACTION_INPUT",
  /** The action raised an exception (Mistral: `The action raised an exception [...]`). */
  failed: "WF_ERR_ACTION_FAILED",
  /** The action returned error data (std.fail's `error_data`, std.http's error response). */
  errorResult: "WF_ERR_ACTION_ERROR_RESULT",
  /** The context's signal was aborted while the action ran. */
  cancelled: "WF_ERR_ACTION_CANCELLED",
  /** A script ran past the JavaScript time limit. */
  timeLimit: "WF_ERR_ACTION_TIME_LIMIT",
  /** A script used more memory than the JavaScript memory limit. */
  memoryLimit: "WF_ERR_ACTION_MEMORY_LIMIT",
} as const;

export type ActionErrorCode = (typeof ACTION_ERROR_CODES)[keyof typeof ACTION_ERROR_CODES];

/**
 * A failure inside an action. `message` is what Mistral's exception would print (the `msg` part
 * of the executor's message), so it must never contain a secret.
 */
export class StdActionError extends Error {
  override readonly name = "StdActionError";

  constructor(
    readonly code: ActionErrorCode,
    message: string,
    /** Whether running the action again could succeed. */
    readonly retryable: boolean,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An input that does not fit the action, worded as Mistral's `InputException`. */
export class ActionInputError extends Error {
  override readonly name = "ActionInputError";
  readonly code = ACTION_ERROR_CODES.input;

  constructor(
    readonly actionName: string,
    message: string,
    /** Required parameters the input lacks. */
    readonly missing: readonly string[] = [],
    /** Names the signature does not have. */
    readonly unexpected: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * The message Mistral's executor records when an action raises: the action object's repr, the
 * action execution id (`None` outside a saved execution) and the exception's text.
 */
export function raisedExceptionMessage(
  actionRepr: string,
  actionExecutionId: string | null | undefined,
  message: string,
): string {
  return `The action raised an exception [action=${actionRepr}, action_ex_id=${actionExecutionId ?? "None"}, msg='${message}']`;
}

/** A short description of any thrown value, for messages and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

// The contract between the executor role and the actions it runs. An action is looked up by name
// in a registry (see std-action-registry.ts), its input is checked against Mistral's signature,
// and `run` turns the input into a result without ever throwing: what Mistral would record as the
// action execution's output is always in the returned value.
import type { Logger } from "pino";
import type { ActionErrorCode, ActionInputError } from "./action-errors.js";

/**
 * Ids and names of the execution an action runs for, as Mistral hands them to actions
 * (mistral-lib's `ExecutionContext`). Each is absent or null when the action runs outside a
 * workflow (`POST /v2/action_executions`) or was not saved.
 */
export interface ActionExecutionInfo {
  readonly workflowExecutionId?: string | null;
  readonly taskExecutionId?: string | null;
  /** The action execution's own id; Mistral prints it as `action_ex_id` in error messages. */
  readonly actionExecutionId?: string | null;
  readonly workflowName?: string | null;
  /**
   * Where an async action's result is to be sent: Mistral passes the relative path
   * `/v2/action_executions/<id>`. When absent it is derived from `actionExecutionId`.
   */
  readonly callbackUrl?: string | null;
}

/** What the executor gives an action besides its input. */
export interface ActionContext {
  readonly execution: ActionExecutionInfo;
  /**
   * Aborted when the action must stop (task timeout, cancellation, executor shutdown). Every std
   * action then releases what it holds (sockets, workers, SSH sessions) and returns an error
   * result with code `WF_ERR_ACTION_CANCELLED`.
   */
  readonly signal: AbortSignal;
  /** Structured logger; actions log ids and safe parameters, never passwords, keys or bodies. */
  readonly logger: Logger;
}

/**
 * One parameter of an action's input signature. `required` parameters have no default (Mistral's
 * `NotDefined`); the others take `defaultValue` when the input leaves them out.
 */
export type ActionParam =
  | { readonly name: string; readonly required: true }
  | { readonly name: string; readonly required: false; readonly defaultValue: unknown };

/**
 * The outcome of running an action.
 *
 * - `{ ok: true, output }`: the action succeeded; Mistral stores `{"result": output}`.
 * - `{ ok: false, error }`: the action failed; Mistral stores `{"result": error}` and sets the
 *   action execution to ERROR. `error` is exactly what Mistral puts there: the data an action
 *   returned as its error (std.fail's `error_data`, std.http's response for an error status), or
 *   the executor's message for an exception (`The action raised an exception [action=...,
 *   action_ex_id=..., msg='...']`), or an input error's message.
 * - `{ pending: true }`: an async action started; the action execution stays RUNNING until its
 *   result comes through `PUT /v2/action_executions/<id>`.
 *
 * `code` and `retryable` are ours (Mistral has no equivalent): a stable code for logs and metrics,
 * and whether running the action again could succeed (network trouble, timeouts, 5xx answers).
 */
export type ActionResult =
  | { readonly ok: true; readonly output: unknown }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly code: ActionErrorCode;
      readonly retryable: boolean;
    }
  | { readonly pending: true };

/** An action the executor can run: Mistral's signature and behaviour behind one `run` call. */
export interface ActionImplementation {
  /** The action's name (`std.echo`). */
  readonly name: string;
  /** The Python class Mistral implements it with, as Mistral's messages print it. */
  readonly className: string;
  /** One-line summary for the action definition's `description`. */
  readonly description: string;
  /** Mistral's input signature in order, e.g. `output` (required) then `delay` (default 0). */
  readonly params: readonly ActionParam[];
  /**
   * The signature as Mistral writes it in the action definition's `input` column and in
   * `GET /v2/actions` (`output, delay=0`; defaults as JSON: `method="GET"`, `auth=null`).
   */
  readonly inputSignature: string;
  /** Async actions answer `{ pending: true }` and get their result later through the API. */
  readonly isAsync: boolean;
  /**
   * Checks an input as Mistral does before an action runs: missing and unexpected parameter names
   * (`Invalid input [name=std.echo, class=..., missing=['output']]`), and the few checks Mistral's
   * action constructors make (std.http refuses both `body` and `json`). Returns undefined when
   * the input is acceptable. `run` performs the same check and answers an error result.
   */
  validate(input: Readonly<Record<string, unknown>>): ActionInputError | undefined;
  /** How Mistral's messages print the action object (`<...EchoAction object at 0x...>`). */
  repr?(): string;
  /** Runs the action. Never rejects: every failure is an `{ ok: false }` result. */
  run(input: Readonly<Record<string, unknown>>, context: ActionContext): Promise<ActionResult>;
  /**
   * For actions that touch nothing outside their result and take no time (std.echo without a
   * delay, std.noop, std.fail, std.test_dict): the result `run` would give, computed at once, so
   * that the engine can take it without an executor. Undefined (the method, or its answer) when
   * the action, or this input, needs `run`.
   */
  runInstantly?(
    input: Readonly<Record<string, unknown>>,
    execution: ActionExecutionInfo,
  ): ActionResult | undefined;
}

/** What Mistral stores in an action execution's `output` for a finished result. */
export function actionExecutionOutput(result: ActionResult): { result: unknown } | null {
  if ("pending" in result) return null;
  return { result: result.ok ? result.output : result.error };
}

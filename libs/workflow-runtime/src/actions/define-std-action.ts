// Builds an ActionImplementation from the part that differs between actions (`execute`) and does
// what every action shares as Mistral's executor does it: check the input against the signature,
// apply defaults, turn a raised exception into `The action raised an exception [...]`, and log
// one line when the action starts and one when it ends.
import {
  checkActionInput,
  formatActionSignature,
  parseActionSignature,
  withDefaults,
} from "./action-signature.js";
import { cancellationError } from "./action-cancellation.js";
import {
  ACTION_ERROR_CODES,
  ActionInputError,
  describeError,
  raisedExceptionMessage,
  StdActionError,
} from "./action-errors.js";
import type {
  ActionContext,
  ActionExecutionInfo,
  ActionImplementation,
  ActionResult,
} from "./action-implementation.js";

/** What one std action defines; the rest comes from {@link defineStdAction}. */
export interface StdActionSpec {
  readonly name: string;
  /** Mistral's Python class (`mistral.actions.std_actions.EchoAction`). */
  readonly className: string;
  readonly description: string;
  /** Mistral's input signature (`output, delay=0`). */
  readonly signature: string;
  /** @defaultValue false */
  readonly isAsync?: boolean;
  /**
   * How Mistral prints the action object in its executor's messages. Most classes have Python's
   * default `<class object at 0x...>`; FailAction defines its own repr. @defaultValue Python's
   */
  readonly repr?: string;
  /**
   * Checks Mistral's action constructor makes beyond parameter names; returns the message of the
   * refused input. Runs on the input with defaults applied.
   */
  readonly checkInput?: (input: Readonly<Record<string, unknown>>) => string | undefined;
  /** Parameters worth logging; nothing that can hold a secret (passwords, keys, headers, bodies). */
  readonly logFields?: (input: Readonly<Record<string, unknown>>) => Record<string, unknown>;
  /**
   * Runs the action on the input with defaults applied. Returns the result for outputs, returned
   * errors and async starts; throws (a StdActionError, ideally) where Mistral's action raises.
   * May be left out when `instant` answers every input.
   */
  readonly execute?: (
    input: Readonly<Record<string, unknown>>,
    context: ActionContext,
  ) => Promise<ActionResult>;
  /**
   * The result at once, for an action that touches nothing outside its result: the same contract
   * as `execute`, synchronous; undefined when this input needs `execute` (a delay, say).
   */
  readonly instant?: (input: Readonly<Record<string, unknown>>) => ActionResult | undefined;
}

// Python prints an object's address in its default repr; ours is an id unique in this process,
// so messages keep Mistral's shape (`<... object at 0x7f...>`) without pretending to be anything.
let nextObjectId = 0x7f3a_0000_0000;

function pythonObjectRepr(className: string): string {
  nextObjectId += 0x10;
  return `<${className} object at 0x${nextObjectId.toString(16)}>`;
}

/** Makes an ActionImplementation out of a spec. */
export function defineStdAction(spec: StdActionSpec): ActionImplementation {
  const params = Object.freeze(parseActionSignature(spec.signature));
  const validate = (input: Readonly<Record<string, unknown>>): ActionInputError | undefined => {
    const namesError = checkActionInput(spec.name, spec.className, params, input);
    if (namesError) return namesError;
    const message = spec.checkInput?.(withDefaults(params, input));
    return message === undefined ? undefined : new ActionInputError(spec.name, message);
  };

  const run = async (
    input: Readonly<Record<string, unknown>>,
    context: ActionContext,
  ): Promise<ActionResult> => {
    const { execution } = context;
    const logger = context.logger.child({
      action: spec.name,
      actionExecutionId: execution.actionExecutionId ?? null,
      taskExecutionId: execution.taskExecutionId ?? null,
      workflowExecutionId: execution.workflowExecutionId ?? null,
    });
    const started = performance.now();
    const finish = (result: ActionResult, failure?: StdActionError): ActionResult => {
      const durationMs = Math.round(performance.now() - started);
      if ("pending" in result)
        logger.info({ outcome: "pending", durationMs }, "action started asynchronously");
      else if (result.ok) logger.info({ outcome: "success", durationMs }, "action succeeded");
      else
        logger.warn(
          {
            outcome: "error",
            code: result.code,
            retryable: result.retryable,
            durationMs,
            // Messages never hold secrets; causes are library errors (a refused connection, a
            // failed login) that Mistral keeps out of the result but operators need.
            ...(failure ? { error: failure.message } : {}),
            ...(failure?.cause === undefined ? {} : { cause: describeError(failure.cause) }),
          },
          "action failed",
        );
      return result;
    };

    const inputError = validate(input);
    if (inputError) return finish(inputErrorResult(inputError));
    const resolved = withDefaults(params, input);
    try {
      logger.info({ params: spec.logFields?.(resolved) ?? {} }, "action started");
    } catch {
      // Logging the parameters must never fail the action (a logFields on an odd input).
      logger.info("action started");
    }

    try {
      if (context.signal.aborted) throw cancellationError(context.signal);
      const result = spec.instant?.(resolved) ?? (await spec.execute?.(resolved, context));
      if (result === undefined) throw new Error(`${spec.name} has nothing to run this input with.`);
      return finish(result);
    } catch (error) {
      const failure = raisedFailure(error);
      return finish(raisedResult(failure, execution.actionExecutionId), failure);
    }
  };

  const raisedFailure = (error: unknown): StdActionError =>
    error instanceof StdActionError
      ? error
      : new StdActionError(ACTION_ERROR_CODES.failed, describeError(error), false, { cause: error });

  const raisedResult = (failure: StdActionError, actionExecutionId: string | null | undefined) => {
    const repr = spec.repr ?? pythonObjectRepr(spec.className);
    return {
      ok: false as const,
      error: raisedExceptionMessage(repr, actionExecutionId, failure.message),
      code: failure.code,
      retryable: failure.retryable,
    };
  };

  const instant = spec.instant;
  const runInstantly =
    instant === undefined
      ? undefined
      : (
          input: Readonly<Record<string, unknown>>,
          execution: ActionExecutionInfo,
        ): ActionResult | undefined => {
          const inputError = validate(input);
          if (inputError) return inputErrorResult(inputError);
          try {
            return instant(withDefaults(params, input));
          } catch (error) {
            return raisedResult(raisedFailure(error), execution.actionExecutionId);
          }
        };

  return Object.freeze({
    name: spec.name,
    className: spec.className,
    description: spec.description,
    params,
    inputSignature: formatActionSignature(params),
    isAsync: spec.isAsync ?? false,
    validate,
    run,
    repr: () => spec.repr ?? pythonObjectRepr(spec.className),
    ...(runInstantly === undefined ? {} : { runInstantly }),
  });
}

function inputErrorResult(error: ActionInputError): ActionResult {
  return { ok: false, error: error.message, code: error.code, retryable: false };
}

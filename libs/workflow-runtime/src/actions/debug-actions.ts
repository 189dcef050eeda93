// The std actions for designing and testing workflows: std.echo, std.noop, std.async_noop,
// std.fail, std.sleep and std.test_dict. None of them touches the outside world; the waiting
// ones honour the context's signal.
import { pyStr } from "@ops/dsl";
import { abortableDelay } from "./action-cancellation.js";
import { ACTION_ERROR_CODES, StdActionError } from "./action-errors.js";
import type { ActionImplementation, ActionResult } from "./action-implementation.js";
import { defineStdAction } from "./define-std-action.js";
import { pythonFloat, pythonInt, pythonTypeName, pyTruthy } from "./python-coercions.js";

const STD = "mistral.actions.std_actions";

/** std.echo: answers `output`, after `delay` seconds (a float; invalid or negative means 0). */
export const echoAction: ActionImplementation = defineStdAction({
  name: "std.echo",
  className: `${STD}.EchoAction`,
  description: "Returns the given output, optionally after a delay in seconds.",
  signature: "output, delay=0",
  logFields: (input) => ({ delay: input["delay"] }),
  instant(input) {
    return echoDelaySeconds(input) === 0 ? { ok: true, output: input["output"] } : undefined;
  },
  async execute(input, context) {
    await abortableDelay(echoDelaySeconds(input) * 1000, context.signal);
    return { ok: true, output: input["output"] };
  },
});

/** std.echo's `delay`: Mistral turns one it cannot read as a float, or a negative one, into 0. */
function echoDelaySeconds(input: Readonly<Record<string, unknown>>): number {
  const delay = pythonFloat(input["delay"]);
  return delay === undefined || Number.isNaN(delay) || delay < 0 ? 0 : delay;
}

/** std.noop: does nothing, answers null. */
export const noopAction: ActionImplementation = defineStdAction({
  name: "std.noop",
  className: `${STD}.NoOpAction`,
  description: "Does nothing; the result is null.",
  signature: "",
  instant: () => ({ ok: true, output: null }),
});

/** std.async_noop: does nothing and stays RUNNING until a result arrives through the API. */
export const asyncNoopAction: ActionImplementation = defineStdAction({
  name: "std.async_noop",
  className: `${STD}.AsyncNoOpAction`,
  description: "Does nothing asynchronously: the result is set later through the API.",
  signature: "",
  isAsync: true,
  async execute() {
    return { pending: true };
  },
});

/**
 * std.fail: fails. With truthy `error_data` (Python truthiness) that data is the error result;
 * otherwise the action raises, and the error is the executor's message about it.
 */
export const failAction: ActionImplementation = defineStdAction({
  name: "std.fail",
  className: `${STD}.FailAction`,
  description: "Always fails, with the given error data or an exception.",
  signature: "error_data=null",
  repr: "Fail action",
  instant(input) {
    const errorData = input["error_data"];
    if (pyTruthy(errorData)) {
      return { ok: false, error: errorData, code: ACTION_ERROR_CODES.errorResult, retryable: false };
    }
    throw new StdActionError(ACTION_ERROR_CODES.failed, "Fail action expected exception.", false);
  },
});

/** std.sleep: waits `seconds` (an int; invalid or negative means 0) and answers null. */
export const sleepAction: ActionImplementation = defineStdAction({
  name: "std.sleep",
  className: `${STD}.SleepAction`,
  description: "Sleeps for the given number of seconds; the result is null.",
  signature: "seconds=1",
  logFields: (input) => ({ seconds: input["seconds"] }),
  async execute(input, context) {
    const seconds = pythonInt(input["seconds"]);
    await abortableDelay(seconds === undefined || seconds < 0 ? 0 : seconds * 1000, context.signal);
    return { ok: true, output: null };
  },
});

/** std.test_dict: answers `{key_prefix + i: val}` for i in 0..size-1. */
export const testDictAction: ActionImplementation = defineStdAction({
  name: "std.test_dict",
  className: `${STD}.TestDictAction`,
  description: "Generates a dictionary of the given size for tests.",
  signature: 'size=0, key_prefix="", val=""',
  logFields: (input) => ({ size: input["size"] }),
  // A big dictionary takes time to build: the executor does it, not the engine's transaction.
  instant: (input) => (testDictSize(input) <= INSTANT_TEST_DICT_SIZE ? testDict(input) : undefined),
  execute: async (input) => testDict(input),
});

const INSTANT_TEST_DICT_SIZE = 10_000;

function testDictSize(input: Readonly<Record<string, unknown>>): number {
  const size = input["size"];
  const count = typeof size === "boolean" ? Number(size) : size;
  if (typeof count !== "number" || !Number.isInteger(count)) {
    // range(size) accepts ints only.
    throw new StdActionError(
      ACTION_ERROR_CODES.failed,
      `'${pythonTypeName(size)}' object cannot be interpreted as an integer`,
      false,
    );
  }
  return count;
}

function testDict(input: Readonly<Record<string, unknown>>): ActionResult {
  const count = testDictSize(input);
  const prefix = pyStr(input["key_prefix"]);
  const output: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) output[`${prefix}${i}`] = input["val"];
  return { ok: true, output };
}

/** The debug and test actions, in Mistral's order. */
export const debugActions: readonly ActionImplementation[] = [
  echoAction,
  noopAction,
  asyncNoopAction,
  failAction,
  sleepAction,
  testDictAction,
];

import type { CompletedState } from "./execution-states.js";
import type { ActionExecutionRow, JsonObject } from "./execution-rows.js";

/** What an action that needs no executor gives: the state and output an executor would store. */
export interface InstantActionResult {
  readonly state: CompletedState;
  /** `{result: data}` on success, `{result: error}` otherwise. */
  readonly output: JsonObject;
}

/** An action the conductor just scheduled, offered to {@link ConductorEnvironment.instantResult}. */
export interface InstantActionRequest {
  /** The new action execution (RUNNING, its run plan in `spec`). */
  readonly action: ActionExecutionRow;
  /** The name of its task. */
  readonly taskName: string;
}

/**
 * What the conductor may not invent: the time, new ids and the results of instant actions. Same
 * snapshot, event and environment (the same answers in the same order) give the same decisions.
 */
export interface ConductorEnvironment {
  /**
   * The current time; read at the start of each event a conduct() call decides: once, or once
   * more for each instant action's result it takes in.
   */
  now(): Date;
  /** A new unique id (a UUID in production) for a row the decisions create. */
  newId(): string;
  /**
   * The result of an action that touches nothing outside its result and takes no time (std.echo
   * without a delay, std.noop, std.fail...), computed now; undefined sends the action to an
   * executor. With an answer, the conductor takes the result in the same call, as a separate
   * action-complete event would, so that a chain of such actions is decided in one transaction.
   * Only actions without a `target` are offered. Absent: every action goes to an executor.
   */
  instantResult?(request: InstantActionRequest): InstantActionResult | undefined;
}

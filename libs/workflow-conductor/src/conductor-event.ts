// What happened to an execution: the jobs of the engine queue, as the runtime hands them over.
import type { CompletedState } from "./execution-states.js";
import type { TimerKind } from "./conduct-result.js";
import type { JsonObject } from "./execution-rows.js";

/** The IDLE execution was created: validate input, evaluate vars, run the start tasks. */
export interface StartEvent {
  readonly type: "start";
}

/** An executor finished an action execution and stored its result (not yet accepted). */
export interface ActionCompleteEvent {
  readonly type: "action-complete";
  readonly actionExecutionId: string;
  /** The action's task; its children must be in the snapshot (or are asked for). */
  readonly taskExecutionId: string;
  /** The state the executor stored. */
  readonly state: CompletedState;
  /** The output the executor stored: `{result: data}` on success, `{result: error}` otherwise. */
  readonly output: JsonObject;
}

/** A sub-workflow of one of this execution's tasks completed (its row is in the task's children). */
export interface SubworkflowCompleteEvent {
  readonly type: "subworkflow-complete";
  /** The sub-workflow execution. */
  readonly executionId: string;
  readonly taskExecutionId: string;
}

/** A sub-workflow of one of this execution's tasks was paused or resumed. */
export interface SubworkflowUpdateEvent {
  readonly type: "subworkflow-update";
  readonly executionId: string;
  readonly taskExecutionId: string;
}

/** `PUT /v2/executions/{id}` with `state: PAUSED`. */
export interface PauseEvent {
  readonly type: "pause";
  readonly message?: string | null;
}

/** `PUT /v2/executions/{id}` with `state: RUNNING`, optionally with a new `env`. */
export interface ResumeEvent {
  readonly type: "resume";
  readonly env?: JsonObject;
}

/** `PUT /v2/executions/{id}` with `state: CANCELLED`, `ERROR` or `SUCCESS` (Mistral's stop). */
export interface StopEvent {
  readonly type: "cancel" | "fail" | "succeed";
  /** The `state_info` of the request. */
  readonly message?: string | null;
}

/** A durable timer the conductor asked for (wait-before/after, retry, timeout) fired. */
export interface TimerEvent {
  readonly type: "timer";
  /** The timer's id (for logs; a timer fires once, the runtime sees to that). */
  readonly timerId: string;
  readonly kind: TimerKind;
  readonly taskExecutionId: string;
  readonly arguments: JsonObject;
}

/**
 * `PUT /v2/tasks/{id}` with `state: RUNNING`: run a failed task again (Mistral's rerun). With
 * `reset` false (with-items tasks only) only the failed items run again.
 */
export interface RerunEvent {
  readonly type: "rerun";
  readonly taskExecutionId: string;
  readonly reset: boolean;
  /** Variables merged into the execution's `params.env`. */
  readonly env?: JsonObject;
}

/**
 * A task of a sub-workflow of this execution's task `taskExecutionId` is being run again: the task
 * and this execution go back to RUNNING (Mistral's recursive rerun of the parents).
 */
export interface SubworkflowRerunEvent {
  readonly type: "subworkflow-rerun";
  /** The sub-workflow execution. */
  readonly executionId: string;
  readonly taskExecutionId: string;
}

/** Everything conduct() reacts to. */
export type ConductorEvent =
  | StartEvent
  | ActionCompleteEvent
  | SubworkflowCompleteEvent
  | SubworkflowUpdateEvent
  | PauseEvent
  | ResumeEvent
  | StopEvent
  | TimerEvent
  | RerunEvent
  | SubworkflowRerunEvent;

/** The `type` of a {@link ConductorEvent}. */
export type ConductorEventType = ConductorEvent["type"];

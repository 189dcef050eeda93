// Every error of the conductor has a stable code from this registry. Codes never change meaning;
// messages may improve. Most of them never reach the caller as exceptions: like Mistral, the
// conductor turns a failing task or workflow into an ERROR state whose state_info is the message.
// The runtime sees a thrown ConductorError only for WF_ERR_SNAPSHOT and WF_ERR_UNSUPPORTED.

/** Stable error codes of libs/workflow-conductor, each with a one-line description. */
export const WF_ERROR_CODES = {
  // What a workflow does wrong at run time; these end up as state_info, as in Mistral.
  WF_ERR_INVALID_INPUT: "A workflow's input lacks a required parameter or has one it does not declare.",
  WF_ERR_INVALID_ACTION_INPUT: "An action's input does not match the action's parameters.",
  WF_ERR_ACTION_NOT_FOUND: "A task names an action that is neither a system action nor an ad-hoc action.",
  WF_ERR_INVALID_ACTION:
    "An ad-hoc action cannot be instantiated (its base is missing, or base-input fails).",
  WF_ERR_WORKFLOW_NOT_FOUND: "A task names a sub-workflow that does not exist.",
  WF_ERR_ENVIRONMENT: "An execution names an environment that does not exist, or its env is not a dict.",
  WF_ERR_TASK_INPUT: "A task's input expression does not give a dict.",
  WF_ERR_WITH_ITEMS: "A with-items value is not a list, or the lists have different lengths.",
  WF_ERR_TASK_NOT_FOUND: "A transition or `requires` names a task that the workflow does not have.",
  WF_ERR_TARGET_TASK_NOT_FOUND:
    "A reverse workflow's execution names no task of the workflow as its target (`params.task_name`).",
  WF_ERR_REQUIRES_CYCLE: "The tasks a reverse workflow's target requires form a cycle.",
  WF_ERR_POLICY: "A task policy evaluates to a value of the wrong type.",
  WF_ERR_RUNAWAY: "One event ran more tasks than the safety limit (a loop of tasks that finish at once).",
  WF_ERR_RERUN_SUCCEEDED: "A task that succeeded was asked to run again (Mistral refuses it too).",

  // What the runtime does wrong; thrown to the caller.
  WF_ERR_SNAPSHOT: "The snapshot is inconsistent with the event (a row it refers to is missing).",
  WF_ERR_UNSUPPORTED: "The event is not implemented for the execution's state.",
} as const;

/** One of {@link WF_ERROR_CODES}. */
export type WfErrorCode = keyof typeof WF_ERROR_CODES;

/** An error of the conductor with a stable code, and the ids it is about. */
export class ConductorError extends Error {
  override readonly name = "ConductorError";

  constructor(
    readonly code: WfErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

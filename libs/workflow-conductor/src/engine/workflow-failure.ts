// Which errors are the workflow's fault — Mistral's MistralException family: a failing expression,
// a missing action, a bad input — and so become ERROR states with a message, as opposed to needs
// (which stop the call) and the runtime's or our own mistakes (which propagate).
import { DslError } from "@ops/dsl";
import { ConductorError, type WfErrorCode } from "../conductor-error.js";

const CALLER_ERRORS: ReadonlySet<WfErrorCode> = new Set(["WF_ERR_SNAPSHOT", "WF_ERR_UNSUPPORTED"]);

/** Whether an error is a failure of the workflow itself. */
export function isWorkflowFailure(error: unknown): error is Error {
  if (error instanceof ConductorError) return !CALLER_ERRORS.has(error.code);
  return error instanceof DslError;
}

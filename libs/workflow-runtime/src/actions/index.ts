// Mistral's std actions: the registry, the action contract, and the helpers the executor and the
// API need around them (signatures, input checks, the stored output).
export { stdActions, createStdActions } from "./std-action-registry.js";
export type {
  ActionContext,
  ActionExecutionInfo,
  ActionImplementation,
  ActionParam,
  ActionResult,
} from "./action-implementation.js";
export { actionExecutionOutput } from "./action-implementation.js";
export {
  ACTION_ERROR_CODES,
  ActionInputError,
  StdActionError,
  raisedExceptionMessage,
} from "./action-errors.js";
export type { ActionErrorCode } from "./action-errors.js";
export {
  checkActionInput,
  formatActionSignature,
  parseActionSignature,
  withDefaults,
} from "./action-signature.js";
export { defineStdAction } from "./define-std-action.js";
export type { StdActionSpec } from "./define-std-action.js";
export { callbackPath, mistralCallbackHeaders } from "./http-actions.js";
export type { HttpActionResult } from "./http-result.js";
export type {
  EmailActionOptions,
  HttpActionOptions,
  JavaScriptActionOptions,
  SshActionOptions,
  StdActionsOptions,
  ResolvedStdActionsOptions,
} from "./std-actions-options.js";
export { resolveStdActionsOptions } from "./std-actions-options.js";

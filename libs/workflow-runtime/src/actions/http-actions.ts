// std.http and std.mistral_http: real HTTP requests with Node's fetch, answered with the result
// Mistral's HTTPAction gives (see http-result.ts). A status outside 200..306 makes that same
// result the action's error.
import { pyStr } from "@ops/dsl";
import { ACTION_ERROR_CODES } from "./action-errors.js";
import type { ActionContext, ActionImplementation, ActionResult } from "./action-implementation.js";
import { defineStdAction } from "./define-std-action.js";
import { performHttpExchange } from "./http-client.js";
import { checkHttpInput, planHttpRequest } from "./http-request-plan.js";
import { isHttpSuccess, shapeHttpResult } from "./http-result.js";
import type { ResolvedStdActionsOptions } from "./std-actions-options.js";

const HTTP_SIGNATURE =
  'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null';

/** The callback path Mistral gives an async action. */
export function callbackPath(actionExecutionId: string): string {
  return `/v2/action_executions/${actionExecutionId}`;
}

/** The headers std.mistral_http adds so that the called service can report back. */
export function mistralCallbackHeaders(execution: ActionContext["execution"]): Record<string, string | null> {
  const id = execution.actionExecutionId ?? null;
  return {
    "Mistral-Workflow-Name": execution.workflowName ?? null,
    "Mistral-Workflow-Execution-Id": execution.workflowExecutionId ?? null,
    "Mistral-Task-Id": execution.taskExecutionId ?? null,
    "Mistral-Action-Execution-Id": id,
    "Mistral-Callback-URL": execution.callbackUrl ?? (id === null ? null : callbackPath(id)),
  };
}

/** What is safe to log of a request: no query (it may carry tokens), no headers, no body. */
function httpLogFields(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let url = "<invalid>";
  try {
    const parsed = new URL(pyStr(input["url"]));
    url = `${parsed.origin}${parsed.pathname}`;
  } catch {
    // The action reports the invalid URL itself.
  }
  return {
    method: input["method"],
    url,
    timeout: input["timeout"],
    allowRedirects: input["allow_redirects"],
    verify: typeof input["verify"] === "string" ? "<ca bundle>" : input["verify"],
  };
}

async function sendHttp(
  input: Readonly<Record<string, unknown>>,
  context: ActionContext,
  options: ResolvedStdActionsOptions,
  extraHeaders: Record<string, string | null> = {},
): Promise<ActionResult> {
  const plan = planHttpRequest(input, extraHeaders);
  const parts = await performHttpExchange(plan, context.signal, options.http.maxRedirects);
  const result = shapeHttpResult(parts);
  if (isHttpSuccess(result.status)) return { ok: true, output: result };
  // Server trouble and throttling may pass; other statuses say the request itself is wrong.
  const retryable = result.status >= 500 || result.status === 429 || result.status === 408;
  return { ok: false, error: result, code: ACTION_ERROR_CODES.errorResult, retryable };
}

/** std.http and std.mistral_http with the given options. */
export function httpActions(options: ResolvedStdActionsOptions): ActionImplementation[] {
  const http = defineStdAction({
    name: "std.http",
    className: "mistral.actions.std_actions.HTTPAction",
    description: "Sends an HTTP request; the result is the response's content, status, headers and more.",
    signature: HTTP_SIGNATURE,
    checkInput: checkHttpInput,
    logFields: httpLogFields,
    execute: (input, context) => sendHttp(input, context, options),
  });
  const mistralHttp = defineStdAction({
    name: "std.mistral_http",
    className: "mistral.actions.std_actions.MistralHTTPAction",
    description:
      "Sends an HTTP request with Mistral's callback headers; the action completes when its result is sent to the callback URL.",
    signature: HTTP_SIGNATURE,
    isAsync: true,
    checkInput: checkHttpInput,
    logFields: httpLogFields,
    async execute(input, context) {
      const result = await sendHttp(input, context, options, mistralCallbackHeaders(context.execution));
      // Mistral discards a successful response: the result comes later, through the callback.
      return "ok" in result && result.ok ? { pending: true } : result;
    },
  });
  return [http, mistralHttp];
}

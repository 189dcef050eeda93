// Mistral 15's std actions as action definitions (names, parameters and classes as
// `mistral action-list` shows them), and a fake executor that answers for the harmless ones the
// way the real ones do.
import type { ActionDefinition } from "../conductor-snapshot.js";
import type { ActionExecutionRow, ActionRunPlan } from "../execution-rows.js";

function std(
  name: string,
  className: string,
  parameters: Array<string | [string, unknown]>,
  isSync = true,
): ActionDefinition {
  return {
    name,
    kind: "system",
    className: `mistral.actions.std_actions.${className}`,
    isSync,
    parameters: parameters.map((parameter) =>
      typeof parameter === "string" ? { name: parameter } : { name: parameter[0], default: parameter[1] },
    ),
  };
}

const HTTP_PARAMETERS: Array<string | [string, unknown]> = [
  "url",
  ["method", "GET"],
  ["params", null],
  ["body", null],
  ["json", null],
  ["headers", null],
  ["cookies", null],
  ["auth", null],
  ["timeout", null],
  ["allow_redirects", null],
  ["proxies", null],
  ["verify", null],
];

/** Mistral 15's std actions. */
export const MISTRAL_STD_ACTIONS: readonly ActionDefinition[] = [
  std("std.async_noop", "AsyncNoOpAction", [], false),
  std("std.echo", "EchoAction", ["output", ["delay", 0]]),
  std("std.email", "SendEmailAction", [
    "from_addr",
    "to_addrs",
    "smtp_server",
    ["reply_to", null],
    ["cc_addrs", null],
    ["bcc_addrs", null],
    ["smtp_password", null],
    ["subject", null],
    ["body", null],
    ["html_body", null],
  ]),
  std("std.fail", "FailAction", [["error_data", null]]),
  std("std.http", "HTTPAction", HTTP_PARAMETERS),
  std("std.javascript", "JavaScriptAction", ["script", ["context", null]]),
  std("std.js", "JavaScriptAction", ["script", ["context", null]]),
  std("std.mistral_http", "MistralHTTPAction", HTTP_PARAMETERS, false),
  std("std.noop", "NoOpAction", []),
  std("std.sleep", "SleepAction", [["seconds", 1]]),
  std("std.ssh", "SSHAction", [
    "cmd",
    "host",
    "username",
    ["password", ""],
    ["private_key_filename", null],
    ["private_key", null],
  ]),
  std("std.ssh_proxied", "SSHProxiedAction", [
    "cmd",
    "host",
    "username",
    "private_key_filename",
    "gateway_host",
    ["gateway_username", null],
    ["password", null],
    ["proxy_command", null],
    ["private_key", null],
  ]),
  std("std.test_dict", "TestDictAction", [
    ["size", 0],
    ["key_prefix", ""],
    ["val", ""],
  ]),
  std("std.wait_ssh", "WaitSSHAction", ["host", "username", "password"]),
];

/** What a fake executor is asked to run. */
export interface ActionRequest {
  readonly actionExecution: ActionExecutionRow;
  readonly plan: ActionRunPlan;
  /** The task's name, and its workflow execution. */
  readonly taskName: string;
  readonly workflowExecutionId: string;
}

/**
 * What a fake executor answers: a result, an error (Mistral's `Result(error=...)`), a cancel, or
 * `hold` to leave the action RUNNING until the test completes it.
 */
export type ActionOutcome =
  | { readonly result: unknown }
  | { readonly error: unknown }
  | { readonly cancel: true; readonly error?: unknown }
  | "hold";

/** Runs an action in a test. */
export type FakeExecutor = (request: ActionRequest) => ActionOutcome;

/**
 * Answers like Mistral's std.echo, std.noop, std.fail, std.sleep (without sleeping), std.test_dict
 * and std.async_noop (held); anything else fails with a message saying it has no fake.
 */
export const stdFakeExecutor: FakeExecutor = ({ plan, actionExecution }) => {
  const input = plan.input;
  switch (plan.action) {
    case "std.echo":
      return { result: input["output"] ?? null };
    case "std.noop":
    case "std.sleep":
      return { result: null };
    case "std.async_noop":
    case "std.mistral_http":
      return "hold";
    case "std.fail":
      return input["error_data"] !== undefined && input["error_data"] !== null
        ? { error: input["error_data"] }
        : {
            error: `The action raised an exception [action=Fail action, action_ex_id=${actionExecution.id}, msg='Fail action expected exception.']`,
          };
    case "std.test_dict": {
      const size = typeof input["size"] === "number" ? input["size"] : 0;
      const prefix = String(input["key_prefix"] ?? "");
      const result: Record<string, unknown> = {};
      for (let i = 0; i < size; i++) result[`${prefix}${i}`] = input["val"] ?? "";
      return { result };
    }
    default:
      return { error: `No fake executor for action ${plan.action}` };
  }
};

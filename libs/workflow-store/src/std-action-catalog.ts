// The std actions `db populate` registers as system action definitions: name, input string and
// description exactly as Mistral 15 (zed, the reference on these machines) reports them at
// GET /v2/actions, so that API clients see the same catalogue. The implementations live in
// @ops/workflow-runtime; `actionClass` names the Mistral class each one reproduces.

/** One std action as `GET /v2/actions` shows it. */
export interface StdActionEntry {
  readonly name: string;
  /** Mistral's input string: parameters with their defaults, as Python would print them. */
  readonly input: string;
  readonly description: string;
  /** The Mistral class whose behaviour the runtime's implementation follows. */
  readonly actionClass: string;
}

/** The project system actions belong to. */
export const SYSTEM_PROJECT_ID = "<default-system>";

/** Every std action, in the order Mistral's documentation lists them. */
export const STD_ACTION_CATALOG: readonly StdActionEntry[] = Object.freeze([
  {
    name: "std.echo",
    input: "output, delay=0",
    description:
      "Echo action.\n\nThis action just returns a configured value as a result without doing\nanything else. The value of such action implementation is that it\ncan be used in development (for testing), demonstration and designing\nof workflows themselves where echo action can play the role of temporary\nstub.",
    actionClass: "mistral.actions.std_actions.EchoAction",
  },
  {
    name: "std.noop",
    input: "",
    description:
      "No-operation action.\n\nThis action does nothing. It can be mostly useful for testing and\ndebugging purposes.",
    actionClass: "mistral.actions.std_actions.NoOpAction",
  },
  {
    name: "std.fail",
    input: "error_data=null",
    description:
      "'Always fail' action.\n\nIf you pass the `error_data` parameter, this action will be failed and\nreturn this data as error data. Otherwise, the action just throws an\ninstance of ActionException.\n\nThis behavior is useful in a number of cases, especially if we need to\ntest a scenario where some of workflow tasks fail.\n\n:param error_data: Action will be failed with this data",
    actionClass: "mistral.actions.std_actions.FailAction",
  },
  {
    name: "std.sleep",
    input: "seconds=1",
    description:
      "Sleep action.\n\nThis action sleeps for given amount of seconds. It can be mostly useful\nfor testing and debugging purposes.",
    actionClass: "mistral.actions.std_actions.SleepAction",
  },
  {
    name: "std.async_noop",
    input: "",
    description: "Asynchronous no-operation action.",
    actionClass: "mistral.actions.std_actions.AsyncNoOpAction",
  },
  {
    name: "std.test_dict",
    input: 'size=0, key_prefix="", val=""',
    description: "Generates test dict.",
    actionClass: "mistral.actions.std_actions.TestDictAction",
  },
  {
    name: "std.http",
    input:
      'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null',
    description:
      "HTTP action.\n\n:param url: URL for the new HTTP request.\n:param method: (optional, 'GET' by default) method for the new HTTP\n    request.\n:param params: (optional) Dictionary or bytes to be sent in the\n    query string for the HTTP request.\n:param body: (optional) Dictionary, bytes, or file-like object to send\n    in the body of the HTTP request.\n:param json: (optional) A JSON serializable Python object to send\n    in the body of the HTTP request.\n:param headers: (optional) Dictionary of HTTP Headers to send with\n    the HTTP request.\n:param cookies: (optional) Dict or CookieJar object to send with\n    the HTTP request.\n:param auth: (optional) Auth tuple to enable Basic/Digest/Custom\n    HTTP Auth.\n:param timeout: (optional) Float describing the timeout of the request\n    in seconds.\n:param allow_redirects: (optional) Boolean. Set to True if POST/PUT/DELETE\n    redirect following is allowed.\n:param proxies: (optional) Dictionary mapping protocol to the URL of\n    the proxy.\n:param verify: (optional) if ``True``, the SSL cert will be verified.\n    A CA_BUNDLE path can also be provided.",
    actionClass: "mistral.actions.std_actions.HTTPAction",
  },
  {
    name: "std.mistral_http",
    input:
      'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null',
    description:
      "HTTP action.\n\n:param url: URL for the new HTTP request.\n:param method: (optional, 'GET' by default) method for the new HTTP\n    request.\n:param params: (optional) Dictionary or bytes to be sent in the\n    query string for the HTTP request.\n:param body: (optional) Dictionary, bytes, or file-like object to send\n    in the body of the HTTP request.\n:param json: (optional) A JSON serializable Python object to send\n    in the body of the HTTP request.\n:param headers: (optional) Dictionary of HTTP Headers to send with\n    the HTTP request.\n:param cookies: (optional) Dict or CookieJar object to send with\n    the HTTP request.\n:param auth: (optional) Auth tuple to enable Basic/Digest/Custom\n    HTTP Auth.\n:param timeout: (optional) Float describing the timeout of the request\n    in seconds.\n:param allow_redirects: (optional) Boolean. Set to True if POST/PUT/DELETE\n    redirect following is allowed.\n:param proxies: (optional) Dictionary mapping protocol to the URL of\n    the proxy.\n:param verify: (optional) if ``True``, the SSL cert will be verified.\n    A CA_BUNDLE path can also be provided.",
    actionClass: "mistral.actions.std_actions.MistralHTTPAction",
  },
  {
    name: "std.javascript",
    input: "script, context=null",
    description: "Evaluates given JavaScript.\n\n    ",
    actionClass: "mistral.actions.std_actions.JavaScriptAction",
  },
  {
    name: "std.js",
    input: "script, context=null",
    description: "Evaluates given JavaScript.\n\n    ",
    actionClass: "mistral.actions.std_actions.JavaScriptAction",
  },
  {
    name: "std.ssh",
    input: 'cmd, host, username, password="", private_key_filename=null, private_key=null',
    description:
      "Runs Secure Shell (SSH) command on provided single or multiple hosts.\n\nIt is allowed to provide either a single host or a list of hosts in\naction parameter 'host'. In case of a single host the action result\nwill be a single value, otherwise a list of results provided in the\nsame order as provided hosts.",
    actionClass: "mistral.actions.std_actions.SSHAction",
  },
  {
    name: "std.ssh_proxied",
    input:
      "cmd, host, username, private_key_filename, gateway_host, gateway_username=null, password=null, proxy_command=null, private_key=null",
    description:
      "Runs Secure Shell (SSH) command on provided single or multiple hosts.\n\nIt is allowed to provide either a single host or a list of hosts in\naction parameter 'host'. In case of a single host the action result\nwill be a single value, otherwise a list of results provided in the\nsame order as provided hosts.",
    actionClass: "mistral.actions.std_actions.SSHProxiedAction",
  },
  {
    name: "std.email",
    input:
      "from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, bcc_addrs=null, smtp_password=null, subject=null, body=null, html_body=null",
    description:
      "Action.\n\nAction is a means in Mistral to perform some useful work associated with\na workflow during its execution. Every workflow task is configured with\nan action and when the task runs it eventually delegates to the action.\nWhen it happens task parameters get evaluated (calculating expressions,\nif any) and are treated as action parameters. So in a regular general\npurpose languages terminology action is a method declaration and task is\na method call.\n\nBase action class initializer doesn't have arguments. However, concrete\naction classes may have any number of parameters defining action behavior.\nThese parameters must correspond to parameters declared in action\nspecification (e.g. using DSL or others).",
    actionClass: "mistral.actions.std_actions.SendEmailAction",
  },
]);

import { describe, expect, it } from "vitest";
import {
  actionExecutionOutput,
  createStdActions,
  formatActionSignature,
  parseActionSignature,
  stdActions,
} from "../../src/actions/index.js";

// What `GET /v2/actions` of a real Mistral 15 (zed) shows for its std actions.
const MISTRAL_SIGNATURES: Record<string, { input: string; className: string; isAsync: boolean }> = {
  "std.async_noop": { input: "", className: "AsyncNoOpAction", isAsync: true },
  "std.echo": { input: "output, delay=0", className: "EchoAction", isAsync: false },
  "std.email": {
    input:
      "from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, bcc_addrs=null, smtp_password=null, subject=null, body=null, html_body=null",
    className: "SendEmailAction",
    isAsync: false,
  },
  "std.fail": { input: "error_data=null", className: "FailAction", isAsync: false },
  "std.http": {
    input:
      'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null',
    className: "HTTPAction",
    isAsync: false,
  },
  "std.javascript": { input: "script, context=null", className: "JavaScriptAction", isAsync: false },
  "std.js": { input: "script, context=null", className: "JavaScriptAction", isAsync: false },
  "std.mistral_http": {
    input:
      'url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null',
    className: "MistralHTTPAction",
    isAsync: true,
  },
  "std.noop": { input: "", className: "NoOpAction", isAsync: false },
  "std.sleep": { input: "seconds=1", className: "SleepAction", isAsync: false },
  "std.ssh": {
    input: 'cmd, host, username, password="", private_key_filename=null, private_key=null',
    className: "SSHAction",
    isAsync: false,
  },
  "std.ssh_proxied": {
    input:
      "cmd, host, username, private_key_filename, gateway_host, gateway_username=null, password=null, proxy_command=null, private_key=null",
    className: "SSHProxiedAction",
    isAsync: false,
  },
  "std.test_dict": { input: 'size=0, key_prefix="", val=""', className: "TestDictAction", isAsync: false },
};

describe("the std action registry", () => {
  it("holds exactly the std actions Mistral 15 ships", () => {
    expect([...stdActions.keys()].sort()).toEqual(Object.keys(MISTRAL_SIGNATURES).sort());
  });

  it.each(Object.entries(MISTRAL_SIGNATURES))(
    "gives %s Mistral's signature, class and sync mode",
    (name, expected) => {
      const action = stdActions.get(name)!;
      expect(action.name).toBe(name);
      expect(action.inputSignature).toBe(expected.input);
      expect(action.className).toBe(`mistral.actions.std_actions.${expected.className}`);
      expect(action.isAsync).toBe(expected.isAsync);
      expect(action.description.length).toBeGreaterThan(0);
    },
  );

  it("refuses invalid options, naming the option", () => {
    expect(() => createStdActions({ javascript: { memoryLimitMb: 0 } })).toThrow(/javascript\.memoryLimitMb/);
  });
});

describe("action signatures", () => {
  it("parse into required and defaulted parameters and print back unchanged", () => {
    const params = parseActionSignature('url, method="GET", params=null, delay=0, flag=true, prefix="a, b"');
    expect(params).toEqual([
      { name: "url", required: true },
      { name: "method", required: false, defaultValue: "GET" },
      { name: "params", required: false, defaultValue: null },
      { name: "delay", required: false, defaultValue: 0 },
      { name: "flag", required: false, defaultValue: true },
      { name: "prefix", required: false, defaultValue: "a, b" },
    ]);
    expect(formatActionSignature(params)).toBe(
      'url, method="GET", params=null, delay=0, flag=true, prefix="a, b"',
    );
  });
});

describe("input validation", () => {
  const echo = stdActions.get("std.echo")!;

  it("reports missing and unexpected names in one message, as Mistral's API does", () => {
    expect(echo.validate({ foo: 1 })?.message).toBe(
      "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output'], unexpected=['foo']]",
    );
    expect(echo.validate({})?.message).toBe(
      "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output']]",
    );
    expect(echo.validate({ output: 1, delay: 0 })).toBeUndefined();
  });

  it("lists every missing parameter with its code", () => {
    const error = stdActions.get("std.ssh")!.validate({ cmd: "true" });
    expect(error?.code).toBe("WF_ERR_ACTION_INPUT");
    expect(error?.missing).toEqual(["host", "username"]);
  });

  it("applies the checks Mistral's action constructors make", () => {
    expect(
      stdActions.get("std.http")!.validate({ url: "http://x", body: "a", json: { b: 1 } })?.message,
    ).toBe("Only one of the parameters 'json' and 'body' can be passed");
  });
});

describe("the stored output", () => {
  it("wraps results and errors in {result: ...} and has none while an async action runs", () => {
    expect(actionExecutionOutput({ ok: true, output: 1 })).toEqual({ result: 1 });
    expect(
      actionExecutionOutput({ ok: false, error: "x", code: "WF_ERR_ACTION_FAILED", retryable: false }),
    ).toEqual({
      result: "x",
    });
    expect(actionExecutionOutput({ pending: true })).toBeNull();
  });
});

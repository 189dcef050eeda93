import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStdActions, stdActions } from "../../src/actions/index.js";
import type { ActionResult, HttpActionResult } from "../../src/actions/index.js";
import { actionTestContext, TEST_EXECUTION } from "./support/action-test-context.js";
import type { HttpTestServer } from "./support/http-test-server.js";
import { startHttpsTestServer, startHttpTestServer, TEST_CA_FILE } from "./support/http-test-server.js";

let server: HttpTestServer;
let tlsServer: HttpTestServer;

beforeAll(async () => {
  [server, tlsServer] = await Promise.all([startHttpTestServer(), startHttpsTestServer()]);
});

afterAll(async () => {
  await Promise.all([server.close(), tlsServer.close()]);
});

const http = (input: Record<string, unknown>) =>
  stdActions.get("std.http")!.run(input, actionTestContext().context);

function output(result: ActionResult): HttpActionResult {
  if (!("ok" in result) || !result.ok) throw new Error(`expected a success, got ${JSON.stringify(result)}`);
  return result.output as HttpActionResult;
}

/** The request the server saw, as its /echo answer reports it. */
interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
const echoOf = (result: ActionResult) => output(result).content as Echo;

describe("std.http results", () => {
  it("have Mistral's shape: parsed JSON content, status, headers, url, history, encoding, reason, cookies, elapsed", async () => {
    const result = output(await http({ url: `${server.url}/echo` }));
    expect(Object.keys(result)).toEqual([
      "content",
      "status",
      "headers",
      "url",
      "history",
      "encoding",
      "reason",
      "cookies",
      "elapsed",
    ]);
    expect(result).toMatchObject({
      status: 200,
      url: `${server.url}/echo`,
      history: [],
      encoding: "utf-8",
      reason: "OK",
      cookies: { a: "1", b: "2" },
    });
    expect((result.content as Echo).method).toBe("GET");
    expect(result.headers["Content-Type"]).toBe("application/json");
    expect(result.headers["Set-Cookie"]).toBe("a=1; Path=/, b=2");
    expect(result.elapsed).toBeGreaterThan(0);
    expect(result.elapsed).toBeLessThan(5);
  });

  it("keep text content as text, decoded as requests decodes it (Latin-1 for text without charset)", async () => {
    const text = output(await http({ url: `${server.url}/text` }));
    expect(text).toMatchObject({ content: "h\u00c3\u00a9llo", encoding: "ISO-8859-1" });
    expect(output(await http({ url: `${server.url}/raw` }))).toMatchObject({
      content: "plain",
      encoding: null,
    });
    expect(output(await http({ url: `${server.url}/empty` }))).toMatchObject({
      status: 204,
      content: "",
      encoding: null,
    });
  });

  it("spell response header names as servers do", async () => {
    const result = await http({ url: `${server.url}/status/500` });
    expect(result).toHaveProperty("error.headers.X-OpenStack-Request-ID", "req-42");
  });
});

describe("std.http requests", () => {
  it("send the method, upper-cased", async () => {
    for (const method of ["POST", "PUT", "DELETE", "patch", "OPTIONS"]) {
      expect(echoOf(await http({ url: `${server.url}/echo`, method })).method).toBe(method.toUpperCase());
    }
    const head = output(await http({ url: `${server.url}/echo`, method: "HEAD" }));
    expect(head).toMatchObject({ status: 200, content: "" });
  });

  it("encode params after the URL's own query, as requests does", async () => {
    const echo = echoOf(
      await http({
        url: `${server.url}/echo?z=0`,
        params: { a: 1, b: [1, 2], c: null, d: "x y&", e: 1.5, f: true },
      }),
    );
    expect(echo.url).toBe("/echo?z=0&a=1&b=1&b=2&d=x+y%26&e=1.5&f=True");
    expect(echoOf(await http({ url: `${server.url}/echo`, params: "q=1&r=2" })).url).toBe("/echo?q=1&r=2");
  });

  it("send a json body with Python's JSON text and the JSON content type", async () => {
    const echo = echoOf(
      await http({ url: `${server.url}/echo`, method: "POST", json: { a: [1, "é"], b: null } }),
    );
    expect(echo.body).toBe('{"a": [1, "\\u00e9"], "b": null}');
    expect(echo.headers["content-type"]).toBe("application/json");
  });

  it("send a dict body as JSON text and a string body as it is, without a content type", async () => {
    const dict = echoOf(await http({ url: `${server.url}/echo`, method: "PUT", body: { k: "v" } }));
    expect(dict.body).toBe('{"k": "v"}');
    expect(dict.headers["content-type"]).toBeUndefined();
    const text = echoOf(
      await http({
        url: `${server.url}/echo`,
        method: "POST",
        body: "raw text",
        headers: { "Content-Type": "text/plain" },
      }),
    );
    expect(text).toMatchObject({ body: "raw text", headers: { "content-type": "text/plain" } });
  });

  it("refuse a body together with json", async () => {
    expect(await http({ url: `${server.url}/echo`, body: "a", json: { b: 1 } })).toEqual({
      ok: false,
      error: "Only one of the parameters 'json' and 'body' can be passed",
      code: "WF_ERR_ACTION_INPUT",
      retryable: false,
    });
  });

  it("send headers with numbers as strings, leave out null ones, and send cookies", async () => {
    const echo = echoOf(
      await http({
        url: `${server.url}/echo`,
        headers: { "X-Num": 5, "X-Float": 1.5, "X-None": null, "X-Text": "t" },
        cookies: { c1: "v1", c2: 2 },
      }),
    );
    expect(echo.headers).toMatchObject({
      "x-num": "5",
      "x-float": "1.5",
      "x-text": "t",
      cookie: "c1=v1; c2=2",
    });
    expect(echo.headers).not.toHaveProperty("x-none");
  });

  it("authenticate with Basic auth from 'user:password'", async () => {
    expect(output(await http({ url: `${server.url}/basic`, auth: "user:pa:ss" })).content).toEqual({
      authenticated: true,
    });
    expect(output(await http({ url: `${server.url}/basic`, auth: ["user", "pa:ss"] })).status).toBe(200);
    const base = new URL(server.url);
    expect(output(await http({ url: `http://user:pa%3Ass@${base.host}/basic` })).status).toBe(200);
    const refused = await http({ url: `${server.url}/basic`, auth: "user:wrong" });
    expect(refused).toMatchObject({ ok: false, code: "WF_ERR_ACTION_ERROR_RESULT", error: { status: 401 } });
  });
});

describe("std.http redirects", () => {
  it("are not followed by default: the redirect response is the result", async () => {
    const result = output(await http({ url: `${server.url}/redirect` }));
    expect(result).toMatchObject({
      status: 302,
      content: "moved",
      history: [],
      encoding: null,
      cookies: { r: "1" },
    });
    expect(result.headers["Location"]).toBe("/echo?from=redirect");
  });

  it("are followed with allow_redirects, keeping the history and cookies as requests does", async () => {
    const result = output(await http({ url: `${server.url}/redirect`, allow_redirects: true }));
    expect(result).toMatchObject({
      status: 200,
      url: `${server.url}/echo?from=redirect`,
      history: [["moved"]],
      cookies: { a: "1", b: "2" },
    });
    expect((result.content as Echo).headers.cookie).toBe("r=1");
  });

  it("turn a POST into a GET without body on 302, and repeat it on 307", async () => {
    const on302 = echoOf(
      await http({
        url: `${server.url}/redirect?code=302`,
        method: "POST",
        body: "x",
        allow_redirects: true,
      }),
    );
    expect(on302).toMatchObject({ method: "GET", body: "" });
    const on307 = echoOf(
      await http({
        url: `${server.url}/redirect?code=307`,
        method: "POST",
        body: "x",
        allow_redirects: true,
      }),
    );
    expect(on307).toMatchObject({ method: "POST", body: "x" });
  });

  it("make an error of a 307 that is not followed (only 200..306 succeed)", async () => {
    expect(await http({ url: `${server.url}/redirect?code=307` })).toMatchObject({
      ok: false,
      error: { status: 307 },
    });
  });

  it("stop after the redirect limit", async () => {
    const actions = createStdActions({ http: { maxRedirects: 3 } });
    const result = await actions
      .get("std.http")!
      .run({ url: `${server.url}/loop`, allow_redirects: true }, actionTestContext().context);
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining("msg='Failed to send HTTP request: Exceeded 3 redirects.'"),
    );
  });
});

describe("std.http failures", () => {
  it("make the response of an error status the error, marking 5xx as retryable", async () => {
    const notFound = await http({ url: `${server.url}/status/404` });
    expect(notFound).toMatchObject({
      ok: false,
      code: "WF_ERR_ACTION_ERROR_RESULT",
      retryable: false,
      error: {
        content: { error: true },
        status: 404,
        reason: "Not Found",
        url: `${server.url}/status/404`,
        history: [],
      },
    });
    expect(await http({ url: `${server.url}/status/503` })).toMatchObject({
      ok: false,
      retryable: true,
      error: { status: 503 },
    });
  });

  it("time out after `timeout` seconds with a retryable error", async () => {
    const started = Date.now();
    const result = await http({ url: `${server.url}/slow?ms=5000`, timeout: 0.3 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_FAILED", retryable: true });
    const message = new RegExp(
      String.raw`^The action raised an exception \[action=<mistral\.actions\.std_actions\.HTTPAction object at 0x[0-9a-f]+>, ` +
        String.raw`action_ex_id=${TEST_EXECUTION.actionExecutionId}, msg='Failed to send HTTP request: Read timed out\. \(timeout=0\.3\)'\]$`,
    );
    expect(result).toHaveProperty("error", expect.stringMatching(message));
  });

  it("report a refused connection as a retryable 'Failed to send HTTP request'", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = await http({ url: `http://127.0.0.1:${port}/` });
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result).toHaveProperty(
      "error",
      expect.stringMatching(/msg='Failed to send HTTP request: connect ECONNREFUSED 127\.0\.0\.1:\d+'\]$/),
    );
  });

  it("refuse URLs without an http(s) scheme and proxies", async () => {
    expect(await http({ url: "notaurl" })).toHaveProperty(
      "error",
      expect.stringContaining("Failed to send HTTP request: Invalid URL 'notaurl'"),
    );
    expect(await http({ url: "ftp://127.0.0.1/x" })).toHaveProperty(
      "error",
      expect.stringContaining("Failed to send HTTP request"),
    );
    expect(
      await http({ url: `${server.url}/echo`, proxies: { http: "http://127.0.0.1:3128" } }),
    ).toHaveProperty("error", expect.stringContaining("proxies are not supported"));
  });

  it("stop the request when cancelled", async () => {
    const { context, controller } = actionTestContext();
    setTimeout(() => controller.abort(new Error("cancelled by the user")), 100);
    const started = Date.now();
    const result = await stdActions.get("std.http")!.run({ url: `${server.url}/slow?ms=5000` }, context);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_CANCELLED" });
  });
});

describe("std.http over TLS", () => {
  it("verifies certificates by default", async () => {
    const result = await http({ url: `${tlsServer.url}/echo` });
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_FAILED", retryable: false });
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining("Failed to send HTTP request: self-signed certificate"),
    );
  });

  it("skips verification with verify: false and verifies against a CA bundle path", async () => {
    expect(output(await http({ url: `${tlsServer.url}/echo`, verify: false })).status).toBe(200);
    expect(output(await http({ url: `${tlsServer.url}/echo`, verify: TEST_CA_FILE })).status).toBe(200);
  });
});

describe("std.mistral_http", () => {
  it("sends Mistral's callback headers and stays pending", async () => {
    const { context } = actionTestContext();
    const before = server.requests.length;
    expect(
      await stdActions
        .get("std.mistral_http")!
        .run({ url: `${server.url}/echo?cb=1`, headers: { "X-A": "1" } }, context),
    ).toEqual({
      pending: true,
    });
    const seen = server.requests.slice(before).find((r) => r.url === "/echo?cb=1")!;
    expect(seen.headers).toMatchObject({
      "x-a": "1",
      "mistral-workflow-name": TEST_EXECUTION.workflowName,
      "mistral-workflow-execution-id": TEST_EXECUTION.workflowExecutionId,
      "mistral-task-id": TEST_EXECUTION.taskExecutionId,
      "mistral-action-execution-id": TEST_EXECUTION.actionExecutionId,
      "mistral-callback-url": `/v2/action_executions/${TEST_EXECUTION.actionExecutionId}`,
    });
  });

  it("leaves out the headers of ids it does not have", async () => {
    const { context } = actionTestContext({ actionExecutionId: "a1" });
    const before = server.requests.length;
    await stdActions.get("std.mistral_http")!.run({ url: `${server.url}/echo?cb=2` }, context);
    const seen = server.requests.slice(before).find((r) => r.url === "/echo?cb=2")!;
    expect(seen.headers["mistral-callback-url"]).toBe("/v2/action_executions/a1");
    expect(seen.headers).not.toHaveProperty("mistral-workflow-name");
    expect(seen.headers).not.toHaveProperty("mistral-task-id");
  });

  it("fails at once on an error status, with std.http's result", async () => {
    const result = await stdActions
      .get("std.mistral_http")!
      .run({ url: `${server.url}/status/404` }, actionTestContext().context);
    expect(result).toMatchObject({ ok: false, error: { status: 404 } });
  });
});

describe("std.http logging", () => {
  it("logs the request without credentials, query, headers or body", async () => {
    const { context, logLines } = actionTestContext();
    await stdActions.get("std.http")!.run(
      {
        url: `${server.url}/echo?token=query-secret`,
        auth: "user:auth-secret",
        headers: { "X-Auth-Token": "header-secret" },
        body: "body-secret",
        method: "POST",
      },
      context,
    );
    const logs = logLines.join("\n");
    expect(logs).toContain("action started");
    expect(logs).toContain(`${server.url}/echo`);
    for (const secret of ["query-secret", "auth-secret", "header-secret", "body-secret"])
      expect(logs).not.toContain(secret);
  });
});

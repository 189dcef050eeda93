import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createStdActions } from "../../src/actions/index.js";
import { actionTestContext } from "./support/action-test-context.js";

// Small limits keep the limit tests fast; the defaults are 30 s and 64 MB.
const actions = createStdActions({ javascript: { timeLimitMs: 1500, memoryLimitMb: 32 } });
const js = (input: Record<string, unknown>, name = "std.javascript") =>
  actions.get(name)!.run(input, actionTestContext().context);

describe("std.javascript", () => {
  it("answers the script's return value, with $ bound to the context", async () => {
    expect(
      await js({
        script: "return $.hosts.filter(h => h.up).map(h => h.name)",
        context: {
          hosts: [
            { name: "a", up: true },
            { name: "b", up: false },
            { name: "c", up: true },
          ],
        },
      }),
    ).toEqual({ ok: true, output: ["a", "c"] });
  });

  it("is also known as std.js", async () => {
    expect(await js({ script: "return $ * 2", context: 21 }, "std.js")).toEqual({ ok: true, output: 42 });
  });

  it("runs the script as a function body, as Mistral does: without return the result is null", async () => {
    expect(await js({ script: "1 + 1" })).toEqual({ ok: true, output: null });
    expect(await js({ script: "var x = {a: 1}; return x" })).toEqual({ ok: true, output: { a: 1 } });
  });

  it("passes the result through JSON (dates become strings, functions vanish)", async () => {
    expect(await js({ script: "return {d: new Date(0), f: function () {}, n: null, u: undefined}" })).toEqual(
      {
        ok: true,
        output: { d: "1970-01-01T00:00:00.000Z", n: null },
      },
    );
  });

  it("fails with the script's exception, worded as Mistral's executor words it", async () => {
    const result = await js({ script: "throw new TypeError('bad host list')" });
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_FAILED", retryable: false });
    expect(result).toHaveProperty(
      "error",
      expect.stringMatching(
        /^The action raised an exception \[action=<mistral\.actions\.std_actions\.JavaScriptAction object at 0x[0-9a-f]+>, action_ex_id=[0-9a-f-]+, msg='JavaScriptAction failed: TypeError: bad host list'\]$/,
      ),
    );
    expect(await js({ script: "return (" })).toHaveProperty(
      "error",
      expect.stringContaining("JavaScriptAction failed: SyntaxError"),
    );
  });

  it("gives the script no Node.js API", async () => {
    expect(
      await js({
        script: "return [typeof process, typeof require, typeof globalThis.fetch, typeof ArrayBuffer]",
      }),
    ).toEqual({
      ok: true,
      output: ["undefined", "undefined", "undefined", "undefined"],
    });
    expect(await js({ script: "return this.constructor.constructor('return process')()" })).toHaveProperty(
      "error",
      expect.stringContaining("ReferenceError: process is not defined"),
    );
  });

  it("terminates a script that runs past the time limit", async () => {
    const started = Date.now();
    const result = await js({ script: "while (true) {}" });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_TIME_LIMIT" });
    expect(result).toHaveProperty("error", expect.stringContaining("the script ran longer than 1500 ms"));
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(4000);
  });

  it("terminates a script that allocates past the memory limit", async () => {
    const result = await js({
      script: "var a = []; while (true) a.push(new Array(100000).fill(a.length)); return 1",
    });
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_MEMORY_LIMIT" });
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining("the script used more than 32 MB of memory"),
    );
  });

  it("leaves a script of normal size alone under the memory limit", async () => {
    expect(
      await js({ script: "var a = []; for (var i = 0; i < 100000; i++) a.push({i: i}); return a.length" }),
    ).toEqual({
      ok: true,
      output: 100000,
    });
  });

  it("stops a script when cancelled", async () => {
    const { context, controller } = actionTestContext();
    setTimeout(() => controller.abort(new Error("execution cancelled")), 100);
    const started = Date.now();
    const result = await actions.get("std.javascript")!.run({ script: "while (true) {}" }, context);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_CANCELLED" });
  });

  it("runs scripts side by side without sharing state, and leaves no worker thread behind", async () => {
    const threads = () => readdirSync("/proc/self/task").length;
    await js({ script: "return 0" }); // let the runtime start the threads it keeps
    const before = threads();
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        js({ script: "globalThis.seen = (globalThis.seen || 0) + $; return globalThis.seen", context: n }),
      ),
    );
    expect(results.map((r) => ("ok" in r && r.ok ? r.output : undefined))).toEqual([1, 2, 3, 4]);
    const quick = createStdActions({ javascript: { timeLimitMs: 200 } });
    await quick.get("std.js")!.run({ script: "while (true) {}" }, actionTestContext().context);
    expect(threads()).toBeLessThanOrEqual(before);
  });
});

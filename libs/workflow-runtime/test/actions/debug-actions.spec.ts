import { PyFloat } from "@ops/dsl";
import { describe, expect, it } from "vitest";
import { stdActions } from "../../src/actions/index.js";
import { actionTestContext, TEST_EXECUTION } from "./support/action-test-context.js";

const run = (name: string, input: Record<string, unknown>) =>
  stdActions.get(name)!.run(input, actionTestContext().context);

describe("std.echo", () => {
  it("answers its output", async () => {
    expect(await run("std.echo", { output: { a: [1, "x"] } })).toEqual({ ok: true, output: { a: [1, "x"] } });
  });

  it("waits the delay, read as a float", async () => {
    const started = Date.now();
    expect(await run("std.echo", { output: 1, delay: "0.2" })).toEqual({ ok: true, output: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("takes a negative or unreadable delay as none", async () => {
    const started = Date.now();
    await run("std.echo", { output: 1, delay: -5 });
    await run("std.echo", { output: 1, delay: "soon" });
    await run("std.echo", { output: 1, delay: new PyFloat(0) });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("stops waiting when cancelled", async () => {
    const { context, controller } = actionTestContext();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("task timed out")), 50);
    const result = await stdActions.get("std.echo")!.run({ output: 1, delay: 30 }, context);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_CANCELLED", retryable: true });
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining("msg='Action was cancelled: task timed out'"),
    );
  });

  it("answers Mistral's input error for a missing output", async () => {
    expect(await run("std.echo", {})).toEqual({
      ok: false,
      error:
        "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output']]",
      code: "WF_ERR_ACTION_INPUT",
      retryable: false,
    });
  });
});

describe("std.noop and std.async_noop", () => {
  it("std.noop answers null", async () => {
    expect(await run("std.noop", {})).toEqual({ ok: true, output: null });
  });

  it("std.async_noop stays pending: its result comes through the API", async () => {
    expect(await run("std.async_noop", {})).toEqual({ pending: true });
  });
});

describe("std.fail", () => {
  it("fails with the executor's message when there is no error data", async () => {
    expect(await run("std.fail", {})).toEqual({
      ok: false,
      error: `The action raised an exception [action=Fail action, action_ex_id=${TEST_EXECUTION.actionExecutionId}, msg='Fail action expected exception.']`,
      code: "WF_ERR_ACTION_FAILED",
      retryable: false,
    });
  });

  it("prints None as the action execution id outside a saved execution", async () => {
    const result = await stdActions.get("std.fail")!.run({}, actionTestContext({}).context);
    expect(result).toHaveProperty("error", expect.stringContaining("action_ex_id=None"));
  });

  it("fails with the error data itself when it is truthy", async () => {
    expect(await run("std.fail", { error_data: { reason: "disk full" } })).toMatchObject({
      ok: false,
      error: { reason: "disk full" },
      code: "WF_ERR_ACTION_ERROR_RESULT",
    });
  });

  it("treats falsy error data (0, '', {}) as none, as Python does", async () => {
    for (const errorData of [0, "", {}, []]) {
      expect(await run("std.fail", { error_data: errorData })).toHaveProperty(
        "error",
        expect.stringContaining("Fail action expected exception."),
      );
    }
  });
});

describe("std.sleep", () => {
  it("sleeps whole seconds and answers null", async () => {
    const started = Date.now();
    expect(await run("std.sleep", { seconds: 1 })).toEqual({ ok: true, output: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("does not sleep for an unreadable or negative number", async () => {
    const started = Date.now();
    await run("std.sleep", { seconds: "1.5" });
    await run("std.sleep", { seconds: -3 });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("stops when cancelled", async () => {
    const { context, controller } = actionTestContext();
    setTimeout(() => controller.abort(), 30);
    expect(await stdActions.get("std.sleep")!.run({ seconds: 60 }, context)).toMatchObject({
      code: "WF_ERR_ACTION_CANCELLED",
    });
  });
});

describe("std.test_dict", () => {
  it("generates size keys with the prefix and the value", async () => {
    expect(await run("std.test_dict", { size: 3, key_prefix: "key_", val: { v: 1 } })).toEqual({
      ok: true,
      output: { key_0: { v: 1 }, key_1: { v: 1 }, key_2: { v: 1 } },
    });
    expect(await run("std.test_dict", {})).toEqual({ ok: true, output: {} });
  });

  it("fails as range() does for a size that is not an int", async () => {
    expect(await run("std.test_dict", { size: 2.5 })).toHaveProperty(
      "error",
      expect.stringContaining("msg=''float' object cannot be interpreted as an integer'"),
    );
  });
});

describe("instant results (what the engine takes without an executor)", () => {
  const instantly = (name: string, input: Record<string, unknown>) =>
    stdActions.get(name)!.runInstantly?.(input, TEST_EXECUTION);

  it("are what run answers, for the actions and inputs that take no time", async () => {
    const inputs: [string, Record<string, unknown>][] = [
      ["std.echo", { output: { a: 1 } }],
      ["std.echo", { output: 2, delay: -1 }],
      ["std.noop", {}],
      ["std.fail", { error_data: { code: 7 } }],
      ["std.test_dict", { size: 3, key_prefix: "k", val: true }],
      ["std.echo", {}],
      ["std.test_dict", { size: "x" }],
    ];
    for (const [name, input] of inputs) {
      const answer = instantly(name, input);
      expect(answer, `${name} ${JSON.stringify(input)}`).toBeDefined();
      const ran = await stdActions.get(name)!.run(input, actionTestContext().context);
      // An exception's message names its own object id: compare up to it.
      const scrub = (result: unknown) => JSON.stringify(result).replace(/0x[0-9a-f]+/g, "0x?");
      expect(scrub(answer), `${name} ${JSON.stringify(input)}`).toBe(scrub(ran));
    }
  });

  it("name the action execution in a raised exception, as the executor does", () => {
    expect(instantly("std.fail", {})).toEqual({
      ok: false,
      error: `The action raised an exception [action=Fail action, action_ex_id=${TEST_EXECUTION.actionExecutionId}, msg='Fail action expected exception.']`,
      code: "WF_ERR_ACTION_FAILED",
      retryable: false,
    });
  });

  it("are left to the executor for what takes time or touches the world", () => {
    expect(instantly("std.echo", { output: 1, delay: 0.5 })).toBeUndefined();
    expect(instantly("std.test_dict", { size: 20_000 })).toBeUndefined();
    for (const name of [
      "std.sleep",
      "std.async_noop",
      "std.http",
      "std.ssh",
      "std.email",
      "std.javascript",
    ]) {
      expect(stdActions.get(name)!.runInstantly, name).toBeUndefined();
    }
  });
});

// Running actions on their own, and asynchronous actions reporting their results.
import { ALL_PROJECTS } from "@ops/workflow-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";

describe("action executions", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await createTestApp({ runSyncTimeoutMs: 300 });
  });

  afterEach(async () => {
    await test.close();
  });

  /** An executor that finishes std.echo with its output. */
  const echoExecutor = () => {
    test.commands.onRunAction = async (id) => {
      const row = await test.store.actionExecutions.get(ALL_PROJECTS, id);
      await test.store.actionExecutions.updateIf(
        ALL_PROJECTS,
        id,
        { state: "RUNNING" },
        {
          state: "SUCCESS",
          output: { result: (row.input as { output: unknown }).output },
        },
      );
    };
  };

  const run = (payload: Record<string, unknown>) =>
    test.app.inject({ method: "POST", url: "/v2/action_executions", payload });

  it("runs a synchronous action and answers its result without keeping it, as Mistral does", async () => {
    echoExecutor();
    const response = await run({ name: "std.echo", input: '{"output": 1.0}' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ id: null, state: "SUCCESS", output: '{"result": 1.0}' });
    const call = test.commands.calls[0];
    expect(call).toMatchObject({ kind: "runAction", target: null });
    expect(await test.store.actionExecutions.find(ALL_PROJECTS, call!.id)).toBeNull();
  });

  it("keeps the result with save_result and sends the action to the named executor", async () => {
    echoExecutor();
    const response = await run({
      name: "std.echo",
      input: { output: "x" },
      params: '{"save_result": true, "run_sync": true, "target": "edge"}',
    });
    const body = response.json() as { id: string };
    expect(body).toMatchObject({ state: "SUCCESS", output: '{"result": "x"}' });
    expect(test.commands.calls[0]).toEqual({ kind: "runAction", id: body.id, target: "edge" });
    const saved = await test.app.inject({ method: "GET", url: `/v2/action_executions/${body.id}` });
    expect(saved.json()).toMatchObject({ id: body.id, state: "SUCCESS", task_name: null });
  });

  it("answers RUNNING when run_sync times out, keeping the row for the result to come", async () => {
    const response = await run({
      name: "std.echo",
      input: '{"output": "late"}',
      params: '{"run_sync": true}',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as { id: string; state: string };
    expect(body.state).toBe("RUNNING");
    expect(await test.store.actionExecutions.find(ALL_PROJECTS, body.id)).not.toBeNull();
  });

  it("schedules an asynchronous action and refuses to run it synchronously", async () => {
    const scheduled = await run({ name: "std.async_noop", params: { save_result: true } });
    expect(scheduled.json()).toMatchObject({ state: "RUNNING", output: null });
    const refused = await run({ name: "std.async_noop", params: { run_sync: true } });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { faultstring: string }).faultstring).toBe(
      "Action does not support synchronous execution.",
    );
  });

  it("checks the input against the action's parameters", async () => {
    const response = await run({ name: "std.echo", input: '{"bad": 1}' });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { faultstring: string }).faultstring).toBe(
      "Invalid input [name=std.echo, class=mistral.actions.std_actions.EchoAction, missing=['output'], unexpected=['bad']]",
    );
    expect(test.commands.calls).toEqual([]);
  });

  it("takes an async action's result once, then tells the engine", async () => {
    const { id } = (await run({ name: "std.async_noop", params: '{"save_result": true}' })).json() as {
      id: string;
    };
    const done = await test.app.inject({
      method: "PUT",
      url: `/v2/action_executions/${id}`,
      payload: { state: "SUCCESS", output: { a: 1 } },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ state: "SUCCESS", output: '{"result": {"a": 1}}' });
    expect(test.commands.calls.at(-1)).toEqual({ kind: "completeAction", id });
    const again = await test.app.inject({
      method: "PUT",
      url: `/v2/action_executions/${id}`,
      payload: { state: "ERROR" },
    });
    expect(again.statusCode).toBe(400);
    expect(test.commands.calls.filter((call) => call.kind === "completeAction")).toHaveLength(1);
  });

  it("records an error result as 'Unknown error' when none is given", async () => {
    const { id } = (await run({ name: "std.async_noop", params: '{"save_result": true}' })).json() as {
      id: string;
    };
    const failed = await test.app.inject({
      method: "PUT",
      url: `/v2/action_executions/${id}`,
      payload: { state: "ERROR" },
    });
    expect(failed.json()).toMatchObject({ state: "ERROR", output: '{"result": "Unknown error"}' });
  });

  it("deletes only finished ad-hoc action executions, and only when allowed", async () => {
    const { id } = (await run({ name: "std.async_noop", params: '{"save_result": true}' })).json() as {
      id: string;
    };
    expect((await test.app.inject({ method: "DELETE", url: `/v2/action_executions/${id}` })).statusCode).toBe(
      403,
    );
    await test.app.inject({
      method: "PUT",
      url: `/v2/action_executions/${id}`,
      payload: { state: "CANCELLED" },
    });
    expect((await test.app.inject({ method: "DELETE", url: `/v2/action_executions/${id}` })).statusCode).toBe(
      204,
    );

    const strict = await createTestApp({ allowActionExecutionDeletion: false });
    try {
      const response = await strict.app.inject({ method: "DELETE", url: `/v2/action_executions/${id}` });
      expect(response.statusCode).toBe(403);
      expect((response.json() as { faultstring: string }).faultstring).toBe(
        "Action execution deletion is not allowed.",
      );
    } finally {
      await strict.close();
    }
  });

  it("lists the action executions of a task with the task's name", async () => {
    const execution = await test.store.workflowExecutions.create({
      name: "wf",
      state: "RUNNING",
      projectId: "<default-project>",
    });
    const task = await test.store.taskExecutions.create({
      name: "step",
      workflowExecutionId: execution.id,
      state: "RUNNING",
      projectId: "<default-project>",
    });
    await test.store.actionExecutions.create({
      name: "std.noop",
      taskExecutionId: task.id,
      state: "SUCCESS",
      accepted: true,
      output: { result: null },
      projectId: "<default-project>",
    });
    const list = await test.app.inject({ method: "GET", url: `/v2/tasks/${task.id}/action_executions` });
    expect((list.json() as { action_executions: unknown[] }).action_executions).toEqual([
      expect.objectContaining({ name: "std.noop", task_name: "step" }),
    ]);
    const one = await test.app.inject({ method: "GET", url: `/v2/tasks/${task.id}` });
    expect(one.json()).toMatchObject({ name: "step", result: "null" });
  });
});

// PUT /v2/tasks/{id}: the rerun of a failed task, with Mistral's checks and messages (TasksController
// .put); what the engine then does is the conductor's (rehearsals `rerun-*`) and is run end to end
// in apps/workflow-engine's task-policies.spec.ts.
import { ALL_PROJECTS, type ExecutionState } from "@ops/workflow-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";

const WORKFLOWS = `---
version: '2.0'
plain:
  tasks:
    say:
      action: std.echo output="hi"
`;

describe("rerunning a task", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await createTestApp();
    const created = await test.app.inject({
      method: "POST",
      url: "/v2/workflows",
      payload: WORKFLOWS,
      headers: { "content-type": "text/plain" },
    });
    expect(created.statusCode).toBe(201);
  });

  afterEach(async () => {
    await test.close();
  });

  /** An execution of `plain` in `executionState` with one task in `taskState`. */
  async function failedTask(
    options: { taskState?: ExecutionState; executionState?: ExecutionState; spec?: object } = {},
  ): Promise<{ executionId: string; taskId: string }> {
    const started = await test.app.inject({
      method: "POST",
      url: "/v2/executions",
      payload: { workflow_name: "plain" },
    });
    const executionId = (started.json() as { id: string }).id;
    await test.store.workflowExecutions.update(ALL_PROJECTS, executionId, {
      state: options.executionState ?? "ERROR",
    });
    const task = await test.store.taskExecutions.create({
      name: "say",
      workflowExecutionId: executionId,
      workflowName: "plain",
      state: options.taskState ?? "ERROR",
      stateInfo: "boom",
      spec: options.spec ?? { name: "say", action: 'std.echo output="hi"' },
      projectId: "<default-project>",
    });
    test.commands.calls.length = 0;
    return { executionId, taskId: task.id };
  }

  const put = (taskId: string, payload: unknown, headers: Record<string, string> = {}) =>
    test.app.inject({
      method: "PUT",
      url: `/v2/tasks/${taskId}`,
      payload: payload as string,
      headers: { "content-type": "application/json", ...headers },
    });

  const fault = (response: { json(): unknown }) => (response.json() as { faultstring: string }).faultstring;

  it("hands a failed task to the engine and answers with the task and its result", async () => {
    const { taskId } = await failedTask();
    const response = await put(taskId, { state: "RUNNING", reset: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: taskId, name: "say", result: "[]" });
    expect(test.commands.calls).toEqual([{ kind: "rerunTask", id: taskId, reset: true, env: undefined }]);
  });

  it("takes env as a JSON string or an object, and the names when they match", async () => {
    const { taskId } = await failedTask();
    const asText = await put(taskId, {
      state: "RUNNING",
      reset: true,
      name: "say",
      workflow_name: "plain",
      env: '{"greeting": "hello"}',
    });
    expect(asText.statusCode).toBe(200);
    const asObject = await put(taskId, { state: "RUNNING", reset: true, env: { greeting: "hi" } });
    expect(asObject.statusCode).toBe(200);
    expect(test.commands.calls).toEqual([
      { kind: "rerunTask", id: taskId, reset: true, env: { greeting: "hello" } },
      { kind: "rerunTask", id: taskId, reset: true, env: { greeting: "hi" } },
    ]);
  });

  it("lets a with-items task rerun only its failed items (reset false)", async () => {
    const { taskId } = await failedTask({
      spec: { name: "say", action: "std.echo", "with-items": "x in <% [1, 2] %>" },
    });
    const response = await put(taskId, { state: "RUNNING", reset: false });
    expect(response.statusCode).toBe(200);
    expect(test.commands.calls).toEqual([{ kind: "rerunTask", id: taskId, reset: false, env: undefined }]);
  });

  it.each([
    [{ state: "SUCCESS", reset: true }, "Invalid task state. Only updating task to rerun is supported."],
    [{ reset: true }, "Invalid task state. Only updating task to rerun is supported."],
    [{ state: "RUNNING", reset: false }, "Only with-items task has the option to not reset."],
    [{ state: "RUNNING", reset: true, name: "other" }, "Task name does not match."],
    [{ state: "RUNNING", reset: true, workflow_name: "other" }, "Workflow name does not match."],
    [
      { state: "RUNNING" },
      "Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing.",
    ],
    [
      { state: "RUNNING", reset: true, env: "[1, 2]" },
      "JsonType field value must be a dictionary [actual=[1, 2]]",
    ],
  ])("refuses %j with 400: %s", async (payload, message) => {
    const { taskId } = await failedTask();
    const response = await put(taskId, payload);
    expect(response.statusCode).toBe(400);
    expect(fault(response)).toBe(message);
    expect(test.commands.calls).toEqual([]);
  });

  it("refuses a task that is not in ERROR", async () => {
    const { taskId } = await failedTask({ taskState: "SUCCESS", executionState: "SUCCESS" });
    const response = await put(taskId, { state: "RUNNING", reset: true });
    expect(response.statusCode).toBe(400);
    expect(fault(response)).toBe(
      "The current task execution must be in ERROR for rerun. Only updating task to rerun is supported.",
    );
  });

  it("refuses a new env while the execution runs (403), as Mistral does", async () => {
    const { taskId } = await failedTask({ executionState: "RUNNING" });
    const withEnv = await put(taskId, { state: "RUNNING", reset: true, env: { a: 1 } });
    expect(withEnv.statusCode).toBe(403);
    expect(fault(withEnv)).toBe(
      "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state.",
    );
    const withoutEnv = await put(taskId, { state: "RUNNING", reset: true });
    expect(withoutEnv.statusCode).toBe(200);
  });

  it("answers 404 for an unknown task and for another project's task", async () => {
    const unknown = await put("00000000-0000-4000-8000-000000000000", { state: "RUNNING", reset: true });
    expect(unknown.statusCode).toBe(404);
    const { taskId } = await failedTask();
    const elsewhere = await put(
      taskId,
      { state: "RUNNING", reset: true },
      { "x-project-id": "someone-else" },
    );
    expect(elsewhere.statusCode).toBe(404);
    expect(test.commands.calls).toEqual([]);
  });

  it("refuses a body that is not JSON, or has a field the resource does not have", async () => {
    const { taskId } = await failedTask();
    const broken = await put(taskId, "{not json");
    expect(broken.statusCode).toBe(400);
    const unknownField = await put(taskId, { state: "RUNNING", reset: true, colour: "red" });
    expect(unknownField.statusCode).toBe(400);
    expect(fault(unknownField)).toContain("colour");
    expect(test.commands.calls).toEqual([]);
  });
});

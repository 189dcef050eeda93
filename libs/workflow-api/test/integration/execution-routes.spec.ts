// Workflow executions: the API writes rows, then hands the work to the engine through its commands.
import { ALL_PROJECTS } from "@ops/workflow-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";

const WORKFLOWS = `---
version: '2.0'
greet:
  input:
    - name
    - greeting: Hello
  vars:
    internal: 1
  tasks:
    say:
      action: std.echo output="<% $.greeting %>, <% $.name %>"
reversed:
  type: reverse
  tasks:
    last:
      action: std.noop
`;

describe("executions", () => {
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

  const start = (payload: Record<string, unknown>) =>
    test.app.inject({ method: "POST", url: "/v2/executions", payload });

  it("creates an IDLE execution with the input completed by defaults, then asks the engine to start it", async () => {
    const response = await start({ workflow_name: "greet", input: '{"name": "Ann"}', description: "first" });
    expect(response.statusCode).toBe(201);
    const body = response.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      workflow_name: "greet",
      state: "IDLE",
      description: "first",
      input: '{"name": "Ann", "greeting": "Hello"}',
      params: '{"namespace": "", "env": {}}',
      output: "{}",
    });
    expect(test.commands.calls).toEqual([{ kind: "startExecution", id: body["id"] }]);
    const row = await test.store.workflowExecutions.get(ALL_PROJECTS, body["id"] as string);
    expect(row.spec).toMatchObject({
      name: "greet",
      version: "2.0",
      tasks: { say: { type: "direct", name: "say" } },
    });
  });

  it("still answers 201 when the engine cannot be reached: the row waits for the reconciler", async () => {
    test.commands.failNext = true;
    const response = await start({ workflow_name: "greet", input: { name: "Bo" } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ state: "IDLE" });
  });

  it("puts a named environment's variables into params.env, keeping floats", async () => {
    await test.app.inject({
      method: "POST",
      url: "/v2/environments",
      payload: { name: "prod", variables: '{"ratio": 1.0}' },
    });
    const response = await start({
      workflow_name: "greet",
      input: '{"name": "A"}',
      params: '{"env": "prod"}',
    });
    expect(response.json()).toMatchObject({ params: '{"env": {"ratio": 1.0}, "namespace": ""}' });
  });

  it("refuses a reverse workflow without params.task_name", async () => {
    const response = await start({ workflow_name: "reversed" });
    expect(response.statusCode).toBe(400);
  });

  it("starts again from a source execution with its workflow, input and params", async () => {
    const first = (
      await start({ workflow_name: "greet", input: '{"name": "A"}', description: "one" })
    ).json() as {
      id: string;
    };
    const again = await start({ source_execution_id: first.id, description: "two" });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({
      workflow_name: "greet",
      input: '{"name": "A", "greeting": "Hello"}',
      description: `two Based on the execution '${first.id}'`,
    });
  });

  it("answers with the existing execution when the client's id is taken", async () => {
    const id = "6f9619ff-8b86-4011-b42d-00cf4fc964ff";
    await start({ id, workflow_name: "greet", input: '{"name": "A"}' });
    const again = await start({ id, workflow_name: "greet", input: '{"name": "B"}' });
    expect(again.json()).toMatchObject({ id, input: '{"name": "A", "greeting": "Hello"}' });
    expect(test.commands.calls.filter((call) => call.kind === "startExecution")).toHaveLength(1);
  });

  it("pauses through the engine and answers once the engine has applied it", async () => {
    const { id } = (await start({ workflow_name: "greet", input: '{"name": "A"}' })).json() as { id: string };
    await test.store.workflowExecutions.update(ALL_PROJECTS, id, { state: "RUNNING" });
    test.commands.onControl = async (executionId, command) => {
      if (command === "pause")
        await test.store.workflowExecutions.update(ALL_PROJECTS, executionId, { state: "PAUSED" });
    };
    const response = await test.app.inject({
      method: "PUT",
      url: `/v2/executions/${id}`,
      payload: { state: "PAUSED" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: "PAUSED" });
    expect(test.commands.calls.at(-1)).toEqual({ kind: "controlExecution", id, command: "pause" });
  });

  it("cancels through the engine and refuses SUCCESS, which it cannot force yet", async () => {
    const { id } = (await start({ workflow_name: "greet", input: '{"name": "A"}' })).json() as { id: string };
    await test.store.workflowExecutions.update(ALL_PROJECTS, id, { state: "RUNNING" });
    const cancel = await test.app.inject({
      method: "PUT",
      url: `/v2/executions/${id}`,
      payload: { state: "CANCELLED" },
    });
    expect(cancel.statusCode).toBe(200);
    expect(test.commands.calls.at(-1)).toEqual({ kind: "controlExecution", id, command: "cancel" });
    const success = await test.app.inject({
      method: "PUT",
      url: `/v2/executions/${id}`,
      payload: { state: "SUCCESS" },
    });
    expect(success.statusCode).toBe(400);
  });

  it("merges a new env into a paused execution's params and refuses it while running", async () => {
    const { id } = (
      await start({ workflow_name: "greet", input: '{"name": "A"}', params: { env: { a: 1 } } })
    ).json() as {
      id: string;
    };
    await test.store.workflowExecutions.update(ALL_PROJECTS, id, { state: "RUNNING" });
    const refused = await test.app.inject({
      method: "PUT",
      url: `/v2/executions/${id}`,
      payload: { params: { env: { b: 2 } } },
    });
    expect(refused.statusCode).toBe(403);
    await test.store.workflowExecutions.update(ALL_PROJECTS, id, { state: "PAUSED" });
    const accepted = await test.app.inject({
      method: "PUT",
      url: `/v2/executions/${id}`,
      payload: { params: '{"env": {"b": 2}}' },
    });
    expect(accepted.statusCode).toBe(200);
    const row = await test.store.workflowExecutions.get(ALL_PROJECTS, id);
    expect(row.params).toMatchObject({ env: { a: 1, b: 2 } });
  });

  it("deletes a running execution only with force, with its tasks and action executions", async () => {
    const { id } = (await start({ workflow_name: "greet", input: '{"name": "A"}' })).json() as { id: string };
    await test.store.workflowExecutions.update(ALL_PROJECTS, id, { state: "RUNNING" });
    const task = await test.store.taskExecutions.create({
      name: "say",
      workflowExecutionId: id,
      state: "RUNNING",
      projectId: "<default-project>",
    });
    const action = await test.store.actionExecutions.create({
      name: "std.echo",
      taskExecutionId: task.id,
      state: "RUNNING",
      projectId: "<default-project>",
    });
    const refused = await test.app.inject({ method: "DELETE", url: `/v2/executions/${id}` });
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as { faultstring: string }).faultstring).toContain("Use --force");
    const forced = await test.app.inject({ method: "DELETE", url: `/v2/executions/${id}?force=True` });
    expect(forced.statusCode).toBe(204);
    expect(await test.store.taskExecutions.find(ALL_PROJECTS, task.id)).toBeNull();
    expect(await test.store.actionExecutions.find(ALL_PROJECTS, action.id)).toBeNull();
  });

  it("lists tasks by execution and filters executions by the task that started them", async () => {
    const parent = (await start({ workflow_name: "greet", input: '{"name": "A"}' })).json() as { id: string };
    const task = await test.store.taskExecutions.create({
      name: "say",
      workflowExecutionId: parent.id,
      state: "RUNNING",
      type: "WORKFLOW",
      projectId: "<default-project>",
    });
    const child = (await start({ workflow_name: "greet", input: '{"name": "B"}' })).json() as { id: string };
    await test.store.workflowExecutions.update(ALL_PROJECTS, child.id, {
      taskExecutionId: task.id,
      rootExecutionId: parent.id,
    });

    const tasks = await test.app.inject({ method: "GET", url: `/v2/executions/${parent.id}/tasks` });
    expect((tasks.json() as { tasks: { id: string }[] }).tasks.map((t) => t.id)).toEqual([task.id]);
    const byTask = await test.app.inject({
      method: "GET",
      url: `/v2/executions?task_execution_id=${task.id}`,
    });
    expect((byTask.json() as { executions: { id: string }[] }).executions.map((e) => e.id)).toEqual([
      child.id,
    ]);
    const byTaskAlias = await test.app.inject({ method: "GET", url: `/v2/executions?task=${task.id}` });
    expect((byTaskAlias.json() as { executions: { id: string }[] }).executions.map((e) => e.id)).toEqual([
      child.id,
    ]);
    const roots = await test.app.inject({ method: "GET", url: "/v2/executions?nulls=root_execution_id" });
    expect((roots.json() as { executions: { id: string }[] }).executions.map((e) => e.id)).toEqual([
      parent.id,
    ]);
    const tree = await test.app.inject({ method: "GET", url: `/v2/executions/${parent.id}/executions` });
    expect((tree.json() as { executions: { id: string }[] }).executions.map((e) => e.id)).toEqual([
      parent.id,
      child.id,
    ]);
    const fromTask = await test.app.inject({
      method: "GET",
      url: `/v2/tasks/${task.id}/workflow_executions`,
    });
    expect((fromTask.json() as { executions: { id: string }[] }).executions.map((e) => e.id)).toEqual([
      child.id,
    ]);
  });

  it("pages through executions with Mistral's next links", async () => {
    const made: string[] = [];
    for (const name of ["a", "b", "c"]) {
      made.push(((await start({ workflow_name: "greet", input: { name } })).json() as { id: string }).id);
    }
    const seen: string[] = [];
    let url: string | undefined = "/v2/executions?limit=2&fields=state";
    while (url !== undefined) {
      const page = (await test.app.inject({ method: "GET", url })).json() as {
        executions: { id: string }[];
        next?: string;
      };
      seen.push(...page.executions.map((e) => e.id));
      url = page.next?.replace("http://localhost:80", "");
    }
    expect(seen).toEqual(made);
  });

  it("shows published globals from the context, without internal keys and the workflow's vars", async () => {
    const { id } = (await start({ workflow_name: "greet", input: '{"name": "A"}' })).json() as { id: string };
    await test.store.workflowExecutions.update(ALL_PROJECTS, id, {
      context: { shared: 1, internal: 1, __execution: { id } },
    });
    const response = await test.app.inject({ method: "GET", url: `/v2/executions/${id}` });
    expect(response.json()).toMatchObject({ published_global: '{"shared": 1}' });
  });
});

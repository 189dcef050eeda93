// Nothing a client sends may cause a 500: every endpoint gets malformed JSON, wrong types, unknown
// fields, broken YAML, bodies over the limit and bad query parameters, and must answer 4xx (or a
// success) with Mistral's error body.
import { ALL_PROJECTS } from "@ops/workflow-store";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";

const BODY_LIMIT = 64 * 1024;

const WORKFLOW = `---
version: '2.0'
hostile_wf:
  input:
    - name
  tasks:
    t1:
      action: std.echo output=<% $.name %>
`;

/** Bodies for POST and PUT: JSON endpoints and YAML endpoints get all of them. */
const BODIES: ReadonlyArray<{
  readonly what: string;
  readonly payload: string;
  readonly contentType?: string;
}> = [
  { what: "malformed JSON", payload: "{bad json", contentType: "application/json" },
  { what: "a JSON list", payload: "[1, 2, 3]", contentType: "application/json" },
  { what: "a JSON string", payload: '"text"', contentType: "application/json" },
  { what: "a JSON number", payload: "5", contentType: "application/json" },
  { what: "JSON null", payload: "null", contentType: "application/json" },
  { what: "an empty body", payload: "", contentType: "application/json" },
  { what: "an unknown field", payload: '{"zzz": 1}', contentType: "application/json" },
  {
    what: "wrong types",
    payload:
      '{"name": 5, "workflow_name": 7, "input": 5, "params": [1], "state": 5, "description": {}, "variables": 7, "output": true, "id": 3}',
    contentType: "application/json",
  },
  {
    what: "JSON strings that are not JSON",
    payload: '{"name": "x", "input": "{", "params": "nope", "variables": "[", "output": "}"}',
    contentType: "application/json",
  },
  {
    what: "JSON-encoded lists",
    payload:
      '{"name": "std.echo", "workflow_name": "hostile_wf", "input": "[1]", "params": "[2]", "variables": "[3]", "output": "[4]"}',
    contentType: "application/json",
  },
  {
    what: "cron trigger fields of the wrong types",
    payload:
      '{"name": "ct", "workflow_name": ["hostile_wf"], "pattern": 5, "first_execution_time": {}, "remaining_executions": "3", "workflow_input": 5, "workflow_params": true, "scope": 1}',
    contentType: "application/json",
  },
  {
    what: "cron trigger values out of range",
    payload:
      '{"name": "ct", "workflow_name": "hostile_wf", "workflow_input": "{\\"name\\": 1}", "pattern": "99 99 99 99 99", "first_execution_time": "9999-12-31 23:59", "remaining_executions": 123456789012345678901234567890}',
    contentType: "application/json",
  },
  {
    what: "a cron trigger at the end of time",
    payload:
      '{"name": "ct_end", "workflow_name": "hostile_wf", "workflow_input": "{\\"name\\": 1}", "first_execution_time": "9999-12-31 23:59", "remaining_executions": 1.0}',
    contentType: "application/json",
  },
  {
    what: "a cron trigger with a huge count and odd pattern",
    payload:
      '{"name": "ct_odd", "workflow_name": "hostile_wf", "workflow_input": {"name": 1}, "pattern": "0 0 31 2 *", "remaining_executions": 2147483647, "workflow_namespace": "%00"}',
    contentType: "application/json",
  },
  {
    what: "prototype pollution",
    payload: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
    contentType: "application/json",
  },
  { what: "deep nesting", payload: "[".repeat(5000) + "]".repeat(5000), contentType: "application/json" },
  {
    what: "NaN and huge numbers",
    payload: '{"name": NaN, "input": 1e999, "params": 123456789012345678901234567890}',
    contentType: "application/json",
  },
  { what: "broken YAML", payload: "version: '2.0'\nwf: [\n  - {", contentType: "text/plain" },
  { what: "YAML that is a list", payload: "- a\n- b\n", contentType: "text/plain" },
  {
    what: "YAML with a bad workflow",
    payload: "version: '2.0'\nwf:\n  tasks: 5\n",
    contentType: "text/plain",
  },
  {
    what: "binary garbage",
    payload: "\u0000\u0001\u00ff\ufffe\ud800",
    contentType: "application/octet-stream",
  },
  { what: "no content type", payload: '{"name": "x"}' },
  { what: "an XML content type", payload: "<a/>", contentType: "application/xml" },
  {
    what: "a body over the limit",
    payload: `{"description": "${"x".repeat(BODY_LIMIT + 10)}"}`,
    contentType: "application/json",
  },
  {
    what: "a YAML body over the limit",
    payload: `version: '2.0'\n# ${"x".repeat(BODY_LIMIT + 10)}\n`,
    contentType: "text/plain",
  },
];

/** Query strings for GET endpoints. */
const QUERIES: readonly string[] = [
  "limit=abc",
  "limit=-1",
  "limit=0",
  "limit=1.5",
  "limit=99999999999999999999999",
  "limit=1&limit=2",
  "marker=not-a-uuid",
  "marker=00000000-0000-4000-8000-000000000000",
  "sort_keys=bogus",
  "sort_keys=name,created_at&sort_dirs=asc,desc,asc",
  "sort_dirs=sideways",
  "fields=bogus,other",
  "bogus=1",
  "created_at=not-a-date",
  "created_at=gt:2026-13-45",
  "updated_at=lte:",
  "name=in:",
  "state=nin:A,B",
  "workflow_id=zzz",
  "task_execution_id=in:a,b",
  "params=%7Bbad",
  "input=%5B1%5D",
  "processed=maybe",
  "accepted=perhaps",
  "include_output=sometimes",
  "nulls=bogus_column",
  "all_projects=yes",
  "namespace=%00%01",
  "name=%F0%9F%92%A5",
  "tags=a,b,c",
  "is_system=2",
  "errors_only=x&max_depth=y",
  "force=perhaps",
  `name=${"n".repeat(5000)}`,
  "remaining_executions=abc",
  "remaining_executions=99999999999999999999",
  "remaining_executions=-1",
  "pattern=in:%00,%FF",
  "first_execution_time=gt:nope",
  "next_execution_time=lt:2026-02-30",
  "workflow_input=%7Bbad",
  "workflow_params=%5B1%5D",
  "scope=nin:",
  "project_id=not-a-uuid",
];

describe("hostile requests", () => {
  let test: TestApp;
  let ids: Record<string, string>;

  beforeAll(async () => {
    test = await createTestApp({ bodyLimit: BODY_LIMIT });
    const created = await test.app.inject({
      method: "POST",
      url: "/v2/workflows",
      payload: WORKFLOW,
      headers: { "content-type": "text/plain" },
    });
    const workflowId = (created.json() as { workflows: { id: string }[] }).workflows[0]!.id;
    const execution = await test.app.inject({
      method: "POST",
      url: "/v2/executions",
      payload: { workflow_name: "hostile_wf", input: '{"name": "x"}' },
    });
    const executionId = (execution.json() as { id: string }).id;
    const task = await test.store.taskExecutions.create({
      name: "t1",
      workflowExecutionId: executionId,
      state: "ERROR",
      projectId: "<default-project>",
    });
    const action = await test.store.actionExecutions.create({
      name: "std.echo",
      taskExecutionId: task.id,
      state: "RUNNING",
      projectId: "<default-project>",
    });
    await test.app.inject({
      method: "POST",
      url: "/v2/environments",
      payload: { name: "hostile_env", variables: "{}" },
    });
    const trigger = await test.app.inject({
      method: "POST",
      url: "/v2/cron_triggers",
      payload: {
        name: "hostile_tr",
        workflow_name: "hostile_wf",
        workflow_input: { name: "x" },
        pattern: "0 * * * *",
      },
    });
    expect(trigger.statusCode).toBe(201);
    ids = { workflowId, executionId, taskId: task.id, actionId: action.id };
    expect(await test.store.workflowExecutions.get(ALL_PROJECTS, executionId)).toBeTruthy();
  });

  afterAll(async () => {
    await test?.close();
  });

  const endpoints = (): ReadonlyArray<{ method: InjectOptions["method"]; url: string }> => [
    { method: "GET", url: "/" },
    { method: "GET", url: "/v2" },
    { method: "GET", url: "/v2/openapi.json" },
    { method: "GET", url: "/v2/workbooks" },
    { method: "POST", url: "/v2/workbooks" },
    { method: "PUT", url: "/v2/workbooks" },
    { method: "POST", url: "/v2/workbooks/validate" },
    { method: "GET", url: "/v2/workbooks/nope" },
    { method: "DELETE", url: "/v2/workbooks/nope" },
    { method: "GET", url: "/v2/workflows" },
    { method: "POST", url: "/v2/workflows" },
    { method: "PUT", url: "/v2/workflows" },
    { method: "PUT", url: `/v2/workflows/${ids["workflowId"]}` },
    { method: "POST", url: "/v2/workflows/validate" },
    { method: "GET", url: "/v2/workflows/hostile_wf" },
    { method: "GET", url: "/v2/workflows/%00%ff" },
    { method: "DELETE", url: "/v2/workflows/nope" },
    { method: "GET", url: "/v2/actions" },
    { method: "POST", url: "/v2/actions" },
    { method: "PUT", url: "/v2/actions" },
    { method: "PUT", url: "/v2/actions/std.echo" },
    { method: "POST", url: "/v2/actions/validate" },
    { method: "GET", url: "/v2/actions/std.echo/" },
    { method: "DELETE", url: "/v2/actions/std.echo/" },
    { method: "GET", url: "/v2/environments" },
    { method: "POST", url: "/v2/environments" },
    { method: "PUT", url: "/v2/environments" },
    { method: "GET", url: "/v2/environments/hostile_env" },
    { method: "DELETE", url: "/v2/environments/nope" },
    { method: "GET", url: "/v2/cron_triggers" },
    { method: "POST", url: "/v2/cron_triggers" },
    { method: "GET", url: "/v2/cron_triggers/nope" },
    { method: "GET", url: "/v2/cron_triggers/hostile_tr" },
    { method: "GET", url: "/v2/cron_triggers/%00%ff" },
    { method: "DELETE", url: "/v2/cron_triggers/nope" },
    { method: "GET", url: "/v2/executions" },
    { method: "POST", url: "/v2/executions" },
    { method: "GET", url: `/v2/executions/${ids["executionId"]}` },
    { method: "PUT", url: `/v2/executions/${ids["executionId"]}` },
    { method: "GET", url: `/v2/executions/${ids["executionId"]}/tasks` },
    { method: "GET", url: `/v2/executions/${ids["executionId"]}/executions` },
    { method: "GET", url: "/v2/executions/not-an-id/tasks" },
    { method: "GET", url: `/v2/executions/${"x".repeat(400)}` },
    { method: "GET", url: "/v2/tasks" },
    { method: "GET", url: `/v2/tasks/${ids["taskId"]}` },
    { method: "PUT", url: `/v2/tasks/${ids["taskId"]}` },
    { method: "GET", url: `/v2/tasks/${ids["taskId"]}/action_executions` },
    { method: "GET", url: `/v2/tasks/${ids["taskId"]}/workflow_executions` },
    { method: "GET", url: `/v2/tasks/${ids["taskId"]}/executions` },
    { method: "GET", url: "/v2/action_executions" },
    { method: "POST", url: "/v2/action_executions" },
    { method: "GET", url: `/v2/action_executions/${ids["actionId"]}` },
    { method: "PUT", url: `/v2/action_executions/${ids["actionId"]}` },
    { method: "GET", url: "/v2/services" },
    { method: "PATCH", url: "/v2/executions" },
    { method: "GET", url: "/v2/no/such/thing" },
  ];

  /** Sends one request; fails with what was sent when the answer is a 5xx or lacks a faultstring. */
  async function expectNoServerError(options: InjectOptions): Promise<void> {
    const response = await test.app.inject(options);
    const sent = `${options.method} ${String(options.url)}`;
    expect(
      response.statusCode,
      `${sent} answered ${response.statusCode}: ${response.body.slice(0, 300)}`,
    ).toBeLessThan(500);
    if (response.statusCode >= 400) {
      const body = response.json() as { faultstring?: unknown };
      expect(typeof body.faultstring, `${sent}: ${response.body.slice(0, 300)}`).toBe("string");
    }
  }

  it("answers every hostile body on every POST and PUT with a 4xx or a success, never a 5xx", async () => {
    for (const endpoint of endpoints().filter((e) => e.method === "POST" || e.method === "PUT")) {
      for (const body of BODIES) {
        await expectNoServerError({
          method: endpoint.method,
          url: endpoint.url,
          payload: body.payload,
          headers: body.contentType ? { "content-type": body.contentType } : {},
        });
      }
    }
  });

  it("answers every bad query string on every GET and DELETE with a 4xx or a success, never a 5xx", async () => {
    for (const endpoint of endpoints().filter((e) => e.method === "GET" || e.method === "DELETE")) {
      for (const query of QUERIES) {
        await expectNoServerError({ method: endpoint.method, url: `${endpoint.url}?${query}` });
      }
    }
  });

  it("answers a body over the limit with 413 and Mistral's error body", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v2/environments",
      payload: `{"name": "big", "variables": "${"x".repeat(BODY_LIMIT)}"}`,
      headers: { "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ faultcode: "Client", debuginfo: null });
  });

  it('answers malformed JSON with 400 "Request is not in valid JSON format"', async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v2/executions",
      payload: "{bad",
      headers: { "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      faultcode: "Client",
      faultstring: "Request is not in valid JSON format",
      debuginfo: null,
    });
  });

  it("answers a wrong type with 400 naming the field", async () => {
    const response = await test.app.inject({ method: "POST", url: "/v2/environments", payload: { name: 5 } });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { faultstring: string }).faultstring).toContain("field/attribute name");
  });

  it("answers broken YAML on POST /v2/workflows with a bare faultstring with its line", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v2/workflows",
      payload: "version: '2.0'\nwf: [\n",
      headers: { "content-type": "text/plain" },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json() as Record<string, string>;
    expect(Object.keys(body)).toEqual(["faultstring"]);
    expect(body["faultstring"]).toMatch(/^Definition could not be parsed: line \d+, column \d+/);
  });

  it("did not let prototype pollution through", () => {
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

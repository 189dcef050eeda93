// Cron triggers: created with Mistral's checks and messages, read by name or id, listed with its
// envelope, deleted; kept apart by project.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";

const WORKFLOW = `---
version: '2.0'
cron_wf:
  input:
    - name
    - greeting: Hello
  tasks:
    t:
      action: std.echo output=<% $.name %>
`;

/** `YYYY-MM-DD HH:MM` (UTC), `minutes` from now. */
function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16).replace("T", " ");
}

describe("cron triggers", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await createTestApp();
    const created = await test.app.inject({
      method: "POST",
      url: "/v2/workflows",
      payload: WORKFLOW,
      headers: { "content-type": "text/plain" },
    });
    expect(created.statusCode).toBe(201);
  });

  afterEach(async () => {
    await test.close();
  });

  const create = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    test.app.inject({ method: "POST", url: "/v2/cron_triggers", payload, headers });

  it("creates a trigger whose next execution is the pattern's next tick, and answers it as Mistral does", async () => {
    const before = Date.now();
    const response = await create({
      name: "tr1",
      workflow_name: "cron_wf",
      workflow_input: '{"name": "x"}',
      pattern: "*/5 * * * *",
      remaining_executions: 3,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "id",
      "name",
      "workflow_name",
      "workflow_id",
      "workflow_input",
      "workflow_params",
      "project_id",
      "scope",
      "pattern",
      "remaining_executions",
      "first_execution_time",
      "next_execution_time",
      "created_at",
    ]);
    expect(body).toMatchObject({
      name: "tr1",
      workflow_name: "cron_wf",
      // The declared default is filled in, as for an execution.
      workflow_input: '{"name": "x", "greeting": "Hello"}',
      workflow_params: "{}",
      project_id: "<default-project>",
      scope: "private",
      pattern: "*/5 * * * *",
      remaining_executions: 3,
      first_execution_time: null,
    });
    const next = Date.parse(`${String(body["next_execution_time"]).replace(" ", "T")}Z`);
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(5 * 60_000);
    expect(new Date(next).getUTCMinutes() % 5).toBe(0);

    const byName = await test.app.inject({ method: "GET", url: "/v2/cron_triggers/tr1" });
    expect(byName.json()).toMatchObject({ id: body["id"], updated_at: null });
    const byId = await test.app.inject({ method: "GET", url: `/v2/cron_triggers/${String(body["id"])}` });
    expect(byId.json()).toMatchObject({ name: "tr1" });
  });

  it("makes a one-shot trigger of a first execution time alone", async () => {
    const first = minutesFromNow(10);
    const response = await create({
      name: "once",
      workflow_name: "cron_wf",
      workflow_input: { name: "y" },
      first_execution_time: first,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      pattern: "0 0 30 2 0",
      remaining_executions: 1,
      first_execution_time: `${first}:00`,
      next_execution_time: `${first}:00`,
    });
  });

  it.each([
    [{ pattern: "bad pattern" }, 400, "The specified pattern is not valid: bad pattern"],
    [{}, 400, "Pattern or first_execution_time must be specified."],
    [
      { first_execution_time: "2020-01-01 00:00" },
      400,
      "first_execution_time must be at least 1 minute in the future.",
    ],
    [
      { first_execution_time: "2030-01-01T10:00:00" },
      400,
      "time data '2030-01-01T10:00:00' does not match format '%Y-%m-%d %H:%M'",
    ],
    [
      { first_execution_time: "2030-01-01 10:00", remaining_executions: 2 },
      400,
      "Pattern must be provided if count is superior to 1.",
    ],
    [
      { pattern: "* * * * *", remaining_executions: 0 },
      400,
      "Invalid input for field/attribute remaining_executions. Value: '0'. Value should be greater or equal to 1",
    ],
    [
      { pattern: "* * * * *", workflow_name: "nope" },
      404,
      "Workflow not found [workflow_identifier=nope, namespace=]",
    ],
    [
      { pattern: "* * * * *", workflow_input: "{}" },
      400,
      "Invalid input [name=cron_wf, class=DirectWorkflowSpec, missing=['name']]",
    ],
  ])("refuses %j with %i: %s", async (overrides, status, message) => {
    const response = await create({
      name: "bad",
      workflow_name: "cron_wf",
      workflow_input: '{"name": "x"}',
      ...overrides,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ faultstring: message });
  });

  it("refuses a duplicate name (409), lists with Mistral's envelope, and deletes by name", async () => {
    for (const name of ["a", "b", "c"]) {
      expect(
        (await create({ name, workflow_name: "cron_wf", workflow_input: { name }, pattern: "0 * * * *" }))
          .statusCode,
      ).toBe(201);
    }
    const duplicate = await create({
      name: "a",
      workflow_name: "cron_wf",
      workflow_input: { name: "a" },
      pattern: "0 * * * *",
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({
      faultstring: "Duplicate entry for cron trigger ['name', 'project_id']: a, <default-project>",
    });

    const page = await test.app.inject({ method: "GET", url: "/v2/cron_triggers?limit=2&sort_keys=name" });
    const body = page.json() as { cron_triggers: { name: string }[]; next?: string };
    expect(body.cron_triggers.map((trigger) => trigger.name)).toEqual(["a", "b"]);
    expect(body.next).toMatch(
      /\/v2\/cron_triggers\?sort_keys=name,id&sort_dirs=asc,asc&limit=2&marker=[0-9a-f-]{36}$/,
    );
    const rest = await test.app.inject({ method: "GET", url: body.next!.replace("http://localhost:80", "") });
    expect((rest.json() as { cron_triggers: { name: string }[] }).cron_triggers.map((t) => t.name)).toEqual([
      "c",
    ]);

    expect((await test.app.inject({ method: "DELETE", url: "/v2/cron_triggers/a" })).statusCode).toBe(204);
    const gone = await test.app.inject({ method: "DELETE", url: "/v2/cron_triggers/a" });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ faultstring: "Cron trigger not found [identifier=a]" });
  });

  it("keeps projects apart", async () => {
    expect(
      (
        await create({
          name: "mine",
          workflow_name: "cron_wf",
          workflow_input: { name: "m" },
          pattern: "0 * * * *",
        })
      ).statusCode,
    ).toBe(201);
    const other = await test.app.inject({
      method: "GET",
      url: "/v2/cron_triggers/mine",
      headers: { "x-project-id": "someone-else" },
    });
    expect(other.statusCode).toBe(404);
  });
});

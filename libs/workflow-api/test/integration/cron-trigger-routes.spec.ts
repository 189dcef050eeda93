// Cron triggers: created with Mistral's checks and messages, read by name or id, listed with its
// envelope, pagination and filters, deleted; kept apart by project. The API only writes the rows:
// the scheduler role fires them.
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

const CREATED_FIELDS = [
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
];

/** `YYYY-MM-DD HH:MM` (UTC), `minutes` from now. */
function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16).replace("T", " ");
}

/** A Mistral timestamp (`YYYY-MM-DD HH:MM:SS`, UTC) as epoch milliseconds. */
function epochOf(timestamp: unknown): number {
  return Date.parse(`${String(timestamp).replace(" ", "T")}Z`);
}

type Trigger = Record<string, unknown>;

describe("cron triggers", () => {
  let test: TestApp;
  let workflowId: string;

  beforeEach(async () => {
    test = await createTestApp();
    const created = await test.app.inject({
      method: "POST",
      url: "/v2/workflows",
      payload: WORKFLOW,
      headers: { "content-type": "text/plain" },
    });
    expect(created.statusCode).toBe(201);
    workflowId = (created.json() as { workflows: { id: string }[] }).workflows[0]!.id;
  });

  afterEach(async () => {
    await test.close();
  });

  const create = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    test.app.inject({ method: "POST", url: "/v2/cron_triggers", payload, headers });

  const get = (url: string, headers: Record<string, string> = {}) =>
    test.app.inject({ method: "GET", url, headers });

  const list = async (query = "", headers: Record<string, string> = {}) => {
    const response = await get(`/v2/cron_triggers${query ? `?${query}` : ""}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { cron_triggers: Trigger[]; next?: string };
  };

  /** Creates triggers on "0 * * * *" with the given names (and optional extra fields). */
  async function createAll(...triggers: Array<string | Trigger>): Promise<Trigger[]> {
    const created: Trigger[] = [];
    for (const trigger of triggers) {
      const fields = typeof trigger === "string" ? { name: trigger } : trigger;
      const response = await create({
        workflow_name: "cron_wf",
        workflow_input: { name: String(fields["name"]) },
        pattern: "0 * * * *",
        ...fields,
      });
      expect(response.statusCode, response.body).toBe(201);
      created.push(response.json() as Trigger);
    }
    return created;
  }

  describe("POST /v2/cron_triggers", () => {
    it("creates a trigger whose next execution is the pattern's next tick, answered as Mistral answers it", async () => {
      const before = Date.now();
      const response = await create({
        name: "tr1",
        workflow_name: "cron_wf",
        workflow_input: '{"name": "x"}',
        workflow_params: "{}",
        pattern: "*/5 * * * *",
        remaining_executions: 3,
        scope: "private",
      });
      expect(response.statusCode).toBe(201);
      const body = response.json() as Trigger;
      // The create answer has no updated_at, like Mistral's.
      expect(Object.keys(body)).toEqual(CREATED_FIELDS);
      expect(body).toMatchObject({
        name: "tr1",
        workflow_name: "cron_wf",
        workflow_id: workflowId,
        // Kept as given: the declared defaults are added when an execution starts.
        workflow_input: '{"name": "x"}',
        workflow_params: "{}",
        project_id: "<default-project>",
        scope: "private",
        pattern: "*/5 * * * *",
        remaining_executions: 3,
        first_execution_time: null,
      });
      expect(body["id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(body["created_at"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(body["next_execution_time"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$/);
      const next = epochOf(body["next_execution_time"]);
      expect(next).toBeGreaterThan(before);
      expect(next - before).toBeLessThanOrEqual(5 * 60_000);
      expect(new Date(next).getUTCMinutes() % 5).toBe(0);
      // The API writes the row and nothing else: the scheduler fires it.
      expect(test.commands.calls).toEqual([]);
    });

    it("takes the workflow by id (as the CLI sends a UUID), and JSON fields as objects", async () => {
      const response = await create({
        name: "by_id",
        workflow_id: workflowId,
        workflow_input: { name: "y", greeting: "Hi" },
        workflow_params: { env: { a: 1 } },
        pattern: "0 0 * * *",
        scope: "public",
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        workflow_name: "cron_wf",
        workflow_id: workflowId,
        workflow_input: '{"name": "y", "greeting": "Hi"}',
        workflow_params: '{"env": {"a": 1}}',
        scope: "public",
        remaining_executions: null,
      });
    });

    it("reads a six-field pattern with the seconds last, as croniter does", async () => {
      const response = await create({
        name: "seconds",
        workflow_name: "cron_wf",
        workflow_input: { name: "s" },
        pattern: "* * * * * 30",
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ pattern: "* * * * * 30" });
      expect(String((response.json() as Trigger)["next_execution_time"])).toMatch(/:30$/);
    });

    it("makes a one-shot trigger of a first execution time alone: the never pattern, one execution", async () => {
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

    it("starts at the first execution time when a pattern is given too, keeping the count as given", async () => {
      const first = minutesFromNow(30);
      const withPattern = await create({
        name: "first_then_pattern",
        workflow_name: "cron_wf",
        workflow_input: { name: "y" },
        pattern: "*/5 * * * *",
        first_execution_time: first,
      });
      expect(withPattern.statusCode).toBe(201);
      expect(withPattern.json()).toMatchObject({
        pattern: "*/5 * * * *",
        remaining_executions: null,
        first_execution_time: `${first}:00`,
        next_execution_time: `${first}:00`,
      });
      const oneCount = await create({
        name: "once_counted",
        workflow_name: "cron_wf",
        workflow_input: { name: "y" },
        first_execution_time: first,
        remaining_executions: 1,
      });
      expect(oneCount.statusCode).toBe(201);
      expect(oneCount.json()).toMatchObject({ pattern: "0 0 30 2 0", remaining_executions: 1 });
    });

    it.each([
      [{ pattern: "bad pattern" }, 400, "The specified pattern is not valid: bad pattern"],
      [{ pattern: "* * * * * * * *" }, 400, "The specified pattern is not valid: * * * * * * * *"],
      [{}, 400, "Pattern or first_execution_time must be specified."],
      [
        { pattern: "", first_execution_time: null },
        400,
        "Pattern or first_execution_time must be specified.",
      ],
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
      [{ first_execution_time: "" }, 400, "time data '' does not match format '%Y-%m-%d %H:%M'"],
      [{ first_execution_time: "2030-01-01 10:00:00" }, 400, "unconverted data remains: :00"],
      [{ first_execution_time: "2030-02-30 10:00" }, 400, "day is out of range for month"],
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
        { pattern: "* * * * *", remaining_executions: -5 },
        400,
        "Invalid input for field/attribute remaining_executions. Value: '-5'. Value should be greater or equal to 1",
      ],
      [
        { pattern: "* * * * *", remaining_executions: 2_147_483_648 },
        400,
        "Invalid input for field/attribute remaining_executions. Value: '2147483648'. Value should be lower or equal to 2147483647",
      ],
      [
        { pattern: "* * * * *", remaining_executions: 1.5 },
        400,
        "Invalid input for field/attribute remaining_executions. Value: '1.5'. Wrong type. Expected '<class 'int'>', got '<class 'float'>'",
      ],
      [
        { pattern: "* * * * *", workflow_name: "nope" },
        404,
        "Workflow not found [workflow_identifier=nope, namespace=]",
      ],
      [
        { pattern: "* * * * *", workflow_name: "cron_wf", workflow_namespace: "elsewhere", name: "ns" },
        201,
        undefined,
      ],
      [
        { pattern: "* * * * *", workflow_name: undefined },
        400,
        "Workflow ID or workflow name must be provided. Workflow ID is recommended.",
      ],
      [
        { pattern: "* * * * *", workflow_input: "{}" },
        400,
        "Invalid input [name=cron_wf, class=DirectWorkflowSpec, missing=['name']]",
      ],
      [
        { pattern: "* * * * *", workflow_input: { name: "x", colour: "red" } },
        400,
        "Invalid input [name=cron_wf, class=DirectWorkflowSpec, unexpected=['colour']]",
      ],
      [
        { pattern: "* * * * *", workflow_input: "{bad" },
        400,
        "Invalid input for field/attribute workflow_input. Value: '{bad'.",
      ],
      [
        { pattern: "* * * * *", workflow_params: "[1]" },
        400,
        "JsonType field value must be a dictionary [actual=[1]]",
      ],
      [{ pattern: "* * * * *", name: "" }, 400, "Name of the cron trigger is not provided."],
      [{ pattern: "* * * * *", name: undefined }, 400, "Name of the cron trigger is not provided."],
      [{ pattern: "* * * * *", scope: "everyone" }, 400, "Invalid input for field/attribute scope."],
      [
        { pattern: "* * * * *", remaining_executions: "3" },
        400,
        "Invalid input for field/attribute remaining_executions.",
      ],
      [{ pattern: 5 }, 400, "Invalid input for field/attribute pattern."],
      [{ pattern: "* * * * *", bogus: 1 }, 400, "Unknown attribute for argument cron_trigger: bogus"],
    ])("answers %j with %i: %s", async (overrides, status, message) => {
      const response = await create({
        name: "bad",
        workflow_name: "cron_wf",
        workflow_input: '{"name": "x"}',
        ...overrides,
      });
      expect(response.statusCode, response.body).toBe(status);
      if (message !== undefined) {
        const body = response.json() as Record<string, unknown>;
        expect(body).toMatchObject({ faultcode: status < 500 ? "Client" : "Server", debuginfo: null });
        expect(String(body["faultstring"]).startsWith(message), String(body["faultstring"])).toBe(true);
      }
    });

    it("creates nothing when it refuses", async () => {
      await create({ name: "bad", workflow_name: "cron_wf", workflow_input: "{}", pattern: "* * * * *" });
      await create({ name: "bad", workflow_name: "cron_wf", pattern: "nope" });
      expect((await list()).cron_triggers).toEqual([]);
    });

    it("refuses a name already taken in the project with 409, and takes it in another project", async () => {
      await createAll("tr1");
      const duplicate = await create({
        name: "tr1",
        workflow_name: "cron_wf",
        workflow_input: { name: "again" },
        pattern: "*/5 * * * *",
      });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toEqual({
        faultcode: "Client",
        faultstring: "Duplicate entry for cron trigger ['name', 'project_id']: tr1, <default-project>",
        debuginfo: null,
      });
      // Another project sees the workflow only if it is public: make one there.
      const other = { "x-project-id": "other-project" };
      const workflow = await test.app.inject({
        method: "POST",
        url: "/v2/workflows",
        payload: WORKFLOW,
        headers: { "content-type": "text/plain", ...other },
      });
      expect(workflow.statusCode).toBe(201);
      const elsewhere = await create(
        { name: "tr1", workflow_name: "cron_wf", workflow_input: { name: "o" }, pattern: "0 * * * *" },
        other,
      );
      expect(elsewhere.statusCode).toBe(201);
      expect(elsewhere.json()).toMatchObject({ project_id: "other-project" });
    });
  });

  describe("GET and DELETE /v2/cron_triggers/{name or id}", () => {
    it("answers a trigger by name or by id, with updated_at", async () => {
      const [created] = await createAll("tr1");
      const byName = await get("/v2/cron_triggers/tr1");
      expect(byName.statusCode).toBe(200);
      const body = byName.json() as Trigger;
      expect(Object.keys(body)).toEqual([...CREATED_FIELDS, "updated_at"]);
      expect(body).toEqual({ ...created, updated_at: null });
      const byId = await get(`/v2/cron_triggers/${String(created!["id"])}`);
      expect(byId.json()).toEqual(body);
    });

    it("answers an unknown trigger with 404 and Mistral's message", async () => {
      const response = await get("/v2/cron_triggers/nope");
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        faultcode: "Client",
        faultstring: "Cron trigger not found [identifier=nope]",
        debuginfo: null,
      });
    });

    it("deletes by name (204) or by id, then answers 404", async () => {
      const [, second] = await createAll("a", "b");
      const deleted = await test.app.inject({ method: "DELETE", url: "/v2/cron_triggers/a" });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe("");
      const again = await test.app.inject({ method: "DELETE", url: "/v2/cron_triggers/a" });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ faultstring: "Cron trigger not found [identifier=a]" });
      const id = String(second!["id"]);
      expect((await test.app.inject({ method: "DELETE", url: `/v2/cron_triggers/${id}` })).statusCode).toBe(
        204,
      );
      expect((await get(`/v2/cron_triggers/${id}`)).statusCode).toBe(404);
      expect((await list()).cron_triggers).toEqual([]);
    });

    it("keeps a workflow with triggers from being deleted, as Mistral does", async () => {
      await createAll("holds");
      const refused = await test.app.inject({ method: "DELETE", url: "/v2/workflows/cron_wf" });
      expect(refused.statusCode).toBe(400);
      expect((refused.json() as { faultstring: string }).faultstring).toContain(
        "Can't delete workflow that has triggers associated.",
      );
      await test.app.inject({ method: "DELETE", url: "/v2/cron_triggers/holds" });
      expect((await test.app.inject({ method: "DELETE", url: "/v2/workflows/cron_wf" })).statusCode).toBe(
        204,
      );
    });
  });

  describe("GET /v2/cron_triggers", () => {
    it("lists in Mistral's envelope, with no next link when the page is not full", async () => {
      await createAll("a", "b");
      const body = await list("sort_keys=name");
      expect(Object.keys(body)).toEqual(["cron_triggers"]);
      expect(body.cron_triggers.map((trigger) => trigger["name"])).toEqual(["a", "b"]);
      expect(Object.keys(body.cron_triggers[0]!)).toEqual([...CREATED_FIELDS, "updated_at"]);
      expect((await list("limit=5")).next).toBeUndefined();
    });

    it("pages with limit and marker, and builds the next link as Mistral does", async () => {
      await createAll("a", "b", "c", "d", "e");
      const first = await list("limit=2&sort_keys=name");
      expect(first.cron_triggers.map((trigger) => trigger["name"])).toEqual(["a", "b"]);
      const lastId = String(first.cron_triggers[1]!["id"]);
      expect(first.next).toBe(
        `http://localhost:80/v2/cron_triggers?sort_keys=name,id&sort_dirs=asc,asc&limit=2&marker=${lastId}`,
      );
      const names: unknown[] = first.cron_triggers.map((trigger) => trigger["name"]);
      let next = first.next;
      while (next !== undefined) {
        const page = await list(next.slice(next.indexOf("?") + 1));
        names.push(...page.cron_triggers.map((trigger) => trigger["name"]));
        next = page.next;
      }
      expect(names).toEqual(["a", "b", "c", "d", "e"]);

      const descending = await list("limit=3&sort_keys=name&sort_dirs=desc");
      expect(descending.cron_triggers.map((trigger) => trigger["name"])).toEqual(["e", "d", "c"]);
      expect(descending.next).toContain("sort_keys=name,id&sort_dirs=desc,asc&limit=3&marker=");
    });

    it("answers only the fields asked for, with id", async () => {
      await createAll("a");
      const body = await list("fields=name,pattern");
      expect(body.cron_triggers).toEqual([
        { id: expect.any(String) as string, name: "a", pattern: "0 * * * *" },
      ]);
      const refused = await get("/v2/cron_triggers?fields=bogus");
      expect(refused.statusCode).toBe(400);
      expect((refused.json() as { faultstring: string }).faultstring).toContain(
        "Some fields do not exist  [bogus]",
      );
    });

    it("filters on every column Mistral's controller takes, and puts the filters in the next link in its order", async () => {
      await createAll(
        { name: "a", remaining_executions: 2 },
        { name: "b", pattern: "*/5 * * * *", scope: "public" },
        { name: "c", remaining_executions: 2, workflow_params: { x: 1 } },
      );
      const names = async (query: string) =>
        (await list(query)).cron_triggers.map((trigger) => trigger["name"]);
      expect(await names("name=b")).toEqual(["b"]);
      expect(await names("name=in:a,c&sort_keys=name")).toEqual(["a", "c"]);
      expect(await names("name=neq:a&sort_keys=name")).toEqual(["b", "c"]);
      expect(await names("workflow_name=cron_wf&sort_keys=name")).toEqual(["a", "b", "c"]);
      expect(await names(`workflow_id=${workflowId}&sort_keys=name`)).toEqual(["a", "b", "c"]);
      expect(await names("pattern=*/5 * * * *")).toEqual(["b"]);
      expect(await names("scope=public")).toEqual(["b"]);
      expect(await names("remaining_executions=2&sort_keys=name")).toEqual(["a", "c"]);
      expect(await names(`workflow_input=${encodeURIComponent('{"name": "b"}')}`)).toEqual(["b"]);
      expect(await names(`workflow_params=${encodeURIComponent('{"x": 1}')}`)).toEqual(["c"]);
      expect(await names("created_at=gt:2000-01-01&sort_keys=name")).toEqual(["a", "b", "c"]);
      expect(await names("created_at=lt:2000-01-01")).toEqual([]);
      expect(await names("next_execution_time=gt:2000-01-01&sort_keys=name")).toEqual(["a", "b", "c"]);
      expect(await names("first_execution_time=gt:2000-01-01")).toEqual([]);
      expect(await names("updated_at=gt:2000-01-01")).toEqual([]);

      const page = await list("limit=1&sort_keys=name&remaining_executions=2&name=in:a,c&scope=private");
      expect(page.next).toBe(
        "http://localhost:80/v2/cron_triggers?sort_keys=name,id&sort_dirs=asc,asc&name=in:['a', 'c']&" +
          `scope=eq:private&remaining_executions=eq:2&limit=1&marker=${String(page.cron_triggers[0]!["id"])}`,
      );
    });

    it.each([
      [
        "remaining_executions=abc",
        400,
        "Invalid input for field/attribute remaining_executions. Value: 'abc'. unable to convert to integer. Error: invalid literal for int() with base 10: 'abc'",
      ],
      [
        "remaining_executions=gt:1",
        400,
        "Invalid input for field/attribute remaining_executions. Value: 'gt:1'. unable to convert to integer. Error: invalid literal for int() with base 10: 'gt:1'",
      ],
      [
        "workflow_id=nope",
        400,
        "Invalid input for field/attribute workflow_id. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope.",
      ],
      [
        "marker=nope",
        400,
        "Invalid input for field/attribute marker. Value: 'nope'. unable to convert to uuid. Error: Expected a uuid but received nope.",
      ],
      [
        "marker=00000000-0000-4000-8000-000000000000",
        404,
        "Cron trigger not found [identifier=00000000-0000-4000-8000-000000000000]",
      ],
      ["sort_keys=bogus", 400, "Sort key supplied is invalid: bogus"],
      ["limit=0", 400, "Limit must be positive."],
      ["bogus=1", 400, 'Unknown argument: "bogus"'],
      ["all_projects=true", 403, "Operation forbidden (insufficient permissions)"],
    ])("answers ?%s with %i: %s", async (query, status, message) => {
      const response = await get(`/v2/cron_triggers?${query}`);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({ faultcode: "Client", faultstring: message, debuginfo: null });
    });
  });

  describe("projects", () => {
    it("does not show, list or delete another project's triggers", async () => {
      await createAll("mine");
      const other = { "x-project-id": "someone-else" };
      const shown = await get("/v2/cron_triggers/mine", other);
      expect(shown.statusCode).toBe(404);
      expect(shown.json()).toMatchObject({ faultstring: "Cron trigger not found [identifier=mine]" });
      expect((await list("", other)).cron_triggers).toEqual([]);
      const deleted = await test.app.inject({
        method: "DELETE",
        url: "/v2/cron_triggers/mine",
        headers: other,
      });
      expect(deleted.statusCode).toBe(404);
      expect((await get("/v2/cron_triggers/mine")).statusCode).toBe(200);
    });

    it("keeps a public trigger in its project too (the store's cron triggers are per project, unlike Mistral's)", async () => {
      await createAll({ name: "shared", scope: "public" });
      const other = { "x-project-id": "someone-else" };
      expect((await get("/v2/cron_triggers/shared", other)).statusCode).toBe(404);
      expect((await list("", other)).cron_triggers).toEqual([]);
    });

    it("cannot trigger another project's private workflow", async () => {
      const response = await create(
        { name: "theirs", workflow_id: workflowId, workflow_input: { name: "x" }, pattern: "0 * * * *" },
        { "x-project-id": "someone-else" },
      );
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({
        faultstring: `Workflow not found [workflow_identifier=${workflowId}, namespace=]`,
      });
    });
  });

  it("publishes the cron trigger routes in the OpenAPI document", async () => {
    const document = (await get("/v2/openapi.json")).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const paths = Object.entries(document.paths).filter(([path]) => path.includes("cron_triggers"));
    expect(Object.fromEntries(paths.map(([path, methods]) => [path, Object.keys(methods).sort()]))).toEqual({
      "/v2/cron_triggers": ["get", "post"],
      "/v2/cron_triggers/{identifier}": ["delete", "get"],
    });
  });
});

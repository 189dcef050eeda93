// Workbooks, workflows, ad-hoc actions and environments: YAML in, Mistral's resources out, each
// project seeing its own rows and other projects' public ones.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";

const WORKBOOK = `---
version: '2.0'
name: ops
tags: [maintenance]

actions:
  say:
    base: std.echo
    base-input:
      output: <% $.text %>
    input:
      - text
      - loud: false

workflows:
  # The first workflow.
  first:
    input:
      - host
    tasks:
      t1:
        action: ops.say text=<% $.host %>

  second:
    tasks:
      t1:
        action: std.noop
`;

const TWO_WORKFLOWS = `version: '2.0'
alpha:
  tasks:
    a:
      action: std.noop
beta:
  input:
    - n: 1.0
  tasks:
    b:
      action: std.noop
`;

describe("definitions", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await createTestApp();
  });

  afterEach(async () => {
    await test.close();
  });

  const yaml = (method: "POST" | "PUT", url: string, payload: string, headers: Record<string, string> = {}) =>
    test.app.inject({ method, url, payload, headers: { "content-type": "text/plain", ...headers } });

  it("creates a workbook's workflows and actions with the workbook's name in front", async () => {
    expect((await yaml("POST", "/v2/workbooks", WORKBOOK)).statusCode).toBe(201);
    const workflows = (
      await test.app.inject({ method: "GET", url: "/v2/workflows?name=in:ops.first,ops.second" })
    ).json() as {
      workflows: { name: string; definition: string; input: string }[];
    };
    expect(workflows.workflows.map((w) => w.name).sort()).toEqual(["ops.first", "ops.second"]);
    const first = workflows.workflows.find((w) => w.name === "ops.first")!;
    expect(first.definition).toBe(
      "first:\n  input:\n    - host\n  tasks:\n    t1:\n      action: ops.say text=<% $.host %>\n",
    );
    expect(first.input).toBe("host");
    const action = (await test.app.inject({ method: "GET", url: "/v2/actions/ops.say" })).json() as Record<
      string,
      unknown
    >;
    expect(action).toMatchObject({ name: "ops.say", is_system: false, input: "text, loud=false", tags: [] });
  });

  it("updates a workbook's workflows in place, and refuses to update a workbook that does not exist", async () => {
    await yaml("POST", "/v2/workbooks", WORKBOOK);
    const before = (await test.app.inject({ method: "GET", url: "/v2/workflows/ops.first" })).json() as {
      id: string;
    };
    const updated = await yaml(
      "PUT",
      "/v2/workbooks",
      WORKBOOK.replace("- host", "- host\n      - port: 22"),
    );
    expect(updated.statusCode).toBe(200);
    const after = (await test.app.inject({ method: "GET", url: "/v2/workflows/ops.first" })).json() as {
      id: string;
      input: string;
    };
    expect(after).toMatchObject({ id: before.id, input: 'host, port="22"' });
    const missing = await yaml("PUT", "/v2/workbooks", WORKBOOK.replace("name: ops", "name: other"));
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ faultstring: "Workbook not found [name=other, namespace=]" });
  });

  it("stores each workflow of a multi-workflow document with its own text and Python's str() of defaults", async () => {
    const created = (await yaml("POST", "/v2/workflows?scope=public", TWO_WORKFLOWS)).json() as {
      workflows: { name: string; definition: string; input: string; scope: string }[];
    };
    expect(created.workflows.map((w) => [w.name, w.scope, w.input])).toEqual([
      ["alpha", "public", ""],
      ["beta", "public", 'n="1.0"'],
    ]);
    expect(created.workflows[1]!.definition).toBe(
      "version: '2.0'\nbeta:\n  input:\n    - n: 1.0\n  tasks:\n    b:\n      action: std.noop\n",
    );
  });

  it("validates definitions with every problem, its line and its column", async () => {
    const response = await yaml(
      "POST",
      "/v2/workflows/validate",
      "version: '2.0'\nwf:\n  tasks:\n    t:\n      actoin: std.noop\n",
    );
    const body = response.json() as { valid: boolean; error: string };
    expect(body.valid).toBe(false);
    expect(body.error).toMatch(/^Invalid DSL: line 5, column 7: /);
    expect((await yaml("POST", "/v2/workbooks/validate", WORKBOOK)).json()).toEqual({ valid: true });
  });

  it("keeps projects apart: another project's private workflow is not found, a public one is visible", async () => {
    await yaml("POST", "/v2/workflows", TWO_WORKFLOWS.replace("beta", "gamma").replace("alpha", "delta"), {
      "x-project-id": "p1",
    });
    await yaml("POST", "/v2/workflows?scope=public", TWO_WORKFLOWS, { "x-project-id": "p1" });
    const other = { "x-project-id": "p2" };
    expect(
      (await test.app.inject({ method: "GET", url: "/v2/workflows/delta", headers: other })).statusCode,
    ).toBe(404);
    expect(
      (await test.app.inject({ method: "GET", url: "/v2/workflows/alpha", headers: other })).statusCode,
    ).toBe(200);
    const mine = (
      await test.app.inject({
        method: "GET",
        url: "/v2/workflows?fields=name",
        headers: { "x-project-id": "p1" },
      })
    ).json() as {
      workflows: unknown[];
    };
    expect(mine.workflows).toHaveLength(4);
  });

  it("refuses to change or delete a system action with 400", async () => {
    const update = await yaml("PUT", "/v2/actions", "version: '2.0'\nstd.echo:\n  base: std.noop\n");
    expect(update.statusCode).toBe(400);
    expect(update.json()).toEqual({ faultstring: "Attempt to modify a system action: std.echo" });
    const remove = await test.app.inject({ method: "DELETE", url: "/v2/actions/std.echo/" });
    expect(remove.statusCode).toBe(400);
    expect(remove.json()).toMatchObject({ faultstring: "Attempt to delete a system action: std.echo" });
  });

  it("pages through actions by name, Mistral's marker for actions", async () => {
    const first = (await test.app.inject({ method: "GET", url: "/v2/actions?limit=2" })).json() as {
      actions: { name: string }[];
      next: string;
    };
    expect(first.next).toBe(
      `http://localhost:80/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&namespace=eq:&limit=2&marker=${first.actions[1]!.name}`,
    );
    const second = (
      await test.app.inject({ method: "GET", url: first.next.replace("http://localhost:80", "") })
    ).json() as {
      actions: { name: string }[];
    };
    expect(second.actions[0]!.name > first.actions[1]!.name).toBe(true);
  });

  it("creates, updates and deletes environments with JSON-encoded variables", async () => {
    const created = await test.app.inject({
      method: "POST",
      url: "/v2/environments",
      payload: { name: "env1", variables: { a: [1, 2] }, description: "d" },
    });
    expect(created.json()).toMatchObject({ name: "env1", variables: '{"a": [1, 2]}', description: "d" });
    const updated = await test.app.inject({
      method: "PUT",
      url: "/v2/environments",
      payload: { name: "env1", variables: '{"b": true}' },
    });
    expect(updated.json()).toMatchObject({ variables: '{"b": true}', description: "d" });
    expect((await test.app.inject({ method: "DELETE", url: "/v2/environments/env1" })).statusCode).toBe(204);
    expect((await test.app.inject({ method: "GET", url: "/v2/environments/env1" })).statusCode).toBe(404);
  });
});

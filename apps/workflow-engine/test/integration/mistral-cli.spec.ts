// The real `mistral` command line (Debian's python3-mistralclient, installed by the test bootstrap)
// against a started service: what an operator types works unchanged.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mistralCli } from "../support/mistral-cli.js";
import { fixture } from "../support/mistral-client.js";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

describe("the mistral command line against the service", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService;
  let folder: string;

  const cli = mistralCli(() => test.apiUrl);
  const mistral = cli.json;
  const mistralFails = cli.fails;

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "cli");
    test = await startTestService(database.databaseUrl);
    folder = mkdtempSync(join(tmpdir(), "ops-cli-"));
  }, 120_000);

  afterAll(async () => {
    await test?.close();
    database?.drop();
  });

  it("creates a workflow, runs it, and shows the execution, its tasks, action executions and output", async () => {
    const file = join(folder, "deploy.yaml");
    writeFileSync(file, fixture("cli-example.yaml"));
    const created = await mistral<Array<Record<string, string>>>("workflow-create", file);
    expect(created.map((row) => row["Name"])).toEqual(["cli_deploy"]);
    expect(created[0]!["Input"]).toBe('hosts, greeting="checked"');

    const execution = await mistral<Record<string, string>>(
      "execution-create",
      "cli_deploy",
      JSON.stringify({ hosts: ["db1", "db2", "web1"] }),
    );
    const id = execution["ID"]!;
    expect(execution["Workflow name"]).toBe("cli_deploy");
    await test.client.waitForExecution(id);

    const shown = await mistral<Record<string, string>>("execution-get", id);
    expect(shown["State"]).toBe("SUCCESS");
    const output = await cli.text("execution-get-output", id);
    expect(JSON.parse(output)).toEqual({
      report: ["checked db1", "checked db2", "checked web1"],
      count: 3,
    });

    const tasks = await mistral<Array<Record<string, string>>>("task-list", id);
    expect(tasks.map((task) => [task["Name"], task["State"]])).toEqual([
      ["check_hosts", "SUCCESS"],
      ["summarize", "SUCCESS"],
    ]);
    const actions = await mistral<Array<Record<string, string>>>("action-execution-list", tasks[0]!["ID"]!);
    expect(actions).toHaveLength(3);
    expect(actions.every((action) => action["Name"] === "std.echo" && action["State"] === "SUCCESS")).toBe(
      true,
    );
    const published = await cli.text("task-get-published", tasks[1]!["ID"]!);
    expect(JSON.parse(published)).toEqual({ count: 3 });
  });

  it("lists workflows and std actions, and runs an action directly", async () => {
    const workflows = await mistral<Array<Record<string, string>>>("workflow-list");
    expect(workflows.map((row) => row["Name"])).toContain("cli_deploy");
    const actions = await mistral<Array<Record<string, string>>>("action-list", "--limit", "-1");
    expect(actions.map((row) => row["Name"])).toEqual(
      expect.arrayContaining(["std.echo", "std.http", "std.ssh"]),
    );
    const result = await cli.text("run-action", "std.echo", JSON.stringify({ output: "direct" }));
    expect(JSON.parse(result)).toEqual({ result: "direct" });
  });

  it("an unknown execution and a broken definition give Mistral's errors", async () => {
    expect(await mistralFails("execution-get", "00000000-0000-0000-0000-000000000000")).toMatch(/not found/i);
    const broken = join(folder, "broken.yaml");
    writeFileSync(
      broken,
      "version: '2.0'\nwf:\n  tasks:\n    a:\n      action: std.noop\n      on-success: [missing]\n",
    );
    expect(await mistralFails("workflow-create", broken)).toMatch(/missing/);
    const validation = await mistral<Record<string, string>>("workflow-validate", broken);
    expect(validation["Valid"]).toBe(false);
    expect(String(validation["Error"])).toMatch(/missing/);
  });
});

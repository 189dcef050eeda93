// The real `mistral cron-trigger-*` commands (Debian's python3-mistralclient) against a started
// service: an operator's cron triggers are created, listed, shown and deleted unchanged, and the
// client prints the service's faultstring when it refuses one.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { mistralCli } from "../support/mistral-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const WORKFLOW = `version: '2.0'
cli_cron:
  input:
    - name
  tasks:
    t:
      action: std.noop
`;

type Row = Record<string, string | number | null>;

/** `YYYY-MM-DD HH:MM` (UTC), `minutes` from now. */
function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16).replace("T", " ");
}

describe("the mistral cron-trigger commands against the service", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let test: TestService;
  let folder: string;
  let workflowId: string;

  const cli = mistralCli(() => test.apiUrl);
  const mistralText = cli.text;
  const mistral = cli.json;
  const mistralFails = cli.fails;
  /** The trigger names `cron-trigger-list` shows (the client prints one empty row for none). */
  const listedNames = async (): Promise<unknown[]> =>
    (await mistral<Row[]>("cron-trigger-list")).map((row) => row["Name"]).filter((name) => name !== "");

  beforeAll(async () => {
    database = createTestDatabase("sqlite", "cron-cli");
    test = await startTestService(database.databaseUrl);
    folder = mkdtempSync(join(tmpdir(), "ops-cron-cli-"));
    const file = join(folder, "cron.yaml");
    writeFileSync(file, WORKFLOW);
    const created = await mistral<Row[]>("workflow-create", file);
    workflowId = String(created[0]!["ID"]);
  }, 120_000);

  afterAll(async () => {
    await test?.close();
    database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("creates a trigger on a pattern with a count, lists it, shows it and deletes it", async () => {
    const created = await mistral<Row>(
      "cron-trigger-create",
      "nightly",
      "cli_cron",
      '{"name": "x"}',
      "--pattern",
      "*/5 * * * *",
      "--count",
      "3",
    );
    expect(created).toMatchObject({
      Name: "nightly",
      Workflow: "cli_cron",
      Params: "{}",
      Pattern: "*/5 * * * *",
      "Remaining executions": 3,
      // The create answer has no updated_at, as Mistral's has none.
      "Updated at": null,
    });
    const next = String(created["Next execution time"]);
    expect(next).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d[05]:00$/);
    expect(String(created["Created at"])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // The service's scheduler runs too: should a tick fall between two commands, it has fired once.
    const remainingAt = (row: Row) => (row["Next execution time"] === next ? 3 : 2);
    const listed = await mistral<Row[]>("cron-trigger-list");
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ Name: "nightly", Workflow: "cli_cron", Pattern: "*/5 * * * *" });
    expect(listed[0]!["Remaining executions"]).toBe(remainingAt(listed[0]!));

    const shown = await mistral<Row>("cron-trigger-get", "nightly");
    expect(shown).toMatchObject({
      Name: "nightly",
      Workflow: "cli_cron",
      Params: "{}",
      Pattern: "*/5 * * * *",
      "Created at": created["Created at"],
    });
    expect(shown["Remaining executions"]).toBe(remainingAt(shown));

    const deleted = await mistralText("cron-trigger-delete", "nightly");
    expect(deleted).toContain("Request to delete cron trigger nightly has been accepted.");
    expect(await listedNames()).toEqual([]);
    expect(await mistralFails("cron-trigger-get", "nightly")).toContain(
      "Cron trigger not found [identifier=nightly]",
    );
  });

  it("creates a one-shot trigger by workflow id (the client sends workflow_id for a UUID)", async () => {
    const first = minutesFromNow(30);
    const created = await mistral<Row>(
      "cron-trigger-create",
      "once",
      workflowId,
      '{"name": "y"}',
      "--params",
      '{"task_name": "t"}',
      "--first-time",
      first,
      "--utc",
    );
    expect(created).toMatchObject({
      Name: "once",
      Workflow: "cli_cron",
      Params: '{"task_name": "t"}',
      Pattern: "0 0 30 2 0",
      "Next execution time": `${first}:00`,
      "Remaining executions": 1,
    });
    expect(await listedNames()).toEqual(["once"]);
    await mistralText("cron-trigger-delete", "once");
    expect(await listedNames()).toEqual([]);
  });

  it("prints the service's faultstring when it refuses a trigger", async () => {
    const badPattern = await mistralFails(
      "cron-trigger-create",
      "bad",
      "cli_cron",
      '{"name": "x"}',
      "--pattern",
      "bad pattern",
    );
    expect(badPattern).toContain("The specified pattern is not valid: bad pattern");
    const badInput = await mistralFails(
      "cron-trigger-create",
      "bad",
      "cli_cron",
      "{}",
      "--pattern",
      "0 * * * *",
    );
    expect(badInput).toContain("Invalid input [name=cli_cron, class=DirectWorkflowSpec, missing=['name']]");
    expect(await listedNames()).toEqual([]);
  });
});

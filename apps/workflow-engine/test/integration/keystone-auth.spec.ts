// The workflow API behind a real Keystone (Debian's keystone 22, started by tools/keystone/
// keystone.mjs: SQLite, fernet tokens): tokens of two projects' users, isolation between them,
// reader against member rights, admin-only all_projects, a revoked token refused, the real
// `mistral` CLI finding our API in Keystone's catalog, and no token or password in the logs.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeystoneClient } from "@ops/keystone-auth";
import { loadServiceConfig } from "@ops/workflow-runtime";
import { startWorkflowService, type RunningWorkflowService } from "../../src/workflow-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

interface KeystoneInfo {
  url: string;
  started: boolean;
  workflowServiceId: string;
  identities: Record<string, { password: string; project: string }>;
}

const WORKFLOW = `version: '2.0'
alpha_only:
  tasks:
    hello:
      action: std.echo output="hi"
`;

const run = promisify(execFile);
const KEYSTONE_TOOL = join(import.meta.dirname, "..", "..", "..", "..", "tools", "keystone", "keystone.mjs");

/** Runs tools/keystone/keystone.mjs (it installs Keystone the first time: give it minutes). */
async function keystoneTool(command: "start" | "stop"): Promise<unknown> {
  const { stdout } = await run(process.execPath, [KEYSTONE_TOOL, command, "--holder", String(process.pid)], {
    timeout: 170_000,
  });
  return JSON.parse(stdout);
}

describe("the workflow API behind Keystone", { timeout: 60_000 }, () => {
  let keystone: KeystoneInfo;
  let database: TestDatabase;
  let service: RunningWorkflowService;
  let api: string;
  const logLines: string[] = [];
  const tokens: Record<string, string> = {};

  /** A project-scoped token of a test user, issued with libs/keystone-auth's client. */
  async function issue(user: string): Promise<string> {
    const identity = keystone.identities[user]!;
    const domain = { name: "Default" };
    const issued = await new KeystoneClient({ authUrl: keystone.url }).authenticate(
      { method: "password", user: { name: user, domain }, password: identity.password },
      { project: { name: identity.project, domain } },
    );
    expect(issued.caller.projectName).toBe(identity.project);
    return issued.token;
  }

  const call = async (user: string | null, method: string, path: string, payload?: string) => {
    const headers: Record<string, string> = {};
    if (user !== null) headers["x-auth-token"] = tokens[user] ?? user;
    if (payload !== undefined)
      headers["content-type"] = path === "/workflows" ? "text/plain" : "application/json";
    const response = await fetch(`${api}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers of several shapes
    const body = (text ? JSON.parse(text) : null) as any;
    return { status: response.status, headers: response.headers, body };
  };

  beforeAll(async () => {
    keystone = (await keystoneTool("start")) as KeystoneInfo;
    database = createTestDatabase("sqlite", "keystone-auth");
    const config = loadServiceConfig({
      env: {
        DATABASE_URL: database.databaseUrl,
        OPS_QUEUE_PREFIX: `test-keystone-${process.pid}`,
        OPS_API_PORT: "0",
        OPS_LOG_LEVEL: "debug",
        OPS_AUTH: "keystone",
        OPS_KEYSTONE_URL: keystone.url,
        OPS_KEYSTONE_USER: "workflow",
        OPS_KEYSTONE_PASSWORD: keystone.identities["workflow"]!.password,
        OPS_KEYSTONE_PROJECT: "service",
        // A revoked token is refused within a second (keystonemiddleware's default is 300 s).
        OPS_KEYSTONE_REVOCATION_CHECK_SECONDS: "1",
      },
    });
    service = await startWorkflowService(
      config,
      pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) }),
    );
    api = service.apiUrl!;
    for (const user of ["alice", "bob", "carol", "admin"]) tokens[user] = await issue(user);
  }, 180_000);

  afterAll(async () => {
    await service?.close();
    database?.drop();
    await keystoneTool("stop");
  });

  it("answers 401 with Keystone's challenge without a token or with a bad one, and serves the version document", async () => {
    for (const token of [null, "not-a-token"]) {
      const response = await call(token, "GET", "/workflows");
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(`Keystone uri="${keystone.url}"`);
      expect(response.body).toEqual({
        error: {
          code: 401,
          title: "Unauthorized",
          message: "The request you have made requires authentication.",
        },
      });
    }
    expect((await fetch(api)).status).toBe(200);
  });

  it("keeps each project's workflows and executions to itself (404, never 403)", async () => {
    expect((await call("alice", "POST", "/workflows", WORKFLOW)).status).toBe(201);
    const started = await call(
      "alice",
      "POST",
      "/executions",
      JSON.stringify({ workflow_name: "alpha_only" }),
    );
    expect(started.status).toBe(201);
    const executionId = started.body.id as string;

    expect((await call("bob", "GET", "/workflows/alpha_only")).status).toBe(404);
    expect((await call("bob", "GET", `/executions/${executionId}`)).status).toBe(404);
    expect((await call("bob", "DELETE", "/workflows/alpha_only")).status).toBe(404);
    expect((await call("bob", "DELETE", `/executions/${executionId}?force=True`)).status).toBe(404);
    const run = await call("bob", "POST", "/executions", JSON.stringify({ workflow_name: "alpha_only" }));
    expect(run.status).toBe(404);
    const listed = await call("bob", "GET", "/workflows");
    expect(listed.body.workflows.map((w: { name: string }) => w.name)).not.toContain("alpha_only");
    const mine = await call("alice", "GET", `/executions/${executionId}`);
    expect(mine.status).toBe(200);
  });

  it("lets a reader read but not write, with Mistral's 403", async () => {
    const read = await call("carol", "GET", "/workflows/alpha_only");
    expect(read.status).toBe(200);
    const write = await call("carol", "POST", "/executions", JSON.stringify({ workflow_name: "alpha_only" }));
    expect(write.status).toBe(403);
    expect(write.body.faultstring).toBe("Policy doesn't allow executions:create to be performed.");
    const remove = await call("carol", "DELETE", "/workflows/alpha_only");
    expect(remove.status).toBe(403);
  });

  it("lets only an admin list every project's executions", async () => {
    expect((await call("alice", "GET", "/executions?all_projects=true")).status).toBe(403);
    const all = await call("admin", "GET", "/executions?all_projects=true");
    expect(all.status).toBe(200);
    expect(all.body.executions.length).toBeGreaterThan(0);
  });

  it("refuses a token once it is revoked", async () => {
    const token = await issue("alice");
    expect((await call(token, "GET", "/workflows")).status).toBe(200);
    const revoked = await fetch(`${keystone.url}/auth/tokens`, {
      method: "DELETE",
      headers: { "x-auth-token": token, "x-subject-token": token },
    });
    expect(revoked.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call(token, "GET", "/workflows")).status).toBe(401);
  });

  it("works with the real mistral CLI, which finds the API in Keystone's catalog", async () => {
    const admin = tokens["admin"]!;
    const listed = (await (
      await fetch(`${keystone.url}/endpoints?service_id=${keystone.workflowServiceId}`, {
        headers: { "x-auth-token": admin },
      })
    ).json()) as { endpoints: { id: string }[] };
    for (const endpoint of listed.endpoints) {
      const moved = await fetch(`${keystone.url}/endpoints/${endpoint.id}`, {
        method: "PATCH",
        headers: { "x-auth-token": admin, "content-type": "application/json" },
        body: JSON.stringify({ endpoint: { url: api } }),
      });
      expect(moved.status).toBe(200);
    }
    const auth = [
      ...["--os-auth-url", keystone.url, "--os-username", "alice", "--os-password", "alice-secret"],
      ...[
        "--os-project-name",
        "alpha",
        "--os-user-domain-name",
        "Default",
        "--os-project-domain-name",
        "Default",
      ],
    ];
    const { stdout } = await run("/usr/bin/mistral", [...auth, "workflow-list", "-f", "json"], {
      timeout: 60_000,
    });
    const names = (JSON.parse(stdout) as { Name: string }[]).map((workflow) => workflow.Name);
    expect(names).toContain("alpha_only");
    const asBob = await run(
      "/usr/bin/mistral",
      [
        ...auth.map((arg) =>
          arg === "alice" ? "bob" : arg === "alice-secret" ? "bob-secret" : arg === "alpha" ? "beta" : arg,
        ),
        "workflow-list",
        "-f",
        "json",
      ],
      { timeout: 60_000 },
    );
    expect((JSON.parse(asBob.stdout) as { Name: string }[]).map((workflow) => workflow.Name)).not.toContain(
      "alpha_only",
    );
  });

  it("never writes a token or a password in its logs", () => {
    const log = logLines.join("");
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(tokens), "workflow-secret", "alice-secret", "bob-secret"]) {
      expect(log.includes(secret), "a secret in the log").toBe(false);
    }
  });
});

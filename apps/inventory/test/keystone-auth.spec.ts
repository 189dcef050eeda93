// The inventory behind a real Keystone (tools/keystone/keystone.mjs: Debian's keystone 22 on
// SQLite): a token's project scopes every query, a reader may read but not write nor read secret
// values, a bad token gets Keystone's 401 challenge, and no token reaches the log.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { createKeystoneAuth, KeystoneClient } from "@ops/keystone-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestInventory, type TestInventory } from "./inventory-app.js";

interface KeystoneInfo {
  url: string;
  started: boolean;
  identities: Record<string, { password: string; project: string }>;
}

const run = promisify(execFile);
const KEYSTONE_TOOL = join(import.meta.dirname, "..", "..", "..", "tools", "keystone", "keystone.mjs");

async function keystoneTool(command: "start" | "stop"): Promise<KeystoneInfo> {
  const { stdout } = await run(process.execPath, [KEYSTONE_TOOL, command, "--holder", String(process.pid)], {
    timeout: 170_000,
  });
  return JSON.parse(stdout) as KeystoneInfo;
}

describe("the inventory behind Keystone", { timeout: 60_000 }, () => {
  let keystone: KeystoneInfo;
  let inventory: TestInventory;
  const tokens: Record<string, string> = {};

  const call = async (user: string | null, method: string, url: string, body?: unknown) => {
    const response = await inventory.app.inject({
      method: method as "GET",
      url,
      headers: {
        ...(user === null ? {} : { "x-auth-token": tokens[user] ?? user }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body ? JSON.parse(response.body) : null,
    };
  };

  beforeAll(async () => {
    keystone = await keystoneTool("start");
    const auth = createKeystoneAuth({
      mode: "keystone",
      url: keystone.url,
      user: "workflow",
      password: keystone.identities["workflow"]!.password,
      project: "service",
      domain: "Default",
      cacheSize: 100,
      revocationCheckSeconds: 1,
    });
    inventory = await startTestInventory({ auth });
    const domain = { name: "Default" };
    for (const user of ["alice", "bob", "carol"]) {
      const identity = keystone.identities[user]!;
      const issued = await new KeystoneClient({ authUrl: keystone.url }).authenticate(
        { method: "password", user: { name: user, domain }, password: identity.password },
        { project: { name: identity.project, domain } },
      );
      tokens[user] = issued.token;
    }
  }, 180_000);

  afterAll(async () => {
    await inventory?.close();
    await keystoneTool("stop");
  });

  it("answers 401 with Keystone's challenge without a valid token", async () => {
    for (const user of [null, "not-a-token"]) {
      const response = await call(user, "GET", "/v1/hosts");
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe(`Keystone uri="${keystone.url}"`);
    }
    expect((await call(null, "GET", "/v1")).status).toBe(200);
  });

  it("scopes every query to the token's project and keeps writes and secret values from readers", async () => {
    expect((await call("alice", "POST", "/v1/clouds", { name: "alpha-cloud" })).status).toBe(201);
    const region = await call("alice", "POST", "/v1/regions", { name: "r", cloud_id: 1 });
    expect(region.body.project_id).not.toBe("alpha"); // Keystone's project id, not its name
    const host = await call("alice", "POST", "/v1/hosts", {
      name: "h",
      region_id: region.body.id,
      ip_address: "10.0.0.1",
      device_type: "server",
    });
    const secret = await call("alice", "POST", "/v1/secrets", {
      owner_type: "hosts",
      owner_id: host.body.id,
      name: "key",
      value: "S3CRET",
    });
    expect(secret.status).toBe(201);

    // bob's project sees none of it.
    expect((await call("bob", "GET", `/v1/hosts/${host.body.id}`)).status).toBe(404);
    expect((await call("bob", "GET", "/v1/clouds")).body.clouds).toEqual([]);
    expect((await call("bob", "GET", `/v1/secrets/${secret.body.id}/value`)).status).toBe(404);

    // carol reads alpha but may not write nor open secrets.
    expect((await call("carol", "GET", `/v1/hosts/${host.body.id}`)).status).toBe(200);
    expect((await call("carol", "POST", "/v1/clouds", { name: "x" })).status).toBe(403);
    expect((await call("carol", "PUT", `/v1/hosts/${host.body.id}/variables`, { a: 1 })).status).toBe(403);
    expect((await call("carol", "GET", `/v1/secrets/${secret.body.id}/value`)).status).toBe(403);
    expect((await call("carol", "GET", "/v1/secrets")).status).toBe(200);
    expect((await call("alice", "GET", `/v1/secrets/${secret.body.id}/value`)).body.value).toBe("S3CRET");
  });
});

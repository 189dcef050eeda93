// The client, the service session and the validator against a real Keystone (Debian's keystone 22,
// started by tools/keystone/keystone.mjs on 127.0.0.1:5000 with the platform's test identities).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeystoneAuthError } from "../../src/index.js";
import {
  createKeystoneAuth,
  endpointFor,
  KeystoneClient,
  ServiceSession,
  TokenValidator,
  type Credentials,
} from "../../src/index.js";

const run = promisify(execFile);
const TOOL = join(import.meta.dirname, "..", "..", "..", "..", "tools", "keystone", "keystone.mjs");
const domain = { name: "Default" };

interface KeystoneInfo {
  url: string;
  started: boolean;
  projects: Record<string, string>;
  users: Record<string, string>;
}

const password = (user: string, secret: string): Credentials => ({
  method: "password",
  user: { name: user, domain },
  password: secret,
});

describe("Keystone v3, for real", { timeout: 60_000 }, () => {
  let keystone: KeystoneInfo;
  let client: KeystoneClient;

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [TOOL, "start", "--holder", String(process.pid)], {
      timeout: 170_000,
    });
    keystone = JSON.parse(stdout) as KeystoneInfo;
    client = new KeystoneClient({ authUrl: keystone.url });
  }, 180_000);

  afterAll(async () => {
    await run(process.execPath, [TOOL, "stop", "--holder", String(process.pid)]);
  });

  it("issues a project-scoped token with a password, with the catalog", async () => {
    const issued = await client.authenticate(password("alice", "alice-secret"), {
      project: { name: "alpha", domain },
    });
    expect(issued.token.length).toBeGreaterThan(100);
    expect(issued.caller).toMatchObject({
      userName: "alice",
      projectId: keystone.projects["alpha"],
      projectName: "alpha",
      domainId: "default",
      isAdmin: false,
    });
    expect([...issued.caller.roles].sort()).toEqual(["member", "reader"]);
    expect(issued.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(endpointFor(issued.catalog, "identity")).toBe(`${keystone.url}/`);
    expect(endpointFor(issued.catalog, "workflowv2", { interface: "internal", region: "RegionOne" })).toMatch(
      /\/v2$/,
    );
    expect(() => endpointFor(issued.catalog, "compute")).toThrow(/no public endpoint of type compute/);
  });

  it("issues domain-scoped and token-method tokens, and one from an application credential", async () => {
    const admin = await client.authenticate(password("admin", "admin-secret"), { domain: { id: "default" } });
    expect(admin.caller).toMatchObject({ projectId: null, domainId: "default", isAdmin: true });

    const unscoped = await client.authenticate(password("bob", "bob-secret"));
    const rescoped = await client.authenticate(
      { method: "token", token: unscoped.token },
      { project: { name: "beta", domain } },
    );
    expect(rescoped.caller).toMatchObject({ userName: "bob", projectName: "beta" });

    const created = await fetch(`${keystone.url}/users/${keystone.users["bob"]}/application_credentials`, {
      method: "POST",
      headers: { "x-auth-token": rescoped.token, "content-type": "application/json" },
      body: JSON.stringify({
        application_credential: { name: `test-${process.pid}-${Date.now()}`, roles: [{ name: "reader" }] },
      }),
    });
    expect(created.status).toBe(201);
    const { application_credential: credential } = (await created.json()) as {
      application_credential: { id: string; secret: string };
    };
    const viaCredential = await client.authenticate({
      method: "application_credential",
      id: credential.id,
      secret: credential.secret,
    });
    expect(viaCredential.caller).toMatchObject({ userName: "bob", projectName: "beta", roles: ["reader"] });
  });

  it("refuses bad credentials without repeating them", async () => {
    const attempt = client.authenticate(password("alice", "wrong-password"), {
      project: { name: "alpha", domain },
    });
    await expect(attempt).rejects.toMatchObject({ code: "KS_AUTH_ERR_BAD_CREDENTIALS" });
    await attempt.catch((error: KeystoneAuthError) => {
      expect(error.message).not.toContain("wrong-password");
    });
    // bob is not a member of alpha.
    await expect(
      client.authenticate(password("bob", "bob-secret"), { project: { name: "alpha", domain } }),
    ).rejects.toMatchObject({ code: "KS_AUTH_ERR_BAD_CREDENTIALS" });
  });

  it("says Keystone is unreachable when nothing listens", async () => {
    const nowhere = new KeystoneClient({ authUrl: "http://127.0.0.1:9/v3", timeoutMs: 2000 });
    const attempt = nowhere.authenticate(password("alice", "alice-secret"));
    await expect(attempt).rejects.toMatchObject({ code: "KS_AUTH_ERR_UNREACHABLE" });
    await attempt.catch((error: KeystoneAuthError) => expect(error.retryable).toBe(true));
  });

  it("validates tokens with the service's own, caches them, refuses revoked ones after the check interval, and expired ones", async () => {
    let now = Date.now();
    const auth = createKeystoneAuth(
      {
        mode: "keystone",
        url: keystone.url,
        user: "workflow",
        password: "workflow-secret",
        project: "service",
        domain: "Default",
        cacheSize: 100,
        revocationCheckSeconds: 60,
      },
      { clock: () => new Date(now) },
    );
    const alice = await client.authenticate(password("alice", "alice-secret"), {
      project: { name: "alpha", domain },
    });
    expect((await auth.validator.validate(alice.token)).projectName).toBe("alpha");
    expect(auth.validator.cached).toBe(1);
    await client.revoke(alice.token, alice.token);
    // Within the interval the cache answers; after it, Keystone says the token is gone.
    expect((await auth.validator.validate(alice.token)).userName).toBe("alice");
    now += 61_000;
    await expect(auth.validator.validate(alice.token)).rejects.toMatchObject({
      code: "KS_AUTH_ERR_INVALID_TOKEN",
    });
    await expect(auth.validator.validate("garbage")).rejects.toMatchObject({
      code: "KS_AUTH_ERR_INVALID_TOKEN",
    });
    // A token past its expiry is refused even while Keystone's clock has not got there.
    const bob = await client.authenticate(password("bob", "bob-secret"), {
      project: { name: "beta", domain },
    });
    now = bob.expiresAt.getTime() + 1000;
    await expect(auth.validator.validate(bob.token)).rejects.toMatchObject({
      code: "KS_AUTH_ERR_INVALID_TOKEN",
    });
  });

  it("gets a new service token when Keystone refuses the current one, or it nears its expiry", async () => {
    let now = Date.now();
    const session = new ServiceSession({
      client,
      credentials: password("workflow", "workflow-secret"),
      scope: { project: { name: "service", domain } },
      clock: () => new Date(now),
    });
    const validator = new TokenValidator({ client, session });
    const first = await session.token();
    expect(await session.token()).toBe(first);
    // The service's own token revoked: validation renews it and goes on.
    await client.revoke(first.token, first.token);
    const bob = await client.authenticate(password("bob", "bob-secret"), {
      project: { name: "beta", domain },
    });
    expect((await validator.validate(bob.token)).userName).toBe("bob");
    const second = await session.token();
    expect(second.token).not.toBe(first.token);
    // Two minutes before it expires, it is replaced.
    now = second.expiresAt.getTime() - 60_000;
    expect((await session.token()).token).not.toBe(second.token);
  });
});

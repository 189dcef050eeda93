#!/usr/bin/env node
// A real OpenStack Keystone (Debian's keystone package, Keystone 22) for tests and development:
// installed if missing, configured with SQLite and fernet tokens under var/keystone/, bootstrapped
// with an admin, and filled with the platform's test identities. Idempotent.
//
//   node tools/keystone/keystone.mjs start [--port 5000]   install/configure if needed, serve, print JSON
//   node tools/keystone/keystone.mjs stop
//   node tools/keystone/keystone.mjs status
// `--holder PID` (start and stop) leases Keystone to a process: test files of several projects
// share one Keystone, and `stop --holder` stops it only when no other live holder is left and it
// was started by a holder (a Keystone a developer started stays up).
//
// `start` prints what tests need: the URL and every user's name, password and project.
// Identities (domain Default, region RegionOne): admin/admin-secret (admin on project admin and on
// the domain),
// alice/alice-secret (member on alpha), bob/bob-secret (member on beta), carol/carol-secret
// (reader on alpha), workflow/workflow-secret (service and admin on service: the platform's own
// user); the catalog has `workflowv2` (mistral), http://127.0.0.1:8989/v2 until a test moves it.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePackages } from "../services.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const home = join(root, "var", "keystone");
const pidFile = join(home, "keystone.pid");
const PYTHON = "/usr/bin/python3"; // Debian's: pyenv's python3 on PATH cannot import keystone
const KEYSTONE_MANAGE = "/usr/bin/keystone-manage";

export const IDENTITIES = Object.freeze({
  admin: { password: "admin-secret", project: "admin", roles: ["admin"] },
  alice: { password: "alice-secret", project: "alpha", roles: ["member"] },
  bob: { password: "bob-secret", project: "beta", roles: ["member"] },
  carol: { password: "carol-secret", project: "alpha", roles: ["reader"] },
  workflow: { password: "workflow-secret", project: "service", roles: ["service", "admin"] },
});

function log(message) {
  process.stderr.write(`[keystone] ${message}\n`);
}

function configText(port) {
  return `[DEFAULT]
log_dir = ${join(home, "log")}
public_endpoint = http://127.0.0.1:${port}/

[database]
connection = sqlite:///${join(home, "keystone.db")}

[token]
provider = fernet
expiration = 3600

[fernet_tokens]
key_repository = ${join(home, "fernet-keys")}

[fernet_receipts]
key_repository = ${join(home, "fernet-keys")}

[credential]
key_repository = ${join(home, "credential-keys")}

[identity]
# Low bcrypt cost: password checks in tests should not take 0.3 s each.
password_hash_rounds = 4

[cache]
# Without a cache every authenticated call recomputes role assignments (about 0.5 s).
enabled = true
backend = dogpile.cache.memory
`;
}

function manage(...args) {
  execFileSync(KEYSTONE_MANAGE, ["--config-file", join(home, "keystone.conf"), ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ""}` },
  });
}

/** Installs the package if missing, writes the config, creates the database and keys once. */
function configure(port) {
  if (!existsSync(KEYSTONE_MANAGE)) ensurePackages(["keystone"]);
  mkdirSync(join(home, "log"), { recursive: true });
  writeFileSync(join(home, "keystone.conf"), configText(port));
  const stamp = join(home, "bootstrapped");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === String(port)) return;
  log("creating the database and keys, bootstrapping the admin ...");
  manage("db_sync");
  manage("fernet_setup", "--keystone-user", "root", "--keystone-group", "root");
  manage("credential_setup", "--keystone-user", "root", "--keystone-group", "root");
  const url = `http://127.0.0.1:${port}/v3/`;
  manage(
    "bootstrap",
    ...["--bootstrap-username", "admin", "--bootstrap-password", IDENTITIES.admin.password],
    ...["--bootstrap-project-name", "admin", "--bootstrap-role-name", "admin"],
    ...["--bootstrap-service-name", "keystone", "--bootstrap-region-id", "RegionOne"],
    ...["--bootstrap-admin-url", url, "--bootstrap-internal-url", url, "--bootstrap-public-url", url],
  );
  writeFileSync(stamp, String(port));
}

function runningPid() {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8"));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Serves Keystone with its own WSGI server (serial; fast enough here), in the background. True
 * when this call started it.
 */
async function serve(port) {
  const url = `http://127.0.0.1:${port}/v3`;
  // One that answers already (started by this script from here or from another checkout) is used.
  if (await answers(url)) return false;
  const out = openSync(join(home, "log", "server.log"), "a");
  const child = spawn(
    PYTHON,
    ["/usr/bin/keystone-wsgi-public", "--host", "127.0.0.1", "--port", String(port)],
    {
      detached: true,
      stdio: ["ignore", out, out],
      env: {
        ...process.env,
        PATH: `/usr/bin:${process.env.PATH ?? ""}`,
        OS_KEYSTONE_CONFIG_DIR: home,
        OS_KEYSTONE_CONFIG_FILES: "keystone.conf",
      },
    },
  );
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  for (let i = 0; i < 300; i++) {
    if (await answers(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Keystone did not answer at ${url} within 30 s (see ${join(home, "log")})`);
}

/** A small REST helper with the admin's token. */
async function adminApi(url) {
  const issued = await fetch(`${url}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: { name: "admin", domain: { id: "default" }, password: IDENTITIES.admin.password },
          },
        },
        scope: { project: { name: "admin", domain: { id: "default" } } },
      },
    }),
  });
  if (issued.status !== 201) throw new Error(`the admin could not log in: HTTP ${issued.status}`);
  const token = issued.headers.get("x-subject-token");
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { "x-auth-token": token, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status >= 400 && response.status !== 409) {
      throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
    return response.status === 204 ? null : response.json();
  };
}

async function ensureNamed(api, collection, key, name, extra) {
  const found = await api("GET", `/${collection}?name=${encodeURIComponent(name)}`);
  const existing = found[collection][0];
  if (existing) return existing;
  return (await api("POST", `/${collection}`, { [key]: { name, ...extra } }))[key];
}

/** The test identities and the catalog entry of the workflow service (idempotent). */
async function populate(url) {
  const api = await adminApi(url);
  const roles = {};
  for (const name of ["admin", "member", "reader", "service"])
    roles[name] = await ensureNamed(api, "roles", "role", name, {});
  const projects = {};
  for (const name of ["admin", "alpha", "beta", "service"])
    projects[name] = await ensureNamed(api, "projects", "project", name, { domain_id: "default" });
  const users = {};
  for (const [name, identity] of Object.entries(IDENTITIES)) {
    const user = await ensureNamed(api, "users", "user", name, {
      domain_id: "default",
      password: identity.password,
      default_project_id: projects[identity.project].id,
    });
    users[name] = user.id;
    for (const role of identity.roles)
      await api("PUT", `/projects/${projects[identity.project].id}/users/${user.id}/roles/${roles[role].id}`);
  }
  // The admin may also take domain-scoped tokens.
  await api("PUT", `/domains/default/users/${users.admin}/roles/${roles.admin.id}`);
  const service = await ensureNamed(api, "services", "service", "mistral", {
    type: "workflowv2",
    enabled: true,
  });
  const endpoints = (await api("GET", `/endpoints?service_id=${service.id}`)).endpoints;
  for (const face of ["public", "internal", "admin"]) {
    if (endpoints.some((endpoint) => endpoint.interface === face)) continue;
    await api("POST", "/endpoints", {
      endpoint: {
        service_id: service.id,
        interface: face,
        region_id: "RegionOne",
        url: "http://127.0.0.1:8989/v2",
      },
    });
  }
  return {
    projects: Object.fromEntries(Object.entries(projects).map(([name, project]) => [name, project.id])),
    users,
    workflowServiceId: service.id,
  };
}

/**
 * Runs `work` holding var/keystone/lock (an atomic mkdir): test files of several projects may start
 * Keystone at the same time, and only one may configure and serve it.
 */
async function withLock(work) {
  mkdirSync(home, { recursive: true });
  const lock = join(home, "lock");
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 300_000) throw new Error(`${lock} is held for more than 5 minutes; remove it if stale`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function start(port) {
  return withLock(() => startLocked(port));
}

async function startLocked(port) {
  configure(port);
  const started = await serve(port);
  const url = `http://127.0.0.1:${port}/v3`;
  const ids = await populate(url);
  const identities = Object.fromEntries(
    Object.entries(IDENTITIES).map(([name, identity]) => [name, { ...identity, userId: ids.users[name] }]),
  );
  return { url, domain: "Default", region: "RegionOne", started, pid: runningPid(), ...ids, identities };
}

const leasesFolder = join(home, "leases");

function takeLease(holder) {
  mkdirSync(leasesFolder, { recursive: true });
  writeFileSync(join(leasesFolder, String(holder)), "");
}

/** Holders other than `holder` whose process is still alive (stale leases are removed). */
function otherLiveHolders(holder) {
  if (!existsSync(leasesFolder)) return [];
  return readdirSync(leasesFolder).filter((name) => {
    if (name === String(holder)) return false;
    try {
      process.kill(Number(name), 0);
      return true;
    } catch {
      rmSync(join(leasesFolder, name), { force: true });
      return false;
    }
  });
}

const leasedServerMarker = join(home, "started-by-holder");

function stop(holder) {
  if (holder !== undefined) {
    rmSync(join(leasesFolder, String(holder)), { force: true });
    const others = otherLiveHolders(holder);
    if (others.length > 0) return { stopped: null, heldBy: others };
    if (!existsSync(leasedServerMarker)) return { stopped: null, reason: "not started by a holder" };
  }
  rmSync(leasedServerMarker, { force: true });
  const pid = runningPid();
  if (pid !== null) process.kill(-pid, "SIGTERM");
  rmSync(pidFile, { force: true });
  return { stopped: pid };
}

async function main() {
  const [command = "status", ...rest] = process.argv.slice(2);
  const portIndex = rest.indexOf("--port");
  const port = portIndex >= 0 ? Number(rest[portIndex + 1]) : 5000;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number`);
  let result;
  const holderIndex = rest.indexOf("--holder");
  const holder = holderIndex >= 0 ? Number(rest[holderIndex + 1]) : undefined;
  if (holder !== undefined && !(Number.isInteger(holder) && holder > 0))
    throw new Error("--holder must be a process id");
  if (command === "start") {
    if (holder !== undefined) takeLease(holder);
    result = await start(port);
    if (holder !== undefined && result.started) writeFileSync(leasedServerMarker, String(holder));
  } else if (command === "stop") result = stop(holder);
  else if (command === "status")
    result = { running: runningPid() !== null, answers: await answers(`http://127.0.0.1:${port}/v3`) };
  else throw new Error(`unknown command ${command}: start | stop | status`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`[keystone] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

export { start as startKeystone, stop as stopKeystone };

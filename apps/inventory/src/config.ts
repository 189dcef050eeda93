// The inventory's settings, from the environment (same names as the workflow service where the
// setting is shared: OPS_AUTH, OPS_KEYSTONE_*, OPS_POLICY_*, OPS_LOG_LEVEL). Every bad value is
// refused at start with the variable's name.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AuthSettings } from "@ops/keystone-auth";
import { parseSecretKeys, type SecretKey } from "@ops/inventory-store";

export interface InventoryConfig {
  /** Where relative paths start. */
  readonly root: string;
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly secretKeys: readonly SecretKey[];
  /** Where the secret keys came from, for the start-up line (never the keys). */
  readonly secretKeySource: string;
  readonly referenceRoot: string;
  readonly auth: AuthSettings;
  /** The project of requests without X-Project-Id in no-auth mode. */
  readonly defaultProject: string;
  readonly logLevel: string;
  readonly tls?: { readonly cert: string; readonly key: string };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

function roles(env: Env, name: string): string[] | undefined {
  const text = env[name];
  return text === undefined || text.trim() === ""
    ? undefined
    : text
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean);
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new ConfigError(`${name} must be a positive integer; got ${text}`);
  return Number(text);
}

function readAuth(env: Env): AuthSettings {
  const mode = env["OPS_AUTH"] ?? "none";
  if (mode === "none" || mode === "noauth") return { mode: "none" };
  if (mode !== "keystone") throw new ConfigError(`OPS_AUTH must be none or keystone; got ${mode}`);
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is required when OPS_AUTH is keystone`);
    return value;
  };
  const policy = {
    ...(roles(env, "OPS_POLICY_READ_ROLES") ? { read: roles(env, "OPS_POLICY_READ_ROLES")! } : {}),
    ...(roles(env, "OPS_POLICY_WRITE_ROLES") ? { write: roles(env, "OPS_POLICY_WRITE_ROLES")! } : {}),
    ...(roles(env, "OPS_POLICY_ALL_PROJECTS_ROLES")
      ? { "all-projects": roles(env, "OPS_POLICY_ALL_PROJECTS_ROLES")! }
      : {}),
  };
  return {
    mode: "keystone",
    url: required("OPS_KEYSTONE_URL"),
    user: required("OPS_KEYSTONE_USER"),
    password: required("OPS_KEYSTONE_PASSWORD"),
    project: env["OPS_KEYSTONE_PROJECT"] ?? "service",
    domain: env["OPS_KEYSTONE_DOMAIN"] ?? "Default",
    cacheSize: positiveInteger(env, "OPS_KEYSTONE_CACHE_SIZE", 10_000),
    revocationCheckSeconds: positiveInteger(env, "OPS_KEYSTONE_REVOCATION_CHECK_SECONDS", 300),
    policy,
  };
}

/**
 * The secret keys: OPS_INVENTORY_SECRET_KEYS (`id:base64[,id:base64]`, the first seals), else the
 * file OPS_INVENTORY_SECRET_KEY_FILE in the same form. When neither is set, a key file is made once
 * under var/ (mode 0600) so that `npm start` works; production sets its own.
 */
function readSecretKeys(env: Env, root: string): { keys: SecretKey[]; source: string } {
  const wrap = (source: string, text: string) => {
    try {
      return { keys: parseSecretKeys(text), source };
    } catch (error) {
      throw new ConfigError(`${source}: ${(error as Error).message}`);
    }
  };
  if (env["OPS_INVENTORY_SECRET_KEYS"])
    return wrap("OPS_INVENTORY_SECRET_KEYS", env["OPS_INVENTORY_SECRET_KEYS"]);
  const file = resolve(root, env["OPS_INVENTORY_SECRET_KEY_FILE"] || "var/inventory/secret-keys");
  if (!existsSync(file)) {
    if (env["OPS_INVENTORY_SECRET_KEY_FILE"])
      throw new ConfigError(`OPS_INVENTORY_SECRET_KEY_FILE: ${file} does not exist`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `key1:${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return wrap(`secret key file ${file}`, readFileSync(file, "utf8"));
}

/** src/ and dist/ are both three levels below the repository root, where var/ is. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Reads the settings; relative paths (var/..., file:var/...) start at `root`. */
export function loadInventoryConfig(env: Env, root: string = REPOSITORY_ROOT): InventoryConfig {
  const port = env["OPS_INVENTORY_PORT"] ?? "7780";
  if (!/^\d+$/.test(port) || Number(port) > 65_535)
    throw new ConfigError(`OPS_INVENTORY_PORT must be a TCP port; got ${port}`);
  const { keys, source } = readSecretKeys(env, root);
  const cert = env["OPS_INVENTORY_TLS_CERT"];
  const key = env["OPS_INVENTORY_TLS_KEY"];
  if ((cert === undefined) !== (key === undefined))
    throw new ConfigError("OPS_INVENTORY_TLS_CERT and OPS_INVENTORY_TLS_KEY go together");
  return {
    root,
    host: env["OPS_INVENTORY_HOST"] ?? "127.0.0.1",
    port: Number(port),
    databaseUrl: env["OPS_INVENTORY_DATABASE_URL"] ?? "file:var/inventory.sqlite",
    secretKeys: keys,
    secretKeySource: source,
    referenceRoot: resolve(root, env["OPS_INVENTORY_REFERENCE_ROOT"] ?? "var/inventory/references"),
    auth: readAuth(env),
    defaultProject: env["OPS_INVENTORY_DEFAULT_PROJECT"] ?? "default",
    logLevel: env["OPS_LOG_LEVEL"] ?? "info",
    ...(cert && key ? { tls: { cert, key } } : {}),
  };
}

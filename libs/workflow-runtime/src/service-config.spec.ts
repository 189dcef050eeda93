import { describe, expect, it } from "vitest";
import { ConfigError, loadServiceConfig } from "./service-config.js";

describe("loadServiceConfig", () => {
  it("gives the embedded defaults: every role, SQLite under var/, the local Redis, port 8989", () => {
    const config = loadServiceConfig();
    expect([...config.roles].sort()).toEqual(["api", "engine", "executor", "scheduler"]);
    expect(config.databaseUrl).toBe("file:var/workflow.sqlite");
    expect(config.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(config.api).toEqual({
      host: "127.0.0.1",
      port: 8989,
      bodyLimit: 1048576,
      defaultProject: "<default-project>",
    });
    expect(config.autoUpgrade).toBe(true);
    expect(config.instantActions).toBe(true);
    expect(config.scheduler).toEqual({ intervalMs: 1000, clockRate: 1, clockEpochMs: null });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads the scheduler's settings and the instant-actions switch", () => {
    const config = loadServiceConfig({
      env: {
        OPS_SCHEDULER_INTERVAL_MS: "50",
        OPS_SCHEDULER_CLOCK_RATE: "20",
        OPS_SCHEDULER_CLOCK_EPOCH_MS: "1795000000000",
        OPS_INSTANT_ACTIONS: "false",
      },
    });
    expect(config.scheduler).toEqual({ intervalMs: 50, clockRate: 20, clockEpochMs: 1795000000000 });
    expect(config.instantActions).toBe(false);
    expect(() => loadServiceConfig({ env: { OPS_SCHEDULER_CLOCK_RATE: "0.5" } })).toThrow(
      /OPS_SCHEDULER_CLOCK_RATE: must be a whole number from 1 to 1000/,
    );
    const expiring = loadServiceConfig({
      readFile: () => "expiration:\n  interval_minutes: 5\n  ignored_states: [error, CANCELLED]\n",
      env: { OPS_CONFIG_FILE: "/etc/wf.yaml", OPS_EXPIRATION_OLDER_THAN_MINUTES: "1440" },
    });
    expect(expiring.expiration).toEqual({
      intervalMinutes: 5,
      olderThanMinutes: 1440,
      maxFinishedExecutions: 0,
      batchSize: 100,
      ignoredStates: ["ERROR", "CANCELLED"],
    });
    expect(() => loadServiceConfig({ env: { OPS_EXPIRATION_IGNORED_STATES: "RUNNING" } })).toThrow(
      /OPS_EXPIRATION_IGNORED_STATES: "RUNNING" is not a terminal state/,
    );
    expect(() => loadServiceConfig({ env: { OPS_INSTANT_ACTIONS: "maybe" } })).toThrow(
      /OPS_INSTANT_ACTIONS: must be true or false/,
    );
  });

  it("lets the file override defaults, the environment override the file, and --server override both", () => {
    const file =
      "server: engine\napi:\n  port: 9000\ndatabase_url: postgresql://db/wf\nengine:\n  concurrency: 4\n";
    const config = loadServiceConfig({
      argv: ["--config", "/etc/wf.yaml", "--server", "executor,api"],
      env: { OPS_API_PORT: "9100", OPS_SERVER: "engine" },
      readFile: () => file,
    });
    expect([...config.roles].sort()).toEqual(["api", "executor"]);
    expect(config.api.port).toBe(9100);
    expect(config.databaseUrl).toBe("postgresql://db/wf");
    expect(config.engineConcurrency).toBe(4);
  });

  it.each([
    [{ env: { OPS_API_PORT: "http" } }, /OPS_API_PORT: must be a whole number from 0 to 65535/],
    [
      { env: { DATABASE_URL: "oracle://db" } },
      /DATABASE_URL: must start with file:, postgresql:\/\/ or mysql:\/\//,
    ],
    [{ argv: ["--server", "engine,brain"] }, /--server: unknown role "brain"/],
    [{ env: { OPS_DB_AUTO_UPGRADE: "maybe" } }, /OPS_DB_AUTO_UPGRADE: must be true or false/],
    [{ argv: ["--server"] }, /--server needs a value/],
    [{ argv: ["--config", "/x.yaml"], readFile: () => "- a list" }, /must be a mapping/],
    [{ argv: ["--config", "/x.yaml"], readFile: () => "a: [" }, /is not valid YAML/],
  ])("refuses a bad value and names where it came from (%#)", (sources, message) => {
    expect(() => loadServiceConfig(sources)).toThrow(ConfigError);
    expect(() => loadServiceConfig(sources)).toThrow(message);
  });

  it("has authentication off by default, and reads Keystone's settings from the environment or the file", () => {
    expect(loadServiceConfig({}).auth).toEqual({ mode: "none" });
    const file =
      "auth:\n  mode: keystone\nkeystone:\n  url: http://127.0.0.1:5000/v3\n  user: workflow\n  project: service\n";
    const config = loadServiceConfig({
      argv: ["--config", "/etc/wf.yaml"],
      env: { OPS_KEYSTONE_PASSWORD: "from-env", OPS_KEYSTONE_CACHE_SIZE: "50" },
      readFile: () => file,
    });
    expect(config.auth).toEqual({
      mode: "keystone",
      url: "http://127.0.0.1:5000/v3",
      user: "workflow",
      password: "from-env",
      project: "service",
      domain: "Default",
      cacheSize: 50,
      revocationCheckSeconds: 300,
      policy: {},
    });
  });

  const KEYSTONE_ENV = {
    OPS_AUTH: "keystone",
    OPS_KEYSTONE_URL: "http://k/v3",
    OPS_KEYSTONE_USER: "u",
    OPS_KEYSTONE_PASSWORD: "p",
    OPS_KEYSTONE_PROJECT: "service",
  };

  it("reads the policy's roles per action, as a list in the file or comma-separated", () => {
    const config = loadServiceConfig({
      argv: ["--config", "/etc/wf.yaml"],
      env: { ...KEYSTONE_ENV, OPS_POLICY_WRITE_ROLES: "operator, admin" },
      readFile: () => "auth:\n  policy:\n    all_projects: [cloud-admin]\n",
    });
    expect(config.auth.mode === "keystone" && config.auth.policy).toEqual({
      write: ["operator", "admin"],
      "all-projects": ["cloud-admin"],
    });
    expect(() =>
      loadServiceConfig({
        env: { ...KEYSTONE_ENV, OPS_POLICY_READ_ROLES: " , " },
      }),
    ).toThrow(/OPS_POLICY_READ_ROLES: must list role names/);
  });

  it.each([
    [{ OPS_AUTH: "ldap" }, /OPS_AUTH: must be none or keystone/],
    [{ OPS_AUTH: "keystone" }, /OPS_KEYSTONE_URL: is required when OPS_AUTH is keystone/],
    [
      { OPS_AUTH: "keystone", OPS_KEYSTONE_URL: "127.0.0.1:5000" },
      /OPS_KEYSTONE_URL: must be an http\(s\):\/\/ URL/,
    ],
    [
      {
        OPS_AUTH: "keystone",
        OPS_KEYSTONE_URL: "http://k/v3",
        OPS_KEYSTONE_USER: "u",
        OPS_KEYSTONE_PROJECT: "p",
      },
      /OPS_KEYSTONE_PASSWORD: is required/,
    ],
  ])("refuses incomplete Keystone settings, naming the key (%#)", (env, message) => {
    expect(() => loadServiceConfig({ env })).toThrow(message);
  });

  it("never puts the password in its messages", () => {
    const env = {
      OPS_AUTH: "keystone",
      OPS_KEYSTONE_URL: "http://k/v3",
      OPS_KEYSTONE_USER: "u",
      OPS_KEYSTONE_PASSWORD: "s3cret",
      OPS_KEYSTONE_PROJECT: "p",
      OPS_KEYSTONE_CACHE_SIZE: "lots",
    };
    expect(() => loadServiceConfig({ env })).toThrow(/OPS_KEYSTONE_CACHE_SIZE/);
    try {
      loadServiceConfig({ env });
    } catch (error) {
      expect(String(error)).not.toContain("s3cret");
    }
  });
});

// The workflow service's configuration: defaults < config file < environment < command line,
// parsed and validated once at start, then passed down frozen. A bad value stops the service with
// a message naming the key, where it came from, and what is allowed.
import type { AuthSettings } from "@ops/keystone-auth";
import { load as loadYaml } from "js-yaml";
import { TERMINAL_STATES, type TerminalState } from "./scheduler/execution-expiration.js";

export const SERVICE_ROLES = ["api", "engine", "executor", "scheduler"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export interface WorkflowServiceConfig {
  /** The roles this process runs. @defaultValue every role (`--server all`) */
  readonly roles: ReadonlySet<ServiceRole>;
  /** Where the store is: `file:...` (SQLite), `postgresql://...`, `mysql://...`. @defaultValue `file:var/workflow.sqlite` */
  readonly databaseUrl: string;
  /** @defaultValue `redis://127.0.0.1:6379` */
  readonly redisUrl: string;
  /** Prefix of every queue key in Redis, so that several deployments can share one Redis. @defaultValue `ops` */
  readonly queuePrefix: string;
  readonly api: {
    /** @defaultValue `127.0.0.1` */
    readonly host: string;
    /** @defaultValue 8989 */
    readonly port: number;
    /** Largest request body, in bytes. @defaultValue 1048576 */
    readonly bodyLimit: number;
    /** The project requests act for when authentication is off. @defaultValue `<default-project>` (as Mistral) */
    readonly defaultProject: string;
  };
  /** This executor's name: it receives the tasks with `target: <name>`. @defaultValue none */
  readonly executorName: string | null;
  /** Engine jobs handled at once by this process. @defaultValue 8 */
  readonly engineConcurrency: number;
  /**
   * The engine takes the results of instant actions (std.echo without delay, std.noop, std.fail,
   * std.test_dict) in its own transaction instead of sending them to an executor. @defaultValue true
   */
  readonly instantActions: boolean;
  /** Actions run at once by this process. @defaultValue 32 */
  readonly executorConcurrency: number;
  /** How often the reconciler looks for work that lost its job, in ms. @defaultValue 10000 */
  readonly reconcileIntervalMs: number;
  /** Rows in flight unchanged for this long are re-sent by the reconciler, in seconds. @defaultValue 30 */
  readonly staleAfterSeconds: number;
  /** How long a dead worker keeps its job before another takes it over, in ms. @defaultValue 15000 */
  readonly jobLockMs: number;
  readonly scheduler: {
    /** Pause between passes over due cron triggers, in ms. @defaultValue 1000 */
    readonly intervalMs: number;
    /**
     * For tests and demonstrations: the scheduler's clock runs this many times faster than real
     * time from `clockEpochMs` on, so that a per-second pattern ticks every 1/rate s. @defaultValue 1
     */
    readonly clockRate: number;
    /** Where an accelerated clock starts (ms since 1970); null: when the process starts. */
    readonly clockEpochMs: number | null;
  };
  /**
   * Mistral's execution expiration policy, run by the scheduler role: every `intervalMinutes` (0:
   * off), finished root executions unchanged for `olderThanMinutes`, and those beyond the
   * `maxFinishedExecutions` newest, are deleted, `batchSize` at a time, except in `ignoredStates`.
   */
  readonly expiration: {
    readonly intervalMinutes: number;
    readonly olderThanMinutes: number;
    readonly maxFinishedExecutions: number;
    readonly batchSize: number;
    readonly ignoredStates: readonly TerminalState[];
  };
  /**
   * How callers are authenticated: `none` (the embedded default; requests act for `X-Project-Id`
   * or the default project, as Mistral's `auth_enable = False`) or `keystone` (a Keystone v3 token
   * on every request, validated with the service's own credentials).
   */
  readonly auth: AuthSettings;
  /** Apply migrations and register the std actions at start (`db upgrade` + `db populate`). @defaultValue true */
  readonly autoUpgrade: boolean;
  /** @defaultValue `info` */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** A configuration value that cannot be used; the message names the key and its source. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Where each key may come from: its name in the config file and in the environment. */
const KEYS = {
  databaseUrl: { file: "database_url", env: "DATABASE_URL" },
  redisUrl: { file: "redis_url", env: "OPS_REDIS_URL" },
  queuePrefix: { file: "queue_prefix", env: "OPS_QUEUE_PREFIX" },
  apiHost: { file: "api.host", env: "OPS_API_HOST" },
  apiPort: { file: "api.port", env: "OPS_API_PORT" },
  apiBodyLimit: { file: "api.body_limit", env: "OPS_API_BODY_LIMIT" },
  defaultProject: { file: "api.default_project", env: "OPS_DEFAULT_PROJECT" },
  executorName: { file: "executor.name", env: "OPS_EXECUTOR_NAME" },
  engineConcurrency: { file: "engine.concurrency", env: "OPS_ENGINE_CONCURRENCY" },
  instantActions: { file: "engine.instant_actions", env: "OPS_INSTANT_ACTIONS" },
  executorConcurrency: { file: "executor.concurrency", env: "OPS_EXECUTOR_CONCURRENCY" },
  reconcileIntervalMs: { file: "engine.reconcile_interval_ms", env: "OPS_RECONCILE_INTERVAL_MS" },
  staleAfterSeconds: { file: "engine.stale_after_seconds", env: "OPS_RECONCILE_STALE_SECONDS" },
  jobLockMs: { file: "queue.job_lock_ms", env: "OPS_JOB_LOCK_MS" },
  autoUpgrade: { file: "database.auto_upgrade", env: "OPS_DB_AUTO_UPGRADE" },
  expirationIntervalMinutes: { file: "expiration.interval_minutes", env: "OPS_EXPIRATION_INTERVAL_MINUTES" },
  expirationOlderThanMinutes: {
    file: "expiration.older_than_minutes",
    env: "OPS_EXPIRATION_OLDER_THAN_MINUTES",
  },
  expirationMaxFinished: { file: "expiration.max_finished_executions", env: "OPS_EXPIRATION_MAX_FINISHED" },
  expirationBatchSize: { file: "expiration.batch_size", env: "OPS_EXPIRATION_BATCH_SIZE" },
  expirationIgnoredStates: { file: "expiration.ignored_states", env: "OPS_EXPIRATION_IGNORED_STATES" },
  schedulerIntervalMs: { file: "scheduler.interval_ms", env: "OPS_SCHEDULER_INTERVAL_MS" },
  schedulerClockRate: { file: "scheduler.clock_rate", env: "OPS_SCHEDULER_CLOCK_RATE" },
  schedulerClockEpochMs: { file: "scheduler.clock_epoch_ms", env: "OPS_SCHEDULER_CLOCK_EPOCH_MS" },
  logLevel: { file: "log_level", env: "OPS_LOG_LEVEL" },
  auth: { file: "auth.mode", env: "OPS_AUTH" },
  keystoneUrl: { file: "keystone.url", env: "OPS_KEYSTONE_URL" },
  keystoneUser: { file: "keystone.user", env: "OPS_KEYSTONE_USER" },
  keystonePassword: { file: "keystone.password", env: "OPS_KEYSTONE_PASSWORD" },
  keystoneProject: { file: "keystone.project", env: "OPS_KEYSTONE_PROJECT" },
  keystoneDomain: { file: "keystone.domain", env: "OPS_KEYSTONE_DOMAIN" },
  keystoneCacheSize: { file: "keystone.cache_size", env: "OPS_KEYSTONE_CACHE_SIZE" },
  policyReadRoles: { file: "auth.policy.read", env: "OPS_POLICY_READ_ROLES" },
  policyWriteRoles: { file: "auth.policy.write", env: "OPS_POLICY_WRITE_ROLES" },
  policyAllProjectsRoles: { file: "auth.policy.all_projects", env: "OPS_POLICY_ALL_PROJECTS_ROLES" },
  keystoneRevocationCheckSeconds: {
    file: "keystone.revocation_check_seconds",
    env: "OPS_KEYSTONE_REVOCATION_CHECK_SECONDS",
  },
  roles: { file: "server", env: "OPS_SERVER" },
} as const;

type Key = keyof typeof KEYS;

export interface ConfigSources {
  /** Command-line arguments after the program name: `--server api,engine`, `--config FILE`. */
  readonly argv?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads the config file named by `--config` or `OPS_CONFIG_FILE`. */
  readonly readFile?: (path: string) => string;
}

function fileValue(file: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = file;
  for (const part of dotted.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function argValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) {
    const inline = argv.find((arg) => arg.startsWith(`${flag}=`));
    return inline?.slice(flag.length + 1);
  }
  const value = argv[at + 1];
  if (value === undefined || value.startsWith("--")) throw new ConfigError(`${flag} needs a value`);
  return value;
}

/** Reads and validates the configuration. Throws ConfigError naming the offending key. */
export function loadServiceConfig(sources: ConfigSources = {}): WorkflowServiceConfig {
  const argv = sources.argv ?? [];
  const env = sources.env ?? {};
  const configPath = argValue(argv, "--config") ?? env.OPS_CONFIG_FILE;
  let file: Record<string, unknown> = {};
  if (configPath) {
    if (!sources.readFile) throw new ConfigError(`cannot read the config file ${configPath}`);
    let text: string;
    try {
      text = sources.readFile(configPath);
    } catch (error) {
      throw new ConfigError(`cannot read the config file ${configPath}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = loadYaml(text);
    } catch (error) {
      throw new ConfigError(`the config file ${configPath} is not valid YAML: ${(error as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined && (typeof parsed !== "object" || Array.isArray(parsed))) {
      throw new ConfigError(`the config file ${configPath} must be a mapping of keys to values`);
    }
    file = (parsed ?? {}) as Record<string, unknown>;
  }

  const raw = (key: Key): { value: unknown; source: string } | undefined => {
    if (key === "roles") {
      const fromArg = argValue(argv, "--server");
      if (fromArg !== undefined) return { value: fromArg, source: "--server" };
    }
    const fromEnv = env[KEYS[key].env];
    if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, source: KEYS[key].env };
    const fromFile = fileValue(file, KEYS[key].file);
    if (fromFile !== undefined && fromFile !== null)
      return { value: fromFile, source: `${configPath}: ${KEYS[key].file}` };
    return undefined;
  };
  const fail = (source: string, message: string): never => {
    throw new ConfigError(`${source}: ${message}`);
  };
  const text = (key: Key, fallback: string, check?: (value: string) => string | undefined): string => {
    const found = raw(key);
    if (!found) return fallback;
    const value = String(found.value).trim();
    if (value === "") fail(found.source, "must not be empty");
    const problem = check?.(value);
    if (problem) fail(found.source, `${problem}, got ${JSON.stringify(value)}`);
    return value;
  };
  const integer = (key: Key, fallback: number, min: number, max: number): number => {
    const found = raw(key);
    if (!found) return fallback;
    const value = Number(found.value);
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(found.source, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(found.value)}`);
    }
    return value;
  };

  const flag = (key: Key, fallback: boolean): boolean => {
    const found = raw(key);
    if (!found) return fallback;
    const value = String(found.value).trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(value)) return true;
    if (["false", "0", "no", "off"].includes(value)) return false;
    return fail(found.source, `must be true or false, got ${JSON.stringify(found.value)}`);
  };

  const terminalStates = (key: Key): TerminalState[] => {
    const found = raw(key);
    if (!found) return [];
    const values = Array.isArray(found.value) ? found.value.map(String) : String(found.value).split(",");
    const states = values.map((value) => value.trim().toUpperCase()).filter((value) => value !== "");
    for (const state of states) {
      if (!(TERMINAL_STATES as readonly string[]).includes(state)) {
        fail(
          found.source,
          `${JSON.stringify(state)} is not a terminal state; they are ${TERMINAL_STATES.join(", ")}`,
        );
      }
    }
    return states as TerminalState[];
  };

  const rolesText = text("roles", "all");
  const roles = new Set<ServiceRole>();
  for (const part of rolesText.split(",").map((r) => r.trim())) {
    if (part === "all") SERVICE_ROLES.forEach((role) => roles.add(role));
    else if ((SERVICE_ROLES as readonly string[]).includes(part)) roles.add(part as ServiceRole);
    else
      fail(
        raw("roles")!.source,
        `unknown role ${JSON.stringify(part)}; roles are ${SERVICE_ROLES.join(", ")} or all`,
      );
  }

  const authMode = text("auth", "none", (v) =>
    v === "none" || v === "keystone" ? undefined : "must be none or keystone",
  );
  // A list of role names (comma-separated, or a YAML list in the file) for one policy action.
  const roleList = <A extends string>(key: Key, action: A): Partial<Record<A, readonly string[]>> => {
    const found = raw(key);
    if (!found) return {};
    const values = Array.isArray(found.value) ? found.value.map(String) : String(found.value).split(",");
    const roles = values.map((role) => role.trim()).filter((role) => role !== "");
    if (roles.length === 0 || roles.some((role) => !/^[\w.-]+$/.test(role)))
      fail(found.source, `must list role names, got ${JSON.stringify(found.value)}`);
    return { [action]: Object.freeze(roles) } as Partial<Record<A, readonly string[]>>;
  };
  const required = (key: Key): string => {
    if (!raw(key)) fail(KEYS[key].env, `is required when OPS_AUTH is keystone`);
    return text(key, "");
  };
  const auth: AuthSettings =
    authMode === "none"
      ? { mode: "none" }
      : Object.freeze({
          mode: "keystone",
          url:
            text("keystoneUrl", "", (v) =>
              /^https?:\/\/[^/]/.test(v) ? undefined : "must be an http(s):// URL",
            ) || required("keystoneUrl"),
          user: required("keystoneUser"),
          password: required("keystonePassword"),
          project: required("keystoneProject"),
          domain: text("keystoneDomain", "Default"),
          cacheSize: integer("keystoneCacheSize", 10_000, 1, 10_000_000),
          revocationCheckSeconds: integer("keystoneRevocationCheckSeconds", 300, 1, 86_400),
          policy: Object.freeze({
            ...roleList("policyReadRoles", "read"),
            ...roleList("policyWriteRoles", "write"),
            ...roleList("policyAllProjectsRoles", "all-projects"),
          }),
        });

  const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
  const config: WorkflowServiceConfig = {
    roles,
    databaseUrl: text("databaseUrl", "file:var/workflow.sqlite", (v) =>
      /^(file:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(v)
        ? undefined
        : "must start with file:, postgresql:// or mysql://",
    ),
    redisUrl: text("redisUrl", "redis://127.0.0.1:6379", (v) =>
      /^rediss?:\/\//.test(v) ? undefined : "must be a redis:// or rediss:// URL",
    ),
    queuePrefix: text("queuePrefix", "ops", (v) =>
      /^[\w.-]+$/.test(v) ? undefined : "may hold only letters, digits, _ . -",
    ),
    api: Object.freeze({
      host: text("apiHost", "127.0.0.1"),
      port: integer("apiPort", 8989, 0, 65535),
      bodyLimit: integer("apiBodyLimit", 1024 * 1024, 1024, 512 * 1024 * 1024),
      defaultProject: text("defaultProject", "<default-project>"),
    }),
    executorName: raw("executorName")
      ? text("executorName", "", (v) =>
          /^[\w.-]+$/.test(v) ? undefined : "may hold only letters, digits, _ . -",
        )
      : null,
    engineConcurrency: integer("engineConcurrency", 8, 1, 1000),
    instantActions: flag("instantActions", true),
    executorConcurrency: integer("executorConcurrency", 32, 1, 1000),
    reconcileIntervalMs: integer("reconcileIntervalMs", 10_000, 100, 3_600_000),
    staleAfterSeconds: integer("staleAfterSeconds", 30, 1, 86_400),
    jobLockMs: integer("jobLockMs", 15_000, 1000, 600_000),
    scheduler: Object.freeze({
      intervalMs: integer("schedulerIntervalMs", 1000, 10, 3_600_000),
      clockRate: integer("schedulerClockRate", 1, 1, 1000),
      clockEpochMs: raw("schedulerClockEpochMs")
        ? integer("schedulerClockEpochMs", 0, 0, Number.MAX_SAFE_INTEGER)
        : null,
    }),
    expiration: Object.freeze({
      intervalMinutes: integer("expirationIntervalMinutes", 0, 0, 525_600),
      olderThanMinutes: integer("expirationOlderThanMinutes", 0, 0, 52_560_000),
      maxFinishedExecutions: integer("expirationMaxFinished", 0, 0, 100_000_000),
      batchSize: integer("expirationBatchSize", 100, 1, 10_000),
      ignoredStates: Object.freeze(terminalStates("expirationIgnoredStates")),
    }),
    auth,
    autoUpgrade: flag("autoUpgrade", true),
    logLevel: text("logLevel", "info", (v) =>
      logLevels.includes(v) ? undefined : `must be one of ${logLevels.join(", ")}`,
    ) as WorkflowServiceConfig["logLevel"],
  };
  return Object.freeze(config);
}

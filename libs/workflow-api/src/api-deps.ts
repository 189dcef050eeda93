// What buildApp needs from outside: the store, the engine's command side, the logger, and where
// the list of running services and the caller's project come from.
import type { EngineCommands } from "./engine-commands.js";
import type { WorkflowStore } from "@ops/workflow-store";
import type { FastifyBaseLogger } from "fastify";
import type { ProjectResolver } from "./http/project-resolver.js";
import type { KeystoneAuth } from "@ops/keystone-auth";

/** One running service as `GET /v2/services` lists it (Mistral: a member of a `<role>_group`). */
export interface ApiService {
  /** The member's name, e.g. `host1_1234` (host and process id). */
  readonly name: string;
  /** `api_group`, `engine_group`, `executor_group`, `scheduler_group`... */
  readonly type: string;
}

/** The dependencies of {@link buildApp}. */
export interface ApiDeps {
  /** The workflow store (opened, migrated). */
  readonly store: WorkflowStore;
  /** Where the API sends start, control, complete and run commands after writing its rows. */
  readonly commands: EngineCommands;
  /** The pino logger to log requests with; one is made from the config when absent. */
  readonly logger?: FastifyBaseLogger;
  /** The roles running, for `GET /v2/services`. @defaultValue this API only */
  readonly services?: () => readonly ApiService[] | Promise<readonly ApiService[]>;
  /**
   * Keystone authentication: every request but the version documents needs a valid X-Auth-Token,
   * acts for the token's project, and passes the role policy. @defaultValue none (no-auth mode)
   */
  readonly auth?: Pick<KeystoneAuth, "validator" | "policy" | "authUrl">;
  /**
   * Who the caller is acting for. @defaultValue with `auth`, the token's project; without, no auth:
   * `X-Project-Id`, else the configured default project.
   */
  readonly resolveProject?: ProjectResolver;
}

// A real app for tests: the real store on a fresh SQLite file (migrated and populated with the std
// actions, as `db upgrade` and `db populate` do), and a recording implementation of the engine's
// commands — a double of our own interface that remembers every call so tests can assert on them,
// and can act as a stand-in executor when a test needs action results.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  openWorkflowStore,
  registerStdActions,
  upgradeDatabase,
  type WorkflowStore,
} from "@ops/workflow-store";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import {
  buildApp,
  parseApiConfig,
  type ApiConfig,
  type EngineCommands,
  type ExecutionCommand,
  type StartOutcome,
} from "../../src/index.js";
import type { RerunOptions } from "@ops/workflow-runtime";

/** One recorded command. */
export type RecordedCommand =
  | { readonly kind: "startExecution"; readonly id: string }
  | { readonly kind: "controlExecution"; readonly id: string; readonly command: ExecutionCommand }
  | { readonly kind: "completeAction"; readonly id: string }
  | { readonly kind: "runAction"; readonly id: string; readonly target: string | null }
  | {
      readonly kind: "rerunTask";
      readonly id: string;
      readonly reset: boolean;
      readonly env: Record<string, unknown> | undefined;
    };

/** Remembers every command; optional hooks let a test play the engine or an executor. */
export class RecordingCommands implements EngineCommands {
  readonly calls: RecordedCommand[] = [];
  onRunAction?: (id: string) => Promise<void>;
  onControl?: (id: string, command: ExecutionCommand) => Promise<void>;
  failNext = false;
  /** Simulated executor results still on their way; close() waits for them. */
  readonly pending = new Set<Promise<void>>();

  private record(call: RecordedCommand): void {
    this.calls.push(call);
    if (this.failNext) {
      this.failNext = false;
      throw new Error("queue unavailable");
    }
  }

  async startExecution(id: string): Promise<StartOutcome> {
    this.record({ kind: "startExecution", id });
    return "queued";
  }

  async controlExecution(id: string, command: ExecutionCommand): Promise<void> {
    this.record({ kind: "controlExecution", id, command });
    await this.onControl?.(id, command);
  }

  async completeAction(id: string): Promise<void> {
    this.record({ kind: "completeAction", id });
  }

  async rerunTask(id: string, options: RerunOptions): Promise<void> {
    this.record({ kind: "rerunTask", id, reset: options.reset, env: options.env });
  }

  async runAction(id: string, target?: string | null): Promise<void> {
    this.record({ kind: "runAction", id, target: target ?? null });
    // Like a real executor, the result arrives after the request has been answered or while it waits.
    if (this.onRunAction) {
      const delivered: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 5))
        .then(() => this.onRunAction?.(id))
        .catch(() => undefined)
        .finally(() => this.pending.delete(delivered));
      this.pending.add(delivered);
    }
  }
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly store: WorkflowStore;
  readonly commands: RecordingCommands;
  readonly close: () => Promise<void>;
}

/** A fresh app on a fresh database. */
export async function createTestApp(config: Partial<ApiConfig> = {}): Promise<TestApp> {
  const directory = mkdtempSync(join(tmpdir(), "workflow-api-"));
  const databaseUrl = `file:${join(directory, "workflow.sqlite")}`;
  await upgradeDatabase({ databaseUrl });
  const store = await openWorkflowStore({ databaseUrl });
  await registerStdActions(store);
  const commands = new RecordingCommands();
  const app = buildApp(
    parseApiConfig({ runSyncTimeoutMs: 2000, pollIntervalMs: 5, controlWaitMs: 200, ...config }),
    {
      store,
      commands,
      logger: pino({ level: process.env["OPS_TEST_LOG"] ?? "silent" }),
    },
  );
  await app.ready();
  return {
    app,
    store,
    commands,
    close: async () => {
      await Promise.all([...commands.pending]);
      await app.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

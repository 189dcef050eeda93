// One process of the workflow service, with the roles its configuration names: the store (migrated
// and populated at start unless told otherwise), the queues, the engine and executor workers, and
// the Mistral v2 API. Used by main.ts and by the integration tests, which start real processes or
// several services in one process.
import { hostname } from "node:os";
import { apiAuthOfService, apiConfigOfService, buildApp, type ApiService } from "@ops/workflow-api";
import {
  acceleratedClock,
  WorkflowQueues,
  WorkflowRuntime,
  type WorkflowServiceConfig,
} from "@ops/workflow-runtime";
import {
  openWorkflowStore,
  populateDatabase,
  upgradeDatabase,
  type WorkflowStore,
} from "@ops/workflow-store";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";

export interface RunningWorkflowService {
  /** The API's base URL (`http://127.0.0.1:8989/v2`), when this process runs the api role. */
  readonly apiUrl: string | null;
  readonly store: WorkflowStore;
  readonly queues: WorkflowQueues;
  readonly runtime: WorkflowRuntime;
  /** Stops taking work, lets running jobs finish, and closes every connection. */
  close(): Promise<void>;
}

/** Starts the roles of `config` and answers once they all run. */
export async function startWorkflowService(
  config: WorkflowServiceConfig,
  logger: Logger,
): Promise<RunningWorkflowService> {
  if (config.autoUpgrade) {
    const upgraded = await upgradeDatabase({ databaseUrl: config.databaseUrl });
    const populated = await populateDatabase({ databaseUrl: config.databaseUrl });
    logger.info({ migrations: upgraded, stdActions: populated }, "database ready");
  }
  const store = await openWorkflowStore({ databaseUrl: config.databaseUrl });
  const queues = new WorkflowQueues({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    onError: (error, queue) => logger.warn({ err: error, queue }, "Redis unavailable"),
  });
  const runtime = new WorkflowRuntime({
    store,
    queues,
    logger,
    engine: config.roles.has("engine"),
    executor: config.roles.has("executor"),
    scheduler: config.roles.has("scheduler"),
    schedulerIntervalMs: config.scheduler.intervalMs,
    expiration: config.expiration,
    schedulerClock: acceleratedClock(config.scheduler.clockRate, config.scheduler.clockEpochMs ?? Date.now()),
    executorName: config.executorName,
    engineConcurrency: config.engineConcurrency,
    instantActions: config.instantActions,
    executorConcurrency: config.executorConcurrency,
    reconcileIntervalMs: config.reconcileIntervalMs,
    staleAfterSeconds: config.staleAfterSeconds,
    lockDurationMs: config.jobLockMs,
  });
  await runtime.start();

  let app: FastifyInstance | null = null;
  let apiUrl: string | null = null;
  if (config.roles.has("api")) {
    const member = `${hostname()}_${process.pid}`;
    const services: ApiService[] = [...config.roles].map((role) => ({ name: member, type: `${role}_group` }));
    app = buildApp(apiConfigOfService(config), {
      store,
      commands: runtime.commands(),
      logger,
      services: () => services,
      ...apiAuthOfService(config),
    });
    if (config.auth.mode === "keystone")
      logger.info({ keystone: config.auth.url }, "Keystone authentication on");
    const address = await app.listen({ host: config.api.host, port: config.api.port });
    apiUrl = `${address.replace("[::1]", "localhost")}/v2`;
  }
  if (config.scheduler.clockRate !== 1) {
    logger.warn({ rate: config.scheduler.clockRate }, "the scheduler's clock runs faster than real time");
  }

  let closing: Promise<void> | null = null;
  return {
    apiUrl,
    store,
    queues,
    runtime,
    close() {
      closing ??= (async () => {
        await app?.close();
        await runtime.close();
        await queues.close();
        await store.close();
      })();
      return closing;
    },
  };
}

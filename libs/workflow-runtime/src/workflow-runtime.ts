// Starts the engine, executor and scheduler roles of one process: BullMQ workers on their queues,
// the engine's reconciler on a timer, and the scheduler's passes over due cron triggers. The API
// role is the workflow-api lib's; it only needs the commands (see commands()).
import type { WorkflowStore } from "@ops/workflow-store";
import { Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import { stdActions, type ActionImplementation } from "./actions/index.js";
import { EngineService } from "./engine/engine-service.js";
import { Reconciler } from "./engine/reconciler.js";
import { ExecutorService } from "./executor/executor-service.js";
import { LocalEngineCommands } from "./engine/local-engine-commands.js";
import type { WorkflowCommands } from "./queues/workflow-commands.js";
import type { WorkflowQueues } from "./queues/workflow-queues-client.js";
import { CronTriggerScheduler } from "./scheduler/cron-trigger-scheduler.js";
import { DueTimerDispatcher } from "./scheduler/due-timers.js";
import {
  ExecutionExpiration,
  expirationEnabled,
  type ExecutionExpirationSettings,
} from "./scheduler/execution-expiration.js";
import {
  executorQueueName,
  QUEUE_NAMES,
  type EngineJob,
  type ExecutorJob,
} from "./queues/workflow-queues.js";

export interface WorkflowRuntimeOptions {
  readonly store: WorkflowStore;
  readonly queues: WorkflowQueues;
  readonly logger: Logger;
  /** Run the engine role (and its reconciler). */
  readonly engine: boolean;
  /** Run the executor role. */
  readonly executor: boolean;
  /** Run the scheduler role (cron triggers, overdue timers, expiration). @defaultValue false */
  readonly scheduler?: boolean;
  /** Pause between the scheduler's passes, in ms. @defaultValue 1000 */
  readonly schedulerIntervalMs?: number;
  /** The scheduler's clock. @defaultValue `() => new Date()` */
  readonly schedulerClock?: () => Date;
  /** The execution expiration policy the scheduler runs, with its period; absent: none. */
  readonly expiration?: ExecutionExpirationSettings & { readonly intervalMinutes: number };
  /** The actions executors run. @defaultValue the std actions */
  readonly actions?: ReadonlyMap<string, ActionImplementation>;
  /** This executor's name: it also takes the tasks with `target: <name>`. @defaultValue none */
  readonly executorName?: string | null;
  /** Engine jobs handled at once. @defaultValue 8 */
  readonly engineConcurrency?: number;
  /** Take instant actions in the engine (EngineServiceOptions.instantActions). @defaultValue true */
  readonly instantActions?: boolean;
  /** Actions run at once. @defaultValue 32 */
  readonly executorConcurrency?: number;
  /** Pause between reconciler passes, in ms; 0 turns the periodic passes off. @defaultValue 10000 */
  readonly reconcileIntervalMs?: number;
  /** See {@link ReconcilerOptions.staleAfterSeconds}. @defaultValue 30 */
  readonly staleAfterSeconds?: number;
  /**
   * How long a job stays with a worker that stopped answering before another takes it over
   * (BullMQ's lock duration; live workers renew it at half this period). @defaultValue 15000
   */
  readonly lockDurationMs?: number;
}

export class WorkflowRuntime {
  readonly engine: EngineService | null;
  readonly executor: ExecutorService | null;
  readonly reconciler: Reconciler | null;
  readonly scheduler: CronTriggerScheduler | null;
  readonly timers: DueTimerDispatcher | null;
  readonly #workers: Worker[] = [];
  readonly #logger: Logger;
  #reconcileTimer: NodeJS.Timeout | null = null;
  #expirationTimer: NodeJS.Timeout | null = null;
  #localCommands: LocalEngineCommands | undefined;
  #closed = false;

  constructor(private readonly options: WorkflowRuntimeOptions) {
    this.#logger = options.logger;
    const actions = options.actions ?? stdActions;
    const { store, queues, logger } = options;
    const instantActions = options.instantActions ?? true;
    this.engine = options.engine
      ? new EngineService({ store, queues, actions, logger, instantActions })
      : null;
    const staleAfterSeconds = options.staleAfterSeconds ?? 30;
    this.reconciler = options.engine ? new Reconciler({ store, queues, logger, staleAfterSeconds }) : null;
    this.executor = options.executor
      ? new ExecutorService({
          store,
          queues,
          actions,
          logger,
          heartbeatIntervalMs: Math.max(1000, (staleAfterSeconds * 1000) / 3),
        })
      : null;
    this.scheduler = options.scheduler
      ? new CronTriggerScheduler({
          store,
          commands: this.commands(),
          logger,
          ...(options.schedulerClock ? { now: options.schedulerClock } : {}),
          ...(options.schedulerIntervalMs ? { intervalMs: options.schedulerIntervalMs } : {}),
        })
      : null;
    this.timers = options.scheduler
      ? new DueTimerDispatcher({
          store,
          queues,
          logger,
          ...(options.schedulerIntervalMs ? { intervalMs: options.schedulerIntervalMs } : {}),
        })
      : null;
  }

  /**
   * The commands the API of this process should use: with the engine role here, executions are
   * started in the API's request; otherwise every command is queued.
   */
  commands(): WorkflowCommands {
    if (this.engine === null) return this.options.queues;
    // One instance per process, so that the API and the scheduler share the bound on starts.
    this.#localCommands ??= new LocalEngineCommands(
      this.options.queues,
      this.engine,
      this.options.engineConcurrency ?? 8,
      this.#logger,
    );
    return this.#localCommands;
  }

  /** Starts the workers and the first reconciler pass. */
  async start(): Promise<void> {
    const { queues } = this.options;
    const workerOptions = {
      connection: queues.connection,
      prefix: queues.prefixOf(),
      lockDuration: this.options.lockDurationMs ?? 15_000,
      stalledInterval: Math.max(1000, (this.options.lockDurationMs ?? 15_000) / 2),
      maxStalledCount: 5,
    };
    const engine = this.engine;
    if (engine !== null) {
      this.#workers.push(
        new Worker(QUEUE_NAMES.engine, (job: Job<EngineJob>) => engine.handle(job.data), {
          ...workerOptions,
          concurrency: this.options.engineConcurrency ?? 8,
        }),
      );
    }
    const executor = this.executor;
    if (executor !== null) {
      const names = [executorQueueName(null)];
      if (this.options.executorName) names.push(executorQueueName(this.options.executorName));
      for (const name of names) {
        this.#workers.push(
          new Worker(
            name,
            (job: Job<ExecutorJob>) => executor.run(job.data.actionExecutionId, job.data.route),
            {
              ...workerOptions,
              concurrency: this.options.executorConcurrency ?? 32,
            },
          ),
        );
      }
    }
    for (const worker of this.#workers) {
      worker.on("failed", (job, error) =>
        this.#logger.warn({ err: error, job: job?.data, attempts: job?.attemptsMade }, "job failed"),
      );
      worker.on("error", (error) => this.#logger.error({ err: error, queue: worker.name }, "worker error"));
    }
    await Promise.all(this.#workers.map((worker) => worker.waitUntilReady()));
    if (this.reconciler !== null) {
      await this.reconcile();
      const interval = this.options.reconcileIntervalMs ?? 10_000;
      if (interval > 0) {
        this.#reconcileTimer = setInterval(() => void this.reconcile(), interval);
        this.#reconcileTimer.unref();
      }
    }
    this.scheduler?.start();
    this.timers?.start();
    this.startExpiration();
    this.#logger.info(
      {
        engine: engine !== null,
        executor: executor !== null,
        scheduler: this.scheduler !== null,
        executorName: this.options.executorName ?? null,
      },
      "workflow runtime started",
    );
  }

  /** Runs the expiration policy now and then every `intervalMinutes`, in the scheduler role. */
  private startExpiration(): void {
    const settings = this.options.expiration;
    if (!this.options.scheduler || settings === undefined || settings.intervalMinutes <= 0) return;
    if (!expirationEnabled(settings)) return;
    const expiration = new ExecutionExpiration({
      ...settings,
      store: this.options.store,
      logger: this.#logger,
    });
    const run = () =>
      void expiration
        .run()
        .catch((error: unknown) => this.#logger.warn({ err: error }, "expiration pass failed"));
    run();
    this.#expirationTimer = setInterval(run, settings.intervalMinutes * 60_000);
    this.#expirationTimer.unref();
  }

  /** One reconciler pass; errors are logged (the database or Redis may be away for a moment). */
  async reconcile(olderThanSeconds?: number): Promise<void> {
    try {
      await this.reconciler?.reconcile(olderThanSeconds);
    } catch (error) {
      this.#logger.warn({ err: error }, "reconciler pass failed");
    }
  }

  /** Stops taking jobs, lets running ones finish (actions are stopped and handed back), and stops. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#reconcileTimer !== null) clearInterval(this.#reconcileTimer);
    if (this.#expirationTimer !== null) clearInterval(this.#expirationTimer);
    await Promise.all([this.scheduler?.close(), this.timers?.close()]);
    this.executor?.close();
    await Promise.all(this.#workers.map((worker) => worker.close()));
  }
}

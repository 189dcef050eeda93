// The producer side of the queues: one BullMQ Queue per queue name on one Redis connection.
// It is the WorkflowCommands the API uses, and what the engine enqueues its jobs with.
import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import type { StartOutcome, WorkflowCommands } from "./workflow-commands.js";
import {
  engineJobId,
  executorJobId,
  executorQueueName,
  QUEUE_NAMES,
  type ActionRoute,
  type EngineJob,
  type ExecutionCommand,
  type ExecutorJob,
  type RerunOptions,
} from "./workflow-queues.js";

export interface WorkflowQueuesOptions {
  /** `redis://host:port/db`. */
  readonly redisUrl: string;
  /** Prefix of every key in Redis. */
  readonly prefix: string;
  /** Where Redis connection errors go (at most one a second). @defaultValue ignored */
  readonly onError?: (error: Error, queue: string) => void;
}

/**
 * Finished jobs are removed at once: the database keeps the outcome, and a job id must be free
 * again for the reconciler to resend a command. A failed engine job is retried (database errors
 * that outlived the transaction's own retries), then kept for a while for inspection.
 */
const ENGINE_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 1000 },
  attempts: 5,
  backoff: { type: "exponential", delay: 200 },
};
const EXECUTOR_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 1000 },
  attempts: 3,
  backoff: { type: "exponential", delay: 500 },
};

/** A Redis connection as BullMQ needs it: commands wait for a reconnect instead of failing. */
export function openRedis(redisUrl: string): Redis {
  return new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    enableAutoPipelining: true,
  });
}

export class WorkflowQueues implements WorkflowCommands {
  readonly connection: Redis;
  readonly #prefix: string;
  readonly #queues = new Map<string, Queue>();
  readonly #reportError: (error: Error, queue: string) => void;
  #lastErrorAt = 0;

  constructor(options: WorkflowQueuesOptions) {
    this.connection = openRedis(options.redisUrl);
    this.#prefix = options.prefix;
    this.#reportError = options.onError ?? (() => undefined);
    // ioredis reports a lost connection as an error event too; it reconnects on its own.
    this.connection.on("error", (error: Error) => this.#onError(error, "connection"));
  }

  #onError(error: Error, queue: string): void {
    const now = Date.now();
    if (now - this.#lastErrorAt < 1000) return;
    this.#lastErrorAt = now;
    this.#reportError(error, queue);
  }

  /** The prefix of every key, for the workers on these queues. */
  prefixOf(): string {
    return this.#prefix;
  }

  queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, { connection: this.connection, prefix: this.#prefix });
      // Without a listener BullMQ prints every connection error itself; callers see the failed
      // add and the reconciler repairs what was not sent.
      queue.on("error", (error) => this.#onError(error, name));
      this.#queues.set(name, queue);
    }
    return queue;
  }

  async enqueueEngine(jobs: readonly EngineJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue(QUEUE_NAMES.engine).addBulk(
      jobs.map((job) => {
        const jobId = engineJobId(job);
        return {
          name: job.type,
          data: job,
          opts: jobId ? { ...ENGINE_JOB_OPTIONS, jobId } : ENGINE_JOB_OPTIONS,
        };
      }),
    );
  }

  /** Timer jobs, each delayed until its timer is due (the fast path of durable timers). */
  async enqueueTimers(timers: readonly { timerId: string; dueAt: Date }[]): Promise<void> {
    if (timers.length === 0) return;
    const now = Date.now();
    await this.queue(QUEUE_NAMES.engine).addBulk(
      timers.map(({ timerId, dueAt }) => {
        const job: EngineJob = { type: "timer", timerId };
        return {
          name: job.type,
          data: job,
          opts: { ...ENGINE_JOB_OPTIONS, jobId: engineJobId(job), delay: Math.max(0, dueAt.getTime() - now) },
        };
      }),
    );
  }

  async enqueueExecutor(jobs: readonly { job: ExecutorJob; target: string | null }[]): Promise<void> {
    const byQueue = new Map<string, ExecutorJob[]>();
    for (const { job, target } of jobs) {
      const name = executorQueueName(target);
      const queued = byQueue.get(name);
      if (queued === undefined) byQueue.set(name, [job]);
      else queued.push(job);
    }
    await Promise.all(
      [...byQueue].map(([name, queued]) =>
        this.queue(name).addBulk(
          queued.map((job) => ({
            name: job.type,
            data: job,
            opts: { ...EXECUTOR_JOB_OPTIONS, jobId: executorJobId(job) },
          })),
        ),
      ),
    );
  }

  async startExecution(executionId: string): Promise<StartOutcome> {
    await this.enqueueEngine([{ type: "start-execution", executionId }]);
    return "queued";
  }

  controlExecution(executionId: string, command: ExecutionCommand, message?: string | null): Promise<void> {
    return this.enqueueEngine([{ type: "control", executionId, command, message: message ?? null }]);
  }

  completeAction(actionExecutionId: string, route?: ActionRoute): Promise<void> {
    return this.enqueueEngine([
      route === undefined
        ? { type: "action-complete", actionExecutionId }
        : { type: "action-complete", actionExecutionId, route },
    ]);
  }

  runAction(actionExecutionId: string, target?: string | null): Promise<void> {
    return this.enqueueExecutor([{ job: { type: "run-action", actionExecutionId }, target: target ?? null }]);
  }

  rerunTask(taskExecutionId: string, options: RerunOptions): Promise<void> {
    return this.enqueueEngine([
      {
        type: "rerun",
        taskExecutionId,
        reset: options.reset,
        ...(options.env === undefined ? {} : { env: options.env }),
      },
    ]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    this.#queues.clear();
    this.connection.disconnect();
  }
}

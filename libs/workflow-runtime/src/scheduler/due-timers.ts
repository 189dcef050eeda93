// The durable side of the conductor's timers (wait-before/after, retry delays, timeouts), in the
// scheduler role. Every timer is a row of delayed_calls, written with the decisions that asked for
// it; the engine also enqueues a delayed job for it (the fast path), and the engine job that
// handles it deletes the row in its transaction. A row still there a little after it was due means
// that its job was lost (Redis restarted empty, or the process died before enqueueing): this pass
// claims it — one scheduler wins each claim — and enqueues its job again. A claim whose job also
// got lost goes stale and is taken again.
import type { WorkflowStore } from "@ops/workflow-store";
import type { Logger } from "pino";
import type { WorkflowQueues } from "../queues/workflow-queues-client.js";
import { PeriodicPass } from "./periodic-pass.js";

export interface DueTimerDispatcherOptions {
  readonly store: WorkflowStore;
  readonly queues: Pick<WorkflowQueues, "enqueueEngine">;
  readonly logger: Logger;
  /** Pause between passes, in ms. @defaultValue 1000 */
  readonly intervalMs?: number;
  /** How late a timer must be before it is resent (its fast-path job is given that long). @defaultValue 2000 */
  readonly graceMs?: number;
  /** A claim older than this, whose timer is still there, is resent again. @defaultValue 30 */
  readonly staleAfterSeconds?: number;
  /** Timers claimed per pass. @defaultValue 500 */
  readonly batchSize?: number;
}

export class DueTimerDispatcher {
  readonly #options: DueTimerDispatcherOptions;
  readonly #passes: PeriodicPass;

  constructor(options: DueTimerDispatcherOptions) {
    this.#options = options;
    this.#passes = new PeriodicPass(
      "timer pass",
      () => this.dispatchDue(),
      options.intervalMs ?? 1000,
      options.logger,
    );
  }

  start(): void {
    this.#passes.start();
  }

  /** One pass: claims the overdue timers and enqueues their jobs. Answers how many. */
  async dispatchDue(now: Date = new Date()): Promise<number> {
    const { store, queues, logger } = this.#options;
    const claimed = await store.delayedCalls.claimDue({
      now: new Date(now.getTime() - (this.#options.graceMs ?? 2000)),
      limit: this.#options.batchSize ?? 500,
      staleAfterSeconds: this.#options.staleAfterSeconds ?? 30,
    });
    if (claimed.length === 0) return 0;
    await queues.enqueueEngine(claimed.map((call) => ({ type: "timer" as const, timerId: call.id })));
    logger.info({ timers: claimed.length }, "overdue timers sent to the engine again");
    return claimed.length;
  }

  close(): Promise<void> {
    return this.#passes.close();
  }
}

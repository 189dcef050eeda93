// Finds work the database shows in flight with no job for it — after Redis lost its data, or a
// crash between a commit and the enqueue that followed it — and sends the job again. Job ids are
// deterministic, so a job that still waits is not duplicated; handlers are idempotent, so a job
// sent again for work already done changes nothing.
import type { WorkflowStore } from "@ops/workflow-store";
import type { Logger } from "pino";
import { isJsonObject } from "./conductor-rows.js";
import type { WorkflowQueues } from "../queues/workflow-queues-client.js";

export interface ReconcilerOptions {
  readonly store: WorkflowStore;
  readonly queues: WorkflowQueues;
  readonly logger: Logger;
  /**
   * Rows younger than this (by `updated_at`) are left alone: their job is most likely on its way.
   * Running actions refresh their heartbeat more often than this. @defaultValue 30
   */
  readonly staleAfterSeconds?: number;
  /** Rows looked at per kind and pass. @defaultValue 500 */
  readonly batchSize?: number;
}

/** What one pass re-sent. */
export interface ReconcileReport {
  readonly started: number;
  readonly rerun: number;
  readonly completed: number;
  readonly subworkflowsCompleted: number;
}

export class Reconciler {
  readonly #options: ReconcilerOptions;

  constructor(options: ReconcilerOptions) {
    this.#options = options;
  }

  /** One pass over every kind of in-flight row. */
  async reconcile(olderThanSeconds = this.#options.staleAfterSeconds ?? 30): Promise<ReconcileReport> {
    const { store, queues, logger } = this.#options;
    const scan = { olderThanSeconds, limit: this.#options.batchSize ?? 500 };

    const idle = await store.workflowExecutions.findIdle(scan);
    await queues.enqueueEngine(idle.map((row) => ({ type: "start-execution", executionId: row.id })));

    const running = (await store.actionExecutions.findRunning(scan)).filter((row) => {
      const context = isJsonObject(row.runtimeContext) ? row.runtimeContext : {};
      return context["dispatched"] !== true;
    });
    await queues.enqueueExecutor(
      running.map((row) => {
        const plan = isJsonObject(row.spec) ? row.spec : {};
        const context = isJsonObject(row.runtimeContext) ? row.runtimeContext : {};
        const target = plan["target"] ?? context["target"];
        return {
          job: { type: "run-action", actionExecutionId: row.id },
          target: typeof target === "string" ? target : null,
        };
      }),
    );

    const unaccepted = await store.actionExecutions.findUnaccepted(scan);
    await queues.enqueueEngine(
      unaccepted.map((row) => ({ type: "action-complete", actionExecutionId: row.id })),
    );

    const subworkflows = await store.workflowExecutions.findUnacceptedSubworkflows(scan);
    await queues.enqueueEngine(
      subworkflows.map((row) => ({ type: "subworkflow-complete", executionId: row.id })),
    );

    const report = {
      started: idle.length,
      rerun: running.length,
      completed: unaccepted.length,
      subworkflowsCompleted: subworkflows.length,
    };
    if (Object.values(report).some((count) => count > 0)) logger.info(report, "reconciler re-sent jobs");
    return report;
  }
}

// The executor role: runs the action of a `run-action` job and stores its result, only while the
// action execution is still RUNNING (a job delivered twice, or an action cancelled meanwhile,
// writes nothing). Long actions refresh `last_heartbeat`, so the reconciler can tell a running
// action from one whose job was lost.
import type { ActionExecutionPatch, ActionExecutionRow, WorkflowStore } from "@ops/workflow-store";
import { ALL_PROJECTS } from "@ops/workflow-store";
import type { Logger } from "pino";
import { actionExecutionOutput, type ActionImplementation, type ActionResult } from "../actions/index.js";
import { isJsonObject } from "../engine/conductor-rows.js";
import type { WorkflowQueues } from "../queues/workflow-queues-client.js";
import type { ActionRoute } from "../queues/workflow-queues.js";
import { actionPlanOf, transformDirectOutput } from "./direct-action-plan.js";

export interface ExecutorServiceOptions {
  readonly store: WorkflowStore;
  readonly queues: WorkflowQueues;
  readonly actions: ReadonlyMap<string, ActionImplementation>;
  readonly logger: Logger;
  /** How often a running action's `last_heartbeat` is refreshed, in ms. @defaultValue 10000 */
  readonly heartbeatIntervalMs?: number;
}

export class ExecutorService {
  readonly #options: ExecutorServiceOptions;
  /** Aborted on close: running actions stop and their jobs come back to another executor. */
  readonly #shutdown = new AbortController();

  constructor(options: ExecutorServiceOptions) {
    this.#options = options;
  }

  /** Runs one action execution. Running it twice changes nothing the second time. */
  async run(actionExecutionId: string, route?: ActionRoute): Promise<void> {
    const { store, logger } = this.#options;
    const row = await store.actionExecutions.find(ALL_PROJECTS, actionExecutionId);
    if (row === null || row.state !== "RUNNING") return;
    const context = isJsonObject(row.runtimeContext) ? row.runtimeContext : {};
    // An async action already started waits for its result through the API; starting it again
    // would send its request twice.
    if (context["dispatched"] === true) return;
    // Another executor is running it and its heartbeat is fresh: this is a second delivery (a job
    // re-sent by the reconciler after Redis lost it). If that executor dies, its heartbeat goes
    // stale and the reconciler sends the job again.
    const heartbeatMs = this.#options.heartbeatIntervalMs ?? 10_000;
    if (row.lastHeartbeat !== null && Date.now() - row.lastHeartbeat.getTime() < 3 * heartbeatMs) return;
    // A heartbeat, gone stale: the executor that took the action died while running it. As in
    // Mistral, it runs again only if the task said it is safe to (`safe-rerun`); otherwise it fails.
    const redelivered = row.lastHeartbeat !== null;
    // The first heartbeat, before the action starts: from now on the reconciler sees it running.
    const claimed = await store.actionExecutions.updateIf(
      ALL_PROJECTS,
      row.id,
      { state: "RUNNING" },
      { lastHeartbeat: new Date() },
    );
    if (claimed === null) return;

    const planned = await actionPlanOf(store, row);
    const implementation = "plan" in planned ? this.#options.actions.get(planned.plan.action) : undefined;
    let result: ActionResult;
    if (!("plan" in planned)) {
      result = { ok: false, error: planned.error, code: "WF_ERR_ACTION_FAILED", retryable: false };
    } else if (redelivered && !planned.plan.safeRerun) {
      const repr = implementation?.repr?.() ?? planned.plan.action;
      result = {
        ok: false,
        error:
          "Request to run an action was redelivered, but it cannot be re-run safely. The only safe " +
          `thing to do is fail it [action=${repr}].`,
        code: "WF_ERR_ACTION_FAILED",
        retryable: false,
      };
      logger.warn(
        { actionExecutionId: row.id },
        "an action whose executor died is failed: it is not safe to rerun",
      );
    } else if (implementation === undefined) {
      result = {
        ok: false,
        error: `Failed to find action [action_name=${planned.plan.action}]`,
        code: "WF_ERR_ACTION_FAILED",
        retryable: false,
      };
    } else {
      result = await this.runWithHeartbeat(
        row,
        route?.executionId ?? null,
        implementation,
        planned.plan.input,
        planned.plan.timeout,
      );
    }
    if (this.#shutdown.signal.aborted) {
      // Stopped by close(), not finished: fail the job so that another executor runs it again.
      throw new Error(`Executor shutting down; action execution ${row.id} is left to another executor.`);
    }
    if ("pending" in result) {
      await store.actionExecutions.updateIf(
        ALL_PROJECTS,
        row.id,
        { state: "RUNNING" },
        {
          runtimeContext: { ...context, dispatched: true },
        },
      );
      return;
    }
    const direct = row.taskExecutionId === null;
    let output = actionExecutionOutput(result);
    if (direct && result.ok && "plan" in planned && planned.plan.outputTransforms.length > 0) {
      try {
        output = { result: transformDirectOutput(planned.plan, result.output) };
      } catch (error) {
        output = { result: `Failed to transform the action's output: ${(error as Error).message}` };
        result = { ok: false, error: output.result, code: "WF_ERR_ACTION_FAILED", retryable: false };
      }
    }
    const patch: ActionExecutionPatch = {
      state: result.ok ? "SUCCESS" : "ERROR",
      output,
      // Nothing waits for an action run on its own: its result is taken as it is stored.
      accepted: direct,
    };
    const written = await store.actionExecutions.updateIf(ALL_PROJECTS, row.id, { state: "RUNNING" }, patch);
    if (written === null) {
      logger.info(
        { actionExecutionId: row.id },
        "action result dropped: the action execution is no longer RUNNING",
      );
      return;
    }
    logger.debug({ actionExecutionId: row.id, action: row.name, state: patch.state }, "action finished");
    if (!direct) await this.#options.queues.completeAction(row.id, route);
  }

  private async runWithHeartbeat(
    row: ActionExecutionRow,
    workflowExecutionId: string | null,
    implementation: ActionImplementation,
    input: Readonly<Record<string, unknown>>,
    timeoutSeconds: number | null,
  ): Promise<ActionResult> {
    const { store, logger } = this.#options;
    const signals = [this.#shutdown.signal];
    if (timeoutSeconds !== null) signals.push(AbortSignal.timeout(timeoutSeconds * 1000));
    const heartbeat = setInterval(() => {
      store.actionExecutions
        .updateIf(ALL_PROJECTS, row.id, { state: "RUNNING" }, { lastHeartbeat: new Date() })
        .catch((error: unknown) =>
          logger.warn({ err: error, actionExecutionId: row.id }, "heartbeat failed"),
        );
    }, this.#options.heartbeatIntervalMs ?? 10_000);
    heartbeat.unref();
    try {
      return await implementation.run(input, {
        execution: {
          actionExecutionId: row.id,
          taskExecutionId: row.taskExecutionId,
          workflowExecutionId,
          workflowName: row.workflowName,
        },
        signal: AbortSignal.any(signals),
        // The action's own log lines name it and its execution (see defineStdAction).
        logger,
      });
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Stops running actions (their jobs are taken over by another executor). */
  close(): void {
    this.#shutdown.abort();
  }
}

// The scheduler role's cron triggers: each pass fires every due trigger once. A tick fires exactly
// once however many schedulers run, because the scheduler that fires it moves the trigger past the
// tick with a compare-and-set on `next_execution_time` (or deletes it at its last tick) and creates
// the execution in the same transaction: the others' compare-and-set then matches nothing. The
// execution is started after the commit; if that start is lost, the reconciler starts IDLE
// executions. As in Mistral, the next tick is the pattern's first after the later of now and the
// tick fired (a scheduler that was away does not replay the ticks it missed), and a trigger whose
// remaining executions run out is deleted.
import { randomUUID } from "node:crypto";
import { pyJsonDumps } from "@ops/dsl";
import { ALL_PROJECTS, type CronTriggerRow, type WorkflowStore } from "@ops/workflow-store";
import type { Logger } from "pino";
import type { WorkflowCommands } from "../queues/workflow-commands.js";
import { isJsonObject } from "../engine/conductor-rows.js";
import { newExecutionRow } from "../engine/new-execution.js";
import { nextCronTick } from "./cron-pattern.js";
import { PeriodicPass } from "./periodic-pass.js";

export interface CronTriggerSchedulerOptions {
  readonly store: WorkflowStore;
  /** Where the executions a trigger creates are started. */
  readonly commands: WorkflowCommands;
  readonly logger: Logger;
  /** The clock ticks are compared with. @defaultValue `() => new Date()` */
  readonly now?: () => Date;
  /** Pause between passes, in ms. @defaultValue 1000 */
  readonly intervalMs?: number;
  /** Due triggers taken per pass. @defaultValue 100 */
  readonly batchSize?: number;
}

/**
 * A clock that runs `rate` times faster than real time from `epochMs` on (for tests and
 * demonstrations of cron triggers; every scheduler given the same epoch reads the same time).
 */
export function acceleratedClock(rate: number, epochMs: number): () => Date {
  if (rate === 1) return () => new Date();
  return () => new Date(epochMs + (Date.now() - epochMs) * rate);
}

export class CronTriggerScheduler {
  readonly #options: CronTriggerSchedulerOptions;
  readonly #now: () => Date;
  readonly #passes: PeriodicPass;

  constructor(options: CronTriggerSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#passes = new PeriodicPass(
      "cron trigger pass",
      () => this.runDue(),
      options.intervalMs ?? 1000,
      options.logger,
    );
  }

  /** Runs a pass now, then one every `intervalMs` (a pass never overlaps the previous one). */
  start(): void {
    this.#passes.start();
  }

  /** One pass: fires each trigger due now once. Answers how many ticks this scheduler fired. */
  async runDue(): Promise<number> {
    const due = await this.#options.store.cronTriggers.findDue(this.#now(), this.#options.batchSize ?? 100);
    let fired = 0;
    for (const trigger of due) {
      if (this.#passes.closed) break;
      try {
        if (await this.fire(trigger)) fired += 1;
      } catch (error) {
        // One broken trigger must not stop the others.
        this.#options.logger.error({ err: error, cronTrigger: trigger.name }, "cron trigger failed to fire");
      }
    }
    return fired;
  }

  /**
   * Fires the tick the trigger is at, unless another scheduler already did: moves the trigger on
   * (or deletes it) and creates the execution in one transaction, then starts it. True when this
   * scheduler fired it.
   */
  async fire(trigger: CronTriggerRow): Promise<boolean> {
    const { store, commands, logger } = this.#options;
    const tick = trigger.nextExecutionTime;
    const remaining = trigger.remainingExecutions === null ? null : trigger.remainingExecutions - 1;
    const executionId = randomUUID();
    const fired = await store.transaction(async (tx) => {
      const won =
        remaining !== null && remaining <= 0
          ? await tx.cronTriggers.deleteAt(trigger.id, tick)
          : await tx.cronTriggers.advance(trigger.id, {
              expectedNextExecutionTime: tick,
              nextExecutionTime: this.nextTick(trigger),
              remainingExecutions: remaining,
            });
      if (!won) return false;
      const workflow = await tx.workflowDefinitions.get(ALL_PROJECTS, trigger.workflowId);
      const params = isJsonObject(trigger.workflowParams) ? trigger.workflowParams : {};
      await tx.workflowExecutions.create(
        newExecutionRow(workflow, {
          id: executionId,
          description: pyJsonDumps({
            description: `Workflow execution created by cron trigger '(${trigger.id})'.`,
            triggered_by: { type: "cron_trigger", id: trigger.id, name: trigger.name },
          }),
          input: isJsonObject(trigger.workflowInput) ? trigger.workflowInput : {},
          params: { ...params, namespace: workflow.namespace },
          projectId: trigger.projectId,
        }),
      );
      return true;
    });
    if (!fired) return false;
    logger.info(
      { cronTrigger: trigger.name, tick: tick.toISOString(), executionId, remaining },
      "cron trigger fired",
    );
    try {
      await commands.startExecution(executionId);
    } catch (error) {
      // Committed: the reconciler starts IDLE executions whose start was lost.
      logger.warn({ err: error, executionId }, "the execution of a cron trigger could not be started yet");
    }
    return true;
  }

  /** The tick after the one being fired: the pattern's first after the later of now and that tick. */
  private nextTick(trigger: CronTriggerRow): Date {
    const now = this.#now();
    const from = now > trigger.nextExecutionTime ? now : trigger.nextExecutionTime;
    return nextCronTick(trigger.pattern ?? "", from);
  }

  /** Stops the passes; answers when the pass under way has ended. */
  close(): Promise<void> {
    return this.#passes.close();
  }
}

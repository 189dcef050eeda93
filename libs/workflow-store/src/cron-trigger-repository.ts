// Cron triggers, addressed by name or id within a project. A tick fires exactly once however many
// schedulers run: the one whose compare-and-set moves `next_execution_time` on from the value it
// read is the one that starts the workflow.
import { NamedResourceRepository } from "./named-resource-repository.js";
import type { CronTriggerPatch, CronTriggerRow, NewCronTrigger } from "./row-types.js";

/** The tick a scheduler has run, and where the trigger goes next. */
export interface CronTriggerAdvance {
  /** The `nextExecutionTime` the scheduler read: the tick it fires. */
  readonly expectedNextExecutionTime: Date;
  readonly nextExecutionTime: Date;
  /** What is left after this tick (null: no limit). */
  readonly remainingExecutions: number | null;
}

export class CronTriggerRepository extends NamedResourceRepository<
  CronTriggerRow,
  NewCronTrigger,
  CronTriggerPatch
> {
  /** Triggers of every project whose next tick is due, earliest first. */
  findDue(now: Date = this.gateway.environment.now(), limit = 100): Promise<CronTriggerRow[]> {
    return this.gateway.findMany(
      { nextExecutionTime: { lte: now } },
      { orderBy: [{ nextExecutionTime: "asc" }, { id: "asc" }], take: limit },
    );
  }

  /**
   * Moves a trigger past the tick it was at, if no other scheduler did: true when this caller won the
   * tick (and should start the workflow), false when another had already moved it.
   */
  async advance(id: string, advance: CronTriggerAdvance): Promise<boolean> {
    const changed = await this.gateway.updateWhere(
      { id, nextExecutionTime: advance.expectedNextExecutionTime },
      { nextExecutionTime: advance.nextExecutionTime, remainingExecutions: advance.remainingExecutions },
    );
    return changed === 1;
  }

  /**
   * Deletes a trigger at its last tick, if no other scheduler moved or deleted it: true when this
   * caller won the tick.
   */
  async deleteAt(id: string, expectedNextExecutionTime: Date): Promise<boolean> {
    const deleted = await this.gateway.deleteWhere({ id, nextExecutionTime: expectedNextExecutionTime });
    return deleted === 1;
  }
}

// Mistral's execution expiration policy, run by the scheduler role: finished root executions (not
// subworkflows, which go with their parent) are deleted with their tasks and action executions when
// they have not changed for `olderThanMinutes`, and beyond the `maxFinishedExecutions` most recent.
// Both limits are off at 0; states in `ignoredStates` are kept. Several schedulers may run it at
// once: deleting an execution another one deleted already does nothing.
import { EXECUTION_STATES, isCompleted, type CompletedState } from "@ops/workflow-conductor";
import type { WorkflowStore } from "@ops/workflow-store";
import type { Logger } from "pino";

/** The states an execution can end in (the conductor's completed states). */
export const TERMINAL_STATES: readonly CompletedState[] = EXECUTION_STATES.filter(isCompleted);
export type TerminalState = CompletedState;

export interface ExecutionExpirationSettings {
  /** Delete finished executions unchanged for this long, in minutes; 0: never by age. */
  readonly olderThanMinutes: number;
  /** Keep at most this many finished executions, the most recently changed; 0: no limit. */
  readonly maxFinishedExecutions: number;
  /** Executions deleted per statement. */
  readonly batchSize: number;
  /** Finished states whose executions are never deleted. */
  readonly ignoredStates: readonly TerminalState[];
}

export interface ExecutionExpirationOptions extends ExecutionExpirationSettings {
  readonly store: WorkflowStore;
  readonly logger: Logger;
  /** @defaultValue `() => new Date()` */
  readonly now?: () => Date;
}

/** Whether the settings delete anything at all. */
export function expirationEnabled(settings: ExecutionExpirationSettings): boolean {
  return settings.olderThanMinutes > 0 || settings.maxFinishedExecutions > 0;
}

export class ExecutionExpiration {
  constructor(private readonly options: ExecutionExpirationOptions) {}

  /** Deletes what the policy expires, batch after batch; answers how many executions went. */
  async run(): Promise<number> {
    const { store, olderThanMinutes, maxFinishedExecutions, batchSize, logger } = this.options;
    const states = TERMINAL_STATES.filter((state) => !this.options.ignoredStates.includes(state));
    if (states.length === 0) return 0;
    let deleted = 0;
    if (olderThanMinutes > 0) {
      const now = this.options.now?.() ?? new Date();
      const cutoff = new Date(now.getTime() - olderThanMinutes * 60_000);
      deleted += await this.deleteUntilNone(() =>
        store.workflowExecutions.findRootsUnchangedSince(states, cutoff, batchSize),
      );
    }
    if (maxFinishedExecutions > 0) {
      deleted += await this.deleteUntilNone(() =>
        store.workflowExecutions.findRootsBeyondNewest(states, maxFinishedExecutions, batchSize),
      );
    }
    if (deleted > 0) logger.info({ deleted }, "expired executions deleted");
    return deleted;
  }

  private async deleteUntilNone(fetch: () => Promise<readonly { id: string }[]>): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await fetch();
      if (batch.length === 0) return deleted;
      const count = await this.options.store.workflowExecutions.deleteMany(batch.map((row) => row.id));
      deleted += count;
      // Another scheduler deleted this batch first: what is left is its to delete.
      if (count === 0) return deleted;
    }
  }
}

// The queues that carry commands between the api, engine and executor roles, and their jobs.
// Jobs carry ids of database rows, never state (the database is the source of truth), and have
// deterministic job ids so that enqueueing the same command twice while it waits is a no-op.

/** Names of the queues, under the configured prefix. */
export const QUEUE_NAMES = {
  engine: "wf-engine",
  /** Executors without a name; a task with `target: X` goes to `wf-executor-X`. */
  executor: "wf-executor",
} as const;

/** The queue a `run-action` job goes to: the default executors', or the named executor's. */
export function executorQueueName(target?: string | null): string {
  return target ? `${QUEUE_NAMES.executor}-${target}` : QUEUE_NAMES.executor;
}

/** Commands for the engine role. */
export type EngineJob =
  | { readonly type: "start-execution"; readonly executionId: string }
  | { readonly type: "action-complete"; readonly actionExecutionId: string }
  | { readonly type: "subworkflow-complete"; readonly executionId: string }
  | { readonly type: "control"; readonly executionId: string; readonly command: ExecutionCommand }
  | { readonly type: "timer"; readonly delayedCallId: string };

export type ExecutionCommand = "pause" | "resume" | "cancel";

/** Commands for the executor role. */
export interface ExecutorJob {
  readonly type: "run-action";
  readonly actionExecutionId: string;
}

/** The deterministic id of a job: the same command for the same row is one job. */
export function engineJobId(job: EngineJob): string {
  switch (job.type) {
    case "start-execution":
      return `start:${job.executionId}`;
    case "action-complete":
      return `action-complete:${job.actionExecutionId}`;
    case "subworkflow-complete":
      return `subworkflow-complete:${job.executionId}`;
    case "control":
      // Several pause/resume commands in a row are separate decisions: no deduplication.
      return `control:${job.executionId}:${job.command}:${Date.now()}`;
    case "timer":
      return `timer:${job.delayedCallId}`;
  }
}

export function executorJobId(job: ExecutorJob): string {
  return `run-action:${job.actionExecutionId}`;
}

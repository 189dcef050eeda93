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

/** What `PUT /v2/executions/{id}` asks of a running execution. */
export type ExecutionCommand = "pause" | "resume" | "cancel";

/** Commands for the engine role. */
/**
 * Where an action execution belongs: its task and that task's workflow execution. Jobs the engine
 * sends carry it so that the next step needs no lookup; jobs from elsewhere (the API, the
 * reconciler) may leave it out.
 */
export interface ActionRoute {
  readonly executionId: string;
  readonly taskExecutionId: string;
}

/** How a failed task runs again. */
export interface RerunOptions {
  /** Every execution of the task stops counting; false (with-items only): the failed ones. */
  readonly reset: boolean;
  /** Merged into the execution's `params.env`. */
  readonly env?: Record<string, unknown>;
}

export type EngineJob =
  | { readonly type: "start-execution"; readonly executionId: string }
  | { readonly type: "action-complete"; readonly actionExecutionId: string; readonly route?: ActionRoute }
  /** A sub-workflow completed: an event for the execution of its parent task. */
  | { readonly type: "subworkflow-complete"; readonly executionId: string }
  /** A sub-workflow was paused or resumed: an event for the execution of its parent task. */
  | { readonly type: "subworkflow-update"; readonly executionId: string }
  | {
      readonly type: "control";
      readonly executionId: string;
      readonly command: ExecutionCommand;
      readonly message?: string | null;
    }
  /** A durable timer (a row of delayed_calls) is due. */
  | { readonly type: "timer"; readonly timerId: string }
  /** `PUT /v2/tasks/{id}`: run a failed task again. */
  | ({ readonly type: "rerun"; readonly taskExecutionId: string } & RerunOptions);

/** Commands for the executor role. */
export interface ExecutorJob {
  readonly type: "run-action";
  readonly actionExecutionId: string;
  readonly route?: ActionRoute;
}

/**
 * The deterministic id of a job: the same command for the same row is one job while it waits.
 * (BullMQ refuses custom ids with a colon, hence the dashes.)
 */
export function engineJobId(job: EngineJob): string | undefined {
  switch (job.type) {
    case "start-execution":
      return `start-${job.executionId}`;
    case "action-complete":
      return `action-complete-${job.actionExecutionId}`;
    case "subworkflow-complete":
      return `subworkflow-complete-${job.executionId}`;
    case "timer":
      // The fast path (a delayed job) and the scheduler's resend are one job while it waits.
      return `timer-${job.timerId}`;
    case "rerun":
    case "subworkflow-update":
    case "control":
      // Several pauses and resumes in a row are separate events: no deduplication.
      return undefined;
  }
}

export function executorJobId(job: ExecutorJob): string {
  return `run-action-${job.actionExecutionId}`;
}

// Scenarios e, g and h: many executions in flight, started by several concurrent HTTP clients and
// watched by one CompletionWatcher. Completions per second count successes only.
import { performance } from "node:perf_hooks";
import type { BenchWorkflow } from "./bench-workflows.js";
import { CompletionWatcher, type Completion } from "./completion-watcher.js";
import { latencyStats, roundTo, type LatencyStats } from "./latency-stats.js";
import type { ProcessUsage } from "./process-meter.js";
import {
  asFailure,
  failureReport,
  runToCompletion,
  scenarioTag,
  type BenchContext,
  type ExecutionFailure,
  type FailureReport,
} from "./scenario-context.js";
import { runWorkers } from "./worker-pool.js";

interface TimedCompletion extends Completion {
  readonly startedAt: number;
}

/** What the server itself says afterwards: a cross-check of the watcher's success count. */
interface ServerCheck {
  readonly success_count: number;
  readonly matches: boolean;
}

interface ConcurrentCommon extends FailureReport {
  readonly workflow: string;
  readonly client_concurrency: number;
  readonly completions_per_s: number;
  /** POST to the list poll that showed the execution finished: includes up to one list interval. */
  readonly latency: LatencyStats | null;
  readonly list_poll_interval_ms: number;
  readonly watcher_list_requests: number;
  readonly server_check: ServerCheck;
  readonly processes?: readonly ProcessUsage[];
}

export interface BurstResult extends ConcurrentCommon {
  readonly executions: number;
  readonly submit_s: number;
  readonly submit_per_s: number;
  /** First POST to the last SUCCESS seen. */
  readonly all_done_s: number;
}

export interface SustainedResult extends ConcurrentCommon {
  readonly duration_s: number;
  readonly started: number;
  /** Successes seen within duration_s of the first POST: completions_per_s is this over duration_s. */
  readonly completed_in_window: number;
  /** Time after the window spent waiting for the last in-flight executions. */
  readonly drain_s: number;
}

export interface ConcurrentSpec {
  readonly letter: string;
  readonly workflow: BenchWorkflow;
  readonly concurrency: number;
}

/** One watched run: the watcher, its tag, and the completions of what was started under it. */
class WatchedRun {
  readonly tag: string;
  readonly watcher: CompletionWatcher;
  private readonly completions: Promise<TimedCompletion>[] = [];
  startedCount = 0;

  constructor(
    private readonly context: BenchContext,
    private readonly spec: ConcurrentSpec,
  ) {
    this.tag = scenarioTag(spec.letter);
    const { options } = context;
    this.watcher = new CompletionWatcher(
      context.client,
      { workflowName: spec.workflow.name, description: this.tag },
      options.listPollS * 1000,
      options.timeoutS * 1000,
    );
  }

  /** POSTs one execution; `done` settles when the watcher sees it finish. Wrapped in an object so
   * that awaiting start() waits for the POST only. */
  async start(): Promise<{ readonly done: Promise<TimedCompletion> }> {
    const startedAt = performance.now();
    const execution = await this.context.client.startExecution(this.spec.workflow.name, this.tag);
    this.context.createdIds.push(execution.id);
    this.startedCount += 1;
    const completion = this.watcher.track(execution.id, startedAt).then((done) => ({ ...done, startedAt }));
    this.completions.push(completion);
    // A rejection is awaited later through allCompletions(); do not let it go unhandled meanwhile.
    completion.catch(() => undefined);
    return { done: completion };
  }

  async allCompletions(): Promise<TimedCompletion[]> {
    try {
      return await Promise.all(this.completions);
    } finally {
      await this.watcher.stop();
    }
  }

  /** Stops the watcher after a failed POST; pending completions are abandoned. */
  async abandon(): Promise<void> {
    await this.watcher.stop();
  }

  async serverCheck(successes: number): Promise<ServerCheck> {
    const filters = { workflow_name: this.spec.workflow.name, description: this.tag, state: "SUCCESS" };
    const count = (await this.context.client.listExecutions(filters, "id,state")).length;
    return { success_count: count, matches: count === successes };
  }
}

function splitOutcomes(completions: readonly TimedCompletion[]): {
  successes: TimedCompletion[];
  failures: ExecutionFailure[];
} {
  const successes = completions.filter((completion) => completion.state === "SUCCESS");
  const failures = completions
    .filter((completion) => completion.state !== "SUCCESS")
    .map((completion) => asFailure(completion));
  return { successes, failures };
}

function latencyOf(successes: readonly TimedCompletion[]): LatencyStats | null {
  return latencyStats(successes.map((completion) => completion.observedAt - completion.startedAt));
}

async function warmUp(context: BenchContext, spec: ConcurrentSpec): Promise<void> {
  const finished = await runToCompletion(context, spec.workflow.name, `load-bench ${spec.letter} warm-up`);
  if (finished.execution.state !== "SUCCESS") {
    throw new Error(
      `warm-up execution ${finished.execution.id} ended ${finished.execution.state}: ${finished.execution.stateInfo}`,
    );
  }
}

/** e and h: start `executions` as fast as `concurrency` clients can, then wait for all of them. */
export async function runBurst(
  context: BenchContext,
  spec: ConcurrentSpec & { readonly executions: number },
): Promise<BurstResult> {
  await warmUp(context, spec);
  const run = new WatchedRun(context, spec);
  const measurement = context.meter.enabled ? context.meter.begin() : undefined;
  const firstPost = performance.now();
  let next = 0;
  try {
    await runWorkers(spec.concurrency, async () => {
      if (next >= spec.executions) return false;
      next += 1;
      await run.start();
      return true;
    });
  } catch (error) {
    await run.abandon();
    measurement?.end();
    throw error;
  }
  const submitS = (performance.now() - firstPost) / 1000;
  context.log(
    `${spec.letter}: ${spec.executions} started in ${submitS.toFixed(2)} s, waiting for completion`,
  );
  const completions = await run.allCompletions();
  const processes = measurement?.end();

  const { successes, failures } = splitOutcomes(completions);
  const lastSuccess = Math.max(firstPost, ...successes.map((completion) => completion.observedAt));
  const allDoneS = (lastSuccess - firstPost) / 1000;
  return {
    workflow: spec.workflow.name,
    executions: spec.executions,
    client_concurrency: spec.concurrency,
    submit_s: roundTo(submitS, 3),
    submit_per_s: roundTo(spec.executions / submitS, 1),
    all_done_s: roundTo(allDoneS, 3),
    completions_per_s: allDoneS > 0 ? roundTo(successes.length / allDoneS, 1) : 0,
    latency: latencyOf(successes),
    ...failureReport(failures),
    list_poll_interval_ms: context.options.listPollS * 1000,
    watcher_list_requests: run.watcher.listRequests,
    server_check: await run.serverCheck(successes.length),
    ...(processes === undefined ? {} : { processes }),
  };
}

/** g: keep `concurrency` executions in flight for `durationS`: each client starts the next one as
 * soon as its previous one finished. */
export async function runSustained(
  context: BenchContext,
  spec: ConcurrentSpec & { readonly durationS: number },
): Promise<SustainedResult> {
  await warmUp(context, spec);
  const run = new WatchedRun(context, spec);
  const measurement = context.meter.enabled ? context.meter.begin() : undefined;
  const firstPost = performance.now();
  const windowEnd = firstPost + spec.durationS * 1000;
  try {
    await runWorkers(spec.concurrency, async () => {
      if (performance.now() >= windowEnd) return false;
      const { done } = await run.start();
      await done;
      return true;
    });
  } catch (error) {
    await run.abandon();
    measurement?.end();
    throw error;
  }
  const completions = await run.allCompletions();
  const processes = measurement?.end();

  const { successes, failures } = splitOutcomes(completions);
  const inWindow = successes.filter((completion) => completion.observedAt <= windowEnd).length;
  const lastSeen = Math.max(windowEnd, ...completions.map((completion) => completion.observedAt));
  return {
    workflow: spec.workflow.name,
    client_concurrency: spec.concurrency,
    duration_s: spec.durationS,
    started: run.startedCount,
    completed_in_window: inWindow,
    completions_per_s: roundTo(inWindow / spec.durationS, 1),
    drain_s: roundTo((lastSeen - windowEnd) / 1000, 3),
    latency: latencyOf(successes),
    ...failureReport(failures),
    list_poll_interval_ms: context.options.listPollS * 1000,
    watcher_list_requests: run.watcher.listRequests,
    server_check: await run.serverCheck(successes.length),
    ...(processes === undefined ? {} : { processes }),
  };
}

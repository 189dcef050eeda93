// Scenarios a, b, c, d, f and i: one execution at a time, latency from just before POST /executions
// to the GET that shows SUCCESS. One unmeasured warm-up run first, as in bench.py, so a cold cache
// or a first-use compilation is not in the numbers.
import type { BenchWorkflow } from "./bench-workflows.js";
import { latencyStats, median, roundMs, type LatencyStats } from "./latency-stats.js";
import type { ProcessUsage } from "./process-meter.js";
import {
  asFailure,
  failureReport,
  runToCompletion,
  type BenchContext,
  type ExecutionFailure,
  type FailureReport,
} from "./scenario-context.js";

export interface SequentialSpec {
  readonly letter: string;
  readonly workflow: BenchWorkflow;
  readonly runs: number;
  readonly input?: Record<string, unknown>;
  readonly params?: Record<string, unknown>;
}

export type SequentialResult = Partial<LatencyStats> &
  FailureReport & {
    readonly workflow: string;
    readonly runs: number;
    /** Median round trip of the POST alone: how much of the latency is the start request. */
    readonly post_median_ms: number;
    readonly processes?: readonly ProcessUsage[];
  };

export async function runSequential(context: BenchContext, spec: SequentialSpec): Promise<SequentialResult> {
  const description = `load-bench ${spec.letter}`;
  const failures: ExecutionFailure[] = [];
  const warmUp = await runToCompletion(context, spec.workflow.name, description, spec.input, spec.params);
  if (warmUp.execution.state !== "SUCCESS") failures.push(asFailure(warmUp.execution));

  const measurement = context.meter.enabled ? context.meter.begin() : undefined;
  const latencies: number[] = [];
  const posts: number[] = [];
  for (let run = 0; run < spec.runs; run++) {
    const finished = await runToCompletion(context, spec.workflow.name, description, spec.input, spec.params);
    posts.push(finished.postMs);
    if (finished.execution.state === "SUCCESS") latencies.push(finished.elapsedMs);
    else failures.push(asFailure(finished.execution));
  }
  const processes = measurement?.end();

  return {
    workflow: spec.workflow.name,
    runs: spec.runs,
    ...(latencyStats(latencies) ?? { n: 0 }),
    post_median_ms: roundMs(median(posts)),
    ...failureReport(failures),
    ...(processes === undefined ? {} : { processes }),
  };
}

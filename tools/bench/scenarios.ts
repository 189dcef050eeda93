// The scenario table: letter, result key, the workflows to create beforehand, and how to run it.
// Keys a-f match bench.py's result keys so the two clients' outputs line up.
import {
  chainWorkflow,
  fanoutWorkflow,
  noopWorkflow,
  retryChainWorkflow,
  REVERSE_TARGET,
  reverseWorkflow,
  withItemsInput,
  withItemsWorkflow,
  yaqlWorkflow,
  type BenchWorkflow,
} from "./bench-workflows.js";
import type { CliOptions, ScenarioLetter } from "./cli-options.js";
import { runBurst, runSustained, type BurstResult, type SustainedResult } from "./concurrent-scenarios.js";
import { roundMs } from "./latency-stats.js";
import type { BenchContext } from "./scenario-context.js";
import { runSequential, type SequentialResult } from "./sequential-scenarios.js";

export type ScenarioResult =
  | SequentialResult
  | (SequentialResult & { readonly per_task_median_ms: number })
  | BurstResult
  | SustainedResult;

export interface Scenario {
  readonly letter: ScenarioLetter;
  /** The key of its result in the output's `results`. */
  readonly key: string;
  readonly workflow: BenchWorkflow;
  readonly run: (context: BenchContext) => Promise<ScenarioResult>;
}

const CHAIN_LENGTH = 20;

function scenarioTable(options: CliOptions): Record<ScenarioLetter, Scenario> {
  const noop = noopWorkflow();
  const chain3 = chainWorkflow(3);
  const chain20 = chainWorkflow(CHAIN_LENGTH);
  const fanout = fanoutWorkflow(50);
  const withItems = withItemsWorkflow();
  const yaql = yaqlWorkflow(10);
  const reverse = reverseWorkflow(7, 6);
  const retries = retryChainWorkflow(10, 3);
  return {
    a: {
      letter: "a",
      key: "a_latency_noop1",
      workflow: noop,
      run: (context) => runSequential(context, { letter: "a", workflow: noop, runs: options.runs }),
    },
    b: {
      letter: "b",
      key: "b_chain20_noop",
      workflow: chain20,
      run: async (context) => {
        const result = await runSequential(context, { letter: "b", workflow: chain20, runs: options.runs });
        return { ...result, per_task_median_ms: roundMs((result.median_ms ?? 0) / CHAIN_LENGTH) };
      },
    },
    c: {
      letter: "c",
      key: "c_fanout50_join",
      workflow: fanout,
      run: (context) => runSequential(context, { letter: "c", workflow: fanout, runs: options.heavyRuns }),
    },
    d: {
      letter: "d",
      key: "d_with_items200_c20",
      workflow: withItems,
      run: (context) =>
        runSequential(context, {
          letter: "d",
          workflow: withItems,
          runs: options.heavyRuns,
          input: withItemsInput(200),
        }),
    },
    e: {
      letter: "e",
      key: "e_throughput_3task",
      workflow: chain3,
      run: (context) =>
        runBurst(context, {
          letter: "e",
          workflow: chain3,
          concurrency: options.concurrency,
          executions: options.executions,
        }),
    },
    f: {
      letter: "f",
      key: "f_yaql_publish10",
      workflow: yaql,
      run: (context) => runSequential(context, { letter: "f", workflow: yaql, runs: options.runs }),
    },
    g: {
      letter: "g",
      key: "g_sustained_3task",
      workflow: chain3,
      run: (context) =>
        runSustained(context, {
          letter: "g",
          workflow: chain3,
          concurrency: options.concurrency,
          durationS: options.durationS,
        }),
    },
    h: {
      letter: "h",
      key: "h_burst_noop1",
      workflow: noop,
      run: (context) =>
        runBurst(context, {
          letter: "h",
          workflow: noop,
          concurrency: options.burstConcurrency,
          executions: options.burst,
        }),
    },
    i: {
      letter: "i",
      key: "i_reverse50",
      workflow: reverse,
      run: (context) =>
        runSequential(context, {
          letter: "i",
          workflow: reverse,
          runs: options.heavyRuns,
          params: REVERSE_TARGET,
        }),
    },
    j: {
      letter: "j",
      key: "j_retry10x3",
      workflow: retries,
      run: (context) => runSequential(context, { letter: "j", workflow: retries, runs: options.heavyRuns }),
    },
  };
}

/** The scenarios --only asked for, in a-j order. */
export function selectedScenarios(options: CliOptions): Scenario[] {
  const table = scenarioTable(options);
  return options.only.map((letter) => table[letter]);
}

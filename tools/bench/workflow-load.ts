// Load generator for a Mistral v2 REST API (real OpenStack Mistral or our reimplementation): the
// TypeScript sibling of the anchor's bench.py, for loads a Python client cannot drive fast enough.
// Prints one JSON object on stdout; progress goes to stderr. Exit codes: 0 all scenarios ran and
// every execution succeeded, 1 a scenario failed or an execution did not succeed, 2 bad arguments.
//
//   npx tsx tools/bench/workflow-load.ts --url http://127.0.0.1:8989/v2 [--only a,b] [--pid PID]
import { performance } from "node:perf_hooks";
import { parseCliOptions, USAGE, UsageError, type CliOptions } from "./cli-options.js";
import { deleteExecutions, type CleanupReport } from "./execution-cleanup.js";
import { mean, median, roundTo } from "./latency-stats.js";
import { MistralClient } from "./mistral-client.js";
import { ProcessMeter, processExists, type ProcessUsage } from "./process-meter.js";
import type { BenchContext } from "./scenario-context.js";
import { selectedScenarios, type Scenario, type ScenarioResult } from "./scenarios.js";

const CLEANUP_CONCURRENCY = 8;

type Outcome = ScenarioResult | { readonly error: string };

function log(message: string): void {
  process.stderr.write(`[workflow-load] ${message}\n`);
}

/** The validated options; undefined when --help was asked. */
function readOptions(): CliOptions | undefined {
  const options = parseCliOptions(process.argv.slice(2));
  if (options === undefined) return undefined;
  for (const pid of options.pids) {
    if (!processExists(pid)) throw new UsageError(`--pid ${pid}: no such process (nothing in /proc/${pid})`);
  }
  return options;
}

/** Creates (or updates) each workflow the selected scenarios run, once. */
async function ensureWorkflows(client: MistralClient, scenarios: readonly Scenario[]): Promise<void> {
  const workflows = new Map(scenarios.map((scenario) => [scenario.workflow.name, scenario.workflow]));
  for (const workflow of workflows.values()) await client.ensureWorkflow(workflow.definition);
  log(`workflows ready: ${[...workflows.keys()].join(", ")}`);
}

function summary(result: Outcome): string {
  if ("error" in result) return `ERROR ${result.error}`;
  const failed = result.failed > 0 ? `, ${result.failed} FAILED` : "";
  if ("completions_per_s" in result) return `${result.completions_per_s} completions/s${failed}`;
  return `median ${result.median_ms ?? "-"} ms, p95 ${result.p95_ms ?? "-"} ms${failed}`;
}

async function runScenario(context: BenchContext, scenario: Scenario): Promise<Outcome> {
  log(`${scenario.letter} (${scenario.key}) starting`);
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await scenario.run(context);
  } catch (error) {
    outcome = { error: (error as Error).message };
  }
  log(
    `${scenario.letter} done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary(outcome)}`,
  );
  return outcome;
}

/** A run is only clean when no scenario failed, no execution failed, and the server agrees. */
function allSucceeded(results: readonly Outcome[]): boolean {
  return results.every(
    (result) =>
      !("error" in result) &&
      result.failed === 0 &&
      (!("server_check" in result) || result.server_check.matches),
  );
}

function pollSummary(client: MistralClient, options: CliOptions): Record<string, unknown> {
  const rtts = client.pollRttsMs;
  if (rtts.length === 0) return {};
  return {
    poll_get_rtt: { n: rtts.length, median_ms: roundTo(median(rtts), 2), mean_ms: roundTo(mean(rtts), 2) },
    effective_poll_granularity_ms: roundTo(options.pollS * 1000 + median(rtts), 1),
  };
}

async function cleanUp(
  client: MistralClient,
  options: CliOptions,
  ids: readonly string[],
): Promise<CleanupReport | string> {
  if (options.keep) return "skipped (--keep)";
  log(`deleting ${ids.length} executions`);
  return deleteExecutions(client, ids, CLEANUP_CONCURRENCY);
}

async function main(): Promise<number> {
  const options = readOptions();
  if (options === undefined) {
    process.stdout.write(USAGE);
    return 0;
  }
  const scenarios = selectedScenarios(options);
  const client = new MistralClient(options.url, Math.max(options.concurrency, options.burstConcurrency) + 4);
  const meter = new ProcessMeter(options.pids, options.children);
  const context: BenchContext = { client, options, meter, createdIds: [], log };
  const dateUtc = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  try {
    await ensureWorkflows(client, scenarios);
    const overall = meter.enabled ? meter.begin() : undefined;
    const started = performance.now();
    const results: Record<string, Outcome> = {};
    for (const scenario of scenarios) results[scenario.key] = await runScenario(context, scenario);
    const totalS = (performance.now() - started) / 1000;
    const processesOverall: ProcessUsage[] | undefined = overall?.end();
    const cleanup = await cleanUp(client, options, context.createdIds);

    const report = {
      target: options.url,
      client: "tools/bench/workflow-load.ts",
      node: process.version,
      date_utc: dateUtc,
      poll_interval_ms: options.pollS * 1000,
      list_poll_interval_ms: options.listPollS * 1000,
      options: {
        only: options.only.join(","),
        runs: options.runs,
        heavy_runs: options.heavyRuns,
        executions: options.executions,
        concurrency: options.concurrency,
        duration_s: options.durationS,
        burst: options.burst,
        burst_concurrency: options.burstConcurrency,
        timeout_s: options.timeoutS,
      },
      measured_pids: options.pids.length > 0 ? options.pids : null,
      results,
      total_bench_s: roundTo(totalS, 1),
      ...pollSummary(client, options),
      cleanup,
      ...(processesOverall === undefined ? {} : { processes_overall: processesOverall }),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return allSucceeded(Object.values(results)) ? 0 : 1;
  } finally {
    client.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`workflow-load: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`workflow-load: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);

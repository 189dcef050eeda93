// What every scenario shares: the client, the options, the process meter, the list of executions
// to delete at the end, and the one-execution-at-a-time runner of the sequential scenarios.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { CliOptions } from "./cli-options.js";
import { FINAL_STATES, type ExecutionSummary, type MistralClient } from "./mistral-client.js";
import type { ProcessMeter } from "./process-meter.js";

export interface BenchContext {
  readonly client: MistralClient;
  readonly options: CliOptions;
  readonly meter: ProcessMeter;
  /** Every execution this run started, deleted at the end unless --keep. */
  readonly createdIds: string[];
  readonly log: (message: string) => void;
}

/** An execution that ended in ERROR, CANCELLED or TIMEOUT, as reported in the JSON. */
export interface ExecutionFailure {
  readonly id: string;
  readonly state: string;
  readonly state_info: string | null;
}

export interface FailureReport {
  readonly failed: number;
  /** The first few, enough to see why without flooding the output. */
  readonly failures: readonly ExecutionFailure[];
}

const LISTED_FAILURES = 10;

export function failureReport(failures: readonly ExecutionFailure[]): FailureReport {
  return { failed: failures.length, failures: failures.slice(0, LISTED_FAILURES) };
}

/** A description unique to one scenario run, so list filters see only its executions. */
export function scenarioTag(letter: string): string {
  return `load-bench-${letter}-${randomUUID().slice(0, 13)}`;
}

export interface FinishedRun {
  readonly execution: ExecutionSummary;
  /** POST sent to the GET that showed a final state, ms. */
  readonly elapsedMs: number;
  /** POST round trip alone, ms. */
  readonly postMs: number;
}

export function asFailure(execution: ExecutionSummary): ExecutionFailure {
  return { id: execution.id, state: execution.state, state_info: execution.stateInfo };
}

/** Starts one execution and polls GET /executions/{id} every --poll seconds until it is final. */
export async function runToCompletion(
  context: BenchContext,
  workflowName: string,
  description: string,
  input?: Record<string, unknown>,
  params?: Record<string, unknown>,
): Promise<FinishedRun> {
  const { client, options } = context;
  const startedAt = performance.now();
  let execution = await client.startExecution(workflowName, description, input, params);
  const postMs = performance.now() - startedAt;
  context.createdIds.push(execution.id);
  const deadline = startedAt + options.timeoutS * 1000;
  while (!FINAL_STATES.includes(execution.state)) {
    if (performance.now() > deadline) {
      const stateInfo = `still ${execution.state} after ${options.timeoutS} s`;
      return { execution: { id: execution.id, state: "TIMEOUT", stateInfo }, elapsedMs: 0, postMs };
    }
    await sleep(options.pollS * 1000);
    execution = await client.getExecution(execution.id);
  }
  return { execution, elapsedMs: performance.now() - startedAt, postMs };
}

// Command-line options of workflow-load.ts. A bad argument is a usage error: the message names the
// argument and the process exits with code 2, so scripts can tell it apart from a failed benchmark.
import { parseArgs, type ParseArgsConfig } from "node:util";

export const SCENARIO_LETTERS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] as const;
export type ScenarioLetter = (typeof SCENARIO_LETTERS)[number];

export interface CliOptions {
  /** The API root, e.g. http://127.0.0.1:8989/v2 (no trailing slash). */
  readonly url: string;
  readonly only: readonly ScenarioLetter[];
  /** Measured runs of the sequential scenarios a, b and f. */
  readonly runs: number;
  /** Measured runs of the heavier sequential scenarios c and d. */
  readonly heavyRuns: number;
  /** Executions started by scenario e. */
  readonly executions: number;
  /** Concurrent HTTP clients of scenarios e and g. */
  readonly concurrency: number;
  /** Seconds scenario g keeps executions in flight. */
  readonly durationS: number;
  /** Executions started by scenario h, and its concurrent HTTP clients. */
  readonly burst: number;
  readonly burstConcurrency: number;
  /** Pause between GET /v2/executions/{id} polls, seconds. */
  readonly pollS: number;
  /** Pause between list polls of the many-executions scenarios, seconds. */
  readonly listPollS: number;
  /** Seconds an execution may take before it is reported as failed (TIMEOUT). */
  readonly timeoutS: number;
  readonly pids: readonly number[];
  /** Also measure the live descendants of each --pid (real Mistral forks its API server). */
  readonly children: boolean;
  /** Leave the executions this run created in place. */
  readonly keep: boolean;
}

export const USAGE = `usage: npx tsx tools/bench/workflow-load.ts --url http://127.0.0.1:8989/v2 [options]

  --only a,b,...          scenarios to run (a-j; default a,b,c,d,e,f)
  --runs N                measured runs of a, b, f (default 20)
  --heavy-runs N          measured runs of c, d (default 5)
  --executions N          executions started by e (default 200)
  --concurrency N         HTTP clients of e, executions in flight in g (default 8)
  --duration SECONDS      how long g keeps executions in flight (default 10)
  --burst N               executions started by h (default 1000)
  --burst-concurrency N   HTTP clients of h (default 32)
  --poll SECONDS          pause between GET /executions/{id} polls (default 0.002)
  --list-poll SECONDS     pause between list polls of e, g, h (default 0.02)
  --timeout SECONDS       an execution not final by then is a failure (default 300)
  --pid PID               measure CPU and RSS of this process per scenario (repeatable)
  --children              also measure the live descendants of each --pid
  --keep                  do not delete the executions this run created
  --help                  print this text
`;

export class UsageError extends Error {}

const OPTION_SPEC = {
  url: { type: "string" },
  only: { type: "string", default: "a,b,c,d,e,f" },
  runs: { type: "string", default: "20" },
  "heavy-runs": { type: "string", default: "5" },
  executions: { type: "string", default: "200" },
  concurrency: { type: "string", default: "8" },
  duration: { type: "string", default: "10" },
  burst: { type: "string", default: "1000" },
  "burst-concurrency": { type: "string", default: "32" },
  poll: { type: "string", default: "0.002" },
  "list-poll": { type: "string", default: "0.02" },
  timeout: { type: "string", default: "300" },
  pid: { type: "string", multiple: true, default: [] as string[] },
  children: { type: "boolean", default: false },
  keep: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const satisfies ParseArgsConfig["options"];

/** parseArgs' own errors name the option ("Unknown option '--x'"); they become usage errors. */
function rawValues(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTION_SPEC, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function positiveInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`--${name} must be a positive integer, got '${text}'`);
  }
  return Number(text);
}

function seconds(name: string, text: string, allowZero: boolean): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(
      `--${name} must be a ${allowZero ? "non-negative" : "positive"} number of seconds, got '${text}'`,
    );
  }
  return value;
}

function scenarioList(text: string): ScenarioLetter[] {
  const letters = text
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
  if (letters.length === 0) throw new UsageError("--only must name at least one scenario (a-j)");
  for (const letter of letters) {
    if (!(SCENARIO_LETTERS as readonly string[]).includes(letter)) {
      throw new UsageError(`--only: unknown scenario '${letter}', choose from ${SCENARIO_LETTERS.join(",")}`);
    }
  }
  // Run in the documented order whatever order was asked, each once.
  return SCENARIO_LETTERS.filter((letter) => letters.includes(letter));
}

function apiUrl(text: string | undefined): string {
  if (text === undefined) throw new UsageError("--url is required, e.g. --url http://127.0.0.1:8989/v2");
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`--url is not a URL: '${text}'`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`--url must be http or https, got '${text}'`);
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    throw new UsageError(`--url must be the API root without query or fragment, got '${text}'`);
  }
  return text.replace(/\/+$/, "");
}

/** Parses argv (without node and the script); `undefined` means --help was asked. */
export function parseCliOptions(argv: readonly string[]): CliOptions | undefined {
  const values = rawValues(argv);
  if (values.help) return undefined;
  return {
    url: apiUrl(values.url),
    only: scenarioList(values.only),
    runs: positiveInteger("runs", values.runs),
    heavyRuns: positiveInteger("heavy-runs", values["heavy-runs"]),
    executions: positiveInteger("executions", values.executions),
    concurrency: positiveInteger("concurrency", values.concurrency),
    durationS: seconds("duration", values.duration, false),
    burst: positiveInteger("burst", values.burst),
    burstConcurrency: positiveInteger("burst-concurrency", values["burst-concurrency"]),
    pollS: seconds("poll", values.poll, true),
    listPollS: seconds("list-poll", values["list-poll"], true),
    timeoutS: seconds("timeout", values.timeout, false),
    pids: values.pid.map((text) => positiveInteger("pid", text)),
    children: values.children,
    keep: values.keep,
  };
}

// CPU and memory of server processes over one scenario, read from /proc (Linux only): the evidence
// for "CPU per completed execution" and "at most 150 MB resident per process".
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { roundTo } from "./latency-stats.js";

/** RSS is sampled this often, so a peak reached and released inside a scenario is still seen. */
const RSS_SAMPLE_MS = 50;

export interface ProcessUsage {
  readonly pid: number;
  readonly comm: string;
  /** utime + stime + cutime + cstime: the process and the children it has waited for. */
  readonly cpu_s: number;
  /** cpu_s over the wall time, in percent of one core. */
  readonly cpu_pct: number;
  readonly rss_start_mb: number;
  /** Highest VmRSS seen by sampling every RSS_SAMPLE_MS during the scenario. */
  readonly rss_peak_mb: number;
  readonly rss_final_mb: number;
  /** VmHWM: the kernel's peak RSS over the process's whole life, not only this scenario. The kernel
   * syncs its per-thread RSS counters lazily, so this can trail rss_peak_mb by a few hundred kB. */
  readonly vm_hwm_mb: number;
  /** Set when the process was gone before the scenario ended (the numbers are its last ones). */
  readonly exited?: true;
}

interface ProcSnapshot {
  readonly cpuTicks: number;
  readonly rssKb: number;
  readonly hwmKb: number;
}

/** USER_HZ: what /proc/<pid>/stat counts CPU time in. Node has no sysconf(); 100 is Linux's usual value. */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

export function processExists(pid: number): boolean {
  return existsSync(`/proc/${pid}/stat`);
}

function readProcText(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined; // the process exited
  }
}

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ')'. */
function statFieldsAfterComm(pid: number): string[] | undefined {
  const text = readProcText(pid, "stat");
  if (text === undefined) return undefined;
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

function cpuTicks(pid: number): number | undefined {
  const fields = statFieldsAfterComm(pid);
  if (fields === undefined) return undefined;
  // Fields 14-17 of stat (utime, stime, cutime, cstime); fields[0] here is field 3 (state).
  return fields.slice(11, 15).reduce((total, field) => total + Number(field), 0);
}

function statusKb(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

function snapshot(pid: number): ProcSnapshot | undefined {
  const ticks = cpuTicks(pid);
  const status = readProcText(pid, "status");
  if (ticks === undefined || status === undefined) return undefined;
  return { cpuTicks: ticks, rssKb: statusKb(status, "VmRSS"), hwmKb: statusKb(status, "VmHWM") };
}

function commandName(pid: number): string {
  return readProcText(pid, "comm")?.trim() ?? "?";
}

/** Every live process whose ancestry leads to `root` (real Mistral's API server is a forked child). */
export function liveDescendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFieldsAfterComm(Number(entry))?.[1]);
    if (Number.isInteger(parent)) parentOf.set(Number(entry), parent);
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found.sort((x, y) => x - y);
}

function toMb(kb: number): number {
  return roundTo(kb / 1024, 1);
}

/** One process watched over one scenario. */
class WatchedProcess {
  private readonly comm: string;
  private readonly start: ProcSnapshot | undefined;
  private last: ProcSnapshot | undefined;
  private peakRssKb: number;
  private exited = false;

  constructor(readonly pid: number) {
    this.comm = commandName(pid);
    this.start = snapshot(pid);
    this.last = this.start;
    this.peakRssKb = this.start?.rssKb ?? 0;
  }

  sample(): void {
    if (this.exited) return;
    const now = snapshot(this.pid);
    if (now === undefined) {
      this.exited = true;
      return;
    }
    this.last = now;
    this.peakRssKb = Math.max(this.peakRssKb, now.rssKb);
  }

  usage(wallS: number, ticksPerSecond: number): ProcessUsage {
    const cpuS = ((this.last?.cpuTicks ?? 0) - (this.start?.cpuTicks ?? 0)) / ticksPerSecond;
    return {
      pid: this.pid,
      comm: this.comm,
      cpu_s: roundTo(cpuS, 2),
      cpu_pct: wallS > 0 ? roundTo((100 * cpuS) / wallS, 1) : 0,
      rss_start_mb: toMb(this.start?.rssKb ?? 0),
      rss_peak_mb: toMb(this.peakRssKb),
      rss_final_mb: toMb(this.last?.rssKb ?? 0),
      vm_hwm_mb: toMb(this.last?.hwmKb ?? 0),
      ...(this.exited ? { exited: true as const } : {}),
    };
  }
}

/** A measurement in progress; end() stops the RSS sampling and returns one entry per process. */
export class ProcessMeasurement {
  private readonly processes: WatchedProcess[];
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    pids: readonly number[],
    private readonly ticksPerSecond: number,
  ) {
    this.processes = pids.map((pid) => new WatchedProcess(pid));
    this.timer = setInterval(() => this.sampleAll(), RSS_SAMPLE_MS);
    this.timer.unref();
  }

  private sampleAll(): void {
    for (const watched of this.processes) watched.sample();
  }

  end(): ProcessUsage[] {
    clearInterval(this.timer);
    this.sampleAll();
    const wallS = (performance.now() - this.startedAt) / 1000;
    return this.processes.map((watched) => watched.usage(wallS, this.ticksPerSecond));
  }
}

/** Starts measurements of the --pid processes (and, with --children, of their live descendants). */
export class ProcessMeter {
  private readonly ticksPerSecond = clockTicksPerSecond();

  constructor(
    private readonly pids: readonly number[],
    private readonly withChildren: boolean,
  ) {}

  get enabled(): boolean {
    return this.pids.length > 0;
  }

  begin(): ProcessMeasurement {
    const targets = this.withChildren
      ? this.pids.flatMap((pid) => [pid, ...liveDescendants(pid)])
      : this.pids;
    return new ProcessMeasurement([...new Set(targets)], this.ticksPerSecond);
  }
}

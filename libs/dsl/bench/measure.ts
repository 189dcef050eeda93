// Timing helpers for the benchmark scripts: run a function many times, report median and p95.

export interface Timing {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly meanMs: number;
}

/** Times `fn` `runs` times after `warmup` untimed runs. */
export function measure(fn: () => unknown, runs: number, warmup = Math.min(runs, 1000)): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  samples.sort();
  const total = samples.reduce((sum, x) => sum + x, 0);
  return {
    runs,
    medianMs: samples[Math.floor(runs / 2)]!,
    p95Ms: samples[Math.floor(runs * 0.95)]!,
    meanMs: total / runs,
  };
}

export function formatMs(ms: number): string {
  return ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

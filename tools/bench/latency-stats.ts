// Summaries of client-observed latencies, in milliseconds rounded to 0.1 ms like bench.py's.

export interface LatencyStats {
  readonly n: number;
  readonly median_ms: number;
  readonly mean_ms: number;
  readonly min_ms: number;
  readonly p90_ms: number;
  readonly p95_ms: number;
  readonly max_ms: number;
}

export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Milliseconds are reported to 0.1 ms. */
export function roundMs(value: number): number {
  return roundTo(value, 1);
}

/** Median of a sorted, non-empty list (mean of the two middle values for an even count). */
function sortedMedian(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Nearest-rank percentile on a sorted list: the same rule as bench.py, so the numbers compare. */
function sortedPercentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)));
  return sorted[index] ?? 0;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length;
}

export function median(values: readonly number[]): number {
  return values.length === 0 ? 0 : sortedMedian([...values].sort((x, y) => x - y));
}

/** null when there is nothing to summarize (every execution failed). */
export function latencyStats(samplesMs: readonly number[]): LatencyStats | null {
  if (samplesMs.length === 0) return null;
  const sorted = [...samplesMs].sort((x, y) => x - y);
  return {
    n: sorted.length,
    median_ms: roundMs(sortedMedian(sorted)),
    mean_ms: roundMs(mean(sorted)),
    min_ms: roundMs(sorted[0] ?? 0),
    p90_ms: roundMs(sortedPercentile(sorted, 0.9)),
    p95_ms: roundMs(sortedPercentile(sorted, 0.95)),
    max_ms: roundMs(sorted[sorted.length - 1] ?? 0),
  };
}

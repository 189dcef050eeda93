// CPython 3.11's list.sort (timsort) driven by a "less than" predicate, step for step for lists
// of fewer than 64 items. Mistral sorts the commands it dispatches with a comparator that is not a
// consistent order (a non-waiting task command is "less than" everything), so the order that comes
// out is an artefact of the algorithm — non-waiting tasks come out reversed, for instance — and it
// decides which task starts first. Replaying the algorithm is the only way to start tasks in the
// same order. For 64 items or more the runs are merged with a plain stable merge instead of
// CPython's galloping merge, which can differ under such a comparator.

/** Sorts like Python's `list.sort(key=cmp_to_key(...))` where `lessThan(a, b)` is `cmp(a, b) < 0`. */
export function pythonSort<T>(items: readonly T[], lessThan: (a: T, b: T) => boolean): T[] {
  const list = [...items];
  const total = list.length;
  if (total < 2) return list;
  const minrun = computeMinrun(total);
  const runs: Array<{ start: number; length: number }> = [];
  let lo = 0;
  let remaining = total;
  while (remaining > 0) {
    const run = countRun(list, lo, lo + remaining, lessThan);
    let length = run.length;
    const descending = run.descending;
    if (descending) reverse(list, lo, lo + length);
    if (length < minrun) {
      const force = Math.min(remaining, minrun);
      binarySort(list, lo, lo + force, lo + length, lessThan);
      length = force;
    }
    runs.push({ start: lo, length });
    lo += length;
    remaining -= length;
  }
  // Merge neighbouring runs until one is left (only reached with 64 items or more).
  while (runs.length > 1) {
    const a = runs.shift()!;
    const b = runs.shift()!;
    mergeRuns(list, a.start, b.start, b.start + b.length, lessThan);
    runs.unshift({ start: a.start, length: a.length + b.length });
  }
  return list;
}

function computeMinrun(n: number): number {
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

function countRun<T>(
  list: T[],
  lo: number,
  hi: number,
  lessThan: (a: T, b: T) => boolean,
): { length: number; descending: boolean } {
  if (lo + 1 === hi) return { length: 1, descending: false };
  let n = 2;
  let i = lo + 1;
  if (lessThan(list[i]!, list[i - 1]!)) {
    for (i += 1; i < hi; i++, n++) if (!lessThan(list[i]!, list[i - 1]!)) break;
    return { length: n, descending: true };
  }
  for (i += 1; i < hi; i++, n++) if (lessThan(list[i]!, list[i - 1]!)) break;
  return { length: n, descending: false };
}

function reverse<T>(list: T[], lo: number, hi: number): void {
  for (let a = lo, b = hi - 1; a < b; a++, b--) [list[a], list[b]] = [list[b]!, list[a]!];
}

function binarySort<T>(
  list: T[],
  lo: number,
  hi: number,
  start: number,
  lessThan: (a: T, b: T) => boolean,
): void {
  for (; start < hi; start++) {
    const pivot = list[start]!;
    let l = lo;
    let r = start;
    do {
      const p = l + ((r - l) >> 1);
      if (lessThan(pivot, list[p]!)) r = p;
      else l = p + 1;
    } while (l < r);
    for (let k = start; k > l; k--) list[k] = list[k - 1]!;
    list[l] = pivot;
  }
}

function mergeRuns<T>(
  list: T[],
  lo: number,
  mid: number,
  hi: number,
  lessThan: (a: T, b: T) => boolean,
): void {
  const left = list.slice(lo, mid);
  const right = list.slice(mid, hi);
  let i = 0;
  let j = 0;
  let k = lo;
  while (i < left.length && j < right.length)
    list[k++] = lessThan(right[j]!, left[i]!) ? right[j++]! : left[i++]!;
  while (i < left.length) list[k++] = left[i++]!;
  while (j < right.length) list[k++] = right[j++]!;
}

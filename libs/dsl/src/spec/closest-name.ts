// "Did you mean ...?" for misspelt keys and task names.

/**
 * The candidate closest to `name` by edit distance (a swap of two neighbours counts as one edit, and
 * `_` equals `-`), when it is close enough to be a likely typo; undefined otherwise.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  // Typos are looked for in names of a sensible length; comparing long texts costs length squared.
  if (name.length > MAX_COMPARED_LENGTH) return undefined;
  const wanted = normalise(name);
  // One edit in three characters is a typo; in a name of one or two characters it is another name.
  const limit = wanted.length <= 2 ? 0 : Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name || candidate.length > MAX_COMPARED_LENGTH) continue;
    const distance = editDistance(wanted, normalise(candidate), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

const MAX_COMPARED_LENGTH = 256;

function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/** Optimal string alignment distance; gives up (returns `ceiling`) once it cannot be below it. */
function editDistance(a: string, b: string, ceiling: number): number {
  if (Math.abs(a.length - b.length) >= ceiling) return ceiling;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum >= ceiling) return ceiling;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? ceiling, ceiling);
}

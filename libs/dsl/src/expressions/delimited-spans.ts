// Finds expressions in a string the way Mistral's regexes `<%.*?%>` and `{{(.*?)}}` do (non-greedy,
// Python's `.` stops only at "\n"), but in linear time: a regex engine retries the search from every
// opening delimiter, which takes seconds on a hostile 100 KB definition.

/** One match: `text.slice(start, end)` is the whole span, `text.slice(innerStart, innerEnd)` its inside. */
export interface DelimitedSpan {
  readonly start: number;
  readonly end: number;
  readonly innerStart: number;
  readonly innerEnd: number;
}

/** The non-overlapping spans `open ... close` (no newline inside), left to right, as `re.findall` finds them. */
export function findDelimitedSpans(text: string, open: string, close: string): DelimitedSpan[] {
  const spans: DelimitedSpan[] = [];
  let closeAt = -1;
  let newlineAt = -1;
  for (let position = text.indexOf(open); position >= 0; position = text.indexOf(open, position)) {
    const from = position + open.length;
    // Both searches only ever move forward, which keeps the scan linear.
    if (closeAt < from) {
      closeAt = text.indexOf(close, from);
      if (closeAt < 0) break;
    }
    if (newlineAt < from) {
      newlineAt = text.indexOf("\n", from);
      if (newlineAt < 0) newlineAt = text.length;
    }
    if (newlineAt < closeAt) {
      // No opening before this newline can close before it either.
      position = newlineAt + 1;
      continue;
    }
    spans.push({ start: position, end: closeAt + close.length, innerStart: from, innerEnd: closeAt });
    position = closeAt + close.length;
  }
  return spans;
}

/** Whether `text` has at least one `open ... close` span. */
export function hasDelimitedSpan(text: string, open: string, close: string): boolean {
  return text.includes(open) && findDelimitedSpans(text, open, close).length > 0;
}

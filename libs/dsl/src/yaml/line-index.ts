// Turns source offsets into the 1-based line and column numbers that issues carry.

/** A place in the YAML source: 1-based line and column, and the 0-based offset (UTF-16 units). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Finds the line and column of any offset of one text in O(log lines). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** The line of the last look-up: offsets mostly come in document order, so it is often the answer. */
  private lastLine = 0;

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** The position of `offset`, clamped to the text. */
  position(offset: number): SourcePosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let line = this.lastLine;
    if ((starts[line] ?? 0) <= at) {
      // Walk forward a few lines from the last answer before falling back to a binary search.
      for (let steps = 0; steps < 8 && line + 1 < starts.length && (starts[line + 1] ?? 0) <= at; steps++)
        line += 1;
    }
    if ((starts[line] ?? 0) > at || (line + 1 < starts.length && (starts[line + 1] ?? 0) <= at)) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((starts[middle] ?? 0) <= at) low = middle;
        else high = middle - 1;
      }
      line = low;
    }
    this.lastLine = line;
    return { line: line + 1, column: at - (starts[line] ?? 0) + 1, offset: at };
  }
}

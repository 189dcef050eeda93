// Python's textwrap.wrap as Jinja's wordwrap filter calls it (expand_tabs and replace_whitespace
// off, drop_whitespace on): the same chunking of words, hyphens and em-dashes, and the same way
// of breaking words longer than a line.
import { codePoints, pyStrip } from "../../python/py-string.js";
import { jinjaError } from "./jinja-errors.js";

const WS = "[\\t\\n\\x0b\\x0c\\r ]";
const NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
const WORD_PUNCT = "[\\p{L}\\p{N}_!\"'&.,?]";
const LETTER = "[\\p{L}\\p{Nl}_]";
const WORD = "[\\p{L}\\p{N}_]";

// textwrap.TextWrapper.wordsep_re, with Python's Unicode \w spelled out.
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=${WORD})|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  "u",
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, "u");

export interface WrapOptions {
  readonly width: number;
  readonly breakLongWords: boolean;
  readonly breakOnHyphens: boolean;
}

function len(text: string): number {
  return codePoints(text).length;
}

function isBlank(text: string): boolean {
  return pyStrip(text) === "";
}

function splitChunks(text: string, breakOnHyphens: boolean): string[] {
  return text
    .split(breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE)
    .filter((chunk) => chunk !== undefined && chunk !== "");
}

/** textwrap.wrap(text, width, ...): the lines, without their line breaks. */
export function wrapText(text: string, options: WrapOptions): string[] {
  const { width, breakLongWords, breakOnHyphens } = options;
  if (width <= 0) throw jinjaError("ValueError", `invalid width ${width} (must be > 0)`);
  const chunks = splitChunks(text, breakOnHyphens).reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let lineLength = 0;
    if (lines.length > 0 && isBlank(chunks[chunks.length - 1]!)) chunks.pop();
    while (chunks.length > 0) {
      const size = len(chunks[chunks.length - 1]!);
      if (lineLength + size <= width) {
        line.push(chunks.pop()!);
        lineLength += size;
      } else break;
    }
    if (chunks.length > 0 && len(chunks[chunks.length - 1]!) > width) {
      const spaceLeft = width < 1 ? 1 : width - lineLength;
      if (breakLongWords) {
        const chunk = codePoints(chunks[chunks.length - 1]!);
        let end = spaceLeft;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
          if (hyphen > 0 && chunk.slice(0, hyphen).some((ch) => ch !== "-")) end = hyphen + 1;
        }
        line.push(chunk.slice(0, end).join(""));
        chunks[chunks.length - 1] = chunk.slice(end).join("");
      } else if (line.length === 0) line.push(chunks.pop()!);
    }
    if (line.length > 0 && isBlank(line[line.length - 1]!)) line.pop();
    if (line.length > 0) lines.push(line.join(""));
  }
  return lines;
}

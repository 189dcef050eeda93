// Python str semantics over JS strings. Python strings are sequences of code points; JS strings
// are UTF-16, so lengths, indexes and slices differ whenever a character lies outside the BMP
// ('a😀b' has length 3 in Python). Every helper here counts code points; the common BMP-only case
// takes the fast path.

const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(text: string): boolean {
  return SURROGATE.test(text);
}

/** The code points of a string, each as a one-character (possibly two-unit) JS string. */
export function codePoints(text: string): string[] {
  return hasSurrogates(text) ? Array.from(text) : text.split("");
}

/** Python `len(str)`. */
export function pyLen(text: string): number {
  if (!hasSurrogates(text)) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Resolves Python slice bounds for a sequence of `length` items (start, stop, step). */
export function sliceIndices(
  length: number,
  start: number | null | undefined,
  stop: number | null | undefined,
  step: number | null | undefined,
): { start: number; stop: number; step: number } {
  const s = step ?? 1;
  if (s === 0) throw new RangeError("slice step cannot be zero");
  const clamp = (value: number | null | undefined, fallback: number, low: number, high: number) => {
    if (value === null || value === undefined) return fallback;
    const v = value < 0 ? value + length : value;
    return Math.min(Math.max(v, low), high);
  };
  if (s > 0) return { start: clamp(start, 0, 0, length), stop: clamp(stop, length, 0, length), step: s };
  return { start: clamp(start, length - 1, -1, length - 1), stop: clamp(stop, -1, -1, length - 1), step: s };
}

/** Python slicing of a list-like sequence. */
export function pySlice<T>(
  items: readonly T[],
  start?: number | null,
  stop?: number | null,
  step?: number | null,
): T[] {
  const bounds = sliceIndices(items.length, start, stop, step);
  if (bounds.step === 1) return items.slice(bounds.start, Math.max(bounds.start, bounds.stop));
  const out: T[] = [];
  if (bounds.step > 0) for (let i = bounds.start; i < bounds.stop; i += bounds.step) out.push(items[i]!);
  else for (let i = bounds.start; i > bounds.stop; i += bounds.step) out.push(items[i]!);
  return out;
}

/** Python slicing of a string, by code points. */
export function pySliceString(
  text: string,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
): string {
  if (!hasSurrogates(text) && (step ?? 1) === 1) {
    const bounds = sliceIndices(text.length, start, stop, 1);
    return text.slice(bounds.start, Math.max(bounds.start, bounds.stop));
  }
  return pySlice(codePoints(text), start, stop, step).join("");
}

/** Python `str[i]` (negative indexes count from the end); undefined when out of range. */
export function pyCharAt(text: string, index: number): string | undefined {
  const chars = hasSurrogates(text) ? codePoints(text) : null;
  const length = chars ? chars.length : text.length;
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) return undefined;
  return chars ? chars[i] : text[i];
}

/** Code point offset of a UTF-16 offset (for find/index results). */
function toCodePointOffset(text: string, unitOffset: number): number {
  if (unitOffset < 0 || !hasSurrogates(text)) return unitOffset;
  return pyLen(text.slice(0, unitOffset));
}

/**
 * The search window of find/rfind, as CPython's ADJUST_INDICES computes it: unlike a slice, a
 * start beyond the end is kept, so that `'abc'.find('', 4)` finds nothing.
 */
function findWindow(length: number, start: number | null | undefined, end: number | null | undefined) {
  let from = start ?? 0;
  let to = end ?? length;
  if (to > length) to = length;
  else if (to < 0) to = Math.max(to + length, 0);
  if (from < 0) from = Math.max(from + length, 0);
  return { from, to };
}

/** Python `str.find(sub, start, end)`: code point index or -1. */
export function pyFind(text: string, sub: string, start?: number | null, end?: number | null): number {
  const { from, to } = findWindow(pyLen(text), start, end);
  if (to - from < pyLen(sub)) return -1;
  const window = pySliceString(text, from, to);
  const found = window.indexOf(sub);
  return found < 0 ? -1 : from + toCodePointOffset(window, found);
}

/** Python `str.rfind(sub, start, end)`. */
export function pyRFind(text: string, sub: string, start?: number | null, end?: number | null): number {
  const { from, to } = findWindow(pyLen(text), start, end);
  if (to - from < pyLen(sub)) return -1;
  const window = pySliceString(text, from, to);
  const found = window.lastIndexOf(sub);
  return found < 0 ? -1 : from + toCodePointOffset(window, found);
}

/** Python `str.count(sub)` (non-overlapping). */
export function pyCount(text: string, sub: string): number {
  if (sub === "") return pyLen(text) + 1;
  let count = 0;
  for (let i = text.indexOf(sub); i >= 0; i = text.indexOf(sub, i + sub.length)) count++;
  return count;
}

/** Python `str.replace(old, new, count)`. */
export function pyReplace(text: string, old: string, replacement: string, count = -1): string {
  if (count < 0) {
    if (old === "") return codePoints(text).reduce((acc, ch) => acc + ch + replacement, replacement);
    return text.split(old).join(replacement);
  }
  let out = "";
  let rest = text;
  for (let done = 0; done < count; done++) {
    if (old === "") {
      const [first, ...others] = codePoints(rest);
      out += replacement + (first ?? "");
      rest = others.join("");
      if (first === undefined) break;
      continue;
    }
    const at = rest.indexOf(old);
    if (at < 0) break;
    out += rest.slice(0, at) + replacement;
    rest = rest.slice(at + old.length);
  }
  return out + rest;
}

/** Characters Python's str.isspace() and str.split() treat as whitespace. */
const PY_WHITESPACE_CHARS =
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
const PY_WHITESPACE = new Set(PY_WHITESPACE_CHARS);

export function isPySpace(ch: string): boolean {
  return PY_WHITESPACE.has(ch);
}

function stripSet(chars: string | null | undefined): (ch: string) => boolean {
  if (chars === null || chars === undefined) return isPySpace;
  const set = new Set(codePoints(chars));
  return (ch) => set.has(ch);
}

/** Python `str.strip/lstrip/rstrip(chars)`. */
export function pyStrip(
  text: string,
  chars?: string | null,
  side: "both" | "left" | "right" = "both",
): string {
  const strip = stripSet(chars);
  const chs = codePoints(text);
  let start = 0;
  let end = chs.length;
  if (side !== "right") while (start < end && strip(chs[start]!)) start++;
  if (side !== "left") while (end > start && strip(chs[end - 1]!)) end--;
  return chs.slice(start, end).join("");
}

/** Python `str.split(sep, maxsplit)`; `sep` null splits on runs of whitespace. */
export function pySplit(text: string, sep?: string | null, maxsplit = -1): string[] {
  if (sep === "") throw new RangeError("empty separator");
  if (sep === null || sep === undefined) {
    const parts: string[] = [];
    const chs = codePoints(text);
    let i = 0;
    while (i < chs.length) {
      while (i < chs.length && isPySpace(chs[i]!)) i++;
      if (i >= chs.length) break;
      if (maxsplit >= 0 && parts.length >= maxsplit) {
        // The rest is kept as it is, trailing whitespace included.
        parts.push(chs.slice(i).join(""));
        return parts;
      }
      let j = i;
      while (j < chs.length && !isPySpace(chs[j]!)) j++;
      parts.push(chs.slice(i, j).join(""));
      i = j;
    }
    return parts;
  }
  const all = text.split(sep);
  if (maxsplit < 0 || all.length - 1 <= maxsplit) return all;
  return [...all.slice(0, maxsplit), all.slice(maxsplit).join(sep)];
}

/** Python `str.rsplit(sep, maxsplit)`. */
export function pyRSplit(text: string, sep?: string | null, maxsplit = -1): string[] {
  if (maxsplit < 0) return pySplit(text, sep, -1);
  if (sep === "") throw new RangeError("empty separator");
  if (sep === null || sep === undefined) {
    const reversed = pySplit(codePoints(text).reverse().join(""), null, maxsplit);
    return reversed.map((part) => codePoints(part).reverse().join("")).reverse();
  }
  const all = text.split(sep);
  if (all.length - 1 <= maxsplit) return all;
  const keep = all.length - maxsplit;
  return [all.slice(0, keep).join(sep), ...all.slice(keep)];
}

/** Python `str.splitlines(keepends)`. */
export function pySplitLines(text: string, keepends = false): string[] {
  const lines: string[] = [];
  // Python splits lines at the ASCII separators \x1c-\x1e too.
  // eslint-disable-next-line no-control-regex
  const pattern = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const end = match.index + match[0].length;
    lines.push(text.slice(last, keepends ? end : match.index));
    last = end;
  }
  if (last < text.length) lines.push(text.slice(last));
  return lines;
}

/** Compares two strings by code point, as Python does (JS compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  if (!hasSurrogates(a) && !hasSurrogates(b)) return a < b ? -1 : 1;
  const x = codePoints(a);
  const y = codePoints(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x[i]!.codePointAt(0)!;
    const cy = y[i]!.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase() || /\p{Lt}/u.test(ch);
}

function isLowerChar(ch: string): boolean {
  return /\p{Ll}/u.test(ch) || (isCased(ch) && ch === ch.toLowerCase() && ch !== ch.toUpperCase());
}

function isUpperChar(ch: string): boolean {
  return /\p{Lu}/u.test(ch) || (isCased(ch) && ch === ch.toUpperCase() && ch !== ch.toLowerCase());
}

/** Python `str.islower()`: at least one cased character and no uppercase or titlecase ones. */
export function pyIsLower(text: string): boolean {
  let cased = false;
  for (const ch of text) {
    if (isUpperChar(ch) || /\p{Lt}/u.test(ch)) return false;
    if (isLowerChar(ch)) cased = true;
  }
  return cased;
}

/** Python `str.isupper()`. */
export function pyIsUpper(text: string): boolean {
  let cased = false;
  for (const ch of text) {
    if (isLowerChar(ch) || /\p{Lt}/u.test(ch)) return false;
    if (isUpperChar(ch)) cased = true;
  }
  return cased;
}

function titleChar(ch: string): string {
  // Titlecase differs from uppercase only for a few digraphs (ǅ); JS has no titlecase mapping.
  const titlecaseDigraphs: Record<string, string> = {
    Ǆ: "ǅ",
    ǅ: "ǅ",
    ǆ: "ǅ",
    Ǉ: "ǈ",
    ǈ: "ǈ",
    ǉ: "ǈ",
    Ǌ: "ǋ",
    ǋ: "ǋ",
    ǌ: "ǋ",
    Ǳ: "ǲ",
    ǲ: "ǲ",
    ǳ: "ǲ",
  };
  return titlecaseDigraphs[ch] ?? ch.toUpperCase();
}

/** Python `str.capitalize()`: first character titlecased, the rest lowercased. */
export function pyCapitalize(text: string): string {
  const [first, ...rest] = codePoints(text);
  if (first === undefined) return "";
  return titleChar(first) + rest.join("").toLowerCase();
}

/** Python `str.title()`: a cased character after an uncased one starts a word. */
export function pyTitle(text: string): string {
  let out = "";
  let previousCased = false;
  for (const ch of text) {
    out += previousCased ? ch.toLowerCase() : titleChar(ch);
    previousCased = isCased(ch);
  }
  return out;
}

/** Python `str.swapcase()`. */
export function pySwapCase(text: string): string {
  let out = "";
  for (const ch of text) out += isUpperChar(ch) ? ch.toLowerCase() : isLowerChar(ch) ? ch.toUpperCase() : ch;
  return out;
}

/** Python `str.isdigit()` (decimal digits and other digit characters such as superscripts). */
export function pyIsDigit(text: string): boolean {
  return (
    text !== "" &&
    /^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490]+$/u.test(
      text,
    )
  );
}

export function pyIsDecimal(text: string): boolean {
  return text !== "" && /^\p{Nd}+$/u.test(text);
}

export function pyIsNumeric(text: string): boolean {
  return text !== "" && /^\p{N}+$/u.test(text);
}

export function pyIsAlpha(text: string): boolean {
  return text !== "" && /^\p{L}+$/u.test(text);
}

export function pyIsAlnum(text: string): boolean {
  return text !== "" && /^[\p{L}\p{N}]+$/u.test(text);
}

export function pyIsSpace(text: string): boolean {
  return text !== "" && codePoints(text).every(isPySpace);
}

/** Python `str.istitle()`. */
export function pyIsTitle(text: string): boolean {
  let cased = false;
  let previousCased = false;
  for (const ch of text) {
    if (isUpperChar(ch) || /\p{Lt}/u.test(ch)) {
      if (previousCased) return false;
      previousCased = true;
      cased = true;
    } else if (isLowerChar(ch)) {
      if (!previousCased) return false;
      previousCased = true;
      cased = true;
    } else previousCased = false;
  }
  return cased;
}

/** Python `str.center/ljust/rjust(width, fill)`. */
export function pyPad(text: string, width: number, fill: string, align: "left" | "right" | "center"): string {
  const length = pyLen(text);
  if (width <= length) return text;
  const total = width - length;
  if (align === "left") return text + fill.repeat(total);
  if (align === "right") return fill.repeat(total) + text;
  // CPython puts the extra character on the left when both the text and the padding are odd.
  const left = Math.floor(total / 2) + (total & width & 1);
  return fill.repeat(left) + text + fill.repeat(total - left);
}

/** Characters that Python's str.isprintable() rejects (repr escapes them). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

export function isPrintable(ch: string): boolean {
  return ch === " " || !NON_PRINTABLE.test(ch);
}

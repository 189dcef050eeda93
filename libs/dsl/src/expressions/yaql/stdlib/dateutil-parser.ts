// dateutil's parser.parse(text) (2.8), which yaql's datetime(string) uses: it reads dates in most
// common notations ("2020-01-02T03:04:05Z", "Jan 5 2020 10am", "5/6/2020", "20200101T101112") and
// fills what the text leaves out from today's date at midnight. The steps follow dateutil's: split
// into tokens of letters, digits and other characters, read each token in its context, then decide
// which numbers are the year, month and day.
import { parsePyFloat, parsePyInt, PyNumberError } from "../../../python/py-numbers.js";
import { daysInMonth, MICROS_PER_DAY, PyDateTime, PyTimeZone } from "./py-datetime.js";

/** What the parse needs from the clock. */
export interface DateParseContext {
  /** Today's local date, which fills the fields the text does not give. */
  readonly today: { readonly year: number; readonly month: number; readonly day: number };
  /** Whether the host's zone is UTC: dateutil then gives "UTC" times its tzlocal(). */
  readonly localZoneIsUtc: boolean;
}

/** dateutil's ParserError, a ValueError. */
function parserError(message: string): PyNumberError {
  return new PyNumberError("ValueError", message);
}

/** The parse does not apply (dateutil's IndexError / ValueError inside _parse). */
class NoParse extends Error {}

const JUMP = new Set([
  " ",
  ".",
  ",",
  ";",
  "-",
  "/",
  "'",
  "at",
  "on",
  "and",
  "ad",
  "m",
  "t",
  "of",
  "st",
  "nd",
  "rd",
  "th",
]);
const WEEKDAY_NAMES: Array<[string, string]> = [
  ["mon", "monday"],
  ["tue", "tuesday"],
  ["wed", "wednesday"],
  ["thu", "thursday"],
  ["fri", "friday"],
  ["sat", "saturday"],
  ["sun", "sunday"],
];
const MONTH_NAMES: string[][] = [
  ["jan", "january"],
  ["feb", "february"],
  ["mar", "march"],
  ["apr", "april"],
  ["may"],
  ["jun", "june"],
  ["jul", "july"],
  ["aug", "august"],
  ["sep", "sept", "september"],
  ["oct", "october"],
  ["nov", "november"],
  ["dec", "december"],
];
const HMS: string[][] = [
  ["h", "hour", "hours"],
  ["m", "minute", "minutes"],
  ["s", "second", "seconds"],
];
const AMPM: string[][] = [
  ["am", "a"],
  ["pm", "p"],
];
const UTC_ZONES = ["UTC", "GMT", "Z", "z"];

function indexIn(table: readonly (readonly string[])[], name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = table.findIndex((names) => names.includes(lower));
  return index < 0 ? undefined : index;
}

const isJump = (name: string) => JUMP.has(name.toLowerCase());
const weekdayOf = (name: string) => indexIn(WEEKDAY_NAMES, name);
const monthOf = (name: string) => {
  const index = indexIn(MONTH_NAMES, name);
  return index === undefined ? undefined : index + 1;
};
const hmsOf = (name: string) => indexIn(HMS, name);
const ampmOf = (name: string) => indexIn(AMPM, name);
const isUtcZone = (name: string) => UTC_ZONES.some((zone) => zone.toLowerCase() === name.toLowerCase());

const isWordChar = (ch: string) => /^\p{L}$/u.test(ch);
const isDigitChar = (ch: string) => /^\p{Nd}$/u.test(ch);
const isSpaceChar = (ch: string) => /^\s$/u.test(ch);
const isDigits = (text: string) => text.length > 0 && [...text].every(isDigitChar);

/** dateutil's _timelex: runs of letters, runs of digits (with their dots), and single other characters. */
export function splitDateTokens(text: string): string[] {
  const chars = [...text].filter((ch) => ch !== "\0");
  const tokens: string[] = [];
  const pending: string[] = [];
  let pos = 0;
  while (pending.length > 0 || pos < chars.length) {
    if (pending.length > 0) {
      tokens.push(pending.shift()!);
      continue;
    }
    let token = chars[pos++]!;
    let state: "a" | "0" | "a." | "0." | undefined;
    let seenLetters = false;
    if (isWordChar(token)) state = "a";
    else if (isDigitChar(token)) state = "0";
    else if (isSpaceChar(token)) token = " ";
    if (state !== undefined) {
      for (; pos < chars.length; pos++) {
        const next = chars[pos]!;
        if (state === "a") {
          seenLetters = true;
          if (isWordChar(next)) token += next;
          else if (next === ".") {
            token += next;
            state = "a.";
          } else break;
        } else if (state === "0") {
          if (isDigitChar(next)) token += next;
          else if (next === "." || (next === "," && [...token].length >= 2)) {
            token += next;
            state = "0.";
          } else break;
        } else if (state === "a.") {
          seenLetters = true;
          if (next === "." || isWordChar(next)) token += next;
          else if (isDigitChar(next) && token.endsWith(".")) {
            token += next;
            state = "0.";
          } else break;
        } else {
          if (next === "." || isDigitChar(next)) token += next;
          else if (isWordChar(next) && token.endsWith(".")) {
            token += next;
            state = "a.";
          } else break;
        }
      }
      if (
        (state === "a." || state === "0.") &&
        (seenLetters || token.split(".").length > 2 || token.endsWith(".") || token.endsWith(","))
      ) {
        const parts = token.split(/([.,])/);
        token = parts[0]!;
        for (const part of parts.slice(1)) if (part) pending.push(part);
      }
      if (state === "0." && !token.includes(".")) token = token.replaceAll(",", ".");
    }
    tokens.push(token);
  }
  return tokens;
}

/** A number token's value (dateutil reads them as Decimal; a double is enough for dates). */
function toDecimal(text: string): number {
  let value: number;
  try {
    value = Number(parsePyFloat(text));
  } catch {
    throw new NoParse();
  }
  if (!Number.isFinite(value)) throw new NoParse();
  return value;
}

function toInt(text: string): number {
  try {
    return Number(parsePyInt(text));
  } catch {
    throw new NoParse();
  }
}

interface ParseResult {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  hour?: number;
  minute?: number;
  second?: number;
  microsecond?: number;
  tzname?: string;
  tzoffset?: number;
  ampm?: number;
  centurySpecified?: boolean;
}

/** dateutil's _ymd: the numbers that may be year, month or day, with what is known about each. */
class YearMonthDay {
  readonly values: number[] = [];
  centurySpecified = false;
  dayIndex: number | undefined;
  monthIndex: number | undefined;
  yearIndex: number | undefined;

  get length(): number {
    return this.values.length;
  }

  at(index: number): number {
    const value = this.values[index < 0 ? this.values.length + index : index];
    if (value === undefined) throw new NoParse();
    return value;
  }

  couldBeDay(value: number): boolean {
    if (this.dayIndex !== undefined) return false;
    if (this.monthIndex === undefined) return value >= 1 && value <= 31;
    const month = this.values[this.monthIndex]!;
    const year = this.yearIndex === undefined ? 2000 : this.values[this.yearIndex]!;
    return value >= 1 && value <= daysInMonth(year, month);
  }

  append(value: string | number, label?: "Y" | "M" | "D"): void {
    let kind = label;
    if (typeof value === "string") {
      if (isDigits(value) && [...value].length > 2) {
        this.centurySpecified = true;
        if (kind !== undefined && kind !== "Y") throw new NoParse();
        kind = "Y";
      }
    } else if (value > 100) {
      this.centurySpecified = true;
      if (kind !== undefined && kind !== "Y") throw new NoParse();
      kind = "Y";
    }
    this.values.push(typeof value === "string" ? toInt(value) : Math.trunc(value));
    const index = this.values.length - 1;
    if (kind === "M") {
      if (this.monthIndex !== undefined) throw new NoParse();
      this.monthIndex = index;
    } else if (kind === "D") {
      if (this.dayIndex !== undefined) throw new NoParse();
      this.dayIndex = index;
    } else if (kind === "Y") {
      if (this.yearIndex !== undefined) throw new NoParse();
      this.yearIndex = index;
    }
  }

  /** Which number is the year, the month and the day. */
  resolve(): [number | undefined, number | undefined, number | undefined] {
    const known: Array<["y" | "m" | "d", number]> = [];
    if (this.yearIndex !== undefined) known.push(["y", this.yearIndex]);
    if (this.monthIndex !== undefined) known.push(["m", this.monthIndex]);
    if (this.dayIndex !== undefined) known.push(["d", this.dayIndex]);
    const n = this.values.length;
    if ((n === known.length && n > 0) || (n === 3 && known.length === 2)) {
      if (n === 3 && known.length === 2) {
        const used = known.map(([, i]) => i);
        const missing = [0, 1, 2].find((i) => !used.includes(i))!;
        const key = (["y", "m", "d"] as const).find((k) => !known.some(([kk]) => kk === k))!;
        known.push([key, missing]);
      }
      const get = (key: string) => {
        const entry = known.find(([k]) => k === key);
        return entry === undefined ? undefined : this.values[entry[1]];
      };
      return [get("y"), get("m"), get("d")];
    }
    const m = this.monthIndex;
    let year: number | undefined;
    let month: number | undefined;
    let day: number | undefined;
    const v = this.values;
    if (n > 3) throw new NoParse();
    if (n === 1 || (m !== undefined && n === 2)) {
      let other: number;
      if (m !== undefined) {
        month = v[m];
        other = this.at(m - 1);
      } else other = v[0]!;
      if (n > 1 || m === undefined) {
        if (other > 31) year = other;
        else day = other;
      }
    } else if (n === 2) {
      if (v[0]! > 31) [year, month] = v;
      else if (v[1]! > 31) [month, year] = v;
      else [month, day] = v;
    } else if (n === 3) {
      if (m === 0) {
        if (v[1]! > 31) [month, year, day] = v;
        else [month, day, year] = v;
      } else if (m === 1) {
        if (v[0]! > 31) [year, month, day] = v;
        else [day, month, year] = v;
      } else if (m === 2) {
        if (v[1]! > 31) [day, year, month] = v;
        else [year, day, month] = v;
      } else if (v[0]! > 31 || this.yearIndex === 0) [year, month, day] = v;
      else if (v[0]! > 12) [day, month, year] = v;
      else [month, day, year] = v;
    }
    return [year, month, day];
  }
}

function adjustAmPm(hour: number, ampm: number): number {
  if (hour < 12 && ampm === 1) return hour + 12;
  if (hour === 12 && ampm === 0) return 0;
  return hour;
}

function parseMinSec(value: number): [number, number | undefined] {
  const minute = Math.trunc(value);
  const remainder = value % 1;
  return [minute, remainder ? Math.trunc(60 * remainder) : undefined];
}

function parseSecondsAndMicros(text: string): [number, number] {
  if (!text.includes(".")) return [toInt(text), 0];
  const parts = text.split(".");
  if (parts.length !== 2) throw new NoParse();
  return [toInt(parts[0]!), toInt(parts[1]!.padEnd(6, "0").slice(0, 6))];
}

function couldBeTzName(res: ParseResult, token: string): boolean {
  return (
    res.hour !== undefined &&
    res.tzname === undefined &&
    res.tzoffset === undefined &&
    [...token].length <= 5 &&
    ([...token].every((ch) => ch >= "A" && ch <= "Z") || UTC_ZONES.includes(token))
  );
}

function findHmsIndex(idx: number, tokens: string[]): number | undefined {
  const n = tokens.length;
  if (idx + 1 < n && hmsOf(tokens[idx + 1]!) !== undefined) return idx + 1;
  if (idx + 2 < n && tokens[idx + 1] === " " && hmsOf(tokens[idx + 2]!) !== undefined) return idx + 2;
  if (idx > 0 && hmsOf(tokens[idx - 1]!) !== undefined) return idx - 1;
  if (1 < idx && idx === n - 1 && tokens[idx - 1] === " " && hmsOf(tokens[idx - 2]!) !== undefined)
    return idx - 2;
  return undefined;
}

function assignHms(res: ParseResult, valueText: string, hms: number): void {
  const value = toDecimal(valueText);
  if (hms === 0) {
    res.hour = Math.trunc(value);
    if (value % 1) res.minute = Math.trunc(60 * (value % 1));
  } else if (hms === 1) [res.minute, res.second] = parseMinSec(value);
  else [res.second, res.microsecond] = parseSecondsAndMicros(valueText);
}

function token(tokens: string[], index: number): string {
  const t = tokens[index];
  if (t === undefined) throw new NoParse();
  return t;
}

function parseNumericToken(tokens: string[], start: number, ymd: YearMonthDay, res: ParseResult): number {
  let idx = start;
  const valueText = tokens[idx]!;
  let value = toDecimal(valueText);
  const length = [...valueText].length;
  const n = tokens.length;
  if (
    ymd.length === 3 &&
    (length === 2 || length === 4) &&
    res.hour === undefined &&
    (idx + 1 >= n || (tokens[idx + 1] !== ":" && hmsOf(tokens[idx + 1]!) === undefined))
  ) {
    // 19990101T23[59]
    res.hour = toInt(valueText.slice(0, 2));
    if (length === 4) res.minute = toInt(valueText.slice(2));
  } else if (length === 6 || (length > 6 && valueText.indexOf(".") === 6)) {
    // YYMMDD or HHMMSS[.ss]
    if (ymd.length === 0 && !valueText.includes(".")) {
      ymd.append(valueText.slice(0, 2));
      ymd.append(valueText.slice(2, 4));
      ymd.append(valueText.slice(4));
    } else {
      res.hour = toInt(valueText.slice(0, 2));
      res.minute = toInt(valueText.slice(2, 4));
      [res.second, res.microsecond] = parseSecondsAndMicros(valueText.slice(4));
    }
  } else if (length === 8 || length === 12 || length === 14) {
    // YYYYMMDD[HHMM[SS]]
    ymd.append(valueText.slice(0, 4), "Y");
    ymd.append(valueText.slice(4, 6));
    ymd.append(valueText.slice(6, 8));
    if (length > 8) {
      res.hour = toInt(valueText.slice(8, 10));
      res.minute = toInt(valueText.slice(10, 12));
      if (length > 12) res.second = toInt(valueText.slice(12));
    }
  } else if (findHmsIndex(idx, tokens) !== undefined) {
    // HH[ ]h or MM[ ]m or SS[.ss][ ]s
    const hmsIndex = findHmsIndex(idx, tokens)!;
    let hms: number;
    if (hmsIndex > idx) {
      hms = hmsOf(tokens[hmsIndex]!)!;
      idx = hmsIndex;
    } else hms = hmsOf(tokens[hmsIndex]!)! + 1;
    if (hms <= 2) assignHms(res, valueText, hms);
  } else if (idx + 2 < n && tokens[idx + 1] === ":") {
    // HH:MM[:SS[.ss]]
    res.hour = Math.trunc(value);
    value = toDecimal(tokens[idx + 2]!);
    [res.minute, res.second] = parseMinSec(value);
    if (idx + 4 < n && tokens[idx + 3] === ":") {
      [res.second, res.microsecond] = parseSecondsAndMicros(tokens[idx + 4]!);
      idx += 2;
    }
    idx += 2;
  } else if (idx + 1 < n && ["-", "/", "."].includes(tokens[idx + 1]!)) {
    const separator = tokens[idx + 1]!;
    ymd.append(valueText);
    if (idx + 2 < n && !isJump(tokens[idx + 2]!)) {
      if (isDigits(tokens[idx + 2]!)) ymd.append(tokens[idx + 2]!);
      else {
        const month = monthOf(tokens[idx + 2]!);
        if (month === undefined) throw new NoParse();
        ymd.append(month, "M");
      }
      if (idx + 3 < n && tokens[idx + 3] === separator) {
        const next = token(tokens, idx + 4);
        const month = monthOf(next);
        if (month !== undefined) ymd.append(month, "M");
        else ymd.append(next);
        idx += 2;
      }
      idx += 1;
    }
    idx += 1;
  } else if (idx + 1 >= n || isJump(tokens[idx + 1]!)) {
    if (idx + 2 < n && ampmOf(tokens[idx + 2]!) !== undefined) {
      res.hour = adjustAmPm(Math.trunc(value), ampmOf(tokens[idx + 2]!)!);
      idx += 1;
    } else ymd.append(value);
    idx += 1;
  } else if (ampmOf(tokens[idx + 1]!) !== undefined && value >= 0 && value < 24) {
    res.hour = adjustAmPm(Math.trunc(value), ampmOf(tokens[idx + 1]!)!);
    idx += 1;
  } else if (ymd.couldBeDay(value)) {
    ymd.append(value);
  } else throw new NoParse();
  return idx;
}

function parseTokens(text: string, currentYear: number): ParseResult | undefined {
  const res: ParseResult = {};
  const tokens = splitDateTokens(text);
  const ymd = new YearMonthDay();
  const n = tokens.length;
  try {
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      let isNumber = true;
      try {
        parsePyFloat(t);
      } catch {
        isNumber = false;
      }
      if (isNumber) {
        i = parseNumericToken(tokens, i, ymd, res);
      } else if (weekdayOf(t) !== undefined) {
        res.weekday = weekdayOf(t);
      } else if (monthOf(t) !== undefined) {
        ymd.append(monthOf(t)!, "M");
        if (i + 1 < n) {
          if (tokens[i + 1] === "-" || tokens[i + 1] === "/") {
            // Jan-01[-99]
            const separator = tokens[i + 1];
            ymd.append(token(tokens, i + 2));
            if (i + 3 < n && tokens[i + 3] === separator) {
              ymd.append(token(tokens, i + 4));
              i += 2;
            }
            i += 2;
          } else if (
            i + 4 < n &&
            tokens[i + 1] === " " &&
            tokens[i + 3] === " " &&
            tokens[i + 2]!.toLowerCase() === "of"
          ) {
            // Jan of 01: the number is a year.
            if (isDigits(tokens[i + 4]!))
              ymd.append(String(convertYear(toInt(tokens[i + 4]!), false, currentYear)), "Y");
            i += 4;
          }
        }
      } else if (ampmOf(t) !== undefined) {
        if (res.hour === undefined || res.hour < 0 || res.hour > 12) throw new NoParse();
        res.hour = adjustAmPm(res.hour, ampmOf(t)!);
        res.ampm = ampmOf(t);
      } else if (couldBeTzName(res, t)) {
        res.tzname = t;
        // dateutil looks the name up among its lower-case UTC names, so only "z" has an offset here.
        res.tzoffset = t === "z" ? 0 : undefined;
        // GMT+3 means "my time +3 is GMT": flip the sign for the offset that follows.
        if (i + 1 < n && (tokens[i + 1] === "+" || tokens[i + 1] === "-")) {
          tokens[i + 1] = tokens[i + 1] === "+" ? "-" : "+";
          res.tzoffset = undefined;
          if (isUtcZone(t)) res.tzname = undefined;
        }
      } else if (res.hour !== undefined && (t === "+" || t === "-")) {
        const sign = t === "+" ? 1 : -1;
        const next = token(tokens, i + 1);
        const nextLength = [...next].length;
        let hours: number;
        let minutes: number;
        if (nextLength === 4) {
          hours = toInt(next.slice(0, 2));
          minutes = toInt(next.slice(2));
        } else if (i + 2 < n && tokens[i + 2] === ":") {
          hours = toInt(next);
          minutes = toInt(token(tokens, i + 3));
          i += 2;
        } else if (nextLength <= 2) {
          hours = toInt(next.slice(0, 2));
          minutes = 0;
        } else throw new NoParse();
        res.tzoffset = sign * (hours * 3600 + minutes * 60);
        // -0300 (BRST)
        if (
          i + 5 < n &&
          isJump(tokens[i + 2]!) &&
          tokens[i + 3] === "(" &&
          tokens[i + 5] === ")" &&
          [...tokens[i + 4]!].length >= 3 &&
          couldBeTzName({ ...res, tzoffset: undefined }, tokens[i + 4]!)
        ) {
          res.tzname = tokens[i + 4];
          i += 4;
        }
        i += 1;
      } else if (!isJump(t)) {
        throw new NoParse();
      }
    }
    const [year, month, day] = ymd.resolve();
    res.centurySpecified = ymd.centurySpecified;
    res.year = year;
    res.month = month;
    res.day = day;
  } catch (error) {
    if (error instanceof NoParse) return undefined;
    throw error;
  }
  // parserinfo.validate
  if (res.year !== undefined) res.year = convertYear(res.year, res.centurySpecified, currentYear);
  if ((res.tzoffset === 0 && !res.tzname) || res.tzname === "Z" || res.tzname === "z") {
    res.tzname = "UTC";
    res.tzoffset = 0;
  } else if (res.tzoffset !== 0 && res.tzname && isUtcZone(res.tzname)) {
    res.tzoffset = 0;
  }
  return res;
}

/** Two-digit years fall within 50 years of the current one. */
function convertYear(year: number, centurySpecified: boolean | undefined, currentYear: number): number {
  if (year < 100 && !centurySpecified) {
    let full = year + Math.floor(currentYear / 100) * 100;
    if (full >= currentYear + 50) full -= 100;
    else if (full < currentYear - 50) full += 100;
    return full;
  }
  return year;
}

/**
 * dateutil's `parser.parse(text)`. A text without a zone gives a datetime in UTC (yaql's rule for
 * naive results); zone names other than UTC/GMT/Z are ignored, as dateutil ignores them.
 */
export function parseDateString(text: string, context: DateParseContext): PyDateTime {
  const res = parseTokens(text, context.today.year);
  if (!res) throw parserError(`Unknown string format: ${text}`);
  const fields: Array<keyof ParseResult> = [
    "year",
    "month",
    "day",
    "weekday",
    "hour",
    "minute",
    "second",
    "microsecond",
    "tzname",
    "tzoffset",
    "ampm",
  ];
  if (fields.every((field) => res[field] === undefined))
    throw parserError(`String does not contain a date: ${text}`);

  const year = res.year ?? context.today.year;
  const month = res.month ?? context.today.month;
  let day = res.day ?? context.today.day;
  // A default day beyond the month's end becomes its last day.
  if (res.day === undefined && month >= 1 && month <= 12 && year >= 1 && year <= 9999) {
    day = Math.min(day, daysInMonth(year, month));
  }
  let tz = PyTimeZone.UTC;
  if (res.tzname === "UTC" && context.localZoneIsUtc) tz = new PyTimeZone("tzlocal", 0n);
  else if (res.tzoffset !== undefined && res.tzoffset !== 0) {
    tz = new PyTimeZone("tzoffset", BigInt(res.tzoffset) * 1_000_000n, res.tzname ?? null);
  }
  let result: PyDateTime;
  try {
    result = PyDateTime.fromFields(
      year,
      month,
      day,
      res.hour ?? 0,
      res.minute ?? 0,
      res.second ?? 0,
      res.microsecond ?? 0,
      tz,
    );
  } catch (error) {
    if (error instanceof PyNumberError) throw parserError(`${error.message}: ${text}`);
    throw error;
  }
  if (res.weekday !== undefined && !res.day) {
    // The next such weekday, today included (relativedelta(weekday=...)).
    const ahead = (res.weekday - result.weekday() + 7) % 7;
    result = result.plus(BigInt(ahead) * MICROS_PER_DAY);
  }
  return result;
}

// Python's datetime.strftime and datetime.strptime in the C locale, as Mistral's hosts run them.
// strftime: Python itself expands %f, %z and %Z; everything else goes to glibc's strftime, with its
// flags (`-` no padding, `_` spaces, `0` zeros, `^` upper case, `#` swapped case), field widths,
// GNU conversions (%e, %k, %s, %F, ...) and unknown directives copied as they are.
// strptime: Python's _strptime, a regular expression built from the format.
import { parsePyInt, PyNumberError } from "../../../python/py-numbers.js";
import {
  daysInMonth,
  floorDiv,
  fromOrdinal,
  isLeapYear,
  MICROS_PER_SECOND,
  PyDateTime,
  PyTimeZone,
  toOrdinal,
  UNIX_EPOCH,
} from "./py-datetime.js";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function valueError(message: string): PyNumberError {
  return new PyNumberError("ValueError", message);
}

// ---- strftime ----

/** The ISO 8601 [year, week] of a date. */
function isoWeek(dt: PyDateTime): [number, number] {
  const isoWeekOneStart = (year: number): number => {
    const jan4 = toOrdinal(year, 1, 4);
    return jan4 - ((jan4 + 6) % 7);
  };
  let year = dt.year;
  let start = isoWeekOneStart(year);
  if (dt.ordinal < start) start = isoWeekOneStart(--year);
  else if (year < 9999 && dt.ordinal >= isoWeekOneStart(year + 1)) start = isoWeekOneStart(++year);
  return [year, Math.floor((dt.ordinal - start) / 7) + 1];
}

/** Where glibc's conversions accept the E and O modifiers. */
const E_MODIFIABLE = new Set(["c", "C", "x", "X", "y", "Y"]);
const O_MODIFIABLE = new Set(["d", "e", "H", "I", "m", "M", "S", "U", "u", "V", "w", "W", "y", "k", "l"]);

interface Directive {
  pad: string;
  width: number;
  upper: boolean;
  swapCase: boolean;
}

function applyWidth(text: string, d: Directive): string {
  if (text.length >= d.width) return text;
  return (d.pad === "0" ? "0" : " ").repeat(d.width - text.length) + text;
}

/** glibc's number formatting: padded to `digits` (or the width) with zeros, or spaces for `_`. */
function formatNumber(value: number, digits: number, d: Directive, spacePad = false): string {
  let pad = d.pad;
  if (spacePad && pad !== "0" && pad !== "-") pad = "_";
  const negative = value < 0;
  const body = String(Math.abs(value));
  const wanted = Math.max(digits, d.width);
  if (pad === "-") return applyWidth((negative ? "-" : "") + body, { ...d, pad: " " });
  const padding = wanted - body.length - (negative ? 1 : 0);
  if (padding <= 0) return (negative ? "-" : "") + body;
  if (pad === "_") return " ".repeat(padding) + (negative ? "-" : "") + body;
  return (negative ? "-" : "") + "0".repeat(padding) + body;
}

function formatText(
  text: string,
  d: Directive,
  caseRule: "upper-on-swap" | "lower-on-swap" | "none",
): string {
  let out = text;
  if (d.swapCase && caseRule === "upper-on-swap") out = out.toUpperCase();
  else if (d.swapCase && caseRule === "lower-on-swap") out = out.toLowerCase();
  else if (d.upper) out = out.toUpperCase();
  return applyWidth(out, d);
}

/** glibc's strftime of the wall-clock fields (what Python hands it). */
function glibcConversion(
  dt: PyDateTime,
  conv: string,
  d: Directive,
  localOffset: bigint,
): string | undefined {
  const hour12 = dt.hour % 12 || 12;
  const weekdaySunday0 = (dt.weekday() + 1) % 7;
  const yday = dt.dayOfYear() - 1;
  const sub = (format: string): string => {
    const text = glibcFormat(dt, format, localOffset);
    return applyWidth(d.upper ? text.toUpperCase() : text, d);
  };
  switch (conv) {
    case "a":
      return formatText(WEEKDAYS[dt.weekday()]!.slice(0, 3), d, "upper-on-swap");
    case "A":
      return formatText(WEEKDAYS[dt.weekday()]!, d, "upper-on-swap");
    case "b":
    case "h":
      return formatText(MONTHS[dt.month - 1]!.slice(0, 3), d, "upper-on-swap");
    case "B":
      return formatText(MONTHS[dt.month - 1]!, d, "upper-on-swap");
    case "p":
      return formatText(dt.hour < 12 ? "AM" : "PM", d, "lower-on-swap");
    case "P":
      return applyWidth(dt.hour < 12 ? "am" : "pm", d);
    case "Z":
      // Python gives glibc no zone name for a datetime: it prints the host's, UTC on Mistral's hosts.
      return formatText("UTC", d, "lower-on-swap");
    case "c":
      return sub("%a %b %e %H:%M:%S %Y");
    case "D":
    case "x":
      return sub("%m/%d/%y");
    case "F":
      return sub("%Y-%m-%d");
    case "r":
      return sub("%I:%M:%S %p");
    case "R":
      return sub("%H:%M");
    case "T":
    case "X":
      return sub("%H:%M:%S");
    case "C":
      return formatNumber(Math.floor(dt.year / 100), 1, d);
    case "d":
      return formatNumber(dt.day, 2, d);
    case "e":
      return formatNumber(dt.day, 2, d, true);
    case "g":
      return formatNumber(isoWeek(dt)[0] % 100, 2, d);
    case "G":
      return formatNumber(isoWeek(dt)[0], 1, d);
    case "H":
      return formatNumber(dt.hour, 2, d);
    case "I":
      return formatNumber(hour12, 2, d);
    case "j":
      return formatNumber(yday + 1, 3, d);
    case "k":
      return formatNumber(dt.hour, 2, d, true);
    case "l":
      return formatNumber(hour12, 2, d, true);
    case "m":
      return formatNumber(dt.month, 2, d);
    case "M":
      return formatNumber(dt.minute, 2, d);
    case "S":
      return formatNumber(dt.second, 2, d);
    case "s":
      // mktime() of the wall clock in the host's zone.
      return formatNumber(Number(floorDiv(dt.local - UNIX_EPOCH - localOffset, MICROS_PER_SECOND)), 1, d);
    case "u":
      return formatNumber(dt.weekday() + 1, 1, d);
    case "U":
      return formatNumber(Math.floor((yday + 7 - weekdaySunday0) / 7), 2, d);
    case "V":
      return formatNumber(isoWeek(dt)[1], 2, d);
    case "w":
      return formatNumber(weekdaySunday0, 1, d);
    case "W":
      return formatNumber(Math.floor((yday + 7 - dt.weekday()) / 7), 2, d);
    case "y":
      return formatNumber(dt.year % 100, 2, d);
    case "Y":
      return formatNumber(dt.year, 1, d);
    case "z":
      // Python's time tuple carries no offset, so glibc sees +0000.
      return applyWidth("+", d) + formatNumber(0, 4, d);
    case "n":
      return applyWidth("\n", d);
    case "t":
      return applyWidth("\t", d);
    case "%":
      return applyWidth("%", d);
  }
  return undefined;
}

function glibcFormat(dt: PyDateTime, format: string, localOffset: bigint): string {
  let out = "";
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (ch !== "%") {
      out += ch;
      i++;
      continue;
    }
    const start = i++;
    const d: Directive = { pad: "", width: -1, upper: false, swapCase: false };
    for (; i < format.length && "_-0^#".includes(format[i]!); i++) {
      const flag = format[i]!;
      if (flag === "^") d.upper = true;
      else if (flag === "#") d.swapCase = true;
      else d.pad = flag;
    }
    let widthText = "";
    for (; i < format.length && format[i]! >= "0" && format[i]! <= "9"; i++) widthText += format[i];
    if (widthText) d.width = Number(widthText);
    let modifier = "";
    if (format[i] === "E" || format[i] === "O") modifier = format[i++]!;
    if (i >= format.length) {
      // A lone % at the end is copied.
      out += applyWidth(format.slice(start), d);
      break;
    }
    const conv = format[i++]!;
    const allowed = modifier === "" || (modifier === "E" ? E_MODIFIABLE.has(conv) : O_MODIFIABLE.has(conv));
    const text = allowed ? glibcConversion(dt, conv, d, localOffset) : undefined;
    // Unknown directives are copied as written.
    out += text ?? applyWidth(format.slice(start, i), d);
  }
  return out;
}

/**
 * Python's `datetime.strftime(format)`.
 * @param localOffset the host's UTC offset in microseconds, which only %s uses.
 */
export function strftime(dt: PyDateTime, format: string, localOffset = 0n): string {
  // First Python's own directives, as datetime.strftime expands them before calling the C library.
  let expanded = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%" || i + 1 >= format.length) {
      expanded += ch;
      continue;
    }
    const next = format[++i]!;
    if (next === "f") expanded += String(dt.microsecond).padStart(6, "0");
    else if (next === "z") expanded += formatOffsetCompact(dt.utcOffset());
    else if (next === "Z") expanded += dt.tz.tzname().replaceAll("%", "%%");
    else expanded += `%${next}`;
  }
  return glibcFormat(dt, expanded, localOffset);
}

function formatOffsetCompact(offset: bigint): string {
  const sign = offset < 0n ? "-" : "+";
  let rest = offset < 0n ? -offset : offset;
  const micros = rest % MICROS_PER_SECOND;
  rest /= MICROS_PER_SECOND;
  const seconds = rest % 60n;
  const minutes = (rest / 60n) % 60n;
  const hours = rest / 3600n;
  const two = (n: bigint) => String(n).padStart(2, "0");
  let text = `${sign}${two(hours)}${two(minutes)}`;
  if (seconds || micros) text += two(seconds);
  if (micros) text += `.${String(micros).padStart(6, "0")}`;
  return text;
}

// ---- strptime ----

const DIGIT = "\\p{Nd}";

/** The regular expression of each directive, as Python's _strptime.TimeRE defines it. */
const DIRECTIVE_PATTERNS: Record<string, string> = {
  d: `(?<d>3[0-1]|[1-2]${DIGIT}|0[1-9]|[1-9]| [1-9])`,
  f: "(?<f>[0-9]{1,6})",
  H: `(?<H>2[0-3]|[0-1]${DIGIT}|${DIGIT})`,
  I: "(?<I>1[0-2]|0[1-9]|[1-9])",
  G: `(?<G>${DIGIT}${DIGIT}${DIGIT}${DIGIT})`,
  j: `(?<j>36[0-6]|3[0-5]${DIGIT}|[1-2]${DIGIT}${DIGIT}|0[1-9]${DIGIT}|00[1-9]|[1-9]${DIGIT}|0[1-9]|[1-9])`,
  m: "(?<m>1[0-2]|0[1-9]|[1-9])",
  M: `(?<M>[0-5]${DIGIT}|${DIGIT})`,
  S: `(?<S>6[0-1]|[0-5]${DIGIT}|${DIGIT})`,
  U: `(?<U>5[0-3]|[0-4]${DIGIT}|${DIGIT})`,
  W: `(?<W>5[0-3]|[0-4]${DIGIT}|${DIGIT})`,
  w: "(?<w>[0-6])",
  u: "(?<u>[1-7])",
  V: `(?<V>5[0-3]|0[1-9]|[1-4]${DIGIT}|${DIGIT})`,
  y: `(?<y>${DIGIT}${DIGIT})`,
  Y: `(?<Y>${DIGIT}${DIGIT}${DIGIT}${DIGIT})`,
  z: `(?<z>[+-]${DIGIT}${DIGIT}:?[0-5]${DIGIT}(:?[0-5]${DIGIT}(\\.${DIGIT}{1,6})?)?|Z)`,
  A: `(?<A>${alternatives(WEEKDAYS)})`,
  a: `(?<a>${alternatives(WEEKDAYS.map((w) => w.slice(0, 3)))})`,
  B: `(?<B>${alternatives(MONTHS)})`,
  b: `(?<b>${alternatives(MONTHS.map((m) => m.slice(0, 3)))})`,
  p: "(?<p>am|pm)",
  // The host's zone names; Mistral's hosts run in UTC.
  Z: "(?<Z>utc|gmt)",
  "%": "%",
};

function alternatives(names: string[]): string {
  return [...names].sort((a, b) => b.length - a.length).join("|");
}

const COMPOSITE_FORMATS: Record<string, string> = { c: "%a %b %d %H:%M:%S %Y", x: "%m/%d/%y", X: "%H:%M:%S" };

function strptimePattern(format: string, fullFormat: string): string {
  // Python escapes regex syntax, then lets any run of whitespace match any whitespace.
  let text = format.replace(/[\\.^$*+?(){}[\]|]/g, "\\$&").replace(/\s+/gu, "\\s+");
  let out = "";
  while (text.includes("%")) {
    const at = text.indexOf("%");
    const directive = text[at + 1];
    if (directive === undefined) throw valueError(`stray % in format '${fullFormat}'`);
    const composite = COMPOSITE_FORMATS[directive];
    const pattern =
      composite !== undefined ? strptimePattern(composite, fullFormat) : DIRECTIVE_PATTERNS[directive];
    if (pattern === undefined) {
      throw valueError(
        `'${directive === "\\" ? "%" : directive}' is a bad directive in format '${fullFormat}'`,
      );
    }
    out += text.slice(0, at) + pattern;
    text = text.slice(at + 2);
  }
  return out + text;
}

function pyQuoted(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll("'", "\\'")}'`;
}

function toInt(text: string): number {
  return Number(parsePyInt(text));
}

/** Day of the year from a week number (%U or %W) and a weekday (Monday 0). */
function julianFromWeek(year: number, week: number, weekday: number, weekStartsMonday: boolean): number {
  const firstWeekday = (toOrdinal(year, 1, 1) + 6) % 7;
  let weekdayInWeek = weekday;
  let first = firstWeekday;
  if (!weekStartsMonday) {
    first = (first + 1) % 7;
    weekdayInWeek = (weekdayInWeek + 1) % 7;
  }
  const weekZeroLength = (7 - first) % 7;
  if (week === 0) return 1 + weekdayInWeek - first;
  return 1 + weekZeroLength + (week - 1) * 7 + weekdayInWeek;
}

/**
 * Python's `datetime.strptime(text, format)`: a datetime with `timezone(...)` when the format
 * has %z, otherwise in UTC (as yaql makes naive results).
 */
export function strptime(text: string, format: string): PyDateTime {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${strptimePattern(format, format)})`, "iu");
  } catch (error) {
    if (error instanceof PyNumberError) throw error;
    throw valueError(`bad format '${format}': ${(error as Error).message}`);
  }
  const found = regex.exec(text);
  if (!found) throw valueError(`time data ${pyQuoted(text)} does not match format ${pyQuoted(format)}`);
  if (found[0].length !== text.length)
    throw valueError(`unconverted data remains: ${text.slice(found[0].length)}`);
  const groups = found.groups ?? {};
  // Python matches the UTC designator Z in upper case only.
  if (groups.z === "z")
    throw valueError(`time data ${pyQuoted(text)} does not match format ${pyQuoted(format)}`);
  let year: number | undefined;
  let isoYear: number | undefined;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let weekday: number | undefined;
  let julian: number | undefined;
  let weekOfYear: number | undefined;
  let weekStartsMonday = false;
  let isoWeekNumber: number | undefined;
  let gmtoff: bigint | undefined;
  for (const [key, value] of Object.entries(groups)) {
    if (value === undefined) continue;
    switch (key) {
      case "y": {
        const y = toInt(value);
        year = y <= 68 ? y + 2000 : y + 1900;
        break;
      }
      case "Y":
        year = toInt(value);
        break;
      case "G":
        isoYear = toInt(value);
        break;
      case "m":
        month = toInt(value);
        break;
      case "B":
        month = MONTHS.findIndex((m) => m.toLowerCase() === value.toLowerCase()) + 1;
        break;
      case "b":
        month = MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === value.toLowerCase()) + 1;
        break;
      case "d":
        day = toInt(value);
        break;
      case "H":
        hour = toInt(value);
        break;
      case "I": {
        hour = toInt(value);
        const ampm = (groups.p ?? "").toLowerCase();
        if (ampm === "pm") {
          if (hour !== 12) hour += 12;
        } else if (hour === 12) hour = 0;
        break;
      }
      case "M":
        minute = toInt(value);
        break;
      case "S":
        second = toInt(value);
        break;
      case "f":
        fraction = Number(value.padEnd(6, "0"));
        break;
      case "A":
        weekday = WEEKDAYS.findIndex((w) => w.toLowerCase() === value.toLowerCase());
        break;
      case "a":
        weekday = WEEKDAYS.findIndex((w) => w.slice(0, 3).toLowerCase() === value.toLowerCase());
        break;
      case "w":
        weekday = (Number(value) + 6) % 7;
        break;
      case "u":
        weekday = Number(value) - 1;
        break;
      case "j":
        julian = toInt(value);
        break;
      case "U":
      case "W":
        weekOfYear = toInt(value);
        weekStartsMonday = key === "W";
        break;
      case "V":
        isoWeekNumber = toInt(value);
        break;
      case "z":
        gmtoff = parseStrptimeOffset(value);
        break;
    }
  }
  if (year === undefined && isoYear !== undefined) {
    if (isoWeekNumber === undefined || weekday === undefined) {
      throw valueError(
        "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u').",
      );
    }
    if (julian !== undefined) {
      throw valueError(
        "Day of the year directive '%j' is not compatible with ISO year directive '%G'. Use '%Y' instead.",
      );
    }
  } else if (weekOfYear === undefined && isoWeekNumber !== undefined) {
    throw valueError(
      weekday === undefined
        ? "ISO week directive '%V' must be used with the ISO year directive '%G' and a weekday directive ('%A', '%a', '%w', or '%u')."
        : "ISO week directive '%V' is incompatible with the year directive '%Y'. Use the ISO year '%G' instead.",
    );
  }
  let leapYearFix = false;
  if (year === undefined && month === 2 && day === 29) {
    year = 1904;
    leapYearFix = true;
  } else year ??= 1900;

  if (julian === undefined && weekday !== undefined) {
    if (weekOfYear !== undefined) julian = julianFromWeek(year, weekOfYear, weekday, weekStartsMonday);
    else if (isoYear !== undefined && isoWeekNumber !== undefined) {
      const jan4 = toOrdinal(isoYear, 1, 4);
      const weekOneMonday = jan4 - ((jan4 + 6) % 7);
      const ordinal = weekOneMonday + (isoWeekNumber - 1) * 7 + weekday;
      year = isoYear;
      julian = ordinal - toOrdinal(isoYear, 1, 1) + 1;
    }
    if (julian !== undefined && julian <= 0) {
      year -= 1;
      julian += isLeapYear(year) ? 366 : 365;
    }
  }
  if (julian !== undefined) {
    [year, month, day] = fromOrdinal(julian - 1 + toOrdinal(year, 1, 1));
  } else if (day > daysInMonth(year, month) && !leapYearFix) {
    throw valueError("day is out of range for month");
  }
  if (leapYearFix) year = 1900;

  let tz = PyTimeZone.UTC;
  if (gmtoff !== undefined) {
    if (gmtoff <= -86_400_000_000n || gmtoff >= 86_400_000_000n) {
      throw valueError(
        "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).",
      );
    }
    tz = new PyTimeZone("timezone", gmtoff, groups.Z ?? null);
  }
  return PyDateTime.fromFields(year, month, day, hour, minute, second, fraction, tz);
}

function parseStrptimeOffset(value: string): bigint {
  if (value === "Z" || value === "z") return 0n;
  let z = value;
  if (z[3] === ":") {
    z = z.slice(0, 3) + z.slice(4);
    if (z.length > 5) {
      if (z[5] !== ":") throw valueError(`Inconsistent use of : in ${value}`);
      z = z.slice(0, 5) + z.slice(6);
    }
  }
  const hours = toInt(z.slice(1, 3));
  const minutes = toInt(z.slice(3, 5));
  const seconds = z.length > 5 ? toInt(z.slice(5, 7)) : 0;
  const fraction = z.length > 8 ? Number(z.slice(8).padEnd(6, "0")) : 0;
  const total = BigInt((hours * 3600 + minutes * 60 + seconds) * 1_000_000 + fraction);
  return z.startsWith("-") ? -total : total;
}

// Python's datetime.datetime and datetime.timedelta as YAQL's date_time module uses them: every
// datetime is timezone-aware with a fixed offset (yaql turns naive ones into UTC), precision is one
// microsecond, and years run from 1 to 9999. Values print like Python's str() and repr(), so they
// read the same when an expression embeds them in a string.
import { stringRepr } from "../../../python/py-repr.js";
import { PyNumberError } from "../../../python/py-numbers.js";

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_MINUTE = 60n * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60n * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;

const MAX_TIMEDELTA_DAYS = 999_999_999n;

/** Raised for Python's ValueError and OverflowError from datetime arithmetic and construction. */
function valueError(message: string): PyNumberError {
  return new PyNumberError("ValueError", message);
}

function overflowError(message: string): PyNumberError {
  return new PyNumberError("OverflowError", message);
}

/** Floor division of big ints (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b !== a && a < 0n !== b < 0n ? q - 1n : q;
}

function pad(value: number | bigint, width: number): string {
  return String(value).padStart(width, "0");
}

// ---- the proleptic Gregorian calendar, ordinals counted from 0001-01-01 = 1 ----

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function daysBeforeYear(year: number): number {
  const y = year - 1;
  return y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
}

/** The day number of a date, 1 for 0001-01-01 (Python's date.toordinal()). */
export function toOrdinal(year: number, month: number, day: number): number {
  return daysBeforeYear(year) + DAYS_BEFORE_MONTH[month - 1]! + (month > 2 && isLeapYear(year) ? 1 : 0) + day;
}

/** The [year, month, day] of a day number. */
export function fromOrdinal(ordinal: number): [number, number, number] {
  let year = Math.floor((ordinal - 1) / 365.2425) + 1;
  while (daysBeforeYear(year) >= ordinal) year--;
  while (daysBeforeYear(year + 1) < ordinal) year++;
  let dayOfYear = ordinal - daysBeforeYear(year);
  let month = 1;
  while (dayOfYear > daysInMonth(year, month)) dayOfYear -= daysInMonth(year, month++);
  return [year, month, dayOfYear];
}

/** Wall-clock microseconds of 9999-12-31 24:00, the end of Python's datetime range. */
export const MAX_LOCAL = BigInt(toOrdinal(9999, 12, 31)) * MICROS_PER_DAY;
/** Wall-clock microseconds of 1970-01-01 00:00. */
export const UNIX_EPOCH = BigInt(toOrdinal(1970, 1, 1) - 1) * MICROS_PER_DAY;

// ---- timedelta ----

/** Python's datetime.timedelta (yaql's timespan): a signed number of microseconds. */
export class PyTimedelta {
  /** Whole days, rounded down (negative spans have negative days and positive seconds, as in Python). */
  readonly days: bigint;
  /** Seconds within the day, 0 to 86399. */
  readonly seconds: number;
  /** Microseconds within the second, 0 to 999999. */
  readonly microseconds: number;

  constructor(readonly totalMicroseconds: bigint) {
    this.days = floorDiv(totalMicroseconds, MICROS_PER_DAY);
    if (this.days > MAX_TIMEDELTA_DAYS || this.days < -MAX_TIMEDELTA_DAYS) {
      throw overflowError(`days=${this.days}; must have magnitude <= 999999999`);
    }
    const rest = totalMicroseconds - this.days * MICROS_PER_DAY;
    this.seconds = Number(rest / MICROS_PER_SECOND);
    this.microseconds = Number(rest % MICROS_PER_SECOND);
  }

  static readonly ZERO = new PyTimedelta(0n);

  /** A timedelta of a float number of microseconds, rounded half to even as Python does. */
  static fromFloatMicroseconds(value: number): PyTimedelta {
    if (Number.isNaN(value)) throw valueError("cannot convert float NaN to integer");
    if (!Number.isFinite(value)) throw overflowError("cannot convert float infinity to integer");
    const floor = Math.floor(value);
    const diff = value - floor;
    const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
    return new PyTimedelta(BigInt(rounded));
  }

  /** Python's timedelta.total_seconds(). */
  totalSeconds(): number {
    return Number(this.totalMicroseconds) / 1e6;
  }

  compare(other: PyTimedelta): number {
    return this.totalMicroseconds < other.totalMicroseconds
      ? -1
      : this.totalMicroseconds > other.totalMicroseconds
        ? 1
        : 0;
  }

  pyEquals(other: unknown): boolean {
    return other instanceof PyTimedelta && other.totalMicroseconds === this.totalMicroseconds;
  }

  /** A zero timedelta is false, as in Python. */
  pyBool(): boolean {
    return this.totalMicroseconds !== 0n;
  }

  /** Python's str(): `-1 day, 23:59:59.999995`, `0:00:00`. */
  pyStr(): string {
    const hours = Math.floor(this.seconds / 3600);
    const minutes = Math.floor((this.seconds % 3600) / 60);
    let text = `${hours}:${pad(minutes, 2)}:${pad(this.seconds % 60, 2)}`;
    if (this.microseconds) text += `.${pad(this.microseconds, 6)}`;
    if (this.days !== 0n) {
      const plural = this.days === 1n || this.days === -1n ? "" : "s";
      text = `${this.days} day${plural}, ${text}`;
    }
    return text;
  }

  /** Python's repr(): `datetime.timedelta(days=-1, seconds=79200)`. */
  pyRepr(): string {
    const parts: string[] = [];
    if (this.days !== 0n) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.microseconds) parts.push(`microseconds=${this.microseconds}`);
    return `datetime.timedelta(${parts.length ? parts.join(", ") : "0"})`;
  }

  toString(): string {
    return this.pyStr();
  }

  /** Serialised as its str(): neither JSON nor Mistral's jsonutils has a form for a timedelta. */
  toJSON(): string {
    return this.pyStr();
  }
}

/** `+HH:MM`, with `:SS` and `.ffffff` when needed, as Python prints a UTC offset. */
export function formatOffset(offset: bigint, separator = ":"): string {
  const sign = offset < 0n ? "-" : "+";
  let rest = offset < 0n ? -offset : offset;
  const hours = rest / MICROS_PER_HOUR;
  rest %= MICROS_PER_HOUR;
  const minutes = rest / MICROS_PER_MINUTE;
  rest %= MICROS_PER_MINUTE;
  const seconds = rest / MICROS_PER_SECOND;
  const micros = rest % MICROS_PER_SECOND;
  let text = `${sign}${pad(hours, 2)}${separator}${pad(minutes, 2)}`;
  if (seconds || micros) text += `${separator}${pad(seconds, 2)}`;
  if (micros) text += `.${pad(micros, 6)}`;
  return text;
}

// ---- time zones ----

/**
 * How Python names the tzinfo: dateutil's tzutc() / tzlocal() / tzoffset(name, seconds), or the
 * standard library's timezone (what strptime's %z gives).
 */
export type PyTimeZoneKind = "tzutc" | "tzlocal" | "tzoffset" | "timezone";

/** A fixed-offset tzinfo. */
export class PyTimeZone {
  constructor(
    readonly kind: PyTimeZoneKind,
    /** Microseconds east of UTC. */
    readonly offset: bigint,
    readonly name: string | null = null,
  ) {}

  /** yaql's UTC zone (dateutil's tzutc()). */
  static readonly UTC = new PyTimeZone("tzutc", 0n);

  /** Python's tzinfo.tzname(), as strftime's %Z prints it ("" for a nameless tzoffset). */
  tzname(): string {
    switch (this.kind) {
      case "tzutc":
      case "tzlocal":
        return "UTC";
      case "tzoffset":
        return this.name ?? "";
      case "timezone":
        return this.name ?? (this.offset === 0n ? "UTC" : `UTC${formatOffset(this.offset)}`);
    }
  }

  pyRepr(): string {
    switch (this.kind) {
      case "tzutc":
        return "tzutc()";
      case "tzlocal":
        return "tzlocal()";
      case "tzoffset": {
        const seconds = this.offset / MICROS_PER_SECOND;
        return `tzoffset(${this.name === null ? "None" : stringRepr(this.name)}, ${seconds})`;
      }
      case "timezone":
        if (this.offset === 0n && this.name === null) return "datetime.timezone.utc";
        return `datetime.timezone(${new PyTimedelta(this.offset).pyRepr()}${this.name === null ? "" : `, ${stringRepr(this.name)}`})`;
    }
  }
}

// ---- datetime ----

/** Python's datetime.datetime with a tzinfo: a wall-clock time and a fixed UTC offset. */
export class PyDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  /** Day number of the date (Python's toordinal()). */
  readonly ordinal: number;

  /**
   * @param local wall-clock microseconds since 0001-01-01 00:00; outside years 1..9999 raises
   * OverflowError, as datetime arithmetic does in Python.
   */
  constructor(
    readonly local: bigint,
    readonly tz: PyTimeZone,
  ) {
    if (local < 0n || local >= MAX_LOCAL) throw overflowError("date value out of range");
    const days = local / MICROS_PER_DAY;
    this.ordinal = Number(days) + 1;
    [this.year, this.month, this.day] = fromOrdinal(this.ordinal);
    const time = Number(local - days * MICROS_PER_DAY);
    this.microsecond = time % 1_000_000;
    const seconds = (time - this.microsecond) / 1_000_000;
    this.second = seconds % 60;
    this.minute = Math.floor(seconds / 60) % 60;
    this.hour = Math.floor(seconds / 3600);
  }

  /** Python's datetime(year, month, ...) constructor, with its range checks and messages. */
  static fromFields(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    microsecond: number,
    tz: PyTimeZone,
  ): PyDateTime {
    if (!(year >= 1 && year <= 9999)) throw valueError(`year ${year} is out of range`);
    if (!(month >= 1 && month <= 12)) throw valueError("month must be in 1..12");
    if (!(day >= 1 && day <= daysInMonth(year, month))) throw valueError("day is out of range for month");
    if (!(hour >= 0 && hour <= 23)) throw valueError("hour must be in 0..23");
    if (!(minute >= 0 && minute <= 59)) throw valueError("minute must be in 0..59");
    if (!(second >= 0 && second <= 59)) throw valueError("second must be in 0..59");
    if (!(microsecond >= 0 && microsecond <= 999_999)) throw valueError("microsecond must be in 0..999999");
    const local =
      BigInt(toOrdinal(year, month, day) - 1) * MICROS_PER_DAY +
      BigInt(hour) * MICROS_PER_HOUR +
      BigInt(minute) * MICROS_PER_MINUTE +
      BigInt(second) * MICROS_PER_SECOND +
      BigInt(microsecond);
    return new PyDateTime(local, tz);
  }

  /** The datetime at a UTC instant (microseconds since 0001-01-01 UTC) in a zone. */
  static fromInstant(instant: bigint, tz: PyTimeZone): PyDateTime {
    return new PyDateTime(instant + tz.offset, tz);
  }

  /** Python's utcoffset(), which refuses offsets of a day or more. */
  utcOffset(): bigint {
    const offset = this.tz.offset;
    if (offset <= -MICROS_PER_DAY || offset >= MICROS_PER_DAY) {
      throw valueError(
        "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).",
      );
    }
    return offset;
  }

  /** Microseconds since 0001-01-01 00:00 UTC. */
  instant(): bigint {
    return this.local - this.utcOffset();
  }

  /** Monday is 0, Sunday 6. */
  weekday(): number {
    return (this.ordinal + 6) % 7;
  }

  /** Day of the year, 1 to 366. */
  dayOfYear(): number {
    return this.ordinal - toOrdinal(this.year, 1, 1) + 1;
  }

  /** `dt + timedelta`: the wall clock moves, the zone stays. */
  plus(delta: bigint): PyDateTime {
    return new PyDateTime(this.local + delta, this.tz);
  }

  /** `dt - dt`: the difference of the instants (of the wall clocks when both share a zone, as in Python). */
  minus(other: PyDateTime): PyTimedelta {
    if (this.tz === other.tz) return new PyTimedelta(this.local - other.local);
    return new PyTimedelta(this.instant() - other.instant());
  }

  /** A copy with another zone and the same wall clock (Python's replace(tzinfo=...)). */
  withZone(tz: PyTimeZone): PyDateTime {
    return new PyDateTime(this.local, tz);
  }

  compare(other: PyDateTime): number {
    const sameZone = this.tz === other.tz;
    const a = sameZone ? this.local : this.instant();
    const b = sameZone ? other.local : other.instant();
    return a < b ? -1 : a > b ? 1 : 0;
  }

  pyEquals(other: unknown): boolean {
    return other instanceof PyDateTime && this.compare(other) === 0;
  }

  /** Python's str(): `2020-01-01 12:00:00+02:00`. */
  pyStr(): string {
    let text = `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)} ${pad(this.hour, 2)}:${pad(this.minute, 2)}:${pad(this.second, 2)}`;
    if (this.microsecond) text += `.${pad(this.microsecond, 6)}`;
    return text + formatOffset(this.utcOffset());
  }

  /** Python's repr(): `datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())`. */
  pyRepr(): string {
    const fields = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) fields.push(this.second);
    if (this.microsecond) fields.push(this.microsecond);
    return `datetime.datetime(${fields.join(", ")}, tzinfo=${this.tz.pyRepr()})`;
  }

  /** The same instant's str() in UTC: equal datetimes give equal strings (sets and distinct() rely on it). */
  toString(): string {
    return PyDateTime.fromInstant(this.instant(), PyTimeZone.UTC).pyStr();
  }

  /**
   * Mistral stores results through oslo's jsonutils, which writes a datetime as
   * strftime("%Y-%m-%dT%H:%M:%S.%f") (the wall clock, without the offset); JSON.stringify does the same.
   */
  toJSON(): string {
    return `${this.year}-${pad(this.month, 2)}-${pad(this.day, 2)}T${pad(this.hour, 2)}:${pad(this.minute, 2)}:${pad(this.second, 2)}.${pad(this.microsecond, 6)}`;
  }
}

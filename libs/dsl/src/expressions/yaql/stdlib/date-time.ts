// yaql's date_time.py: datetime(...), timespan(...), now(), localtz(), utctz(), the arithmetic and
// comparisons of datetimes and timespans, their properties (`$dt.year`, `$ts.hours`, registered as
// `#property#name`), replace(), format(), isDatetime() and isTimespan().
import { pyFloat, pyInt, toJsNumber, type PyFloat } from "../../../python/py-types.js";
import { floatValue, pyMul, PyNumberError, pyTrueDiv, type PyNumber } from "../../../python/py-numbers.js";
import {
  defineFunction,
  optional,
  param,
  type YaqlFunctionRegistry,
  type YaqlParam,
} from "../yaql-functions.js";
import { isYaqlInt } from "../yaql-values.js";
import { parseDateString } from "./dateutil-parser.js";
import {
  floorDiv,
  MAX_LOCAL,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  PyDateTime,
  PyTimedelta,
  PyTimeZone,
  UNIX_EPOCH,
} from "./py-datetime.js";
import { strftime, strptime } from "./py-strftime.js";

/** Where now() and the parsing of partial dates get the time from. */
export interface DateTimeClock {
  /** Microseconds since 1970-01-01 00:00 UTC. */
  now(): bigint;
  /** The host zone's current UTC offset, in seconds east of UTC. */
  localOffset(): number;
  /**
   * What Python's localtz() reports: the zone's daylight-saving offset when it has daylight saving
   * at all (even in winter), its standard offset otherwise; in seconds east of UTC.
   */
  localZoneOffset(): number;
}

/** The host's clock and zone. */
export const systemClock: DateTimeClock = {
  now: () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)),
  localOffset: () => -new Date().getTimezoneOffset() * 60,
  localZoneOffset: () => {
    const year = new Date().getFullYear();
    const january = -new Date(year, 0, 1).getTimezoneOffset();
    const july = -new Date(year, 6, 1).getTimezoneOffset();
    return Math.max(january, july) * 60;
  },
};

const isDateTime = (v: unknown): v is PyDateTime => v instanceof PyDateTime;
const isTimedelta = (v: unknown): v is PyTimedelta => v instanceof PyTimedelta;
/** Python's int: bool included. */
const isPyInt = (v: unknown): v is number | bigint | boolean => typeof v === "boolean" || isYaqlInt(v);

const dateTimeParam = (name: string, extra: Partial<YaqlParam> = {}) => param.of(name, isDateTime, extra);
const timespanParam = (name: string, extra: Partial<YaqlParam> = {}) => param.of(name, isTimedelta, extra);
const pyIntParam = (name: string, extra: Partial<YaqlParam> = {}) => param.of(name, isPyInt, extra);

function intValue(value: number | bigint | boolean): number {
  return typeof value === "boolean" ? Number(value) : toJsNumber(value);
}

function bigIntValue(value: number | bigint | boolean): bigint {
  return typeof value === "bigint" ? value : BigInt(Number(value));
}

/** yaql's _get_tz: UTC for a zero offset, dateutil's tzoffset(None, seconds) otherwise. */
function zoneOf(offset: PyTimedelta): PyTimeZone {
  return offset.totalMicroseconds === 0n
    ? PyTimeZone.UTC
    : new PyTimeZone("tzoffset", offset.totalMicroseconds);
}

/** Python's round-half-even of a float, as fromtimestamp() rounds the microseconds. */
function roundHalfEven(x: number): number {
  const rounded = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : rounded;
}

/** Python's datetime.fromtimestamp(timestamp, tz). */
function fromTimestamp(timestamp: PyNumber, tz: PyTimeZone): PyDateTime {
  let micros: bigint;
  if (typeof timestamp === "bigint" || (typeof timestamp === "number" && Number.isInteger(timestamp))) {
    micros = BigInt(timestamp) * MICROS_PER_SECOND;
  } else {
    const x = toJsNumber(timestamp);
    if (Number.isNaN(x)) throw new PyNumberError("ValueError", "Invalid value NaN (not a number)");
    if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 63) {
      throw new PyNumberError("OverflowError", "timestamp out of range for platform time_t");
    }
    let whole = Math.trunc(x);
    let fraction = roundHalfEven((x - whole) * 1e6);
    if (fraction >= 1e6) {
      fraction -= 1e6;
      whole += 1;
    } else if (fraction < 0) {
      fraction += 1e6;
      whole -= 1;
    }
    micros = BigInt(whole) * MICROS_PER_SECOND + BigInt(fraction);
  }
  const utc = UNIX_EPOCH + micros;
  if (utc < 0n || utc >= MAX_LOCAL) {
    const year = Math.floor(Number(floorDiv(utc, MICROS_PER_DAY)) / 365.2425) + 1;
    throw new PyNumberError(
      "ValueError",
      `year ${utc < 0n ? Math.min(year, 0) : Math.max(year, 10000)} is out of range`,
    );
  }
  return PyDateTime.fromInstant(utc, tz);
}

/** Python's timedelta(microseconds=x) for an int or float x. */
function timedeltaOfMicros(value: PyNumber): PyTimedelta {
  if (typeof value === "bigint") return new PyTimedelta(value);
  if (typeof value === "number" && Number.isInteger(value)) return new PyTimedelta(BigInt(value));
  return PyTimedelta.fromFloatMicroseconds(toJsNumber(value));
}

function timedeltaMicros(ts: PyTimedelta): PyNumber {
  return pyInt(ts.totalMicroseconds);
}

/** `timespan * n`: the microseconds multiplied (exactly for ints, as a float for floats). */
function scaleTimedelta(ts: PyTimedelta, n: PyNumber): PyTimedelta {
  if (typeof n === "bigint" || (typeof n === "number" && Number.isInteger(n))) {
    return new PyTimedelta(ts.totalMicroseconds * BigInt(n));
  }
  return timedeltaOfMicros(pyMul(timedeltaMicros(ts), n));
}

function dividedBy(ts: PyTimedelta, unit: number): number | PyFloat {
  // Python: int / float, so the microseconds become a float first.
  return pyFloat(floatValue(timedeltaMicros(ts)) / unit);
}

export function registerDateTime(registry: YaqlFunctionRegistry, clock: DateTimeClock = systemClock): void {
  const zero = PyTimedelta.ZERO;
  const localOffsetMicros = () => BigInt(clock.localOffset()) * MICROS_PER_SECOND;
  const epochUtc = PyDateTime.fromInstant(UNIX_EPOCH, PyTimeZone.UTC);
  const compare = (op: string, test: (c: number) => boolean) => [
    defineFunction(op, "function", [dateTimeParam("dt1"), dateTimeParam("dt2")], ([a, b]) =>
      test((a as PyDateTime).compare(b as PyDateTime)),
    ),
    defineFunction(op, "function", [timespanParam("ts1"), timespanParam("ts2")], ([a, b]) =>
      test((a as PyTimedelta).compare(b as PyTimedelta)),
    ),
  ];
  const property = (name: string, accepts: (v: unknown) => boolean, get: (value: never) => unknown) =>
    defineFunction(`#property#${name}`, "function", [param.of("obj", accepts)], ([value]) =>
      get(value as never),
    );
  const dtProperty = (name: string, get: (dt: PyDateTime) => unknown) => property(name, isDateTime, get);
  const tsProperty = (name: string, get: (ts: PyTimedelta) => unknown) => property(name, isTimedelta, get);
  const utcOf = (dt: PyDateTime) => dt.plus(-dt.utcOffset());
  const dateOf = (dt: PyDateTime) => PyDateTime.fromFields(dt.year, dt.month, dt.day, 0, 0, 0, 0, dt.tz);

  registry.register(
    defineFunction(
      "datetime",
      "function",
      [
        pyIntParam("year"),
        pyIntParam("month"),
        pyIntParam("day"),
        optional(pyIntParam("hour"), 0),
        optional(pyIntParam("minute"), 0),
        optional(pyIntParam("second"), 0),
        optional(pyIntParam("microsecond"), 0),
        optional(timespanParam("offset"), zero),
      ],
      ([year, month, day, hour, minute, second, microsecond, offset]) =>
        PyDateTime.fromFields(
          intValue(year),
          intValue(month),
          intValue(day),
          intValue(hour),
          intValue(minute),
          intValue(second),
          intValue(microsecond),
          zoneOf(offset),
        ),
    ),
    defineFunction(
      "timespan",
      "function",
      [
        optional(pyIntParam("days"), 0),
        optional(pyIntParam("hours"), 0),
        optional(pyIntParam("minutes"), 0),
        optional(param.int("seconds"), 0),
        optional(param.int("milliseconds"), 0),
        optional(param.int("microseconds"), 0),
      ],
      ([days, hours, minutes, seconds, milliseconds, microseconds]) =>
        new PyTimedelta(
          bigIntValue(days) * MICROS_PER_DAY +
            bigIntValue(hours) * MICROS_PER_HOUR +
            bigIntValue(minutes) * MICROS_PER_MINUTE +
            bigIntValue(seconds) * MICROS_PER_SECOND +
            bigIntValue(milliseconds) * 1000n +
            bigIntValue(microseconds),
        ),
    ),
    defineFunction(
      "datetime",
      "function",
      [param.number("timestamp"), optional(timespanParam("offset"), zero)],
      ([timestamp, offset]) => fromTimestamp(timestamp, zoneOf(offset)),
    ),
    defineFunction(
      "datetime",
      "function",
      [param.string("string"), optional(param.string("format", { nullable: true }), null)],
      ([text, format]) => {
        if (format) return strptime(text, format);
        const today = PyDateTime.fromInstant(
          UNIX_EPOCH + clock.now(),
          new PyTimeZone("tzoffset", localOffsetMicros()),
        );
        return parseDateString(text, { today, localZoneIsUtc: clock.localZoneOffset() === 0 });
      },
    ),
    defineFunction("now", "function", [optional(timespanParam("offset"), zero)], ([offset]) =>
      PyDateTime.fromInstant(UNIX_EPOCH + clock.now(), zoneOf(offset)),
    ),
    defineFunction(
      "localtz",
      "function",
      [],
      () => new PyTimedelta(BigInt(clock.localZoneOffset()) * MICROS_PER_SECOND),
    ),
    defineFunction("utctz", "function", [], () => zero),

    tsProperty("days", (ts) => dividedBy(ts, 86_400_000_000)),
    tsProperty("hours", (ts) => dividedBy(ts, 3_600_000_000)),
    tsProperty("minutes", (ts) => dividedBy(ts, 60_000_000)),
    tsProperty("seconds", (ts) => dividedBy(ts, 1_000_000)),
    tsProperty("milliseconds", (ts) => dividedBy(ts, 1000)),
    tsProperty("microseconds", (ts) => timedeltaMicros(ts)),

    defineFunction("#operator_+", "function", [dateTimeParam("dt"), timespanParam("ts")], ([dt, ts]) =>
      (dt as PyDateTime).plus((ts as PyTimedelta).totalMicroseconds),
    ),
    defineFunction("#operator_+", "function", [timespanParam("ts"), dateTimeParam("dt")], ([ts, dt]) =>
      (dt as PyDateTime).plus((ts as PyTimedelta).totalMicroseconds),
    ),
    defineFunction("#operator_-", "function", [dateTimeParam("dt"), timespanParam("ts")], ([dt, ts]) =>
      (dt as PyDateTime).plus(-(ts as PyTimedelta).totalMicroseconds),
    ),
    defineFunction("#operator_-", "function", [dateTimeParam("dt1"), dateTimeParam("dt2")], ([a, b]) =>
      (a as PyDateTime).minus(b as PyDateTime),
    ),
    defineFunction(
      "#operator_+",
      "function",
      [timespanParam("ts1"), timespanParam("ts2")],
      ([a, b]) =>
        new PyTimedelta((a as PyTimedelta).totalMicroseconds + (b as PyTimedelta).totalMicroseconds),
    ),
    defineFunction(
      "#operator_-",
      "function",
      [timespanParam("ts1"), timespanParam("ts2")],
      ([a, b]) =>
        new PyTimedelta((a as PyTimedelta).totalMicroseconds - (b as PyTimedelta).totalMicroseconds),
    ),
    ...compare("#operator_>", (c) => c > 0),
    ...compare("#operator_>=", (c) => c >= 0),
    ...compare("#operator_<", (c) => c < 0),
    ...compare("#operator_<=", (c) => c <= 0),
    defineFunction("#operator_*", "function", [timespanParam("ts"), param.number("n")], ([ts, n]) =>
      scaleTimedelta(ts, n),
    ),
    defineFunction("#operator_*", "function", [param.number("n"), timespanParam("ts")], ([n, ts]) =>
      scaleTimedelta(ts, n),
    ),
    defineFunction("#operator_/", "function", [timespanParam("ts1"), timespanParam("ts2")], ([a, b]) => {
      const divisor = (b as PyTimedelta).totalMicroseconds;
      if (divisor === 0n) throw new PyNumberError("ZeroDivisionError", "float division by zero");
      return pyFloat(floatValue(timedeltaMicros(a)) / floatValue(pyInt(divisor)));
    }),
    defineFunction("#operator_/", "function", [timespanParam("ts"), param.number("n")], ([ts, n]) =>
      timedeltaOfMicros(pyTrueDiv(timedeltaMicros(ts), n)),
    ),
    defineFunction(
      "#unary_operator_-",
      "function",
      [timespanParam("ts")],
      ([ts]) => new PyTimedelta(-(ts as PyTimedelta).totalMicroseconds),
    ),
    defineFunction("#unary_operator_+", "function", [timespanParam("ts")], ([ts]) => ts),

    dtProperty("year", (dt) => dt.year),
    dtProperty("month", (dt) => dt.month),
    dtProperty("day", (dt) => dt.day),
    dtProperty("hour", (dt) => dt.hour),
    dtProperty("minute", (dt) => dt.minute),
    dtProperty("second", (dt) => dt.second),
    dtProperty("microsecond", (dt) => dt.microsecond),
    dtProperty("weekday", (dt) => dt.weekday()),
    dtProperty("offset", (dt) => new PyTimedelta(dt.utcOffset())),
    dtProperty("timestamp", (dt) => pyTrueDiv(pyInt(utcOf(dt).minus(epochUtc).totalMicroseconds), 1_000_000)),
    dtProperty("date", dateOf),
    dtProperty("time", (dt) => new PyTimedelta(dt.local - dateOf(dt).local)),
    dtProperty("utc", utcOf),

    defineFunction(
      "replace",
      "method",
      [
        dateTimeParam("dt"),
        ...["year", "month", "day", "hour", "minute", "second", "microsecond"].map((name) =>
          optional(pyIntParam(name, { nullable: true }), null),
        ),
        optional(timespanParam("offset", { nullable: true }), null),
      ],
      ([dt, ...fields]) => {
        const d = dt as PyDateTime;
        const offset = fields.pop() as PyTimedelta | null;
        const current = [d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond];
        const [year, month, day, hour, minute, second, microsecond] = current.map((value, i) =>
          fields[i] === null ? value : intValue(fields[i]),
        ) as [number, number, number, number, number, number, number];
        const tz = offset === null ? d.tz : zoneOf(offset);
        return PyDateTime.fromFields(year, month, day, hour, minute, second, microsecond, tz);
      },
    ),
    defineFunction("format", "method", [dateTimeParam("dt"), param.string("format")], ([dt, format]) =>
      strftime(dt, format, localOffsetMicros()),
    ),
    defineFunction("isDatetime", "function", [param.any("value")], ([value]) => isDateTime(value)),
    defineFunction("isTimespan", "function", [param.any("value")], ([value]) => isTimedelta(value)),
  );
}

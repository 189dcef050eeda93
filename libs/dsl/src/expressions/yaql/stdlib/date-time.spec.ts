import { describe, expect, it } from "vitest";
import { pyJsonDumps } from "../../../python/py-json.js";
import { pyStr } from "../../../python/py-repr.js";
import { hashKey, isDict, pyTypeName } from "../../../python/py-types.js";
import { evaluateString } from "../../expression-evaluation.js";
import { YaqlEvaluationError } from "../yaql-errors.js";
import { compileYaql, runYaql } from "../yaql-evaluator.js";
import { YaqlFunctionRegistry } from "../yaql-functions.js";
import { evaluateYaql } from "../yaql-language.js";
import { registerCore } from "./core.js";
import type { DateTimeClock } from "./date-time.js";
import { registerMath } from "./math.js";
import { PyDateTime, PyTimedelta } from "./py-datetime.js";

type Expected = string | { error: string };

/** A result as the yaql oracle prints it: JSON (datetimes as their Python repr), then the Python type. */
function notate(value: unknown): string {
  const plain = (v: unknown): unknown => {
    if (v instanceof PyDateTime || v instanceof PyTimedelta) return v.pyRepr();
    if (Array.isArray(v)) return v.map(plain);
    if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  const type =
    value instanceof PyDateTime
      ? "datetime"
      : value instanceof PyTimedelta
        ? "timedelta"
        : Array.isArray(value)
          ? "list"
          : pyTypeName(value);
  return `${pyJsonDumps(plain(value))} ${type}`;
}

function checkWith(evaluate: (expression: string) => unknown) {
  return (expression: string, expected: Expected): void => {
    if (typeof expected === "string") {
      expect(notate(evaluate(expression))).toBe(expected);
      return;
    }
    let error: unknown;
    try {
      evaluate(expression);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(YaqlEvaluationError);
    expect((error as YaqlEvaluationError).kind).toBe(expected.error);
  };
}

/** 2026-11-22 05:58:05.731756 UTC on a host in UTC: the day the reference results were recorded. */
const FIXED_CLOCK: DateTimeClock = {
  now: () => 1_795_327_085_731_756n,
  localOffset: () => 0,
  localZoneOffset: () => 0,
};

const fixedClockLibrary = new YaqlFunctionRegistry();
registerCore(fixedClockLibrary);
registerMath(fixedClockLibrary, { clock: FIXED_CLOCK });
const evaluateAtFixedTime = (expression: string) =>
  runYaql(compileYaql(expression), {}, fixedClockLibrary, {});

// Expected values are what python3-yaql 2.0 (configured as Mistral configures it) returns.
const DATETIMES: Array<[string, Expected]> = [
  ["datetime(2020, 1, 1)", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime(2020, 1, 1, 12, offset => timespan(hours => 2)).utc",
    '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzoffset(None, 7200))" datetime',
  ],
  [
    "[datetime(2020, 1, 1, 12, 30, 15, 5, offset => timespan(hours => -2, seconds => 1))]",
    '["datetime.datetime(2020, 1, 1, 12, 30, 15, 5, tzinfo=tzoffset(None, -7199))"] list',
  ],
  ["datetime(2020, 2, 30)", { error: "ValueError" }],
  ["datetime(0, 2, 3)", { error: "ValueError" }],
  ["datetime(2020, 13, 3)", { error: "ValueError" }],
  ["datetime(true, 1, 1)", '"datetime.datetime(1, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime(2020, 1, 1, hour => 25)", { error: "ValueError" }],
  [
    "datetime(2020, 1, 1, offset => timespan(hours => 25))",
    '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzoffset(None, 90000))" datetime',
  ],
  [
    "datetime(2020, 1, 1, offset => timespan(hours => 23, microseconds => 1))",
    '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzoffset(None, 82800))" datetime',
  ],
  ["datetime(1500000000)", '"datetime.datetime(2017, 7, 14, 2, 40, tzinfo=tzutc())" datetime'],
  [
    "datetime(1500000000.5, timespan(hours=>1))",
    '"datetime.datetime(2017, 7, 14, 3, 40, 0, 500000, tzinfo=tzoffset(None, 3600))" datetime',
  ],
  ["datetime('2020-01-01T10:00:00Z')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzlocal())" datetime'],
  [
    "datetime('2020-01-01T10:00:00+02:00')",
    '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzoffset(None, 7200))" datetime',
  ],
  ["datetime('2020-01-01 10:00 UTC')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzlocal())" datetime'],
  ["datetime('Jan 5 2020 10am')", '"datetime.datetime(2020, 1, 5, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('5/6/2020')", '"datetime.datetime(2020, 5, 6, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-13-01')", { error: "ValueError" }],
  ["datetime('01.02.2020', '%d.%m.%Y')", '"datetime.datetime(2020, 2, 1, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime('01.02.2020 +0130', '%d.%m.%Y %z')",
    '"datetime.datetime(2020, 2, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=5400)))" datetime',
  ],
  [
    "datetime('01.02.2020 Z', '%d.%m.%Y %z')",
    '"datetime.datetime(2020, 2, 1, 0, 0, tzinfo=datetime.timezone.utc)" datetime',
  ],
  [
    "timespan(days => 1, hours => 2, seconds => 5, microseconds => 7)",
    '"datetime.timedelta(days=1, seconds=7205, microseconds=7)" timedelta',
  ],
  ["timespan(seconds => true)", { error: "NoMatchingFunctionException" }],
  ["timespan(days => true)", '"datetime.timedelta(days=1)" timedelta'],
  ["timespan(1, 2)", '"datetime.timedelta(days=1, seconds=7200)" timedelta'],
  ["timespan(days => 1000000000)", { error: "OverflowError" }],
  ["timespan(hours => 2).hours", "2.0 float"],
  ["timespan(hours => 2).microseconds", "7200000000 int"],
  ["timespan(hours => 2).days", "0.08333333333333333 float"],
  ["timespan(hours => 2) * 1.5", '"datetime.timedelta(seconds=10800)" timedelta'],
  ["timespan(hours => 2) / 7", '"datetime.timedelta(seconds=1028, microseconds=571429)" timedelta'],
  ["timespan(microseconds => 3) / 2", '"datetime.timedelta(microseconds=2)" timedelta'],
  ["timespan(microseconds => 5) / 2", '"datetime.timedelta(microseconds=2)" timedelta'],
  ["timespan(microseconds => 5) * 0.5", '"datetime.timedelta(microseconds=2)" timedelta'],
  ["timespan(hours => 2) / timespan(minutes => 7)", "17.142857142857142 float"],
  ["timespan(hours => 2) / 0", { error: "ZeroDivisionError" }],
  ["timespan(hours => 2) / timespan()", { error: "ZeroDivisionError" }],
  ["-timespan(hours => 2)", '"datetime.timedelta(days=-1, seconds=79200)" timedelta'],
  ["+timespan(hours => 2)", '"datetime.timedelta(seconds=7200)" timedelta'],
  ["timespan(hours => 2) > timespan(hours => 1)", "true bool"],
  ["timespan(hours => 2) = timespan(minutes => 120)", "true bool"],
  ["datetime(2020,1,1) = datetime(2020,1,1,2, offset=>timespan(hours=>2))", "true bool"],
  ["datetime(2020,1,1) - datetime(2019,1,1)", '"datetime.timedelta(days=365)" timedelta'],
  [
    "datetime(2020,1,1) - timespan(days => 1)",
    '"datetime.datetime(2019, 12, 31, 0, 0, tzinfo=tzutc())" datetime',
  ],
  [
    "timespan(days => 1) + datetime(2020,1,1)",
    '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime',
  ],
  ["datetime(2020,1,1) + 1", { error: "NoMatchingFunctionException" }],
  ["datetime(9999,12,31) + timespan(days => 1)", { error: "OverflowError" }],
  ["datetime(2020,3,4,5,6,7,8).year", "2020 int"],
  ["datetime(2020,3,4,5,6,7,8).weekday", "2 int"],
  ["datetime(2020,3,4,5,6,7,8).date", '"datetime.datetime(2020, 3, 4, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime(2020,3,4,5,6,7,8).time", '"datetime.timedelta(seconds=18367, microseconds=8)" timedelta'],
  [
    "datetime(2020,3,4,5,6,7,8, offset=>timespan(hours=>3)).offset",
    '"datetime.timedelta(seconds=10800)" timedelta',
  ],
  ["datetime(2020,3,4,5,6,7,8, offset=>timespan(hours=>3)).timestamp", "1583276767.000008 float"],
  [
    "datetime(2020,3,4,5,6,7,8).replace(year => 2021, offset => timespan(hours => 1))",
    '"datetime.datetime(2021, 3, 4, 5, 6, 7, 8, tzinfo=tzoffset(None, 3600))" datetime',
  ],
  ["datetime(2020,3,4,5,6,7,8).replace(day => 40)", { error: "ValueError" }],
  [
    "datetime(2020,3,4,5,6,7,8).format('%Y-%m-%d %H:%M:%S.%f %z %Z %a %A %b %B %c %x %X %j %p %I %U %W %w %y %%')",
    '"2020-03-04 05:06:07.000008 +0000 UTC Wed Wednesday Mar March Wed Mar  4 05:06:07 2020 03/04/20 05:06:07 064 AM 05 09 09 3 20 %" str',
  ],
  ["datetime(2020,3,4,5,6,7,8, offset=>timespan(hours=>3)).format('%z %Z')", '"+0300 " str'],
  ["datetime(5,3,4).format('%Y %G %C %y')", '"5 5 0 05" str'],
  ["utctz()", '"datetime.timedelta(0)" timedelta'],
  ["bool(timespan())", "false bool"],
  ["datetime(2020,1,1) > datetime(2019,1,1)", "true bool"],
  ["datetime(2020,1,1) > null", "true bool"],
  ["timespan() < 1", { error: "NoMatchingFunctionException" }],
  [
    "datetime(5,3,4,13,5,6).format('%F|%D|%e|%k|%l|%P|%r|%R|%T|%u|%V|%g|%C|%s|%n|%t|%h')",
    '"5-03-04|03/04/05| 4|13| 1|pm|01:05:06 PM|13:05|13:05:06|5|09|05|0|-62003962494|\\n|\\t|Mar" str',
  ],
  [
    "datetime(2020,1,1,0,5,6).format('%-d|%_m|%05Y|%^a|%#b|%10A|%-I|%Q|%Ey|%Od|%')",
    '"1| 1|02020|WED|JAN| Wednesday|12|%Q|20|01|%" str',
  ],
  ["datetime(2021,1,3,0,5,6).format('%U %W %V %G %g %j %w %u')", '"01 00 53 2020 20 003 0 7" str'],
  ["datetime(2020,1,1, offset=>timespan(hours=>-5, minutes=>-30)).format('%z')", '"-0530" str'],
  ["datetime(2020,1,1, offset=>timespan(seconds=>5)).format('%z')", '"+000005" str'],
  ["datetime(2020,1,1, offset=>timespan(microseconds=>5)).format('%z')", '"+000000.000005" str'],
  [
    "datetime(2020,1,1, offset=>timespan(microseconds=>5))",
    '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzoffset(None, 0))" datetime',
  ],
  ["datetime('01.02.2020 +0130', '%d.%m.%Y %z').format('%Z')", '"UTC+01:30" str'],
  ["datetime('12 utc', '%H %Z')", '"datetime.datetime(1900, 1, 1, 12, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime('12 utc +0100', '%H %Z %z')",
    "\"datetime.datetime(1900, 1, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600), 'utc'))\" datetime",
  ],
  ["datetime('12 utc +0100', '%H %Z %z').format('%Z')", '"utc" str'],
  ["datetime('12 utc', '%H %Z').format('%Z')", '"UTC" str'],
  ["datetime('2020-02-29', '%Y-%m-%d').replace(year => 2021)", { error: "ValueError" }],
  ["datetime('foo')", { error: "ValueError" }],
  ["datetime('')", { error: "ValueError" }],
  [
    "datetime('2020-01-01T10:00:00.123+0530')",
    '"datetime.datetime(2020, 1, 1, 10, 0, 0, 123000, tzinfo=tzoffset(None, 19800))" datetime',
  ],
  ["datetime('2020-01-01 10:00 EST')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01-01 10:00 GMT')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime('2020-01-01 10:00 GMT+3')",
    '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzoffset(None, -10800))" datetime',
  ],
  ["datetime('20200101T101112')", '"datetime.datetime(2020, 1, 1, 10, 11, 12, tzinfo=tzutc())" datetime'],
  ["datetime('99-01-02')", '"datetime.datetime(1999, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('01/02/03')", '"datetime.datetime(2003, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('1 Feb 30')", '"datetime.datetime(2030, 2, 1, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime('Sat, 07 Sep 2019 10:00:00 -0000')",
    '"datetime.datetime(2019, 9, 7, 10, 0, tzinfo=tzlocal())" datetime',
  ],
  ["datetime('2019-09-07T10:00:00.5Z').microsecond", "500000 int"],
  ["datetime('2020-01-01', null)", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01-01', '')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020 01', '%Y')", { error: "ValueError" }],
  ["datetime('2020', '%Q')", { error: "ValueError" }],
  ["datetime('   2020-01-01  ')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime(5,3,4,13,5,6).format('%10d|%_5H|%-10d|%0Y|%_Y|%6Y|%3e|%0e|%-e|%^p|%#p|%#Z|%^B|%10c|%^c|%-j|%3C|%_y')",
    '"0000000004|   13|         4|5|5|000005|  4|04|4|PM|pm|utc|MARCH|Fri Mar  4 13:05:06 5|FRI MAR  4 13:05:06 5|63|000| 5" str',
  ],
  [
    "datetime(2020,1,1,0,5,6,7).format('%-f|%5z|%10Z|%^Z|%%f|%+4Y|%+Y|%s')",
    '"%-f|    +00000|       UTC|UTC|%f|%+4Y|%+Y|1577837106" str',
  ],
  ["datetime(2020,1,1,0,5,6,7, offset=>timespan(hours=>1)).format('%s')", '"1577837106" str'],
  ["datetime(1,1,1).format('%U %W %V %G %g %j %a %c')", '"00 01 01 1 01 001 Mon Mon Jan  1 00:00:00 1" str'],
  [
    "datetime(9999,12,31,23,59,59,999999).format('%U %W %V %G %g %j %a %s')",
    '"52 52 52 9999 99 365 Fri 253402300799" str',
  ],
  ["datetime(-62135596800)", '"datetime.datetime(1, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime(-62135596801)", { error: "ValueError" }],
  ["datetime(1.4999995)", '"datetime.datetime(1970, 1, 1, 0, 0, 1, 499999, tzinfo=tzutc())" datetime'],
  ["datetime(0.0000005)", '"datetime.datetime(1970, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime(0.0000015)", '"datetime.datetime(1970, 1, 1, 0, 0, 0, 2, tzinfo=tzutc())" datetime'],
  ["datetime(-0.0000005)", '"datetime.datetime(1970, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime(253402300800)", { error: "ValueError" }],
  ["datetime(2020,1,1,0,0,0,0,timespan(microseconds=>-1)).timestamp", "1577836800.000002 float"],
  ["datetime(2020,1,1).timestamp", "1577836800.0 float"],
  ["timespan(days=>999999999, hours=>24)", { error: "OverflowError" }],
  ["timespan(days=>-999999999, hours=>-1)", { error: "OverflowError" }],
  ["timespan(days=>999999999)*2", { error: "OverflowError" }],
  ["timespan(days=>1) * pow(10, 400)", { error: "OverflowError" }],
  ["timespan(days=>1) * float('nan')", { error: "ValueError" }],
  ["timespan(microseconds=>1) * 0.5", '"datetime.timedelta(0)" timedelta'],
  ["timespan(microseconds=>3) * 0.5", '"datetime.timedelta(microseconds=2)" timedelta'],
  ["timespan(days=>1) / 0.0", { error: "ZeroDivisionError" }],
  ["timespan(days=>1) / pow(10, 30)", '"datetime.timedelta(0)" timedelta'],
  ["timespan(days => -1, microseconds => 5)", '"datetime.timedelta(days=-1, microseconds=5)" timedelta'],
  ["timespan(milliseconds => 1500)", '"datetime.timedelta(seconds=1, microseconds=500000)" timedelta'],
  ["datetime(2020,1,1, offset=>timespan(hours=>30)).year", "2020 int"],
  ["datetime(2020,1,1, offset=>timespan(hours=>30)) = datetime(2020,1,1)", { error: "ValueError" }],
  ["datetime(2020,1,1, offset=>timespan(hours=>30)).offset", { error: "ValueError" }],
  [
    "datetime('2020-01-02 03:04:05', '%Y-%m-%d %H:%M:%S')",
    '"datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime('2020-01-02  03:04:05', '%Y-%m-%d %H:%M:%S')",
    '"datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime('2020-01-02T03:04:05.123', '%Y-%m-%dT%H:%M:%S.%f')",
    '"datetime.datetime(2020, 1, 2, 3, 4, 5, 123000, tzinfo=tzutc())" datetime',
  ],
  ["datetime('2020-01-02T03:04:05.1234567', '%Y-%m-%dT%H:%M:%S.%f')", { error: "ValueError" }],
  [
    "datetime('Thu Jan  2 03:04:05 2020', '%c')",
    '"datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=tzutc())" datetime',
  ],
  ["datetime('01/02/20', '%x')", '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('03:04:05', '%X')", '"datetime.datetime(1900, 1, 1, 3, 4, 5, tzinfo=tzutc())" datetime'],
  ["datetime('3:04 PM', '%I:%M %p')", '"datetime.datetime(1900, 1, 1, 15, 4, tzinfo=tzutc())" datetime'],
  ["datetime('12:04 am', '%I:%M %p')", '"datetime.datetime(1900, 1, 1, 0, 4, tzinfo=tzutc())" datetime'],
  ["datetime('12:04', '%I:%M')", '"datetime.datetime(1900, 1, 1, 0, 4, tzinfo=tzutc())" datetime'],
  ["datetime('jan 5 99', '%b %d %y')", '"datetime.datetime(1999, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('JANUARY 5 69', '%B %d %y')", '"datetime.datetime(1969, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime('Monday 2020 10 1', '%A %Y %W %w')",
    '"datetime.datetime(2020, 3, 9, 0, 0, tzinfo=tzutc())" datetime',
  ],
  ["datetime('Mon 2020 10', '%a %Y %U')", '"datetime.datetime(2020, 3, 9, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020 100', '%Y %j')", '"datetime.datetime(2020, 4, 9, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020 366', '%Y %j')", '"datetime.datetime(2020, 12, 31, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2019 366', '%Y %j')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-W05-3', '%G-W%V-%u')", '"datetime.datetime(2020, 1, 29, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2021-W01-1', '%G-W%V-%u')", '"datetime.datetime(2021, 1, 4, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020 05', '%G %V')", { error: "ValueError" }],
  ["datetime('05', '%V')", { error: "ValueError" }],
  [
    "datetime('2020-01-02 +05:30', '%Y-%m-%d %z')",
    '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))" datetime',
  ],
  [
    "datetime('2020-01-02 -0530', '%Y-%m-%d %z')",
    '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=66600)))" datetime',
  ],
  [
    "datetime('2020-01-02 +05:30:15', '%Y-%m-%d %z')",
    '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19815)))" datetime',
  ],
  [
    "datetime('2020-01-02 +05:30:15.5', '%Y-%m-%d %z')",
    '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19815, microseconds=500000)))" datetime',
  ],
  ["datetime('2020-01-02 +0530:15', '%Y-%m-%d %z')", { error: "ValueError" }],
  ["datetime('2020-01-02 z', '%Y-%m-%d %z')", { error: "ValueError" }],
  ["datetime('2020-01-02 +2500', '%Y-%m-%d %z')", { error: "ValueError" }],
  [
    "datetime('2020-01-02 GMT', '%Y-%m-%d %Z')",
    '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime',
  ],
  ["datetime('2020-01-02 EST', '%Y-%m-%d %Z')", { error: "ValueError" }],
  ["datetime('29 feb', '%d %b')", { error: "ValueError" }],
  ["datetime('2020', '%Y%')", { error: "ValueError" }],
  ["datetime('x2020', 'x%Y')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020.5', '%Y.%m')", '"datetime.datetime(2020, 5, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020(5)', '%Y(%m)')", '"datetime.datetime(2020, 5, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020 5 %', '%Y %m %%')", '"datetime.datetime(2020, 5, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-13-01', '%Y-%m-%d')", { error: "ValueError" }],
  ["datetime('2020-12-32', '%Y-%m-%d')", { error: "ValueError" }],
  ["datetime('24:00', '%H:%M')", { error: "ValueError" }],
  ["datetime('23:60', '%H:%M')", { error: "ValueError" }],
  ["datetime('23:59:61', '%H:%M:%S')", { error: "ValueError" }],
  ["datetime('23:59:60', '%H:%M:%S')", { error: "ValueError" }],
  ["datetime('', '')", { error: "ValueError" }],
  ["datetime('abc', 'abc')", '"datetime.datetime(1900, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('٢٠٢٠', '%Y')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime(string => '2020', format => '%Y')",
    '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime',
  ],
  ["datetime('2020', format => '%Y')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('1/2/2020', '%d/%m/%Y').format('%d %B %Y')", '"01 February 2020" str'],
  ["datetime('10 1 2020', '%w %W %Y')", { error: "ValueError" }],
  ["datetime('0 0 2020', '%w %U %Y')", '"datetime.datetime(2019, 12, 29, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('6 0 2022', '%w %U %Y')", '"datetime.datetime(2022, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime(year => 2020, month => 2, day => 29, hour => 23, minute => 59, second => 59, microsecond => 999999)",
    '"datetime.datetime(2020, 2, 29, 23, 59, 59, 999999, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime(2020, 1, 1, 0, 0, 0, 0, timespan(hours => 1)) - datetime(2020, 1, 1)",
    '"datetime.timedelta(days=-1, seconds=82800)" timedelta',
  ],
  ["datetime(2020, 1, 1, offset => timespan(hours => 1)) < datetime(2020, 1, 1)", "true bool"],
  ["datetime(2020, 1, 1) >= datetime(2020, 1, 1)", "true bool"],
  ["datetime(2020, 1, 1) <= datetime(2019, 12, 31)", "false bool"],
  ["timespan(hours => 1) >= timespan(minutes => 60)", "true bool"],
  ["timespan(hours => 1) <= timespan(minutes => 59)", "false bool"],
  ["timespan(hours => 1) < timespan(minutes => 61)", "true bool"],
  ["timespan(hours => 1) + timespan(minutes => 1)", '"datetime.timedelta(seconds=3660)" timedelta'],
  ["timespan(hours => 1) - timespan(hours => 2)", '"datetime.timedelta(days=-1, seconds=82800)" timedelta'],
  ["2 * timespan(hours => 1)", '"datetime.timedelta(seconds=7200)" timedelta'],
  ["timespan(hours => 1) * -1", '"datetime.timedelta(days=-1, seconds=82800)" timedelta'],
  ["timespan(days => 1).minutes", "1440.0 float"],
  ["timespan(days => 1).seconds", "86400.0 float"],
  ["timespan(days => 1, microseconds => 1).milliseconds", "86400000.001 float"],
  ["timespan(milliseconds => -1).microseconds", "-1000 int"],
  [
    "datetime(2020, 1, 1) + timespan(days => 1) * 0.5",
    '"datetime.datetime(2020, 1, 1, 12, 0, tzinfo=tzutc())" datetime',
  ],
  ["datetime(2020,1,1,12, offset=>timespan(hours=>2)).timestamp", "1577865600.0 float"],
  ["datetime(2020,3,4,5,6,7,8).month", "3 int"],
  ["datetime(2020,3,4,5,6,7,8).day", "4 int"],
  ["datetime(2020,3,4,5,6,7,8).hour", "5 int"],
  ["datetime(2020,3,4,5,6,7,8).minute", "6 int"],
  ["datetime(2020,3,4,5,6,7,8).second", "7 int"],
  ["datetime(2020,3,4,5,6,7,8).microsecond", "8 int"],
  ["datetime(2020,3,4,5,6,7,8).offset", '"datetime.timedelta(0)" timedelta'],
  [
    "datetime(2020,3,4,5,6,7,8, offset => timespan(hours => -3)).date",
    '"datetime.datetime(2020, 3, 4, 0, 0, tzinfo=tzoffset(None, -10800))" datetime',
  ],
  [
    "datetime(2020,3,4,5,6,7,8).replace(hour => 0, minute => 0, second => 0, microsecond => 0)",
    '"datetime.datetime(2020, 3, 4, 0, 0, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime(2020,3,4,5,6,7,8).replace()",
    '"datetime.datetime(2020, 3, 4, 5, 6, 7, 8, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime(2020,3,4,5,6,7,8).replace(offset => timespan())",
    '"datetime.datetime(2020, 3, 4, 5, 6, 7, 8, tzinfo=tzutc())" datetime',
  ],
  ["datetime(2020,3,4).format(format => '%d/%m/%Y')", '"04/03/2020" str'],
  ["datetime(2020,3,4).format(1)", { error: "NoMatchingMethodException" }],
  ["datetime(2020,3,4).nosuch", { error: "NoFunctionRegisteredException" }],
  ["timespan().year", { error: "NoMatchingFunctionException" }],
  ["isDatetime(datetime(2020, 1, 1))", "true bool"],
  ["isDatetime('2020-01-01')", "false bool"],
  ["isTimespan(timespan())", "true bool"],
  ["isTimespan(1)", "false bool"],
  ["datetime(2020, 1)", { error: "NoMatchingFunctionException" }],
  ["datetime(2020, 1, 1.0)", { error: "NoMatchingFunctionException" }],
  ["datetime(null)", { error: "NoMatchingFunctionException" }],
  ["timespan(hours => 1.5)", { error: "NoMatchingFunctionException" }],
  ["timespan(foo => 1)", { error: "NoMatchingFunctionException" }],
  [
    "[datetime(2020, 1, 1), timespan(hours => 1)]",
    '["datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())", "datetime.timedelta(seconds=3600)"] list',
  ],
  ["datetime('2020-01-01') = datetime(2020, 1, 1)", "true bool"],
  [
    "datetime('2020-01-01T10:00:00+02:00').utc",
    '"datetime.datetime(2020, 1, 1, 8, 0, tzinfo=tzoffset(None, 7200))" datetime',
  ],
  ["datetime('2020-01-01T10:00:00+02:00').timestamp", "1577858400.0 float"],
];

/** Python's str() of each value, which is what embedding it in a string shows. */
const STR: Array<[string, string]> = [
  ["datetime(2020, 1, 1, 12, offset => timespan(hours => 2))", "2020-01-01 12:00:00+02:00"],
  [
    "datetime(2020,1,1,0,0,0,5,timespan(hours=>-1, microseconds=>-5))",
    "2020-01-01 00:00:00.000005-01:00:00.000005",
  ],
  ["datetime(5, 1, 1)", "0005-01-01 00:00:00+00:00"],
  ["datetime(2020,1,1,0,0,0,0,timespan(seconds => 30))", "2020-01-01 00:00:00+00:00:30"],
  ["timespan(days => -1, seconds => 5)", "-1 day, 0:00:05"],
  ["timespan(microseconds => 5)", "0:00:00.000005"],
  ["timespan(days => 2, microseconds => -5)", "1 day, 23:59:59.999995"],
  ["timespan(days => -2, hours => 3)", "-2 days, 3:00:00"],
  ["timespan(days => 1)", "1 day, 0:00:00"],
  ["timespan(days => 10, hours => 23)", "10 days, 23:00:00"],
  ["timespan()", "0:00:00"],
  ["-timespan(microseconds => 1)", "-1 day, 23:59:59.999999"],
  ["datetime('01.02.2020 +0130', '%d.%m.%Y %z')", "2020-02-01 00:00:00+01:30"],
];

/** dateutil's parser fills the fields a text leaves out from the current date (2026-11-22 here). */
const PARSED: Array<[string, Expected]> = [
  ["datetime('2020-01-01')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01-01T10:20:30')", '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzutc())" datetime'],
  [
    "datetime('2020-01-01 10:20:30.123456')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, 123456, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30.1234567')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, 123456, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30,5')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, 500000, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30+0000')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzlocal())" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30-00:00')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzlocal())" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30 +05:45')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzoffset(None, 20700))" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30-03')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzoffset(None, -10800))" datetime',
  ],
  [
    "datetime('2020-01-01T10:20:30 PST')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzutc())" datetime',
  ],
  ["datetime('Jan 1 2020')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('January 1, 2020')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('1 January 2020')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('1st of January 2020')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Sat Jan 11 2020')", '"datetime.datetime(2020, 1, 11, 0, 0, tzinfo=tzutc())" datetime'],
  [
    "datetime('Thu, 01 Jan 1970 00:00:00 GMT')",
    '"datetime.datetime(1970, 1, 1, 0, 0, tzinfo=tzutc())" datetime',
  ],
  [
    "datetime('Monday, 06-Jan-20 10:00:00 UTC')",
    '"datetime.datetime(2020, 1, 6, 10, 0, tzinfo=tzlocal())" datetime',
  ],
  ["datetime('2020/01/02')", '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('01/02/2020')", '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('13/01/2020')", '"datetime.datetime(2020, 1, 13, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020.01.02')", '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('02.01.2020')", '"datetime.datetime(2020, 2, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('20200102')", '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('200102')", '"datetime.datetime(2002, 1, 20, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01')", '"datetime.datetime(2020, 1, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020')", '"datetime.datetime(2020, 11, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Jan')", '"datetime.datetime(2026, 1, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('March 2019')", '"datetime.datetime(2019, 3, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('5pm')", '"datetime.datetime(2026, 11, 22, 17, 0, tzinfo=tzutc())" datetime'],
  ["datetime('5 pm')", '"datetime.datetime(2026, 11, 22, 17, 0, tzinfo=tzutc())" datetime'],
  ["datetime('5:30pm')", '"datetime.datetime(2026, 11, 22, 17, 30, tzinfo=tzutc())" datetime'],
  ["datetime('12am')", '"datetime.datetime(2026, 11, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('12 PM')", '"datetime.datetime(2026, 11, 22, 12, 0, tzinfo=tzutc())" datetime'],
  ["datetime('0:00')", '"datetime.datetime(2026, 11, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('23:59:59')", '"datetime.datetime(2026, 11, 22, 23, 59, 59, tzinfo=tzutc())" datetime'],
  ["datetime('10h')", '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('10h30')", '"datetime.datetime(2026, 11, 22, 10, 30, tzinfo=tzutc())" datetime'],
  ["datetime('10h30m15s')", '"datetime.datetime(2026, 11, 22, 10, 30, 15, tzinfo=tzutc())" datetime'],
  ["datetime('10 hours')", '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('1.5h')", '"datetime.datetime(2026, 11, 22, 1, 30, tzinfo=tzutc())" datetime'],
  [
    "datetime('2020-01-01 10:00 GMT-2')",
    '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzoffset(None, 7200))" datetime',
  ],
  [
    "datetime('10:00 UTC+3')",
    '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzoffset(None, -10800))" datetime',
  ],
  [
    "datetime('10:00 -0300 (BRST)')",
    "\"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzoffset('BRST', -10800))\" datetime",
  ],
  [
    "datetime('10:00 +03:00')",
    '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzoffset(None, 10800))" datetime',
  ],
  ["datetime('2020-W01')", { error: "ValueError" }],
  ["datetime('today')", { error: "ValueError" }],
  ["datetime('2020-02-30')", { error: "ValueError" }],
  ["datetime('2021-02-29')", { error: "ValueError" }],
  ["datetime('99')", '"datetime.datetime(1999, 11, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Jan 99')", '"datetime.datetime(1999, 1, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Feb 29')", { error: "ValueError" }],
  ["datetime('30 Feb')", { error: "ValueError" }],
  ["datetime('Dec 31')", '"datetime.datetime(2026, 12, 31, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('31 Dec 1999 23:59')", '"datetime.datetime(1999, 12, 31, 23, 59, tzinfo=tzutc())" datetime'],
  ["datetime('1999-12-31T23:59:60')", { error: "ValueError" }],
  ["datetime('2020-1-2')", '"datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2-1-2020')", '"datetime.datetime(2020, 2, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Jan-05-2020')", '"datetime.datetime(2020, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('05-Jan-2020')", '"datetime.datetime(2020, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-Jan-05')", '"datetime.datetime(2020, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('5 Jan 05')", '"datetime.datetime(2005, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('05 Jan 5')", '"datetime.datetime(2005, 1, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Tuesday')", '"datetime.datetime(2026, 11, 24, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Sunday 10am')", '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('12/31')", '"datetime.datetime(2026, 12, 31, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('31/12')", { error: "ValueError" }],
  ["datetime('4 5 6')", '"datetime.datetime(2006, 4, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020 4 5')", '"datetime.datetime(2020, 4, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('4/5/6')", '"datetime.datetime(2006, 4, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('1:2:3')", '"datetime.datetime(2026, 11, 22, 1, 2, 3, tzinfo=tzutc())" datetime'],
  [
    "datetime('10:20:30.5')",
    '"datetime.datetime(2026, 11, 22, 10, 20, 30, 500000, tzinfo=tzutc())" datetime',
  ],
  ["datetime('10:20.5')", '"datetime.datetime(2026, 11, 22, 10, 20, 30, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01-01T10')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01-01T1020')", '"datetime.datetime(2020, 1, 1, 10, 20, tzinfo=tzutc())" datetime'],
  ["datetime('20200101T10')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('20200101T1020')", '"datetime.datetime(2020, 1, 1, 10, 20, tzinfo=tzutc())" datetime'],
  ["datetime('20200101102030')", '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzutc())" datetime'],
  ["datetime('202001011020')", '"datetime.datetime(2020, 1, 1, 10, 20, tzinfo=tzutc())" datetime'],
  [
    "datetime('2020-01-01 10:20:30 Z')",
    '"datetime.datetime(2020, 1, 1, 10, 20, 30, tzinfo=tzlocal())" datetime',
  ],
  ["datetime('10 Z')", { error: "ValueError" }],
  ["datetime('nan')", { error: "ValueError" }],
  ["datetime('inf')", { error: "ValueError" }],
  ["datetime('1e5')", { error: "ValueError" }],
  ["datetime('Jan 1 2020 at 10am')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('on Jan 1')", '"datetime.datetime(2026, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('10.5.2020')", '"datetime.datetime(2020, 10, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('a')", { error: "ValueError" }],
  ["datetime('10:00 XYZ')", '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('10:00 AbC')", { error: "ValueError" }],
  ["datetime('2020-01-01 ad')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('12:30 am')", '"datetime.datetime(2026, 11, 22, 0, 30, tzinfo=tzutc())" datetime'],
  ["datetime('13 am')", '"datetime.datetime(2026, 11, 22, 13, 0, tzinfo=tzutc())" datetime'],
  ["datetime('June of 20')", '"datetime.datetime(2020, 6, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('3rd march')", '"datetime.datetime(2026, 3, 3, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('11 september 2001 8:46')", '"datetime.datetime(2001, 9, 11, 8, 46, tzinfo=tzutc())" datetime'],
  ["datetime('  2020-01-01  ')", '"datetime.datetime(2020, 1, 1, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('2020-01-01\t10:00')", '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('١٢/٠٥/٢٠٢٠')", '"datetime.datetime(2020, 12, 5, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('10:00 z')", '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzlocal())" datetime'],
  [
    "datetime('2020-01-01T10:00:00.000Z')",
    '"datetime.datetime(2020, 1, 1, 10, 0, tzinfo=tzlocal())" datetime',
  ],
  ["now()", '"datetime.datetime(2026, 11, 22, 5, 58, 5, 731756, tzinfo=tzutc())" datetime'],
  [
    "now(offset => timespan(hours => 1))",
    '"datetime.datetime(2026, 11, 22, 6, 58, 5, 731756, tzinfo=tzoffset(None, 3600))" datetime',
  ],
  ["now(timespan(minutes => -30)).offset", '"datetime.timedelta(days=-1, seconds=84600)" timedelta'],
  ["localtz()", '"datetime.timedelta(0)" timedelta'],
  ["utctz()", '"datetime.timedelta(0)" timedelta'],
  ["datetime('10:00')", '"datetime.datetime(2026, 11, 22, 10, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Monday')", '"datetime.datetime(2026, 11, 23, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('Jan 2020')", '"datetime.datetime(2020, 1, 22, 0, 0, tzinfo=tzutc())" datetime'],
  ["datetime('3 PM')", '"datetime.datetime(2026, 11, 22, 15, 0, tzinfo=tzutc())" datetime'],
  ["datetime('12h30m')", '"datetime.datetime(2026, 11, 22, 12, 30, tzinfo=tzutc())" datetime'],
];

describe("yaql's date_time module", () => {
  it.each(DATETIMES)(
    "evaluates %s as yaql does",
    checkWith((expression) => evaluateYaql(expression, {})),
  );

  it.each(STR)("prints %s as Python's str() does", (expression, expected) => {
    expect(pyStr(evaluateYaql(expression, {}))).toBe(expected);
  });

  it.each(PARSED)("reads %s relative to the clock's date", checkWith(evaluateAtFixedTime));

  it("embeds datetimes and timespans in strings as Python's str() prints them", () => {
    const text = evaluateString("At <% datetime(2020, 1, 2, 3, 4) %> for <% timespan(hours => 25) %>", {
      data: {},
    });
    expect(text).toBe("At 2020-01-02 03:04:00+00:00 for 1 day, 1:00:00");
  });

  it("serialises a datetime to JSON as Mistral's jsonutils does", () => {
    const value = evaluateYaql("datetime(2020, 1, 2, 3, 4, 5, 6, timespan(hours => 2))", {});
    expect(JSON.stringify({ at: value })).toBe('{"at":"2020-01-02T03:04:05.000006"}');
    expect(JSON.stringify(evaluateYaql("timespan(days => 1, seconds => 1)", {}))).toBe('"1 day, 0:00:01"');
  });

  it("gives equal datetimes and timespans equal hash keys, as Python hashes them", () => {
    const [utc, plusOne, later] = evaluateYaql(
      "[datetime(2020, 1, 1), datetime(2020, 1, 1, 1, offset => timespan(hours => 1)), datetime(2020, 1, 2)]",
      {},
    ) as PyDateTime[];
    expect(hashKey(utc)).toBe(hashKey(plusOne));
    expect(hashKey(utc)).not.toBe(hashKey(later));
    expect(hashKey(evaluateYaql("timespan(hours => 1)", {}))).toBe(
      hashKey(evaluateYaql("timespan(minutes => 60)", {})),
    );
  });

  it("reads the system clock for now()", () => {
    const now = evaluateYaql("now()", {}) as PyDateTime;
    const epoch = evaluateYaql("datetime(1970, 1, 1)", {}) as PyDateTime;
    expect(Math.abs(Number((now.instant() - epoch.instant()) / 1000n) - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(Number(evaluateYaql("now().timestamp", {})) * 1000 - Date.now())).toBeLessThan(60_000);
  });
});

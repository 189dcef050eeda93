// A cron trigger's `first_execution_time`, read as Mistral reads it: Python's
// `datetime.strptime(text, '%Y-%m-%d %H:%M')`, in UTC, with Python's error messages. strptime
// matches a regular expression from the start of the text (the space matching any run of blanks)
// and refuses what is left over; the same alternatives, tried in the same order, are used here so
// that the same texts are taken and refused.
import { badRequest } from "../errors/api-error.js";

const FORMAT = "%Y-%m-%d %H:%M";

// _strptime's directives: %Y, %m, %d, %H and %M, with " " as \s+.
const STRPTIME =
  /^(\d\d\d\d)-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\s+(2[0-3]|[0-1]\d|\d):([0-5]\d|\d)/i;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * The time `text` names, in UTC.
 * @throws ApiError 400 with Python's message: "time data '...' does not match format '%Y-%m-%d %H:%M'",
 *   "unconverted data remains: ...", "day is out of range for month", "year 0 is out of range"
 */
export function parseFirstExecutionTime(text: string): Date {
  const match = STRPTIME.exec(text);
  if (match === null) throw badRequest(`time data '${text}' does not match format '${FORMAT}'`);
  if (match[0].length !== text.length) {
    throw badRequest(`unconverted data remains: ${text.slice(match[0].length)}`);
  }
  const [year, month, day, hour, minute] = match.slice(1).map((part) => Number.parseInt(part!.trim(), 10));
  if (year! < 1) throw badRequest(`year ${year} is out of range`);
  if (day! > daysInMonth(year!, month!)) throw badRequest("day is out of range for month");
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: years below 100 are not moved to the 1900s.
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, 0, 0);
  return date;
}

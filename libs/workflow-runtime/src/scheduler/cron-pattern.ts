// Cron patterns as Mistral reads them (Python's croniter): five fields, or six with the seconds
// LAST (`*/10 * * * * 30`: every ten minutes, at second 30), or an alias such as `@daily`. cron-parser, which computes the ticks
// here, puts the seconds first; a six-field pattern is turned around before it is parsed. Times
// are UTC, as Mistral's.
import { CronExpressionParser } from "cron-parser";

/** A pattern that never matches (February 30th): what Mistral stores for a one-shot trigger. */
export const NEVER_PATTERN = "0 0 30 2 0";

/** A pattern that is not valid cron syntax. */
export class CronPatternError extends Error {
  override readonly name = "CronPatternError";
}

/** croniter's aliases (any case, nothing around them), as the five fields they stand for. */
const ALIASES: Readonly<Record<string, string>> = {
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

/** The cron-parser expression of a croniter pattern. */
function toCronParser(pattern: string): string {
  const alias = ALIASES[pattern.toLowerCase()];
  if (alias !== undefined) return alias;
  const fields = pattern.trim().split(/\s+/);
  if (fields.length === 6) return [fields[5], ...fields.slice(0, 5)].join(" ");
  if (fields.length === 5) return fields.join(" ");
  throw new CronPatternError(`The specified pattern is not valid: ${pattern}`);
}

/** Checks a pattern; throws CronPatternError with Mistral's message when it is not valid. */
export function validateCronPattern(pattern: string): void {
  try {
    CronExpressionParser.parse(toCronParser(pattern), { tz: "UTC", strict: false });
  } catch {
    throw new CronPatternError(`The specified pattern is not valid: ${pattern}`);
  }
}

/** The first tick of `pattern` strictly after `after`. */
export function nextCronTick(pattern: string, after: Date): Date {
  try {
    const expression = CronExpressionParser.parse(toCronParser(pattern), {
      currentDate: after,
      tz: "UTC",
      strict: false,
    });
    return expression.next().toDate();
  } catch {
    throw new CronPatternError(`The specified pattern is not valid: ${pattern}`);
  }
}

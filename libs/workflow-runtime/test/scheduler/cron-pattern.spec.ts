// Cron patterns read as croniter (Mistral's) reads them; the expected ticks were computed with
// Debian's python3-croniter 1.3 from 2026-11-22 12:00:00 UTC.
import { describe, expect, it } from "vitest";
import { CronPatternError, nextCronTick, validateCronPattern } from "../../src/scheduler/cron-pattern.js";

const FROM = new Date("2026-11-22T12:00:00Z");

describe("cron patterns", () => {
  it.each([
    ["@daily", "2026-11-23T00:00:00.000Z"],
    ["@DAILY", "2026-11-23T00:00:00.000Z"],
    ["@midnight", "2026-11-23T00:00:00.000Z"],
    ["@hourly", "2026-11-22T13:00:00.000Z"],
    ["@weekly", "2026-11-29T00:00:00.000Z"],
    ["@monthly", "2026-12-01T00:00:00.000Z"],
    ["@yearly", "2027-01-01T00:00:00.000Z"],
    ["@annually", "2027-01-01T00:00:00.000Z"],
    ["*/10 * * * *", "2026-11-22T12:10:00.000Z"],
    ["*/10 * * * * 30", "2026-11-22T12:00:30.000Z"],
  ])("%s ticks next at %s", (pattern, next) => {
    expect(nextCronTick(pattern, FROM).toISOString()).toBe(next);
  });

  it.each(["@reboot", " @daily", "@daily ", "* * * *", "61 * * * *", "@every 5m"])(
    "refuses %j with Mistral's message",
    (pattern) => {
      expect(() => validateCronPattern(pattern)).toThrow(CronPatternError);
      expect(() => validateCronPattern(pattern)).toThrow(`The specified pattern is not valid: ${pattern}`);
    },
  );
});

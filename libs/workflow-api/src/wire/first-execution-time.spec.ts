import { describe, expect, it } from "vitest";
import { parseFirstExecutionTime } from "./first-execution-time.js";

// What Python 3's datetime.strptime(text, '%Y-%m-%d %H:%M') answers for each text.
const TAKEN: ReadonlyArray<readonly [string, string]> = [
  ["2030-01-01 10:00", "2030-01-01T10:00:00.000Z"],
  ["2030-1-1 1:5", "2030-01-01T01:05:00.000Z"],
  ["2030-01-01  10:00", "2030-01-01T10:00:00.000Z"],
  ["2030-01-01\t10:00", "2030-01-01T10:00:00.000Z"],
  ["2030-01-01 10:0", "2030-01-01T10:00:00.000Z"],
  ["2028-02-29 23:59", "2028-02-29T23:59:00.000Z"],
  ["0050-06-15 12:30", "0050-06-15T12:30:00.000Z"],
];

const REFUSED: ReadonlyArray<readonly [string, string]> = [
  ["2030-01-01T10:00:00", "time data '2030-01-01T10:00:00' does not match format '%Y-%m-%d %H:%M'"],
  [" 2030-01-01 10:00", "time data ' 2030-01-01 10:00' does not match format '%Y-%m-%d %H:%M'"],
  ["", "time data '' does not match format '%Y-%m-%d %H:%M'"],
  ["2030-13-01 10:00", "time data '2030-13-01 10:00' does not match format '%Y-%m-%d %H:%M'"],
  ["2030-01-01 24:00", "time data '2030-01-01 24:00' does not match format '%Y-%m-%d %H:%M'"],
  ["02030-01-01 10:00", "time data '02030-01-01 10:00' does not match format '%Y-%m-%d %H:%M'"],
  ["2030-01-01 010:00", "time data '2030-01-01 010:00' does not match format '%Y-%m-%d %H:%M'"],
  ["2030-01-01 10:00:00", "unconverted data remains: :00"],
  ["2030-01-01 10:00 ", "unconverted data remains:  "],
  ["2030-01-01 1:60", "unconverted data remains: 0"],
  ["2030-02-30 10:00", "day is out of range for month"],
  ["2029-02-29 10:00", "day is out of range for month"],
  ["0000-01-01 10:00", "year 0 is out of range"],
];

describe("parseFirstExecutionTime", () => {
  it.each(TAKEN)("reads %j as Python's strptime does", (text, iso) => {
    expect(parseFirstExecutionTime(text).toISOString()).toBe(iso);
  });

  it.each(REFUSED)("refuses %j with Python's message", (text, message) => {
    expect(() => parseFirstExecutionTime(text)).toThrow(message);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatValue, pyPercentFormat } from "./py-format.js";
import { pyJsonDumps, pyJsonLoads } from "./py-json.js";
import { pyRepr } from "./py-repr.js";
import { markTuple, PyFloat, pyFloat } from "./py-types.js";
import { pyYamlDump } from "./py-yaml-dump.js";

interface Golden {
  repr: Array<[unknown, string]>;
  format: Array<[unknown, string, string]>;
  percent: Array<[string, unknown[], string]>;
  jsonDumps: Array<[unknown, string, string, string]>;
  yamlDump: Array<[unknown, string]>;
}

// Read with the Python-compatible reader so that big ints keep every digit.
const golden = pyJsonLoads(
  readFileSync(new URL("../../test/fixtures/python/golden.json", import.meta.url), "utf8"),
) as Golden;

/** Decodes the fixture's `{"float": x}` markers into the value model. */
function decode(value: unknown): unknown {
  if (value instanceof PyFloat) return value;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === "float") {
      const x = entries[0]![1];
      if (x instanceof PyFloat) return x;
      return pyFloat(typeof x === "string" ? Number(x.replace("inf", "Infinity")) : (x as number));
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

describe("the Python value model agrees with CPython", () => {
  it.each(golden.repr)("repr(%s) is %s", (input, expected) => {
    // The fixture writes tuples as lists; the one tuple-bearing case marks its inner tuples.
    const value = decode(input);
    if (Array.isArray(value) && expected.startsWith("[1, (2,)")) {
      markTuple(value[1] as unknown[]);
      markTuple(value[2] as unknown[]);
    }
    expect(pyRepr(value)).toBe(expected);
  });

  it.each(golden.format)("format(%s, %j) is %j", (input, spec, expected) => {
    expect(formatValue(decode(input), spec)).toBe(expected);
  });

  it.each(golden.percent)("%j %% %s is %j", (template, args, expected) => {
    expect(pyPercentFormat(template, markTuple(decode(args) as unknown[]))).toBe(expected);
  });

  it.each(golden.jsonDumps)("json.dumps(%s)", (input, indented, compact, sorted) => {
    const value = decode(input);
    expect(pyJsonDumps(value, { indent: 4 })).toBe(indented);
    expect(pyJsonDumps(value)).toBe(compact);
    expect(pyJsonDumps(value, { sortKeys: true })).toBe(sorted);
  });

  it.each(golden.yamlDump)("yaml.safe_dump(%s)", (input, expected) => {
    expect(pyYamlDump(decode(input))).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { constructTaggedScalar, resolvePlainScalar } from "./py-yaml-scalar.js";

// Expected values were read from PyYAML 6.0's `yaml.safe_load("a: <scalar>")`.
const plainScalars: Array<[string, unknown]> = [
  ["yes", true],
  ["Yes", true],
  ["YES", true],
  ["no", false],
  ["On", true],
  ["OFF", false],
  ["True", true],
  ["FALSE", false],
  ["y", "y"],
  ["n", "n"],
  ["yES", "yES"],
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["nULL", "nULL"],
  ["", null],
  ["0", 0],
  ["-0", 0],
  ["017", 15],
  ["08", "08"],
  ["0o17", "0o17"],
  ["0x1F", 31],
  ["0x_1f", 31],
  ["+0b1_1", 3],
  ["1_000", 1000],
  ["1:30", 90],
  ["1:5:07", 3907],
  ["1:60", "1:60"],
  ["1.5e+3", 1500],
  ["1.5e3", "1.5e3"],
  ["1e5", "1e5"],
  ["1.", 1],
  [".5", 0.5],
  ["-.5", "-.5"],
  ["+.5", "+.5"],
  ["00.5", 0.5],
  ["1__0.0_1", 10.01],
  ["12:30:45.5", 45045.5],
  [".inf", Infinity],
  ["-.Inf", -Infinity],
  ["+.INF", Infinity],
  [".Nan", ".Nan"],
  ["2001-12-14", "2001-12-14"],
  ["<% $.x %>", "<% $.x %>"],
  ["std.echo", "std.echo"],
];

describe("resolvePlainScalar", () => {
  it.each(plainScalars)("reads %j as PyYAML does", (text, expected) => {
    expect(resolvePlainScalar(text)).toEqual({ kind: "value", value: expected });
  });

  it("reads .nan as NaN", () => {
    const resolution = resolvePlainScalar(".NaN");
    expect(resolution.kind === "value" && Number.isNaN(resolution.value)).toBe(true);
  });

  it("recognises the merge key", () => {
    expect(resolvePlainScalar("<<")).toEqual({ kind: "merge" });
  });

  it("refuses a plain `=` and integers PyYAML cannot convert, as PyYAML does", () => {
    expect(resolvePlainScalar("=").kind).toBe("error");
    expect(resolvePlainScalar("0b_").kind).toBe("error");
    expect(resolvePlainScalar("0x_").kind).toBe("error");
  });

  it("hands every float, integral or not, to the float hook with its source", () => {
    const seen: Array<[number, string]> = [];
    const float = (value: number, source: string): unknown => {
      seen.push([value, source]);
      return { float: value };
    };
    expect(resolvePlainScalar("1.0", { float })).toEqual({ kind: "value", value: { float: 1 } });
    expect(resolvePlainScalar("1", { float })).toEqual({ kind: "value", value: 1 });
    expect(seen).toEqual([[1, "1.0"]]);
  });

  it("hands integers beyond 2^53 to the bigInt hook as exact decimal digits", () => {
    const bigInt = (digits: string): unknown => BigInt(digits);
    expect(resolvePlainScalar("9223372036854775808", { bigInt })).toEqual({
      kind: "value",
      value: 9223372036854775808n,
    });
    expect(resolvePlainScalar("-0x20000000000001", { bigInt })).toEqual({
      kind: "value",
      value: -9007199254740993n,
    });
    expect(resolvePlainScalar("9007199254740991", { bigInt })).toEqual({
      kind: "value",
      value: 9007199254740991,
    });
  });
});

describe("constructTaggedScalar", () => {
  const tag = (name: string): string => `tag:yaml.org,2002:${name}`;

  it("builds the standard types from explicit tags", () => {
    expect(constructTaggedScalar(tag("str"), "12")).toEqual({ kind: "value", value: "12" });
    expect(constructTaggedScalar(tag("int"), "0x1F")).toEqual({ kind: "value", value: 31 });
    expect(constructTaggedScalar(tag("int"), "0o17")).toEqual({ kind: "value", value: 15 });
    expect(constructTaggedScalar(tag("float"), "1e5")).toEqual({ kind: "value", value: 100000 });
    expect(constructTaggedScalar(tag("bool"), "YeS")).toEqual({ kind: "value", value: true });
    expect(constructTaggedScalar(tag("null"), "anything")).toEqual({ kind: "value", value: null });
  });

  it("resolves the non-specific tag `!` as a plain scalar, as PyYAML does", () => {
    expect(constructTaggedScalar("!", "12")).toEqual({ kind: "value", value: 12 });
  });

  it("refuses values that do not fit their tag, and tags the safe loader does not know", () => {
    expect(constructTaggedScalar(tag("bool"), "maybe").kind).toBe("error");
    expect(constructTaggedScalar(tag("int"), "1.5").kind).toBe("error");
    expect(constructTaggedScalar("!python/object", "x").kind).toBe("error");
    expect(constructTaggedScalar(tag("python/none"), "").kind).toBe("error");
  });
});

import { describe, expect, it } from "vitest";
import { DslError } from "../errors.js";
import { loadPyYaml } from "./load-py-yaml.js";

describe("loadPyYaml", () => {
  it("loads YAML as Python's yaml.safe_load does", () => {
    expect(loadPyYaml("a: on\nb: [1, 2.5, '3']\nc: null\n")).toEqual({ a: true, b: [1, 2.5, "3"], c: null });
    expect(loadPyYaml("")).toBeNull();
    expect(loadPyYaml("- 0x1F")).toEqual([31]);
  });

  it("keeps the last of two equal keys silently, like PyYAML", () => {
    expect(loadPyYaml("a: 1\na: 2")).toEqual({ a: 2 });
  });

  it("lets the caller represent integral floats and big integers", () => {
    class PyFloat {
      constructor(readonly value: number) {}
    }
    const value = loadPyYaml("f: 1.0\ni: 1\nbig: 123456789012345678901", {
      float: (number) => new PyFloat(number),
      bigInt: (digits) => BigInt(digits),
    });
    expect(value).toEqual({ f: new PyFloat(1), i: 1, big: 123456789012345678901n });
  });

  it("throws a DslError with line and column for text PyYAML refuses", () => {
    expect(() => loadPyYaml("a: [1,")).toThrow(DslError);
    expect(() => loadPyYaml("a: !foo x")).toThrow(/1:4/);
  });
});

import { PyFloat } from "@ops/dsl";
import { describe, expect, it } from "vitest";
import { readJsonObjectField } from "./json-field.js";

describe("readJsonObjectField", () => {
  it("takes an object or its JSON encoding, keeping floats", () => {
    expect(readJsonObjectField("input", { a: 1 })).toEqual({ a: 1 });
    const decoded = readJsonObjectField("input", '{"a": 1.0}')!;
    expect(decoded["a"]).toBeInstanceOf(PyFloat);
  });

  it("reads empty values as {} and an absent one as undefined", () => {
    for (const empty of ["", null, "{}", "[]", "0", "null"])
      expect(readJsonObjectField("input", empty)).toEqual({});
    expect(readJsonObjectField("input", undefined)).toBeUndefined();
  });

  it("refuses what is not JSON, not a string or object, or not an object, with Mistral's messages", () => {
    expect(() => readJsonObjectField("input", "not json")).toThrow(
      "Invalid input for field/attribute input. Value: 'not json'. Expecting value: line 1 column 1 (char 0)",
    );
    expect(() => readJsonObjectField("input", 5)).toThrow(
      "the JSON object must be str, bytes or bytearray, not int",
    );
    expect(() => readJsonObjectField("input", "[1]")).toThrow(
      "JsonType field value must be a dictionary [actual=[1]]",
    );
  });
});

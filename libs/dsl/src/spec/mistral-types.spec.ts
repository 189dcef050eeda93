import { describe, expect, it } from "vitest";
import { describeValue, equalityKey, isExpression, isPositiveInteger } from "./mistral-types.js";
import { isUuidLike } from "./workflow-reader.js";

describe("Mistral's value types", () => {
  it("takes an EXPRESSION to be one whole expression on one line", () => {
    expect(isExpression("<% $.a %>")).toBe(true);
    expect(isExpression("{{ _.a }}  ")).toBe(true);
    expect(isExpression("<% $.a %> and <% $.b %>")).toBe(true);
    expect(isExpression("x <% $.a %>")).toBe(false);
    expect(isExpression("<% $.a\n %>")).toBe(false);
    expect(isExpression("300")).toBe(false);
    expect(isExpression(300)).toBe(false);
  });

  it("counts 0 and integral floats as POSITIVE_INTEGER, like Python's jsonschema", () => {
    expect(isPositiveInteger(0)).toBe(true);
    expect(isPositiveInteger(3.0)).toBe(true);
    expect(isPositiveInteger(1.1)).toBe(false);
    expect(isPositiveInteger(-1)).toBe(false);
    expect(isPositiveInteger(true)).toBe(false);
  });

  it("compares mappings regardless of key order for uniqueness", () => {
    expect(equalityKey({ a: 1, b: [2] })).toBe(equalityKey({ b: [2], a: 1 }));
    expect(equalityKey("1")).not.toBe(equalityKey(1));
  });

  it("describes values for messages", () => {
    expect(describeValue("300")).toBe('the string "300"');
    expect(describeValue(null)).toBe("empty (null)");
    expect(describeValue([])).toBe("an empty list");
  });

  it("recognises names that oslo's is_uuid_like accepts", () => {
    expect(isUuidLike("b98180ba-48a0-4e26-ab2e-50dc224f6fd1")).toBe(true);
    expect(isUuidLike("B98180BA48A04E26AB2E50DC224F6FD1")).toBe(true);
    expect(isUuidLike("{urn:uuid:b98180ba-48a0-4e26-ab2e-50dc224f6fd1}")).toBe(true);
    expect(isUuidLike("b98180ba-48a0-4e26-ab2e-50dc224f6fd")).toBe(false);
    expect(isUuidLike("my_workflow")).toBe(false);
  });
});

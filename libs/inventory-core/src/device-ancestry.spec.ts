import { describe, expect, it } from "vitest";
import { ancestorsOf, checkParent } from "./device-ancestry.js";
import { InventoryError } from "./inventory-error.js";

const parents: Record<string, string | null> = { host: "chassis", chassis: "rack", rack: null, other: null };
const parentOf = (id: string) => parents[id];

describe("device ancestry", () => {
  it("lists the parents nearest first", () => {
    expect(ancestorsOf("host", parentOf)).toEqual(["chassis", "rack"]);
    expect(ancestorsOf("rack", parentOf)).toEqual([]);
  });

  it("stops at a loop already stored rather than running forever", () => {
    const looped: Record<string, string> = { a: "b", b: "c", c: "a" };
    expect(ancestorsOf("a", (id) => looped[id])).toEqual(["b", "c"]);
  });

  it("accepts a parent that keeps the tree a tree", () => {
    expect(() => checkParent("other", "host", parentOf)).not.toThrow();
    expect(() => checkParent("host", null, parentOf)).not.toThrow();
  });

  it.each([
    ["rack", "host", "rack → host → chassis → rack"],
    ["chassis", "host", "chassis → host → chassis"],
    ["host", "host", "host → host"],
  ])("refuses %s under %s: %s", (device, parent, loop) => {
    expect(() => checkParent(device, parent, parentOf)).toThrow(InventoryError);
    expect(() => checkParent(device, parent, parentOf)).toThrow(loop);
  });
});

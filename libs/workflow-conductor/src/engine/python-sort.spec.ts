import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pythonSort } from "./python-sort.js";

type Item = [waiting: boolean, key: string, position: number];

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "test", "fixtures", "python-sort-cases.json"), "utf8"),
) as { cases: Array<{ items: Item[]; sorted: number[] }> };

/** Mistral's comparator (dispatcher._compare_task_commands) as "less than". */
function mistralLessThan(a: Item, b: Item): boolean {
  if (!a[0]) return true;
  if (!b[0]) return false;
  return a[1] < b[1];
}

describe("pythonSort", () => {
  it("reverses commands that are all non-waiting, as CPython's sort does under Mistral's comparator", () => {
    const items: Item[] = [
      [false, "", 0],
      [false, "", 1],
      [false, "", 2],
    ];
    expect(pythonSort(items, mistralLessThan).map((item) => item[2])).toEqual([2, 1, 0]);
  });

  it("sorts a consistent order like any stable sort", () => {
    expect(pythonSort([3, 1, 2, 1, 5], (a, b) => a < b)).toEqual([1, 1, 2, 3, 5]);
  });

  it.each(fixture.cases.map((entry) => [entry.items.length, entry] as const))(
    "gives CPython's order for %i mixed commands",
    (_length, entry) => {
      expect(pythonSort(entry.items, mistralLessThan).map((item) => item[2])).toEqual(entry.sorted);
    },
  );
});

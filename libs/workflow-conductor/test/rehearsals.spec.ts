// Runs every rehearsal in test/rehearsals: a workflow, its input and its actions' results,
// played through the conductor by the in-memory driver, against what Mistral 15 does.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseRehearsal, runRehearsal } from "../src/testing/index.js";

const folder = join(dirname(fileURLToPath(import.meta.url)), "rehearsals");
const files = readdirSync(folder)
  .filter((name) => name.endsWith(".yaml"))
  .sort();

describe("rehearsals", () => {
  it("are there", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const rehearsal = parseRehearsal(readFileSync(join(folder, file), "utf8"));
    it(`${file}: ${rehearsal.description}`, () => {
      const { mismatches } = runRehearsal(rehearsal);
      expect(mismatches).toEqual([]);
    });
    // The same outcomes taken in the call that scheduled the actions (what the engine does for
    // std.echo, std.noop...) must decide the same.
    it(`${file}, with instant actions`, () => {
      const { mismatches } = runRehearsal(rehearsal, { instantActions: true });
      expect(mismatches).toEqual([]);
    });
  }
});

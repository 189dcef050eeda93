import { describe, expect, it } from "vitest";
import { InventoryError } from "./inventory-error.js";
import { jsonContains, matchesVars, parseVarsQuery } from "./vars-query.js";

const HOST = {
  hardware_profiles: {
    disks: [
      { manufacturer: "Seagate", capacity_quantity: 2 },
      { manufacturer: "Western Digital", capacity_quantity: 3 },
    ],
  },
  "os-information": { release: { version: "4.4.0" } },
  hardware: { core_count: 12, gpu: null, virtual: false },
  tags: ["a", "b"],
};

describe("the vars filter", () => {
  it("reads Craton's documented examples", () => {
    expect(parseVarsQuery('hardware_profiles.disks[*].manufacturer:"Seagate"')).toEqual([
      {
        path: [
          { key: "hardware_profiles", indexes: [] },
          { key: "disks", indexes: ["*"] },
          { key: "manufacturer", indexes: [] },
        ],
        value: "Seagate",
        text: 'hardware_profiles.disks[*].manufacturer:"Seagate"',
      },
    ]);
    const two = parseVarsQuery('"os-information".release.version:"4.4.0",hardware.core_count:12');
    expect(two.map((condition) => condition.value)).toEqual(["4.4.0", 12]);
    expect(two[0]!.path[0]).toEqual({ key: "os-information", indexes: [] });
  });

  it.each([
    ['hardware_profiles.disks[*].manufacturer:"Seagate"', true],
    ['hardware_profiles.disks[1].manufacturer:"Seagate"', false],
    ['hardware_profiles.disks[1].manufacturer:"Western Digital"', true],
    ["hardware_profiles.*[*].capacity_quantity:3", true],
    ['"os-information".release.version:"4.4.0",hardware.core_count:12', true],
    ['"os-information".release.version:"4.4.0",hardware.core_count:13', false],
    ["hardware.core_count:12.0", true],
    ["hardware.gpu:null", true],
    ["hardware.virtual:false", true],
    ['tags:"a"', true],
    ['tags[0]:"b"', false],
    ['hardware.missing:"x"', false],
    ['nothing:"x"', false],
  ])("%s matches: %s", (query, expected) => {
    expect(matchesVars(HOST, parseVarsQuery(query))).toBe(expected);
  });

  it("reads commas and colons inside quoted keys and values (Craton split them blindly)", () => {
    const conditions = parseVarsQuery('"a,b:c":"x,y:z",n:1');
    expect(conditions.map((c) => [c.path[0]!.key, c.value])).toEqual([
      ["a,b:c", "x,y:z"],
      ["n", 1],
    ]);
  });

  it.each([
    ["", "a condition path:value at character 1"],
    ["disks", ": between the path and the value at character 6"],
    ["disks:", "a JSON value"],
    [
      "disks:Seagate",
      "a JSON value (a string in double quotes, a number, true, false or null) at character 7",
    ],
    ['disks[x]:"a"', "an array index or * at character 7"],
    ['disks[1:"a"', "] at character 8"],
    ['*.disks:"a"', "a variable's key first (not *) at character 1"],
    ['"open:1', "a closing quote at character 1"],
    ["a:1;b:2", ", before the next condition, or the end at character 4"],
    ["a:1,", "a key (an identifier, a JSON string or *) at character 5"],
    ["9lives:1", "a key (an identifier, a JSON string or *) at character 1"],
  ])("refuses %j, saying what it expected where", (query, expected) => {
    expect(() => parseVarsQuery(query)).toThrow(InventoryError);
    expect(() => parseVarsQuery(query)).toThrow(expected);
  });

  it("contains as MySQL's JSON_CONTAINS does", () => {
    expect(jsonContains({ a: 1, b: { c: [1, 2] } }, { b: { c: [2] } })).toBe(true);
    expect(jsonContains({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonContains([1, [2, 3]], 3)).toBe(true);
    expect(jsonContains([1, 2, 3], [3, 1])).toBe(true);
    expect(jsonContains("1", 1)).toBe(false);
  });
});

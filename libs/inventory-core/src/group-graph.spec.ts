import { describe, expect, it } from "vitest";
import { checkChildGroup, descendantGroups, groupHosts } from "./group-graph.js";
import { InventoryError } from "./inventory-error.js";

const children: Record<string, string[]> = {
  all: ["compute", "storage"],
  compute: ["gpu"],
  storage: ["gpu"], // a diamond: gpu is reached twice
  gpu: [],
};
const childGroupsOf = (id: string) => children[id] ?? [];

describe("group graphs", () => {
  it("lists every group below, each once", () => {
    expect(descendantGroups("all", childGroupsOf)).toEqual(["compute", "storage", "gpu"]);
    expect(descendantGroups("gpu", childGroupsOf)).toEqual([]);
  });

  it("refuses a child that would make a group contain itself", () => {
    expect(() => checkChildGroup("gpu", "all", childGroupsOf)).toThrow(InventoryError);
    expect(() => checkChildGroup("gpu", "all", childGroupsOf)).toThrow("gpu would then contain itself");
    expect(() => checkChildGroup("compute", "compute", childGroupsOf)).toThrow(InventoryError);
    expect(() => checkChildGroup("compute", "storage", childGroupsOf)).not.toThrow();
  });

  it("gathers hosts from the group, its labels and every group below, each once", () => {
    const hosts = groupHosts("all", {
      childGroupsOf,
      hostsOf: (id) => ({ all: ["h0"], compute: ["h1", "h2"], gpu: ["h2", "h3"] })[id] ?? [],
      labelsOf: (id) => ({ storage: ["ssd"] })[id] ?? [],
      hostsWithLabel: (label) => ({ ssd: ["h4", "h1"] })[label] ?? [],
    });
    expect(hosts.sort()).toEqual(["h0", "h1", "h2", "h3", "h4"]);
  });
});

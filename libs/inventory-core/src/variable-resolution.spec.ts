import { describe, expect, it } from "vitest";
import { resolveVariables, type VariableLayer } from "./variable-resolution.js";

const layer = (kind: VariableLayer["source"]["kind"], id: string, variables: Record<string, unknown>) => ({
  source: { kind, id },
  variables,
});

describe("variable resolution", () => {
  const host = layer("host", "h1", { role: "compute", ntp: { servers: ["host-ntp"] } });
  const chassis = layer("device", "c1", { rack: "r12", role: "chassis" });
  const cell = layer("cell", "cell1", { az: "az1", rack: "cell-rack" });
  const region = layer("region", "reg1", { ntp: { servers: ["region-ntp"], prefer: true }, dns: "10.0.0.2" });
  const cloud = layer("cloud", "cl1", { dns: "8.8.8.8", owner: "ops" });
  const project = layer("project", "p1", { owner: "nobody", env: "prod" });

  it("takes each key from the nearest object that has it, whole value, and says which", () => {
    const { values, blame } = resolveVariables([host, chassis, cell, region, cloud, project]);
    expect(values).toEqual({
      role: "compute",
      ntp: { servers: ["host-ntp"] }, // not merged with the region's
      rack: "r12",
      az: "az1",
      dns: "10.0.0.2",
      owner: "ops",
      env: "prod",
    });
    expect(blame).toEqual({
      role: host.source,
      ntp: host.source,
      rack: chassis.source,
      az: cell.source,
      dns: region.source,
      owner: cloud.source,
      env: project.source,
    });
  });

  it("keeps a value that is null or false (a key set is a key found)", () => {
    const { values, blame } = resolveVariables([
      layer("host", "h1", { enabled: false, note: null }),
      layer("region", "r1", { enabled: true, note: "x" }),
    ]);
    expect(values).toEqual({ enabled: false, note: null });
    expect(blame["note"]).toEqual({ kind: "host", id: "h1" });
  });

  it("treats __proto__ as a plain key", () => {
    const { values } = resolveVariables([layer("host", "h1", JSON.parse('{"__proto__": {"x": 1}}'))]);
    expect(Object.keys(values)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });
});

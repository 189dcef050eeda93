import { describe, expect, it } from "vitest";
import { SNAPSHOT } from "../test/inventory-fixture.js";
import {
  ansibleGroupName,
  ansibleInventory,
  deviceLayers,
  planAnsibleInventory,
} from "./ansible-inventory.js";
import { resolvedValues, resolveVariables } from "./variable-resolution.js";

describe("the Ansible inventory of a snapshot", () => {
  const inventory = ansibleInventory(SNAPSHOT);

  it("gives each host its resolved variables and ansible_host", () => {
    expect(inventory._meta.hostvars["compute1"]).toEqual({
      role: "compute",
      power: "pdu-9", // its own beats the chassis'
      rack: "r12", // from the chassis (its parent)
      az: "a",
      dns: "10.0.0.2",
      region_code: "N",
      owner: "cloud-team",
      env: "prod",
      ntp: ["pool.ntp.org"],
      ansible_host: "127.0.0.11",
    });
    expect(inventory._meta.hostvars["compute2"]?.["ntp"]).toEqual(["cell-ntp"]);
    expect(Object.keys(inventory._meta.hostvars).sort()).toEqual(["compute1", "compute2", "db1"]);
  });

  it("has region, cell, label and inventory groups", () => {
    expect(inventory["region_north"]).toEqual({ children: ["cell_north_a", "cell_north_b"] });
    expect(inventory["region_south_east"]).toEqual({ hosts: ["db1"] });
    expect(inventory["cell_north_a"]).toEqual({ hosts: ["compute1"] });
    expect(inventory["label_compute"]).toEqual({ hosts: ["compute1", "compute2"] });
    expect(inventory["label_gpu"]).toEqual({ hosts: ["compute1"] });
    expect(inventory["webfarm"]).toEqual({
      hosts: ["compute1"],
      children: ["databases"],
      vars: { http_port: 8080 },
    });
    expect(inventory["databases"]).toEqual({ hosts: ["db1"], vars: { db_engine: "postgresql" } });
  });

  it("keys hosts of the same name in two regions by name and region", () => {
    const twin = { ...SNAPSHOT.devices[3]!, id: "h4", regionId: "r1", cellId: "cell1" };
    const doubled = ansibleInventory({ ...SNAPSHOT, devices: [...SNAPSHOT.devices, twin] });
    expect(Object.keys(doubled._meta.hostvars).sort()).toEqual([
      "compute1",
      "compute2",
      "db1@north",
      "db1@south-east",
    ]);
  });

  it("makes group names Ansible accepts", () => {
    expect(ansibleGroupName("cell", "north-a.1 x")).toBe("cell_north_a_1_x");
    expect(ansibleGroupName("", "web-farm")).toBe("web_farm");
  });
});

describe("planAnsibleInventory's hostvarsJson", () => {
  it("writes exactly the resolved host variables as JSON, nearest layer first", () => {
    const plan = planAnsibleInventory(SNAPSHOT);
    expect(plan.hosts.length).toBeGreaterThan(1);
    for (const [, id] of plan.hosts) {
      const text = plan.hostvarsJson(id);
      expect(JSON.parse(text)).toEqual(plan.hostvars(id));
      expect(Object.keys(JSON.parse(text))).toEqual(
        Object.keys(resolveVariables(deviceLayers(SNAPSHOT, id)).values)
          .filter((k) => k !== "ansible_host")
          .concat(plan.hostvars(id)["ansible_host"] === undefined ? [] : ["ansible_host"]),
      );
    }
  });
});

describe("resolvedValues", () => {
  it("agrees with resolveVariables, a __proto__ key included", () => {
    const layers = [
      { source: { kind: "host" as const, id: "h" }, variables: JSON.parse('{"a":1,"__proto__":{"x":1}}') },
      { source: { kind: "region" as const, id: "r" }, variables: { a: 2, b: 3 } },
    ];
    const values = resolvedValues(layers);
    expect({ ...values }).toEqual(resolveVariables(layers).values);
    expect(Object.keys(values).sort()).toEqual(["__proto__", "a", "b"]);
    expect(Object.getPrototypeOf({ ...values })).toBe(Object.prototype);
  });
});

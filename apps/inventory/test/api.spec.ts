// The v1 API on a real SQLite database: resources, variables with inheritance and blame, labels,
// groups, pagination, filters, secrets, references, tenants, and bad input of every kind.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInventory, startTestInventory, type TestInventory } from "./inventory-app.js";

let inventory: TestInventory;

beforeAll(async () => {
  inventory = await startTestInventory();
  await seedInventory(inventory, 30);
});
afterAll(() => inventory?.close());

const call = (...args: Parameters<TestInventory["call"]>) => inventory.call(...args);

describe("creating", () => {
  it("answers 201 with Location and the object", async () => {
    const created = await call("POST", "/v1/clouds", { name: "cloud-new", note: "spare" });
    expect(created.status).toBe(201);
    expect(created.headers["location"]).toBe(`/v1/clouds/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: "cloud-new",
      note: "spare",
      project_id: "alpha",
      variables: {},
    });
    expect((await call("GET", created.headers["location"] as string)).body.name).toBe("cloud-new");
  });

  it.each([
    [
      "/v1/hosts",
      { name: "x", region_id: 1, ip_address: "10.0.0.1", device_type: "s", colour: "red" },
      "colour is not a field of a host",
    ],
    [
      "/v1/hosts",
      { name: "x", region_id: "1", ip_address: "10.0.0.1", device_type: "s" },
      "region_id must be a non-negative integer",
    ],
    [
      "/v1/hosts",
      { name: "x", region_id: 1, ip_address: "999.0.0.1", device_type: "s" },
      "ip_address must be an IPv4 or IPv6 address",
    ],
    ["/v1/hosts", { name: "x", region_id: 1, device_type: "s" }, "ip_address is required"],
    [
      "/v1/hosts",
      { name: "x", region_id: 1, ip_address: "10.0.0.1", device_type: "s", active: "yes" },
      "active must be true or false",
    ],
    [
      "/v1/hosts",
      { name: "x", region_id: 1, ip_address: "10.0.0.1", device_type: "s", labels: "db" },
      "labels must be a list",
    ],
    ["/v1/regions", { name: "r", cloud_id: 1, variables: [1] }, "variables must be a JSON object"],
    ["/v1/cells", { name: "", region_id: 1 }, "name must not be empty"],
    ["/v1/groups", { name: "g", hosts: ["a"] }, "hosts must be a list of ids"],
    ["/v1/clouds", [1, 2], "the body must be a JSON object"],
  ])("refuses a bad body for %s with 400 naming the field", async (url, body, message) => {
    const response = await call("POST", url, body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it("refuses malformed JSON with 400", async () => {
    const response = await call("POST", "/v1/clouds", '{"name": ');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain("JSON");
  });

  it("refuses unknown parents with 400 and duplicates with 409", async () => {
    const noRegion = await call("POST", "/v1/hosts", {
      name: "x",
      region_id: 77,
      ip_address: "10.0.0.1",
      device_type: "s",
    });
    expect(noRegion.status).toBe(400);
    expect(noRegion.body.error.message).toBe("region_id: region 77 does not exist");
    const otherRegionsCell = await call("POST", "/v1/regions", { name: "west", cloud_id: 1 });
    const misplaced = await call("POST", "/v1/hosts", {
      name: "x",
      region_id: otherRegionsCell.body.id,
      cell_id: 1,
      ip_address: "10.0.0.1",
      device_type: "s",
    });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.error.message).toContain("cell 1 is in region 1");
    const duplicate = await call("POST", "/v1/hosts", {
      name: "node1",
      region_id: 1,
      ip_address: "10.0.0.1",
      device_type: "s",
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("INV_ERR_DUPLICATE");
    expect((await call("POST", "/v1/groups", { name: "databases" })).status).toBe(409);
  });

  it("refuses cycles with 400", async () => {
    const parentCycle = await call("PUT", "/v1/network-devices/1", { parent_id: 2 });
    expect(parentCycle.status).toBe(400);
    expect(parentCycle.body.error.code).toBe("INV_ERR_PARENT_CYCLE");
    const groupCycle = await call("PUT", "/v1/groups/1", { children: [2] });
    expect(groupCycle.status).toBe(400);
    expect(groupCycle.body.error.code).toBe("INV_ERR_GROUP_CYCLE");
    const self = await call("PUT", "/v1/groups/1", { children: [1] });
    expect(self.status).toBe(400);
  });
});

describe("networks and interfaces", () => {
  it("create, check their parents and names, and filter", async () => {
    const network = await call("POST", "/v1/networks", {
      name: "mgmt",
      region_id: 1,
      cidr: "10.1.0.0/24",
      gateway: "10.1.0.254",
      netmask: "255.255.255.0",
    });
    expect(network.status).toBe(201);
    expect(network.body.cloud_id).toBe(1);
    expect((await call("POST", "/v1/networks", { name: "mgmt", region_id: 1 })).status).toBe(409);
    expect((await call("POST", "/v1/networks", { name: "x", region_id: 1, gateway: "10.1.0" })).status).toBe(
      400,
    );
    const nic = await call("POST", "/v1/network-interfaces", {
      name: "eth0",
      device_id: 2,
      network_id: network.body.id,
      interface_type: "ethernet",
      ip_address: "10.1.0.10",
      vlan_id: 100,
    });
    expect(nic.status).toBe(201);
    expect(
      (
        await call("POST", "/v1/network-interfaces", {
          name: "eth0",
          device_id: 2,
          interface_type: "ethernet",
          ip_address: "10.1.0.11",
        })
      ).status,
    ).toBe(409);
    const noNetwork = await call("POST", "/v1/network-interfaces", {
      name: "eth1",
      device_id: 2,
      network_id: 999,
      interface_type: "ethernet",
      ip_address: "10.1.0.12",
    });
    expect(noNetwork.status).toBe(400);
    expect(noNetwork.body.error.message).toBe("network_id: network 999 does not exist");
    expect(
      (
        await call("POST", "/v1/network-interfaces", {
          name: "eth1",
          device_id: 2,
          interface_type: "ethernet",
          ip_address: "10.1.0.12",
          port: -1,
        })
      ).status,
    ).toBe(400);
    expect((await call("PUT", `/v1/network-interfaces/${nic.body.id}`, { device_id: 3 })).status).toBe(400);
    const listed = await call("GET", "/v1/network-interfaces?device_id=2&vlan_id=100");
    expect(listed.body.network_interfaces.map((n: { name: string }) => n.name)).toEqual(["eth0"]);
    expect((await call("DELETE", `/v1/networks/${network.body.id}`)).status).toBe(409);
    expect((await call("DELETE", `/v1/network-interfaces/${nic.body.id}`)).status).toBe(204);
    expect((await call("DELETE", `/v1/networks/${network.body.id}`)).status).toBe(204);
  });
});

describe("the project", () => {
  it("carries variables every object inherits last, and refuses other projects and bad bodies", async () => {
    const project = await call("GET", "/v1/projects/alpha");
    expect(project.body.variables).toEqual({ dns: "project-dns", ntp: "project-ntp" });
    expect((await call("GET", "/v1/projects/beta")).status).toBe(404);
    expect((await call("PUT", "/v1/projects/alpha/variables", [1])).status).toBe(400);
    expect((await call("GET", "/v1/projects")).body.projects.map((p: { id: string }) => p.id)).toEqual([
      "alpha",
    ]);
  });
});

describe("reading", () => {
  it("resolves a host's variables along Craton's order, with blame", async () => {
    const host = await call("GET", "/v1/hosts/2/variables?blame=true");
    expect(host.status).toBe(200);
    expect(host.body.variables).toEqual({
      index: 1,
      role: "db",
      uplink: "sw1-up",
      rack_row: "A",
      ntp: "east-ntp",
      cloud_tier: "gold",
      dns: "project-dns",
    });
    expect(host.body.blame.uplink).toMatchObject({ kind: "network-device", id: "1", name: "sw1" });
    expect(host.body.blame.ntp).toMatchObject({ kind: "region", name: "east" });
    expect(host.body.blame.dns).toMatchObject({ kind: "project", id: "alpha" });
    const own = await call("GET", "/v1/hosts/2?resolved-values=false");
    expect(own.body.variables).toEqual({ index: 1, role: "db" });
    expect(own.body.labels).toEqual(["db"]);
  });

  it("merges and deletes variables", async () => {
    expect(
      (await call("PUT", "/v1/cells/2/variables", { rack_row: "B", power: [1, 2] })).body.variables,
    ).toEqual({ rack_row: "B", power: [1, 2] });
    expect((await call("PUT", "/v1/cells/2/variables", { power: { a: 1 } })).body.variables).toEqual({
      rack_row: "B",
      power: { a: 1 },
    });
    expect((await call("DELETE", "/v1/cells/2/variables", ["power", "absent"])).status).toBe(204);
    expect((await call("GET", "/v1/cells/2/variables?resolved-values=false")).body.variables).toEqual({
      rack_row: "B",
    });
    expect((await call("PUT", "/v1/cells/2/variables", "[1]")).status).toBe(400);
    expect((await call("DELETE", "/v1/cells/2/variables", { power: 1 })).status).toBe(400);
  });

  it("pages with limit, marker and links", async () => {
    const first = await call("GET", "/v1/hosts?limit=10&sort_keys=name");
    expect(first.status).toBe(200);
    expect(first.body.hosts).toHaveLength(10);
    const rels = first.body.links.map((link: { rel: string }) => link.rel);
    expect(rels).toEqual(["first", "self", "next"]);
    const next = new URL(first.body.links.at(-1).href);
    const second = await call("GET", `${next.pathname}${next.search}`);
    expect(second.body.hosts[0].name > first.body.hosts.at(-1).name).toBe(true);
    expect(second.body.links.map((link: { rel: string }) => link.rel)).toEqual([
      "first",
      "prev",
      "self",
      "next",
    ]);
    for (const bad of [
      "limit=5",
      "limit=101",
      "limit=x",
      "marker=abc",
      "sort_keys=colour",
      "sort_dir=up",
      "bogus=1",
      "marker=999999",
    ])
      expect((await call("GET", `/v1/hosts?${bad}`)).status, bad).toBe(400);
  });

  it("filters by fields, label, group and vars", async () => {
    const names = async (query: string) => {
      const response = await call("GET", `/v1/hosts?limit=100&${query}`);
      expect(response.status, query).toBe(200);
      return response.body.hosts.map((host: { name: string }) => host.name).sort();
    };
    expect(await names("label=db")).toEqual(["node1", "node2"]);
    expect(await names("cell_id=2&label=db")).toEqual(["node2"]);
    expect(await names("name=node7")).toEqual(["node7"]);
    expect(await names("group=databases")).toEqual(["node1", "node2"]);
    expect((await names("group=everything")).length).toBe(2);
    expect(await names('vars=role:"db"')).toEqual(["node1", "node2"]);
    expect(await names("vars=index:30")).toEqual(["node30"]);
    const badPath = await call("GET", "/v1/hosts?vars=role..x:1");
    expect(badPath.status).toBe(400);
    expect(badPath.body.error.code).toBe("INV_ERR_VARS_QUERY");
    expect((await call("GET", "/v1/hosts?active=maybe")).status).toBe(400);
    const details = await call("GET", "/v1/hosts?label=db&details=true");
    expect(details.body.hosts[0].variables.dns).toBe("project-dns");
    expect(details.body.hosts[0].labels).toEqual(["db"]);
  });

  it("replaces and removes labels", async () => {
    expect((await call("PUT", "/v1/hosts/5/labels", { labels: ["web", "edge"] })).body.labels).toEqual([
      "edge",
      "web",
    ]);
    expect((await call("DELETE", "/v1/hosts/5/labels", { labels: ["edge"] })).status).toBe(204);
    expect((await call("GET", "/v1/hosts/5/labels")).body.labels).toEqual(["web"]);
    expect((await call("PUT", "/v1/hosts/5/labels", { labels: [""] })).status).toBe(400);
  });

  it("lists both kinds under /v1/devices and keeps it read-only", async () => {
    const devices = await call("GET", "/v1/devices?limit=100");
    expect(devices.body.devices.map((d: { type: string }) => d.type)).toContain("network-device");
    expect((await call("POST", "/v1/devices", { name: "x" })).status).toBe(404);
  });

  it("keeps projects apart", async () => {
    expect((await call("GET", "/v1/hosts/2", undefined, "beta")).status).toBe(404);
    expect((await call("GET", "/v1/hosts", undefined, "beta")).body.hosts).toEqual([]);
    expect((await call("GET", "/v1/tenants", undefined, "beta")).body.tenants).toEqual([
      { id: "beta", name: "beta" },
    ]);
    expect(
      (await call("GET", "/v1/regions/alpha")).body.regions.map((r: { name: string }) => r.name),
    ).toContain("east");
    expect((await call("GET", "/v1/regions/alpha", undefined, "beta")).status).toBe(404);
    expect((await call("GET", "/v1/hosts", undefined, "bad project!")).status).toBe(400);
  });
});

describe("deleting", () => {
  it("refuses to delete what has children, then deletes leaves with their variables", async () => {
    const inUse = await call("DELETE", "/v1/cells/1");
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain("still has");
    const host = await call("POST", "/v1/hosts", {
      name: "temp",
      region_id: 1,
      ip_address: "10.9.9.9",
      device_type: "s",
      variables: { a: 1 },
    });
    expect((await call("DELETE", `/v1/hosts/${host.body.id}`)).status).toBe(204);
    expect((await call("GET", `/v1/hosts/${host.body.id}`)).status).toBe(404);
    expect((await call("DELETE", "/v1/hosts/abc")).status).toBe(404);
  });
});

describe("secrets", () => {
  it("stores sealed values, lists them without values, and reveals on request", async () => {
    const created = await call("POST", "/v1/secrets", {
      owner_type: "hosts",
      owner_id: 2,
      name: "ssh_key",
      value: "PRIVATE KEY",
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain("PRIVATE");
    const list = await call("GET", "/v1/secrets");
    expect(JSON.stringify(list.body)).not.toContain("PRIVATE");
    expect(list.body.secrets).toHaveLength(1);
    const value = await call("GET", `/v1/secrets/${created.body.id}/value`);
    expect(value.body.value).toBe("PRIVATE KEY");
    expect((await call("GET", `/v1/secrets/${created.body.id}/value`, undefined, "beta")).status).toBe(404);
    expect(
      (await call("POST", "/v1/secrets", { owner_type: "hosts", owner_id: 2, name: "ssh_key", value: "x" }))
        .status,
    ).toBe(409);
    expect(
      (await call("POST", "/v1/secrets", { owner_type: "cells", owner_id: 1, name: "x", value: "x" })).status,
    ).toBe(400);
    expect(
      (await call("POST", "/v1/secrets", { owner_type: "hosts", owner_id: 999, name: "x", value: "x" }))
        .status,
    ).toBe(400);
    expect(
      (await call("POST", "/v1/secrets", { owner_type: "hosts", owner_id: 2, name: "../x", value: "x" }))
        .status,
    ).toBe(400);
  });
});

describe("references", () => {
  it("fetch YAML group variables that the group then carries under its own", async () => {
    mkdirSync(inventory.referenceRoot, { recursive: true });
    const file = join(inventory.referenceRoot, "db.yml");
    writeFileSync(file, "backup_window: '02:00'\ngroup_var: from-file\n");
    const created = await call("POST", "/v1/references", {
      name: "db-file",
      group_id: 1,
      url: pathToFileURL(file).href,
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("ok");
    const vars = await call("GET", "/v1/groups/1/variables");
    expect(vars.body.variables).toEqual({ group_var: "from-databases", backup_window: "02:00" });
    const unreachable = await call("POST", "/v1/references", {
      name: "web",
      group_id: 1,
      url: "http://127.0.0.1:9/vars.yml",
    });
    expect(unreachable.status).toBe(201);
    expect(unreachable.body.status).toBe("error");
    expect((await call("POST", "/v1/references", { name: "x", group_id: 1, url: "ftp://x/y" })).status).toBe(
      400,
    );
    expect(
      (await call("POST", "/v1/references", { name: "x", group_id: 99, url: "http://x/y" })).status,
    ).toBe(400);
  });
});

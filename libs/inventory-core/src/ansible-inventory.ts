// An inventory snapshot as Ansible's dynamic-inventory JSON (what a `--list` script prints):
// `_meta.hostvars` with every host's resolved variables and `ansible_host` set to its IP; one
// group per region (its cells as children, its hosts outside any cell as hosts), per cell, per
// label (`label_<label>`) and per inventory group (its hosts, those of its labels, its child
// groups as children, its variables as the group's vars). Hosts are keyed by name; a name used in
// two regions is keyed `<name>@<region>` for both.
import { ancestorsOf } from "./device-ancestry.js";
import { groupHosts } from "./group-graph.js";
import { resolveVariables, type VariableLayer } from "./variable-resolution.js";

type Variables = Readonly<Record<string, unknown>>;

export interface InventorySnapshot {
  readonly project: { readonly id: string; readonly variables: Variables };
  readonly clouds: readonly { readonly id: string; readonly name: string; readonly variables: Variables }[];
  readonly regions: readonly {
    readonly id: string;
    readonly name: string;
    readonly cloudId: string;
    readonly variables: Variables;
  }[];
  readonly cells: readonly {
    readonly id: string;
    readonly name: string;
    readonly regionId: string;
    readonly variables: Variables;
  }[];
  /** Hosts and network devices (only hosts become Ansible hosts; devices are parents). */
  readonly devices: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: "host" | "network-device";
    readonly regionId: string;
    readonly cellId: string | null;
    readonly parentId: string | null;
    readonly ipAddress: string | null;
    readonly labels: readonly string[];
    readonly variables: Variables;
  }[];
  readonly groups: readonly {
    readonly id: string;
    readonly name: string;
    readonly variables: Variables;
    readonly hostIds: readonly string[];
    readonly labels: readonly string[];
    readonly childGroupIds: readonly string[];
  }[];
}

export interface AnsibleGroup {
  hosts?: string[];
  children?: string[];
  vars?: Record<string, unknown>;
}

export type AnsibleInventoryJson = Record<string, AnsibleGroup> & {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
};

/** An Ansible group name: letters, digits and underscores (Ansible warns about anything else). */
export function ansibleGroupName(prefix: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, "_");
  return prefix === "" ? safe : `${prefix}_${safe}`;
}

/** The resolution order of a device: itself, its parents, its cell, region, cloud, project. */
export function deviceLayers(snapshot: InventorySnapshot, deviceId: string): VariableLayer[] {
  const devices = new Map(snapshot.devices.map((device) => [device.id, device]));
  const device = devices.get(deviceId);
  if (device === undefined) return [];
  const layers: VariableLayer[] = [];
  const layerOf = (d: InventorySnapshot["devices"][number]): VariableLayer => ({
    source: { kind: d.kind === "host" ? "host" : "network-device", id: d.id, name: d.name },
    variables: d.variables,
  });
  layers.push(layerOf(device));
  for (const parentId of ancestorsOf(deviceId, (id) => devices.get(id)?.parentId)) {
    const parent = devices.get(parentId);
    if (parent !== undefined) layers.push(layerOf(parent));
  }
  const cell = snapshot.cells.find((candidate) => candidate.id === device.cellId);
  if (cell !== undefined)
    layers.push({ source: { kind: "cell", id: cell.id, name: cell.name }, variables: cell.variables });
  const region = snapshot.regions.find((candidate) => candidate.id === device.regionId);
  if (region !== undefined) {
    layers.push({
      source: { kind: "region", id: region.id, name: region.name },
      variables: region.variables,
    });
    const cloud = snapshot.clouds.find((candidate) => candidate.id === region.cloudId);
    if (cloud !== undefined)
      layers.push({ source: { kind: "cloud", id: cloud.id, name: cloud.name }, variables: cloud.variables });
  }
  layers.push({
    source: { kind: "project", id: snapshot.project.id },
    variables: snapshot.project.variables,
  });
  return layers;
}

/** The snapshot as Ansible's dynamic inventory. */
export function ansibleInventory(snapshot: InventorySnapshot): AnsibleInventoryJson {
  const hosts = snapshot.devices.filter((device) => device.kind === "host");
  const regionName = new Map(snapshot.regions.map((region) => [region.id, region.name]));
  const nameCount = new Map<string, number>();
  for (const host of hosts) nameCount.set(host.name, (nameCount.get(host.name) ?? 0) + 1);
  const hostKey = new Map(
    hosts.map((host) => [
      host.id,
      (nameCount.get(host.name) ?? 0) > 1
        ? `${host.name}@${regionName.get(host.regionId) ?? host.regionId}`
        : host.name,
    ]),
  );
  const inventory: AnsibleInventoryJson = { _meta: { hostvars: {} } } as AnsibleInventoryJson;
  const group = (name: string): AnsibleGroup => (inventory[name] ??= {});
  const addHost = (groupName: string, key: string) => (group(groupName).hosts ??= []).push(key);

  for (const host of [...hosts].sort((a, b) => hostKey.get(a.id)!.localeCompare(hostKey.get(b.id)!))) {
    const key = hostKey.get(host.id)!;
    const { values } = resolveVariables(deviceLayers(snapshot, host.id));
    inventory._meta.hostvars[key] = {
      ...values,
      ...(host.ipAddress ? { ansible_host: host.ipAddress } : {}),
    };
    const cell = snapshot.cells.find((candidate) => candidate.id === host.cellId);
    if (cell !== undefined) addHost(ansibleGroupName("cell", cell.name), key);
    else addHost(ansibleGroupName("region", regionName.get(host.regionId) ?? host.regionId), key);
    for (const label of [...host.labels].sort()) addHost(ansibleGroupName("label", label), key);
  }
  for (const region of snapshot.regions) {
    const children = snapshot.cells
      .filter(
        (cell) => cell.regionId === region.id && inventory[ansibleGroupName("cell", cell.name)] !== undefined,
      )
      .map((cell) => ansibleGroupName("cell", cell.name))
      .sort();
    if (children.length > 0) group(ansibleGroupName("region", region.name)).children = children;
  }

  const groupsById = new Map(snapshot.groups.map((g) => [g.id, g]));
  const hostsWithLabel = (label: string) =>
    hosts.filter((host) => host.labels.includes(label)).map((h) => h.id);
  for (const inventoryGroup of snapshot.groups) {
    const entry = group(ansibleGroupName("", inventoryGroup.name));
    // Direct members only: Ansible adds the children's hosts itself.
    const direct = groupHosts(inventoryGroup.id, {
      childGroupsOf: () => [],
      hostsOf: (id) => groupsById.get(id)?.hostIds ?? [],
      labelsOf: (id) => groupsById.get(id)?.labels ?? [],
      hostsWithLabel,
    })
      .map((id) => hostKey.get(id))
      .filter((key): key is string => key !== undefined)
      .sort();
    if (direct.length > 0) entry.hosts = direct;
    const children = inventoryGroup.childGroupIds
      .map((id) => groupsById.get(id)?.name)
      .filter((name): name is string => name !== undefined)
      .map((name) => ansibleGroupName("", name))
      .sort();
    if (children.length > 0) entry.children = children;
    if (Object.keys(inventoryGroup.variables).length > 0) entry.vars = { ...inventoryGroup.variables };
  }
  return inventory;
}

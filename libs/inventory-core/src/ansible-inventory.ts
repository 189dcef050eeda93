// An inventory snapshot as Ansible's dynamic-inventory JSON (what a `--list` script prints):
// `_meta.hostvars` with every host's resolved variables and `ansible_host` set to its IP; one
// group per region (its cells as children, its hosts outside any cell as hosts), per cell, per
// label (`label_<label>`) and per inventory group (its hosts, those of its labels, its child
// groups as children, its variables as the group's vars). Hosts are keyed by name; a name used in
// two regions is keyed `<name>@<region>` for both.
import { ancestorsOf } from "./device-ancestry.js";
import { groupHosts } from "./group-graph.js";
import { resolvedValues, type VariableLayer } from "./variable-resolution.js";

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

/** Lookups by id over a snapshot, built once for many resolutions. */
export interface SnapshotIndex {
  readonly devices: ReadonlyMap<string, InventorySnapshot["devices"][number]>;
  readonly cells: ReadonlyMap<string, InventorySnapshot["cells"][number]>;
  readonly regions: ReadonlyMap<string, InventorySnapshot["regions"][number]>;
  readonly clouds: ReadonlyMap<string, InventorySnapshot["clouds"][number]>;
}

export function indexSnapshot(snapshot: InventorySnapshot): SnapshotIndex {
  const byId = <T extends { id: string }>(items: readonly T[]) =>
    new Map(items.map((item) => [item.id, item]));
  return {
    devices: byId(snapshot.devices),
    cells: byId(snapshot.cells),
    regions: byId(snapshot.regions),
    clouds: byId(snapshot.clouds),
  };
}

/** The resolution order of a device: itself, its parents, its cell, region, cloud, project. */
export function deviceLayers(
  snapshot: InventorySnapshot,
  deviceId: string,
  index: SnapshotIndex = indexSnapshot(snapshot),
): VariableLayer[] {
  const device = index.devices.get(deviceId);
  if (device === undefined) return [];
  const layers: VariableLayer[] = [];
  const layerOf = (d: InventorySnapshot["devices"][number]): VariableLayer => ({
    source: { kind: d.kind === "host" ? "host" : "network-device", id: d.id, name: d.name },
    variables: d.variables,
  });
  layers.push(layerOf(device));
  for (const parentId of ancestorsOf(deviceId, (id) => index.devices.get(id)?.parentId)) {
    const parent = index.devices.get(parentId);
    if (parent !== undefined) layers.push(layerOf(parent));
  }
  const cell = device.cellId === null ? undefined : index.cells.get(device.cellId);
  if (cell !== undefined)
    layers.push({ source: { kind: "cell", id: cell.id, name: cell.name }, variables: cell.variables });
  const region = index.regions.get(device.regionId);
  if (region !== undefined) {
    layers.push({
      source: { kind: "region", id: region.id, name: region.name },
      variables: region.variables,
    });
    const cloud = index.clouds.get(region.cloudId);
    if (cloud !== undefined)
      layers.push({ source: { kind: "cloud", id: cloud.id, name: cloud.name }, variables: cloud.variables });
  }
  layers.push({
    source: { kind: "project", id: snapshot.project.id },
    variables: snapshot.project.variables,
  });
  return layers;
}

/**
 * An inventory in two parts: its groups, computed at once (they are small), and each host's
 * variables, resolved only when asked, so that a large inventory can be written out host by host.
 */
export interface AnsibleInventoryPlan {
  readonly groups: Record<string, AnsibleGroup>;
  /** Every host, in output order: its inventory key and its device id. */
  readonly hosts: ReadonlyArray<readonly [key: string, deviceId: string]>;
  /** A host's resolved variables with `ansible_host` set to its IP. */
  hostvars(deviceId: string): Record<string, unknown>;
  /** The same as JSON text, built from each shared layer's keys serialized once. */
  hostvarsJson(deviceId: string): string;
}

/** `"key":value` of every variable of a layer, serialized once however many hosts share it. */
type Fragments = ReadonlyArray<readonly [key: string, json: string]>;

function serialize(variables: Readonly<Record<string, unknown>>): Fragments {
  return Object.entries(variables).map(
    ([key, value]) => [key, `${JSON.stringify(key)}:${JSON.stringify(value)}`] as const,
  );
}

function fragmentCache(): (variables: Readonly<Record<string, unknown>>) => Fragments {
  const cache = new WeakMap<object, Fragments>();
  return (variables) => {
    let fragments = cache.get(variables);
    if (fragments === undefined) {
      fragments = serialize(variables);
      cache.set(variables, fragments);
    }
    return fragments;
  };
}

/** Plans the snapshot's Ansible inventory (see {@link AnsibleInventoryPlan}). */
export function planAnsibleInventory(snapshot: InventorySnapshot): AnsibleInventoryPlan {
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
  const index = indexSnapshot(snapshot);
  const groups: Record<string, AnsibleGroup> = {};
  const group = (name: string): AnsibleGroup => (groups[name] ??= {});
  const addHost = (groupName: string, key: string) => (group(groupName).hosts ??= []).push(key);

  const byKey = (a: { id: string }, b: { id: string }) => {
    const x = hostKey.get(a.id)!;
    const y = hostKey.get(b.id)!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const ordered = [...hosts].sort(byKey);
  for (const host of ordered) {
    const key = hostKey.get(host.id)!;
    const cell = host.cellId === null ? undefined : index.cells.get(host.cellId);
    if (cell !== undefined) addHost(ansibleGroupName("cell", cell.name), key);
    else addHost(ansibleGroupName("region", regionName.get(host.regionId) ?? host.regionId), key);
    for (const label of [...host.labels].sort()) addHost(ansibleGroupName("label", label), key);
  }
  for (const region of snapshot.regions) {
    const children = snapshot.cells
      .filter(
        (cell) => cell.regionId === region.id && groups[ansibleGroupName("cell", cell.name)] !== undefined,
      )
      .map((cell) => ansibleGroupName("cell", cell.name))
      .sort();
    if (children.length > 0) group(ansibleGroupName("region", region.name)).children = children;
  }

  const groupsById = new Map(snapshot.groups.map((g) => [g.id, g]));
  const labelled = new Map<string, string[]>();
  for (const host of hosts)
    for (const label of host.labels) {
      const list = labelled.get(label);
      if (list === undefined) labelled.set(label, [host.id]);
      else list.push(host.id);
    }
  const hostsWithLabel = (label: string) => labelled.get(label) ?? [];
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
  const fragmentsOf = fragmentCache();
  return {
    groups,
    hosts: ordered.map((host) => [hostKey.get(host.id)!, host.id] as const),
    hostvarsJson(deviceId) {
      const device = index.devices.get(deviceId);
      const seen = new Set<string>();
      if (device?.ipAddress) seen.add("ansible_host");
      const parts: string[] = [];
      for (const layer of deviceLayers(snapshot, deviceId, index)) {
        // The host's own variables serve once: they are not worth caching.
        const fragments =
          layer.variables === device?.variables ? serialize(layer.variables) : fragmentsOf(layer.variables);
        for (const [key, json] of fragments) {
          if (seen.has(key)) continue;
          seen.add(key);
          parts.push(json);
        }
      }
      if (device?.ipAddress) parts.push(`"ansible_host":${JSON.stringify(device.ipAddress)}`);
      return `{${parts.join(",")}}`;
    },
    hostvars(deviceId) {
      const device = index.devices.get(deviceId);
      const values = resolvedValues(deviceLayers(snapshot, deviceId, index));
      return device?.ipAddress ? { ...values, ansible_host: device.ipAddress } : { ...values };
    },
  };
}

/** The snapshot as Ansible's dynamic inventory, whole. */
export function ansibleInventory(snapshot: InventorySnapshot): AnsibleInventoryJson {
  const plan = planAnsibleInventory(snapshot);
  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const [key, id] of plan.hosts) hostvars[key] = plan.hostvars(id);
  return { _meta: { hostvars }, ...plan.groups } as AnsibleInventoryJson;
}

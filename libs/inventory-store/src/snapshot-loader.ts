// Reads a project's inventory into the pure InventorySnapshot that libs/inventory-core resolves
// variables over and turns into Ansible's inventory: the whole project (hosts narrowed by region,
// cell, label, group or vars), or a few devices with the parents they inherit from.
import {
  groupHosts,
  InventoryError,
  matchesVars,
  type InventorySnapshot,
  type VarsCondition,
} from "@ops/inventory-core";
import type { InventoryClient } from "./inventory-client.js";
import type { ReferenceRepository } from "./reference-repository.js";
import type { Variables, VariableSets } from "./variable-sets.js";

type Snapshot = { -readonly [K in keyof InventorySnapshot]: InventorySnapshot[K] };
type SnapshotDevice = InventorySnapshot["devices"][number];
type DeviceRow = {
  id: number;
  kind: string;
  name: string;
  regionId: number;
  cellId: number | null;
  parentId: number | null;
  ipAddress: string;
};

/** Which hosts an inventory holds (all of the project's when nothing is set). */
export interface HostSelection {
  readonly regionId?: number;
  readonly cellId?: number;
  readonly label?: string;
  /** A group's id or name: its hosts, through labels and subgroups too. */
  readonly group?: string;
  /** Conditions on a host's own variables. */
  readonly vars?: readonly VarsCondition[];
  /** Only these devices (with their parents). */
  readonly deviceIds?: readonly number[];
}

const DEVICE_COLUMNS = {
  id: true,
  kind: true,
  name: true,
  regionId: true,
  cellId: true,
  parentId: true,
  ipAddress: true,
} as const;

export class SnapshotLoader {
  constructor(
    private readonly client: InventoryClient,
    private readonly variables: VariableSets,
    private readonly references: ReferenceRepository,
  ) {}

  async load(projectId: string, selection: HostSelection = {}): Promise<InventorySnapshot> {
    const db = this.client;
    const whole = selection.deviceIds === undefined;
    const [clouds, regions, cells, groups, deviceRows] = await Promise.all([
      db.cloud.findMany({ where: { projectId }, select: { id: true, name: true } }),
      db.region.findMany({ where: { projectId }, select: { id: true, name: true, cloudId: true } }),
      db.cell.findMany({ where: { projectId }, select: { id: true, name: true, regionId: true } }),
      whole
        ? db.group.findMany({ where: { projectId }, select: { id: true, name: true } })
        : Promise.resolve([]),
      whole
        ? db.device.findMany({ where: { projectId }, select: DEVICE_COLUMNS, orderBy: { id: "asc" } })
        : this.devicesWithParents(projectId, selection.deviceIds!),
    ]);
    const deviceIds = deviceRows.map((row) => row.id);
    const [projectVars, cloudVars, regionVars, cellVars, deviceVars, groupVars, labels] = await Promise.all([
      this.variables.of("projects", projectId),
      this.variables.ofKind(projectId, "clouds"),
      this.variables.ofKind(projectId, "regions"),
      this.variables.ofKind(projectId, "cells"),
      whole ? this.variables.ofKind(projectId, "devices") : this.variables.ofMany("devices", deviceIds),
      whole ? this.variables.ofKind(projectId, "groups") : Promise.resolve(new Map<string, Variables>()),
      whole
        ? db.label.findMany({ where: { projectId }, select: { deviceId: true, label: true } })
        : db.label.findMany({
            where: { deviceId: { in: deviceIds } },
            select: { deviceId: true, label: true },
          }),
    ]);
    const labelsOf = new Map<number, string[]>();
    for (const row of labels) {
      const list = labelsOf.get(row.deviceId);
      if (list === undefined) labelsOf.set(row.deviceId, [row.label]);
      else list.push(row.label);
    }
    const members = whole ? await this.groupMembers(groups.map((g) => g.id)) : undefined;
    const referenced = whole
      ? await this.references.variablesByGroup(projectId)
      : new Map<number, Variables>();

    const snapshot: Snapshot = {
      project: { id: projectId, variables: projectVars },
      clouds: clouds.map((c) => ({
        id: String(c.id),
        name: c.name,
        variables: cloudVars.get(String(c.id)) ?? {},
      })),
      regions: regions.map((r) => ({
        id: String(r.id),
        name: r.name,
        cloudId: String(r.cloudId),
        variables: regionVars.get(String(r.id)) ?? {},
      })),
      cells: cells.map((c) => ({
        id: String(c.id),
        name: c.name,
        regionId: String(c.regionId),
        variables: cellVars.get(String(c.id)) ?? {},
      })),
      devices: deviceRows.map((row): SnapshotDevice => ({
        id: String(row.id),
        name: row.name,
        kind: row.kind === "host" ? "host" : "network-device",
        regionId: String(row.regionId),
        cellId: row.cellId === null ? null : String(row.cellId),
        parentId: row.parentId === null ? null : String(row.parentId),
        ipAddress: row.ipAddress,
        labels: labelsOf.get(row.id) ?? [],
        variables: deviceVars.get(String(row.id)) ?? {},
      })),
      groups: groups.map((g) => {
        const m = members!.get(g.id)!;
        // The group's own variables win over those of its referenced files.
        return {
          id: String(g.id),
          name: g.name,
          variables: { ...(referenced.get(g.id) ?? {}), ...(groupVars.get(String(g.id)) ?? {}) },
          hostIds: m.hosts.map(String),
          labels: m.labels,
          childGroupIds: m.children.map(String),
        };
      }),
    };
    return whole ? narrowHosts(snapshot, selection) : snapshot;
  }

  /** The devices and, transitively, their parents. */
  private async devicesWithParents(projectId: string, ids: readonly number[]): Promise<DeviceRow[]> {
    const found = new Map<number, DeviceRow>();
    let wanted = [...new Set(ids)];
    while (wanted.length > 0) {
      const rows = await this.client.device.findMany({
        where: { projectId, id: { in: wanted } },
        select: DEVICE_COLUMNS,
      });
      for (const row of rows) found.set(row.id, row);
      wanted = rows.map((row) => row.parentId).filter((id): id is number => id !== null && !found.has(id));
    }
    return [...found.values()].sort((a, b) => a.id - b.id);
  }

  private async groupMembers(groupIds: readonly number[]) {
    const [hosts, labels, children] = await Promise.all([
      this.client.groupHost.findMany({ where: { groupId: { in: [...groupIds] } } }),
      this.client.groupLabel.findMany({ where: { groupId: { in: [...groupIds] } } }),
      this.client.groupChild.findMany({ where: { parentId: { in: [...groupIds] } } }),
    ]);
    const members = new Map(
      groupIds.map((id) => [id, { hosts: [] as number[], labels: [] as string[], children: [] as number[] }]),
    );
    for (const row of hosts) members.get(row.groupId)?.hosts.push(row.deviceId);
    for (const row of labels) members.get(row.groupId)?.labels.push(row.label);
    for (const row of children) members.get(row.parentId)?.children.push(row.childId);
    return members;
  }
}

/** Keeps the hosts that match the selection (every network device stays: hosts inherit from them). */
function narrowHosts(snapshot: Snapshot, selection: HostSelection): Snapshot {
  const { regionId, cellId, label, group, vars } = selection;
  if ([regionId, cellId, label, group, vars].every((value) => value === undefined)) return snapshot;
  let groupMembers: Set<string> | undefined;
  if (group !== undefined) {
    const found = snapshot.groups.find((g) => g.id === group || g.name === group);
    if (found === undefined)
      throw new InventoryError("INV_ERR_BAD_REQUEST", `group: no group has the id or name ${group}`, {
        parameter: "group",
      });
    const byId = new Map(snapshot.groups.map((g) => [g.id, g]));
    const withLabel = new Map<string, string[]>();
    for (const device of snapshot.devices)
      for (const l of device.labels) (withLabel.get(l) ?? withLabel.set(l, []).get(l)!).push(device.id);
    groupMembers = new Set(
      groupHosts(found.id, {
        childGroupsOf: (id) => byId.get(id)?.childGroupIds ?? [],
        hostsOf: (id) => byId.get(id)?.hostIds ?? [],
        labelsOf: (id) => byId.get(id)?.labels ?? [],
        hostsWithLabel: (l) => withLabel.get(l) ?? [],
      }),
    );
  }
  const keep = (device: SnapshotDevice) =>
    device.kind !== "host" ||
    ((regionId === undefined || device.regionId === String(regionId)) &&
      (cellId === undefined || device.cellId === String(cellId)) &&
      (label === undefined || device.labels.includes(label)) &&
      (groupMembers === undefined || groupMembers.has(device.id)) &&
      (vars === undefined || matchesVars(device.variables, vars)));
  return { ...snapshot, devices: snapshot.devices.filter(keep) };
}

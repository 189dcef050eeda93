// The variables a read shows: an object's own, or resolved along Craton's order (a device: itself,
// its parent devices, cell, region, cloud, project; a cell: itself, region, cloud, project; and so
// on), with `blame` naming the object that supplied each resolved key.
import {
  deviceLayers,
  resolveVariables,
  type ResolvedVariables,
  type VariableLayer,
} from "@ops/inventory-core";
import type { InventoryStore, ResourceSpec } from "@ops/inventory-store";

type Row = Record<string, unknown> & { id: number };

/** Resolved variables of devices, by id (one snapshot for all of them). */
export async function resolveDevices(
  store: InventoryStore,
  projectId: string,
  ids: readonly number[],
): Promise<Map<number, ResolvedVariables>> {
  const snapshot = await store.snapshots.load(projectId, { deviceIds: ids });
  return new Map(ids.map((id) => [id, resolveVariables(deviceLayers(snapshot, String(id)))]));
}

/** The layers above an object that is not a device (nearest first, the object itself included). */
async function layersOf(store: InventoryStore, projectId: string, spec: ResourceSpec, row: Row) {
  const db = store.client;
  const sets = store.variables;
  const layers: VariableLayer[] = [];
  const push = async (
    kind: VariableLayer["source"]["kind"],
    owner: Parameters<typeof sets.of>[0],
    id: number | string,
    name?: string,
  ) =>
    layers.push({
      source: { kind, id: String(id), ...(name ? { name } : {}) },
      variables: await sets.of(owner, id),
    });
  const kindOf: Record<string, VariableLayer["source"]["kind"]> = {
    cloud: "cloud",
    region: "region",
    cell: "cell",
    network: "network",
    networkInterface: "network-interface",
    group: "group",
  };
  await push(kindOf[spec.model]!, spec.owner, row.id, row["name"] as string);
  if (spec.model === "group") {
    const referenced = (await store.references.variablesByGroup(projectId)).get(row.id);
    if (referenced) layers.push({ source: { kind: "reference", id: String(row.id) }, variables: referenced });
  }
  if (spec.model === "networkInterface" || spec.model === "group") return layers;
  if (spec.model === "cell") {
    const region = await db.region.findUnique({ where: { id: row["regionId"] as number } });
    if (region) await push("region", "regions", region.id, region.name);
  }
  if (spec.model === "network") {
    if (row["cellId"] != null) {
      const cell = await db.cell.findUnique({ where: { id: row["cellId"] as number } });
      if (cell) await push("cell", "cells", cell.id, cell.name);
    }
    const region = await db.region.findUnique({ where: { id: row["regionId"] as number } });
    if (region) await push("region", "regions", region.id, region.name);
  }
  if (spec.model !== "cloud") {
    const cloud = await db.cloud.findUnique({ where: { id: row["cloudId"] as number } });
    if (cloud) await push("cloud", "clouds", cloud.id, cloud.name);
  }
  await push("project", "projects", projectId);
  return layers;
}

/** An object's variables: resolved (with blame) or its own. */
export async function variablesOf(
  store: InventoryStore,
  projectId: string,
  spec: ResourceSpec,
  row: Row,
  resolved: boolean,
): Promise<ResolvedVariables> {
  if (!resolved) {
    const own = await store.variables.of(spec.owner, row.id);
    const source = {
      kind: spec.model === "device" ? (row["kind"] as "host") : ("group" as const),
      id: String(row.id),
    };
    return { values: own, blame: Object.fromEntries(Object.keys(own).map((key) => [key, source])) };
  }
  if (spec.model === "device") return (await resolveDevices(store, projectId, [row.id])).get(row.id)!;
  return resolveVariables(await layersOf(store, projectId, spec, row));
}

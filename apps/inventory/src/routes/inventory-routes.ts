// The inventory as Ansible sees it (/v1/ansible-inventory, /v1/inventory/{region}.tgz|.zip and
// /v1/inventory/hosts/{id}.tgz|.zip) and the original design's tenant routes (/v1/tenants,
// /v1/regions/{tenant_id}).
import {
  planAnsibleInventory,
  InventoryError,
  parseVarsQuery,
  type InventorySnapshot,
} from "@ops/inventory-core";
import type { HostSelection, InventoryStore } from "@ops/inventory-store";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { inventoryJsonStream } from "../inventory-json.js";
import { safeFileName, streamBundle, type BundleFormat, type BundleSecret } from "../inventory-bundle.js";
import { readFlag, readId, readOptionalId, readQuery, type Query } from "./query.js";

const SELECTION = ["region_id", "cell_id", "group", "label", "vars"];

function readSelection(query: Query): HostSelection {
  const regionId = readOptionalId(query, "region_id");
  const cellId = readOptionalId(query, "cell_id");
  return {
    ...(regionId !== undefined ? { regionId } : {}),
    ...(cellId !== undefined ? { cellId } : {}),
    ...(query["group"] !== undefined ? { group: query["group"] } : {}),
    ...(query["label"] !== undefined ? { label: query["label"] } : {}),
    ...(query["vars"] !== undefined ? { vars: parseVarsQuery(query["vars"]) } : {}),
  };
}

/** The secrets of the hosts, groups and regions in a snapshot, opened one at a time. */
async function* secretsOf(
  store: InventoryStore,
  projectId: string,
  snapshot: InventorySnapshot,
): AsyncIterable<BundleSecret> {
  if (store.secrets === undefined) return;
  const hosts = new Map(snapshot.devices.filter((d) => d.kind === "host").map((d) => [d.id, d.name]));
  const groups = new Map(snapshot.groups.map((g) => [g.id, g.name]));
  const regionIds = new Set(snapshot.devices.filter((d) => d.kind === "host").map((d) => d.regionId));
  const regions = new Map(snapshot.regions.filter((r) => regionIds.has(r.id)).map((r) => [r.id, r.name]));
  const owners: Record<string, Map<string, string>> = { hosts, groups, regions };
  for (const secret of await store.secrets.list(projectId)) {
    const ownerName = owners[secret.ownerKind]?.get(String(secret.ownerId));
    if (ownerName === undefined) continue;
    const { value } = await store.secrets.reveal(projectId, secret.id);
    yield { path: `secrets/${secret.ownerKind}/${safeFileName(ownerName)}/${secret.name}`, value };
  }
}

function sendBundle(
  reply: FastifyReply,
  request: FastifyRequest,
  store: InventoryStore,
  snapshot: InventorySnapshot,
  format: BundleFormat,
  fileName: string,
  description: Record<string, unknown>,
  withSecrets: boolean,
) {
  const archive = streamBundle(format, {
    inventory: planAnsibleInventory(snapshot),
    secrets:
      withSecrets && request.mayWrite
        ? secretsOf(store, request.projectId, snapshot)
        : (async function* () {})(),
    description: {
      ...description,
      project_id: request.projectId,
      secrets_included: withSecrets && request.mayWrite,
    },
  });
  return reply
    .header("content-type", format === "tgz" ? "application/gzip" : "application/zip")
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .send(archive);
}

function bundleFormat(name: string): { stem: string; format: BundleFormat } {
  const match = /^(.+)\.(tgz|tar\.gz|zip)$/.exec(name);
  if (match === null)
    throw new InventoryError("INV_ERR_NOT_FOUND", `No inventory ${name}: ask for <id>.tgz or <id>.zip`);
  return { stem: match[1]!, format: match[2] === "zip" ? "zip" : "tgz" };
}

export function registerInventoryRoutes(app: FastifyInstance, store: InventoryStore): void {
  app.get("/v1/ansible-inventory", async (request, reply) => {
    const query = readQuery(request.query, SELECTION);
    const snapshot = await store.snapshots.load(request.projectId, readSelection(query));
    const plan = planAnsibleInventory(snapshot);
    request.log.info({ hosts: plan.hosts.length }, "ansible inventory");
    return reply.type("application/json; charset=utf-8").send(inventoryJsonStream(plan));
  });

  app.get<{ Params: { file: string } }>("/v1/inventory/:file", async (request, reply) => {
    const query = readQuery(request.query, ["cell_id", "group", "label", "vars", "secrets"]);
    const { stem, format } = bundleFormat(request.params.file);
    const regionId = readId(stem, "region");
    const region = await store.client.region.findFirst({
      where: { projectId: request.projectId, id: regionId },
    });
    if (region === null) throw new InventoryError("INV_ERR_NOT_FOUND", `region ${regionId} does not exist`);
    const selection = { ...readSelection(query), regionId };
    const snapshot = await store.snapshots.load(request.projectId, selection);
    const file = `inventory-${safeFileName(region.name)}.${format === "tgz" ? "tgz" : "zip"}`;
    return sendBundle(
      reply,
      request,
      store,
      snapshot,
      format,
      file,
      { region: { id: region.id, name: region.name }, filters: query },
      readFlag(query, "secrets", true),
    );
  });

  app.get<{ Params: { file: string } }>("/v1/inventory/hosts/:file", async (request, reply) => {
    const query = readQuery(request.query, ["secrets"]);
    const { stem, format } = bundleFormat(request.params.file);
    const hostId = readId(stem, "host");
    const host = await store.client.device.findFirst({
      where: { projectId: request.projectId, id: hostId, kind: "host" },
    });
    if (host === null) throw new InventoryError("INV_ERR_NOT_FOUND", `host ${hostId} does not exist`);
    // The whole project's groups, narrowed to this one host.
    const snapshot = await store.snapshots.load(request.projectId, { regionId: host.regionId });
    const single = {
      ...snapshot,
      devices: snapshot.devices.filter((d) => d.kind !== "host" || d.id === String(hostId)),
    };
    const file = `host-${safeFileName(host.name)}.${format}`;
    return sendBundle(
      reply,
      request,
      store,
      single,
      format,
      file,
      { host: { id: host.id, name: host.name } },
      readFlag(query, "secrets", true),
    );
  });

  app.get("/v1/tenants", async (request) => {
    readQuery(request.query, []);
    const project = await store.client.project.findUnique({ where: { id: request.projectId } });
    return { tenants: [{ id: request.projectId, name: project?.name ?? request.projectId }] };
  });
}

/** GET /v1/regions/{tenant_id}: the regions of a tenant (only the caller's own is visible). */
export async function tenantRegions(store: InventoryStore, request: FastifyRequest, tenantId: string) {
  if (tenantId !== request.projectId)
    throw new InventoryError("INV_ERR_NOT_FOUND", `tenant ${tenantId} does not exist`);
  const regions = await store.client.region.findMany({
    where: { projectId: tenantId },
    orderBy: { id: "asc" },
  });
  return {
    regions: regions.map((r) => ({
      id: r.id,
      name: r.name,
      cloud_id: r.cloudId,
      project_id: r.projectId,
      note: r.note,
    })),
  };
}

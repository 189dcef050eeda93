// Create, read, list, update and delete of every resource of resource-specs.ts, scoped to a
// project. Parents are checked in the transaction that writes (an unknown parent is the caller's
// mistake), an object with children is not deleted (its children would be orphans), and a
// duplicate name is reported as such on every provider.
import { checkChildGroup, checkParent, InventoryError } from "@ops/inventory-core";
import { isWorkflowStoreError, toWorkflowStoreError } from "@ops/workflow-store";
import type { InventoryClient, InventoryTransaction } from "./inventory-client.js";
import { compareRows, keysetWhere, type Page, type PageRequest } from "./pagination.js";
import type { GroupMembers, ResourceInput } from "./resource-input.js";
import type { ModelName, ResourceSpec } from "./resource-specs.js";
import type { VariableSets } from "./variable-sets.js";

type Row = Record<string, unknown> & { id: number; projectId: string };

/** The part of a Prisma model delegate the repository uses (all models share it). */
interface ModelDelegate {
  findFirst(args: object): Promise<Row | null>;
  findMany(args: object): Promise<Row[]>;
  count(args: object): Promise<number>;
  create(args: object): Promise<Row>;
  update(args: object): Promise<Row>;
  delete(args: object): Promise<Row>;
}

export interface ListRequest {
  readonly page: PageRequest;
  /** Column equality filters. */
  readonly filters: Readonly<Record<string, unknown>>;
  /** Only these ids (from label, group or vars filters), when set. */
  readonly ids?: readonly number[];
}

function delegate(db: InventoryTransaction, model: ModelName): ModelDelegate {
  return (db as unknown as Record<ModelName, ModelDelegate>)[model];
}

function notFound(spec: ResourceSpec | string, id: number | string): InventoryError {
  const what = typeof spec === "string" ? spec : spec.singular;
  return new InventoryError("INV_ERR_NOT_FOUND", `${what} ${id} does not exist`, { id });
}

function unknownParent(what: string, id: unknown, field: string): InventoryError {
  return new InventoryError("INV_ERR_BAD_REQUEST", `${field}: ${what} ${String(id)} does not exist`, {
    field,
  });
}

function inUse(spec: ResourceSpec, id: number, what: string, count: number): InventoryError {
  return new InventoryError(
    "INV_ERR_IN_USE",
    `${spec.singular} ${id} still has ${count} ${what}: delete or move them first`,
    { id, dependents: what, count },
  );
}

const NOT_NULL_COLUMNS = new Set(["id", "createdAt"]);

/** The sort columns of a request, with the id last. */
function sortColumns(spec: ResourceSpec, page: PageRequest): string[] {
  const columns = page.sortKeys.map((key) =>
    key === "created_at" ? "createdAt" : key === "updated_at" ? "updatedAt" : spec.fields[key]!.column,
  );
  return [...columns, "id"];
}

function isNotNull(spec: ResourceSpec, column: string): boolean {
  if (NOT_NULL_COLUMNS.has(column)) return true;
  const field = Object.values(spec.fields).find((candidate) => candidate.column === column);
  return (
    field !== undefined && (field.required === true || field.derived === true || field.type === "boolean")
  );
}

export class ResourceRepository {
  constructor(
    private readonly client: InventoryClient,
    private readonly variables: VariableSets,
  ) {}

  private scope(projectId: string, spec: ResourceSpec): Record<string, unknown> {
    return spec.deviceKinds ? { projectId, kind: { in: [...spec.deviceKinds] } } : { projectId };
  }

  /** The project's row, made on its first write (its name is its id until renamed). */
  async ensureProject(db: InventoryTransaction, projectId: string): Promise<void> {
    const existing = await db.project.findUnique({ where: { id: projectId } });
    if (existing === null) {
      try {
        await db.project.create({ data: { id: projectId, name: projectId, createdAt: new Date() } });
      } catch (error) {
        if (!isWorkflowStoreError(toWorkflowStoreError(error), "WF_STORE_ERR_DUPLICATE")) throw error;
      }
    }
  }

  /** One object, or INV_ERR_NOT_FOUND. */
  async find(projectId: string, spec: ResourceSpec, id: number, db: InventoryTransaction = this.client) {
    const row = await delegate(db, spec.model).findFirst({ where: { ...this.scope(projectId, spec), id } });
    if (row === null) throw notFound(spec, id);
    return row;
  }

  async list(projectId: string, spec: ResourceSpec, request: ListRequest): Promise<Page<Row>> {
    const model = delegate(this.client, spec.model);
    const where: Record<string, unknown> = { ...this.scope(projectId, spec), ...request.filters };
    if (request.ids !== undefined) where["id"] = { in: [...request.ids] };
    const { page } = request;
    const columns = sortColumns(spec, page);
    if (!columns.every((column) => isNotNull(spec, column)))
      return this.listInMemory(spec, where, page, columns);

    const orderBy = (dir: "asc" | "desc") => columns.map((column) => ({ [column]: dir }));
    const reverse = page.sortDir === "asc" ? "desc" : "asc";
    let after: Record<string, unknown> = {};
    if (page.marker !== undefined) {
      const marker = await model.findFirst({ where: { ...where, id: page.marker } });
      if (marker === null) throw badMarker(spec, page.marker);
      after = keysetWhere(marker, columns, page.sortDir, true);
    }
    const rows = await model.findMany({
      where: { AND: [where, after] },
      orderBy: orderBy(page.sortDir),
      take: page.limit + 1,
    });
    const items = rows.slice(0, page.limit);
    let prevMarker: number | null | undefined;
    if (page.marker !== undefined) {
      const first = items[0] ?? (await model.findFirst({ where: { ...where, id: page.marker } }))!;
      const before = await model.findMany({
        where: { AND: [where, keysetWhere(first, columns, page.sortDir, false)] },
        orderBy: orderBy(reverse),
        take: page.limit + 1,
        select: { id: true },
      });
      // Rows just before this page, nearest first: the previous page is `limit` of them, and its
      // marker is the row before it (none: it is the first page).
      prevMarker =
        items.length === 0 && before.length === 0
          ? null
          : before.length > page.limit
            ? before[page.limit]!.id
            : null;
    }
    return { items, nextMarker: rows.length > page.limit ? items.at(-1)!.id : undefined, prevMarker };
  }

  private async listInMemory(
    spec: ResourceSpec,
    where: Record<string, unknown>,
    page: PageRequest,
    columns: string[],
  ): Promise<Page<Row>> {
    const model = delegate(this.client, spec.model);
    const select = Object.fromEntries(columns.map((column) => [column, true]));
    const keys = await model.findMany({ where, select });
    keys.sort((a, b) => compareRows(a, b, columns, page.sortDir));
    let start = 0;
    if (page.marker !== undefined) {
      const at = keys.findIndex((row) => row.id === page.marker);
      if (at < 0) throw badMarker(spec, page.marker);
      start = at + 1;
    }
    const pageKeys = keys.slice(start, start + page.limit);
    const rows = await model.findMany({ where: { id: { in: pageKeys.map((row) => row.id) } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = pageKeys.map((key) => byId.get(key.id)).filter((row): row is Row => row !== undefined);
    const prevStart = start - page.limit;
    return {
      items,
      nextMarker: start + page.limit < keys.length ? items.at(-1)?.id : undefined,
      prevMarker: page.marker === undefined ? undefined : prevStart <= 0 ? null : keys[prevStart - 1]!.id,
    };
  }

  async create(projectId: string, spec: ResourceSpec, input: ResourceInput): Promise<Row> {
    return this.write(spec, input, async (tx) => {
      await this.ensureProject(tx, projectId);
      const data: Record<string, unknown> = { ...input.data, projectId, createdAt: new Date() };
      if (spec.deviceKinds) data["kind"] = spec.deviceKinds[0];
      await this.checkParents(tx, projectId, spec, data, undefined);
      const row = await delegate(tx, spec.model).create({ data });
      if (input.variables) await this.variables.put(tx, projectId, spec.owner, row.id, input.variables);
      if (input.labels) await this.replaceLabels(tx, projectId, row.id, input.labels);
      if (input.members) await this.setMembers(tx, projectId, row.id, input.members);
      return row;
    });
  }

  async update(projectId: string, spec: ResourceSpec, id: number, input: ResourceInput): Promise<Row> {
    return this.write(spec, input, async (tx) => {
      const current = await this.find(projectId, spec, id, tx);
      const data = { ...input.data, updatedAt: new Date() };
      await this.checkParents(tx, projectId, spec, { ...current, ...data }, current);
      const row = await delegate(tx, spec.model).update({ where: { id }, data });
      if (input.labels) await this.replaceLabels(tx, projectId, id, input.labels);
      if (input.members) await this.setMembers(tx, projectId, id, input.members);
      return row;
    });
  }

  async remove(projectId: string, spec: ResourceSpec, id: number): Promise<void> {
    await this.client.$transaction(async (tx) => {
      await this.find(projectId, spec, id, tx);
      await this.checkUnused(tx, spec, id);
      await delegate(tx, spec.model).delete({ where: { id } });
      await this.variables.drop(tx, spec.owner, id);
      if (spec.model === "device") {
        await tx.label.deleteMany({ where: { deviceId: id } });
        await tx.groupHost.deleteMany({ where: { deviceId: id } });
        await tx.secret.deleteMany({ where: { projectId, ownerKind: "hosts", ownerId: id } });
      }
      if (spec.model === "group") {
        await tx.groupHost.deleteMany({ where: { groupId: id } });
        await tx.groupLabel.deleteMany({ where: { groupId: id } });
        await tx.groupChild.deleteMany({ where: { OR: [{ parentId: id }, { childId: id }] } });
        await tx.reference.deleteMany({ where: { groupId: id } });
        await tx.secret.deleteMany({ where: { projectId, ownerKind: "groups", ownerId: id } });
      }
      if (spec.model === "region")
        await tx.secret.deleteMany({ where: { projectId, ownerKind: "regions", ownerId: id } });
    });
  }

  /** Runs a write in a transaction; a unique-key violation becomes INV_ERR_DUPLICATE. */
  private async write(
    spec: ResourceSpec,
    input: ResourceInput,
    work: (tx: InventoryTransaction) => Promise<Row>,
  ): Promise<Row> {
    try {
      return await this.client.$transaction(work, { timeout: 30_000, maxWait: 30_000 });
    } catch (error) {
      if (isWorkflowStoreError(toWorkflowStoreError(error), "WF_STORE_ERR_DUPLICATE")) {
        const name = input.data["name"];
        const where =
          spec.model === "cloud" || spec.model === "group"
            ? "in this project"
            : spec.model === "networkInterface"
              ? "on this device"
              : spec.model === "region"
                ? "in this cloud"
                : "in this region";
        throw new InventoryError(
          "INV_ERR_DUPLICATE",
          `A ${spec.singular} named ${JSON.stringify(name)} already exists ${where}`,
          { name },
        );
      }
      throw error;
    }
  }

  private async exists(
    tx: InventoryTransaction,
    model: ModelName,
    projectId: string,
    id: unknown,
    extra = {},
  ) {
    return delegate(tx, model).findFirst({ where: { projectId, id, ...extra } });
  }

  /** Checks (and fills in) the parents of a row about to be written. */
  private async checkParents(
    tx: InventoryTransaction,
    projectId: string,
    spec: ResourceSpec,
    data: Record<string, unknown>,
    current: Row | undefined,
  ): Promise<void> {
    if (spec.model === "region") {
      if (!(await this.exists(tx, "cloud", projectId, data["cloudId"])))
        throw unknownParent("cloud", data["cloudId"], "cloud_id");
    }
    if (spec.model === "cell" || spec.model === "device" || spec.model === "network") {
      const region = await this.exists(tx, "region", projectId, data["regionId"]);
      if (region === null) throw unknownParent("region", data["regionId"], "region_id");
      if (data["cloudId"] !== undefined && data["cloudId"] !== region["cloudId"])
        throw new InventoryError(
          "INV_ERR_BAD_REQUEST",
          `cloud_id: region ${String(region.id)} is in cloud ${String(region["cloudId"])}, not ${String(data["cloudId"])}`,
          { field: "cloud_id" },
        );
      data["cloudId"] = region["cloudId"];
      if (current === undefined) data["cloudId"] = region["cloudId"];
    }
    if ((spec.model === "device" || spec.model === "network") && data["cellId"] != null) {
      const cell = await this.exists(tx, "cell", projectId, data["cellId"]);
      if (cell === null) throw unknownParent("cell", data["cellId"], "cell_id");
      if (cell["regionId"] !== data["regionId"])
        throw new InventoryError(
          "INV_ERR_BAD_REQUEST",
          `cell_id: cell ${String(cell.id)} is in region ${String(cell["regionId"])}, not ${String(data["regionId"])}`,
          { field: "cell_id" },
        );
    }
    if (spec.model === "device" && data["parentId"] != null) {
      const parentId = data["parentId"] as number;
      if (!(await this.exists(tx, "device", projectId, parentId)))
        throw unknownParent("device", parentId, "parent_id");
      if (current !== undefined) {
        const parents = await this.parentChain(tx, parentId);
        checkParent(String(current.id), String(parentId), (id) => parents.get(id) ?? null);
      }
    }
    if (spec.model === "networkInterface") {
      if (data["deviceId"] !== undefined && !(await this.exists(tx, "device", projectId, data["deviceId"])))
        throw unknownParent("device", data["deviceId"], "device_id");
      if (data["networkId"] != null && !(await this.exists(tx, "network", projectId, data["networkId"])))
        throw unknownParent("network", data["networkId"], "network_id");
    }
  }

  /** The parent of each device up from `deviceId` (stops at a repeat). */
  private async parentChain(tx: InventoryTransaction, deviceId: number): Promise<Map<string, string | null>> {
    const parents = new Map<string, string | null>();
    let id: number | null = deviceId;
    while (id !== null && !parents.has(String(id))) {
      const row: { parentId: number | null } | null = await tx.device.findUnique({
        where: { id },
        select: { parentId: true },
      });
      const parent: number | null = row?.parentId ?? null;
      parents.set(String(id), parent === null ? null : String(parent));
      id = parent;
    }
    return parents;
  }

  private async checkUnused(tx: InventoryTransaction, spec: ResourceSpec, id: number): Promise<void> {
    const dependents: Array<[string, Promise<number>]> = [];
    if (spec.model === "cloud") dependents.push(["regions", tx.region.count({ where: { cloudId: id } })]);
    if (spec.model === "region") {
      dependents.push(["cells", tx.cell.count({ where: { regionId: id } })]);
      dependents.push(["devices", tx.device.count({ where: { regionId: id } })]);
      dependents.push(["networks", tx.network.count({ where: { regionId: id } })]);
    }
    if (spec.model === "cell") {
      dependents.push(["devices", tx.device.count({ where: { cellId: id } })]);
      dependents.push(["networks", tx.network.count({ where: { cellId: id } })]);
    }
    if (spec.model === "device") {
      dependents.push(["child devices", tx.device.count({ where: { parentId: id } })]);
      dependents.push(["network interfaces", tx.networkInterface.count({ where: { deviceId: id } })]);
    }
    if (spec.model === "network")
      dependents.push(["network interfaces", tx.networkInterface.count({ where: { networkId: id } })]);
    for (const [what, count] of dependents) {
      const n = await count;
      if (n > 0) throw inUse(spec, id, what, n);
    }
  }

  /** The labels of devices, sorted. */
  async labelsOf(deviceIds: readonly number[], db: InventoryTransaction = this.client) {
    const labels = new Map<number, string[]>(deviceIds.map((id) => [id, []]));
    for (let start = 0; start < deviceIds.length; start += 500) {
      const rows = await db.label.findMany({
        where: { deviceId: { in: deviceIds.slice(start, start + 500) } },
        orderBy: { label: "asc" },
      });
      for (const row of rows) labels.get(row.deviceId)?.push(row.label);
    }
    return labels;
  }

  async replaceLabels(
    tx: InventoryTransaction,
    projectId: string,
    deviceId: number,
    labels: readonly string[],
  ) {
    await tx.label.deleteMany({ where: { deviceId } });
    if (labels.length > 0)
      await tx.label.createMany({ data: labels.map((label) => ({ projectId, deviceId, label })) });
  }

  /** Changes a device's labels: `replace` them, `add` or `remove` some; returns them after. */
  async changeLabels(
    projectId: string,
    spec: ResourceSpec,
    deviceId: number,
    labels: readonly string[],
    mode: "replace" | "add" | "remove",
  ): Promise<string[]> {
    return this.client.$transaction(async (tx) => {
      await this.find(projectId, spec, deviceId, tx);
      const current = (await this.labelsOf([deviceId], tx)).get(deviceId) ?? [];
      const next =
        mode === "replace"
          ? [...labels]
          : mode === "add"
            ? [...new Set([...current, ...labels])]
            : current.filter((label) => !labels.includes(label));
      await this.replaceLabels(tx, projectId, deviceId, next);
      return [...next].sort();
    });
  }

  /** The members of groups. */
  async membersOf(groupIds: readonly number[], db: InventoryTransaction = this.client) {
    const ids = [...groupIds];
    const [hosts, labels, children] = await Promise.all([
      db.groupHost.findMany({ where: { groupId: { in: ids } }, orderBy: { deviceId: "asc" } }),
      db.groupLabel.findMany({ where: { groupId: { in: ids } }, orderBy: { label: "asc" } }),
      db.groupChild.findMany({ where: { parentId: { in: ids } }, orderBy: { childId: "asc" } }),
    ]);
    const members = new Map<number, { hosts: number[]; labels: string[]; children: number[] }>(
      ids.map((id) => [id, { hosts: [], labels: [], children: [] }]),
    );
    for (const row of hosts) members.get(row.groupId)?.hosts.push(row.deviceId);
    for (const row of labels) members.get(row.groupId)?.labels.push(row.label);
    for (const row of children) members.get(row.parentId)?.children.push(row.childId);
    return members;
  }

  /** Replaces the members named in `members` (others stay), checking hosts, groups and cycles. */
  private async setMembers(
    tx: InventoryTransaction,
    projectId: string,
    groupId: number,
    members: GroupMembers,
  ) {
    if (members.hosts !== undefined) {
      const found = await tx.device.findMany({
        where: { projectId, id: { in: members.hosts } },
        select: { id: true },
      });
      const missing = members.hosts.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0) throw unknownParent("host", missing.join(", "), "hosts");
      await tx.groupHost.deleteMany({ where: { groupId } });
      await tx.groupHost.createMany({ data: members.hosts.map((deviceId) => ({ groupId, deviceId })) });
    }
    if (members.labels !== undefined) {
      await tx.groupLabel.deleteMany({ where: { groupId } });
      await tx.groupLabel.createMany({ data: members.labels.map((label) => ({ groupId, label })) });
    }
    if (members.children !== undefined) {
      const groups = await tx.group.findMany({ where: { projectId }, select: { id: true } });
      const missing = members.children.filter((id) => !groups.some((row) => row.id === id));
      if (missing.length > 0) throw unknownParent("group", missing.join(", "), "children");
      await tx.groupChild.deleteMany({ where: { parentId: groupId } });
      const links = await tx.groupChild.findMany({ where: { parentId: { in: groups.map((g) => g.id) } } });
      const childrenOf = (id: string) =>
        links.filter((link) => String(link.parentId) === id).map((link) => String(link.childId));
      for (const child of members.children) {
        checkChildGroup(String(groupId), String(child), childrenOf);
        links.push({ parentId: groupId, childId: child });
      }
      await tx.groupChild.createMany({
        data: members.children.map((childId) => ({ parentId: groupId, childId })),
      });
    }
  }
}

function badMarker(spec: ResourceSpec, marker: number): InventoryError {
  return new InventoryError(
    "INV_ERR_BAD_REQUEST",
    `marker ${marker} is not a ${spec.singular} of this list`,
    {
      parameter: "marker",
    },
  );
}

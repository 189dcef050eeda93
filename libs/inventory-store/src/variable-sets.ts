// Variables of every object, one JSON object per object (table variable_sets). A merge reads the
// set, changes it and writes it back only if its version is still the one read; on a collision it
// reads again, so concurrent merges of different keys both land.
import { InventoryError } from "@ops/inventory-core";
import { isWorkflowStoreError, toWorkflowStoreError } from "@ops/workflow-store";
import type { InventoryClient, InventoryTransaction } from "./inventory-client.js";
import type { OwnerKind } from "./resource-specs.js";

export type Variables = Record<string, unknown>;

const MERGE_ATTEMPTS = 20;

function decode(data: string): Variables {
  const value: unknown = JSON.parse(data);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Variables) : {};
}

/** A request body that must be a JSON object of variables. */
export function checkVariablesBody(body: unknown, where = "the body"): Variables {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InventoryError("INV_ERR_BAD_REQUEST", `${where} must be a JSON object of variables`);
  }
  for (const key of Object.keys(body)) {
    if (key === "" || key.length > 255) {
      throw new InventoryError("INV_ERR_BAD_REQUEST", `variable names must have 1 to 255 characters`, {
        key,
      });
    }
  }
  return body as Variables;
}

export class VariableSets {
  constructor(private readonly client: InventoryClient) {}

  /** One object's own variables ({} when it has none). */
  async of(owner: OwnerKind, ownerId: string | number, db: InventoryTransaction = this.client) {
    const row = await db.variableSet.findUnique({
      where: { ownerKind_ownerId: { ownerKind: owner, ownerId: String(ownerId) } },
    });
    return row === null ? {} : decode(row.data);
  }

  /** The variables of many objects of one kind, by id (objects without any are absent). */
  async ofMany(
    owner: OwnerKind,
    ownerIds: readonly (string | number)[],
    db: InventoryTransaction = this.client,
  ): Promise<Map<string, Variables>> {
    const result = new Map<string, Variables>();
    for (let start = 0; start < ownerIds.length; start += 500) {
      const rows = await db.variableSet.findMany({
        where: { ownerKind: owner, ownerId: { in: ownerIds.slice(start, start + 500).map(String) } },
        select: { ownerId: true, data: true },
      });
      for (const row of rows) result.set(row.ownerId, decode(row.data));
    }
    return result;
  }

  /** Every variable set of a kind in a project. */
  async ofKind(projectId: string, owner: OwnerKind): Promise<Map<string, Variables>> {
    const rows = await this.client.variableSet.findMany({
      where: { projectId, ownerKind: owner },
      select: { ownerId: true, data: true },
    });
    return new Map(rows.map((row) => [row.ownerId, decode(row.data)]));
  }

  /** Writes a whole set in a transaction (a new object's variables). */
  async put(
    db: InventoryTransaction,
    projectId: string,
    owner: OwnerKind,
    ownerId: string | number,
    vars: Variables,
  ) {
    const id = String(ownerId);
    await db.variableSet.deleteMany({ where: { ownerKind: owner, ownerId: id } });
    if (Object.keys(vars).length === 0) return;
    await db.variableSet.create({
      data: { projectId, ownerKind: owner, ownerId: id, data: JSON.stringify(vars), version: 1 },
    });
  }

  /** Removes an object's set, in the transaction that removes the object. */
  async drop(db: InventoryTransaction, owner: OwnerKind, ownerId: string | number) {
    await db.variableSet.deleteMany({ where: { ownerKind: owner, ownerId: String(ownerId) } });
  }

  /**
   * Applies `change` to an object's set and stores the result, retrying on a concurrent change.
   * Returns the stored variables.
   */
  async change(
    projectId: string,
    owner: OwnerKind,
    ownerId: string | number,
    change: (current: Variables) => Variables,
  ): Promise<Variables> {
    const id = String(ownerId);
    const key = { ownerKind_ownerId: { ownerKind: owner, ownerId: id } };
    for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
      const row = await this.client.variableSet.findUnique({ where: key });
      const next = change(row === null ? {} : decode(row.data));
      const data = JSON.stringify(next);
      try {
        if (row === null) {
          await this.client.variableSet.create({
            data: { projectId, ownerKind: owner, ownerId: id, data, version: 1 },
          });
          return next;
        }
        const updated = await this.client.variableSet.updateMany({
          where: { ownerKind: owner, ownerId: id, version: row.version },
          data: { data, version: row.version + 1 },
        });
        if (updated.count === 1) return next;
      } catch (error) {
        // Two first merges raced to create the set: read it again.
        const storeError = toWorkflowStoreError(error);
        if (!isWorkflowStoreError(storeError, "WF_STORE_ERR_DUPLICATE") && !isRetryable(storeError))
          throw error;
      }
    }
    throw new InventoryError(
      "INV_ERR_CONFLICT",
      `The variables of ${owner} ${id} kept changing under ${MERGE_ATTEMPTS} attempts; try again`,
    );
  }
}

function isRetryable(error: unknown): boolean {
  return isWorkflowStoreError(error) && (error as { retryable?: boolean }).retryable === true;
}

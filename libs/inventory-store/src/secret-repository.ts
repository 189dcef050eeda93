// Secrets of hosts, groups and regions: stored sealed (secret-box.ts), listed without their value,
// opened only by `reveal` (the API allows it to callers who may write).
import { InventoryError } from "@ops/inventory-core";
import { isWorkflowStoreError, toWorkflowStoreError } from "@ops/workflow-store";
import type { InventoryClient } from "./inventory-client.js";
import type { SecretBox } from "./secret-box.js";

export const SECRET_OWNER_KINDS = ["hosts", "groups", "regions"] as const;
export type SecretOwnerKind = (typeof SECRET_OWNER_KINDS)[number];

export interface SecretInput {
  readonly ownerKind: SecretOwnerKind;
  readonly ownerId: number;
  readonly name: string;
  readonly value: string;
}

const FIELDS = ["owner_type", "owner_id", "name", "value"];
const MAX_VALUE_BYTES = 1024 * 1024;

/** Reads a POST /v1/secrets body. */
export function readSecretInput(body: unknown): SecretInput {
  const bad = (message: string, field?: string) =>
    new InventoryError("INV_ERR_BAD_REQUEST", message, field ? { field } : {});
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw bad("the body must be a JSON object with owner_type, owner_id, name and value");
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields))
    if (!FIELDS.includes(key))
      throw bad(`${key} is not a field of a secret; known: ${FIELDS.join(", ")}`, key);
  const { owner_type: ownerKind, owner_id: ownerId, name, value } = fields;
  if (typeof ownerKind !== "string" || !(SECRET_OWNER_KINDS as readonly string[]).includes(ownerKind))
    throw bad(`owner_type must be one of ${SECRET_OWNER_KINDS.join(", ")}`, "owner_type");
  if (!Number.isSafeInteger(ownerId) || (ownerId as number) < 1)
    throw bad("owner_id must be an id", "owner_id");
  if (typeof name !== "string" || !/^[A-Za-z0-9_.-]{1,255}$/.test(name))
    throw bad("name must be 1 to 255 letters, digits, _ . or - (it becomes a file name in bundles)", "name");
  if (typeof value !== "string" || value === "") throw bad("value must be a non-empty string", "value");
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES)
    throw bad(`value must be at most ${MAX_VALUE_BYTES} bytes`, "value");
  return { ownerKind: ownerKind as SecretOwnerKind, ownerId: ownerId as number, name, value };
}

/** What lists and reads show of a secret: never its value. */
export interface SecretMetadata {
  readonly id: number;
  readonly projectId: string;
  readonly ownerKind: string;
  readonly ownerId: number;
  readonly name: string;
  readonly keyId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date | null;
}

const METADATA = {
  id: true,
  projectId: true,
  ownerKind: true,
  ownerId: true,
  name: true,
  keyId: true,
  createdAt: true,
  updatedAt: true,
} as const;

const associatedData = (s: { projectId: string; ownerKind: string; ownerId: number; name: string }) =>
  `${s.projectId}/${s.ownerKind}/${s.ownerId}/${s.name}`;

export class SecretRepository {
  constructor(
    private readonly client: InventoryClient,
    private readonly box: SecretBox,
  ) {}

  async create(projectId: string, input: SecretInput): Promise<SecretMetadata> {
    const ownerModel = { hosts: this.client.device, groups: this.client.group, regions: this.client.region }[
      input.ownerKind
    ] as unknown as {
      findFirst(args: object): Promise<unknown>;
    };
    const where =
      input.ownerKind === "hosts"
        ? { projectId, id: input.ownerId, kind: "host" }
        : { projectId, id: input.ownerId };
    if ((await ownerModel.findFirst({ where })) === null)
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        `owner_id: ${input.ownerKind.slice(0, -1)} ${input.ownerId} does not exist`,
        { field: "owner_id" },
      );
    const { keyId, sealed } = this.box.seal(
      Buffer.from(input.value),
      associatedData({ projectId, ...input }),
    );
    try {
      return await this.client.secret.create({
        data: {
          projectId,
          ownerKind: input.ownerKind,
          ownerId: input.ownerId,
          name: input.name,
          keyId,
          ciphertext: sealed,
          createdAt: new Date(),
        },
        select: METADATA,
      });
    } catch (error) {
      if (isWorkflowStoreError(toWorkflowStoreError(error), "WF_STORE_ERR_DUPLICATE"))
        throw new InventoryError(
          "INV_ERR_DUPLICATE",
          `${input.ownerKind.slice(0, -1)} ${input.ownerId} already has a secret named ${input.name}`,
        );
      throw error;
    }
  }

  async list(
    projectId: string,
    filter: { ownerKind?: string; ownerId?: number } = {},
  ): Promise<SecretMetadata[]> {
    return this.client.secret.findMany({
      where: { projectId, ...filter },
      select: METADATA,
      orderBy: { id: "asc" },
    });
  }

  async find(projectId: string, id: number): Promise<SecretMetadata> {
    const row = await this.client.secret.findFirst({ where: { projectId, id }, select: METADATA });
    if (row === null) throw new InventoryError("INV_ERR_NOT_FOUND", `secret ${id} does not exist`, { id });
    return row;
  }

  /** The secret's value, opened. */
  async reveal(projectId: string, id: number): Promise<{ metadata: SecretMetadata; value: Buffer }> {
    const row = await this.client.secret.findFirst({ where: { projectId, id } });
    if (row === null) throw new InventoryError("INV_ERR_NOT_FOUND", `secret ${id} does not exist`, { id });
    const { ciphertext, ...metadata } = row;
    return { metadata, value: this.box.open(row.keyId, ciphertext, associatedData(row)) };
  }

  async remove(projectId: string, id: number): Promise<void> {
    await this.find(projectId, id);
    await this.client.secret.delete({ where: { id } });
  }

  /** Re-seals every secret not sealed with the current key; returns how many. */
  async rekey(log: (message: string) => void = () => undefined): Promise<number> {
    let count = 0;
    for (;;) {
      const rows = await this.client.secret.findMany({
        where: { keyId: { not: this.box.currentKeyId } },
        take: 200,
      });
      if (rows.length === 0) return count;
      for (const row of rows) {
        const value = this.box.open(row.keyId, row.ciphertext, associatedData(row));
        const { keyId, sealed } = this.box.seal(value, associatedData(row));
        await this.client.secret.updateMany({
          where: { id: row.id, keyId: row.keyId },
          data: { keyId, ciphertext: sealed },
        });
        count++;
      }
      log(`re-sealed ${count} secrets with key ${this.box.currentKeyId}`);
    }
  }
}

// The inventory's store: one Prisma client on the database of INVENTORY's DATABASE_URL and the
// repositories over it. Migrations are this library's prisma/<provider>/migrations, applied by the
// same runner as the workflow store's (a `_prisma_migrations` history, safe from several processes).
import { fileURLToPath } from "node:url";
import {
  databaseStatus,
  describeDatabaseTarget,
  parseDatabaseUrl,
  upgradeDatabase,
  type DatabaseStatus,
  type UpgradeResult,
} from "@ops/workflow-store";
import { createInventoryClient, type InventoryClient } from "./inventory-client.js";
import { ReferenceRepository, type ReferenceSettings } from "./reference-repository.js";
import { ResourceRepository } from "./resource-repository.js";
import { SecretBox, type SecretKey } from "./secret-box.js";
import { SecretRepository } from "./secret-repository.js";
import { SnapshotLoader } from "./snapshot-loader.js";
import { VariableSets } from "./variable-sets.js";

export const INVENTORY_PRISMA_DIRECTORY = fileURLToPath(new URL("../prisma/", import.meta.url));

export interface InventoryStoreOptions {
  /** file:PATH (SQLite), postgresql://..., mysql://... */
  readonly databaseUrl: string;
  /** Where a relative SQLite path starts. @defaultValue process.cwd() */
  readonly baseDirectory?: string;
  /** Keys of the secrets; none: secrets cannot be stored or read. */
  readonly secretKeys?: readonly SecretKey[];
  readonly references?: ReferenceSettings;
  /** @defaultValue 10 */
  readonly poolSize?: number;
}

export class InventoryStore {
  readonly variables: VariableSets;
  readonly resources: ResourceRepository;
  readonly references: ReferenceRepository;
  readonly snapshots: SnapshotLoader;
  readonly secrets: SecretRepository | undefined;

  constructor(
    readonly client: InventoryClient,
    readonly database: string,
    options: InventoryStoreOptions,
  ) {
    this.variables = new VariableSets(client);
    this.resources = new ResourceRepository(client, this.variables);
    this.references = new ReferenceRepository(client, options.references ?? {});
    this.snapshots = new SnapshotLoader(client, this.variables, this.references);
    this.secrets =
      options.secretKeys && options.secretKeys.length > 0
        ? new SecretRepository(client, new SecretBox(options.secretKeys))
        : undefined;
  }

  async close(): Promise<void> {
    await this.client.$disconnect();
  }
}

/** Opens the store (the database must be migrated: {@link upgradeInventoryDatabase}). */
export async function openInventoryStore(options: InventoryStoreOptions): Promise<InventoryStore> {
  const target = parseDatabaseUrl(options.databaseUrl, options.baseDirectory ?? process.cwd());
  const client = await createInventoryClient(target, { poolSize: options.poolSize ?? 10 });
  await client.$connect();
  return new InventoryStore(client, describeDatabaseTarget(target), options);
}

type MigrationOptions = { databaseUrl: string; baseDirectory?: string; log?: (message: string) => void };

/** Applies the inventory's pending migrations. */
export function upgradeInventoryDatabase(options: MigrationOptions): Promise<UpgradeResult> {
  return upgradeDatabase({ ...options, prismaDirectory: INVENTORY_PRISMA_DIRECTORY });
}

/** The inventory database's applied and pending migrations. */
export function inventoryDatabaseStatus(options: MigrationOptions): Promise<DatabaseStatus> {
  return databaseStatus({ ...options, prismaDirectory: INVENTORY_PRISMA_DIRECTORY });
}

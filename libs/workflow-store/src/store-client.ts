// The generated Prisma client of the target's provider, behind the one shape the store uses. The
// three generated clients (src/generated/<provider>/, written by scripts/generate-clients.mjs) have
// the same model API; only the provider's own is loaded, with its driver adapter.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseTarget } from "./database-target.js";
import { createDriverAdapterFactory, type DriverAdapterOptions } from "./driver-adapter-factory.js";
import type { DriverTap } from "./raw-sql.js";
import type { ModelClient } from "./table-gateway.js";
import { loadGeneratedClient, type GeneratedClientModules } from "./generated-client.js";

/** Raw SQL, inside or outside a transaction. */
export interface RawSqlClient {
  $connect(): Promise<void>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** What an interactive transaction callback gets. */
export type TransactionClient = ModelClient & RawSqlClient;

/** Options of Prisma's interactive transactions. */
export interface PrismaTransactionOptions {
  readonly maxWait?: number;
  readonly timeout?: number;
  readonly isolationLevel?: "ReadCommitted" | "Serializable";
}

/** A connected Prisma client of any provider. */
export interface StoreClient extends TransactionClient {
  $transaction<R>(fn: (tx: TransactionClient) => Promise<R>, options?: PrismaTransactionOptions): Promise<R>;
  $disconnect(): Promise<void>;
}

const GENERATED_CLIENTS: GeneratedClientModules = {
  sqlite: () => import("./generated/sqlite/client.js"),
  postgresql: () => import("./generated/postgresql/client.js"),
  mysql: () => import("./generated/mysql/client.js"),
};

/**
 * A Prisma client for `target`; for SQLite, the database file's folder is created first. With `tap`,
 * the store also sees the driver adapter the client connects, for its raw SQL (src/raw-sql.ts).
 */
export async function createStoreClient(
  target: DatabaseTarget,
  options: DriverAdapterOptions = {},
  tap?: DriverTap,
): Promise<StoreClient> {
  if (target.provider === "sqlite") mkdirSync(dirname(target.file), { recursive: true });
  const PrismaClient = await loadGeneratedClient<StoreClient>(
    target.provider,
    GENERATED_CLIENTS,
    "@ops/workflow-store",
  );
  const adapter = await createDriverAdapterFactory(target, options);
  tap?.install(adapter);
  return new PrismaClient({ adapter });
}

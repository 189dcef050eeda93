// The generated Prisma client of the target's provider, behind the one shape the store uses. The
// three generated clients (src/generated/<provider>/, written by scripts/generate-clients.mjs) have
// the same model API; only the provider's own is loaded, with its driver adapter.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseTarget } from "./database-target.js";
import { createDriverAdapterFactory, type DriverAdapterOptions } from "./driver-adapter-factory.js";
import type { DriverTap } from "./raw-sql.js";
import type { ModelClient } from "./table-gateway.js";
import { WorkflowStoreError } from "./workflow-store-error.js";

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

type ClientConstructor = new (options: { adapter: unknown }) => unknown;

async function loadClientClass(provider: DatabaseTarget["provider"]): Promise<ClientConstructor> {
  try {
    switch (provider) {
      case "sqlite":
        return (await import("./generated/sqlite/client.js")).PrismaClient as unknown as ClientConstructor;
      case "postgresql":
        return (await import("./generated/postgresql/client.js"))
          .PrismaClient as unknown as ClientConstructor;
      case "mysql":
        return (await import("./generated/mysql/client.js")).PrismaClient as unknown as ClientConstructor;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_CLIENT_NOT_GENERATED",
        `The Prisma client for ${provider} is missing: run npm run generate -w @ops/workflow-store`,
        { provider },
        { cause: error },
      );
    }
    throw error;
  }
}

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
  const PrismaClient = await loadClientClass(target.provider);
  const adapter = await createDriverAdapterFactory(target, options);
  tap?.install(adapter);
  return new PrismaClient({ adapter }) as StoreClient;
}

// The generated Prisma client of the database's provider. The three clients (src/generated/<provider>/,
// written by tools/prisma/generate-clients.mjs) have the same model API, so the SQLite one's type
// stands for all of them; only the provider's own is loaded, with its driver adapter.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { InventoryError } from "@ops/inventory-core";
import { createDriverAdapterFactory, type DatabaseTarget } from "@ops/workflow-store";
import type { PrismaClient } from "./generated/sqlite/client.js";

export type InventoryClient = PrismaClient;

/** What an interactive transaction gets: the models without connection control. */
export type InventoryTransaction = Omit<
  InventoryClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

type ClientConstructor = new (options: { adapter: unknown }) => InventoryClient;

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
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        `The inventory's Prisma client for ${provider} is missing: run npm run generate -w @ops/inventory-store`,
        { provider },
      );
    }
    throw error;
  }
}

/** A Prisma client for `target`; an SQLite file's folder is created first. */
export async function createInventoryClient(
  target: DatabaseTarget,
  options: { poolSize?: number } = {},
): Promise<InventoryClient> {
  if (target.provider === "sqlite") mkdirSync(dirname(target.file), { recursive: true });
  const PrismaClient = await loadClientClass(target.provider);
  const adapter = await createDriverAdapterFactory(target, options);
  return new PrismaClient({ adapter });
}

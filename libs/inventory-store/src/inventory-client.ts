// The generated Prisma client of the database's provider. The three clients (src/generated/<provider>/,
// written by tools/prisma/generate-clients.mjs) have the same model API, so the SQLite one's type
// stands for all of them; only the provider's own is loaded, with its driver adapter.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  createDriverAdapterFactory,
  loadGeneratedClient,
  type DatabaseTarget,
  type GeneratedClientModules,
} from "@ops/workflow-store";
import type { PrismaClient } from "./generated/sqlite/client.js";

export type InventoryClient = PrismaClient;

/** What an interactive transaction gets: the models without connection control. */
export type InventoryTransaction = Omit<
  InventoryClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

const GENERATED_CLIENTS: GeneratedClientModules = {
  sqlite: () => import("./generated/sqlite/client.js"),
  postgresql: () => import("./generated/postgresql/client.js"),
  mysql: () => import("./generated/mysql/client.js"),
};

/** A Prisma client for `target`; an SQLite file's folder is created first. */
export async function createInventoryClient(
  target: DatabaseTarget,
  options: { poolSize?: number } = {},
): Promise<InventoryClient> {
  if (target.provider === "sqlite") mkdirSync(dirname(target.file), { recursive: true });
  const PrismaClient = await loadGeneratedClient<InventoryClient>(
    target.provider,
    GENERATED_CLIENTS,
    "@ops/inventory-store",
  );
  const adapter = await createDriverAdapterFactory(target, options);
  return new PrismaClient({ adapter });
}

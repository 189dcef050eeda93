#!/usr/bin/env node
// The inventory database's commands:
//   upgrade    apply the pending migrations (creates an SQLite file and its folder)
//   status     applied and pending migrations; exits 1 unless the database is up to date
//   rekey      re-seal every secret with the first key of OPS_INVENTORY_SECRET_KEYS (key rotation:
//              put the new key first, keep the old ones after it, run rekey, then drop them)
// OPS_INVENTORY_DATABASE_URL selects the database (default file:var/inventory.sqlite);
// `--database-url URL` wins over it. A relative SQLite path starts at the repository root.
//   npm run db -w @ops/inventory-store -- upgrade
import { fileURLToPath } from "node:url";
import { InventoryError } from "@ops/inventory-core";
import { WorkflowStoreError } from "@ops/workflow-store";
import { inventoryDatabaseStatus, openInventoryStore, upgradeInventoryDatabase } from "./inventory-store.js";
import { parseSecretKeys } from "./secret-box.js";

const USAGE = `usage: inventory-store upgrade|status|rekey [--database-url URL]
  OPS_INVENTORY_DATABASE_URL   file:PATH (default file:var/inventory.sqlite), postgresql://..., mysql://...
  OPS_INVENTORY_SECRET_KEYS    id:base64key[,id:base64key...] (rekey: the first seals)
`;

// src/cli.ts and dist/cli.js are both three levels below the repository root.
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

function fail(message: string, exitCode: number): never {
  process.stderr.write(`inventory-store: ${message}\n`);
  process.exit(exitCode);
}

function parseArguments(argv: readonly string[]): { command: string; databaseUrl: string } {
  const args = [...argv];
  let databaseUrl = process.env["OPS_INVENTORY_DATABASE_URL"] || "file:var/inventory.sqlite";
  const at = args.findIndex((arg) => arg === "--database-url" || arg.startsWith("--database-url="));
  if (at >= 0) {
    const arg = args[at]!;
    const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[at + 1];
    if (!value) fail(`--database-url needs a value\n${USAGE}`, 2);
    databaseUrl = value;
    args.splice(at, arg.includes("=") ? 1 : 2);
  }
  if (args.length !== 1 || !["upgrade", "status", "rekey"].includes(args[0]!)) fail(USAGE.trimEnd(), 2);
  return { command: args[0]!, databaseUrl };
}

async function main(): Promise<void> {
  const { command, databaseUrl } = parseArguments(process.argv.slice(2));
  const options = {
    databaseUrl,
    baseDirectory: repositoryRoot,
    log: (message: string) => process.stderr.write(`${message}\n`),
  };
  if (command === "upgrade") {
    const result = await upgradeInventoryDatabase(options);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (command === "status") {
    const status = await inventoryDatabaseStatus(options);
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    if (status.pending.length + status.failed.length + status.modified.length > 0) process.exitCode = 1;
  } else {
    const keys = process.env["OPS_INVENTORY_SECRET_KEYS"];
    if (!keys) fail("rekey needs OPS_INVENTORY_SECRET_KEYS (the new key first, then the old ones)", 2);
    const store = await openInventoryStore({
      databaseUrl,
      baseDirectory: repositoryRoot,
      secretKeys: parseSecretKeys(keys),
    });
    try {
      const count = await store.secrets!.rekey((message) => process.stderr.write(`${message}\n`));
      process.stdout.write(`${JSON.stringify({ resealed: count })}\n`);
    } finally {
      await store.close();
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof InventoryError || error instanceof WorkflowStoreError) fail(error.message, 1);
  fail(String((error as Error)?.stack ?? error), 1);
});

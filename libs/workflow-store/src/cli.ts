#!/usr/bin/env node
// The database commands of the workflow service:
//   upgrade    apply the pending migrations (creates an SQLite file and its folder)
//   populate   register the std actions as system action definitions
//   status     applied and pending migrations; exits 1 unless the database is up to date
// DATABASE_URL selects the database (default file:var/workflow.sqlite); `--database-url URL` wins over
// it. A relative SQLite path is taken from the repository root, wherever the command runs from.
//   npx tsx --conditions=development libs/workflow-store/src/cli.ts upgrade
import { fileURLToPath } from "node:url";
import { databaseStatus, upgradeDatabase } from "./database-migrations.js";
import { populateDatabase } from "./populate-database.js";
import { WorkflowStoreError } from "./workflow-store-error.js";

const USAGE = `usage: workflow-store upgrade|populate|status [--database-url URL]
  DATABASE_URL   file:PATH (SQLite, the default file:var/workflow.sqlite), postgresql://..., mysql://...
`;

// src/cli.ts and dist/cli.js are both three levels below the repository root.
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

function fail(message: string, exitCode: number): never {
  process.stderr.write(`workflow-store: ${message}\n`);
  process.exit(exitCode);
}

function parseArguments(argv: readonly string[]): { command: string; databaseUrl: string } {
  const args = [...argv];
  let databaseUrl = process.env["DATABASE_URL"] || "file:var/workflow.sqlite";
  const at = args.findIndex((arg) => arg === "--database-url" || arg.startsWith("--database-url="));
  if (at >= 0) {
    const arg = args[at]!;
    const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[at + 1];
    if (!value) fail(`--database-url needs a value\n${USAGE}`, 2);
    databaseUrl = value;
    args.splice(at, arg.includes("=") ? 1 : 2);
  }
  if (args.length !== 1) fail(USAGE.trimEnd(), 2);
  return { command: args[0]!, databaseUrl };
}

async function main(): Promise<void> {
  const { command, databaseUrl } = parseArguments(process.argv.slice(2));
  const options = {
    databaseUrl,
    baseDirectory: repositoryRoot,
    log: (message: string) => process.stderr.write(`${message}\n`),
  };
  switch (command) {
    case "upgrade": {
      const result = await upgradeDatabase(options);
      process.stdout.write(
        result.applied.length === 0
          ? `${result.provider}: up to date (${result.alreadyApplied.length} migrations)\n`
          : `${result.provider}: applied ${result.applied.join(", ")}\n`,
      );
      return;
    }
    case "populate": {
      const result = await populateDatabase(options);
      process.stdout.write(
        `std actions: ${result.created.length} created, ${result.updated.length} updated, ` +
          `${result.unchanged.length} unchanged\n`,
      );
      return;
    }
    case "status": {
      const status = await databaseStatus(options);
      const lines = [
        `${status.database}`,
        `applied: ${status.applied.join(", ") || "none"}`,
        `pending: ${status.pending.join(", ") || "none"}`,
      ];
      if (status.failed.length > 0) lines.push(`failed: ${status.failed.join(", ")}`);
      if (status.modified.length > 0) lines.push(`modified since applied: ${status.modified.join(", ")}`);
      if (status.unknown.length > 0)
        lines.push(`not among the migration files: ${status.unknown.join(", ")}`);
      process.stdout.write(`${lines.join("\n")}\n`);
      if (status.pending.length > 0 || status.failed.length > 0) process.exitCode = 1;
      return;
    }
    default:
      fail(`unknown command ${command}\n${USAGE}`, 2);
  }
}

main().catch((error: unknown) => {
  if (error instanceof WorkflowStoreError) fail(`${error.code}: ${error.message}`, 1);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1);
});

#!/usr/bin/env node
// `npm start`: the workflow service with every role in one process (api, engine, executor), on the
// embedded defaults: SQLite in var/workflow.sqlite and the local Redis (started by the bootstrap).
// Environment variables override the defaults (see apps/workflow-engine/README.md).
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

const child = spawn(
  tsx,
  [
    "--conditions=development",
    "apps/workflow-engine/src/main.ts",
    "--server",
    "all",
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      DATABASE_URL: `file:${join(root, "var", "workflow.sqlite")}`,
      // The memory settings of apps/workflow-engine/bin/workflow-engine (see its README).
      NODE_OPTIONS: "--max-semi-space-size=2 --max-old-space-size=128",
      MALLOC_ARENA_MAX: "2",
      ...process.env,
    },
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

#!/usr/bin/env node
// `npm start`: the platform on the embedded defaults — the workflow service with every role in one
// process (api, engine, executor; SQLite in var/workflow.sqlite and the local Redis started by the
// bootstrap) and the inventory (SQLite in var/inventory.sqlite, on 127.0.0.1:7780). Environment
// variables override the defaults (apps/workflow-engine/README.md, apps/inventory/README.md).
// When one service stops, the other is stopped too.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

const services = [
  {
    name: "workflow service",
    args: ["apps/workflow-engine/src/main.ts", "--server", "all", ...process.argv.slice(2)],
    env: {
      DATABASE_URL: `file:${join(root, "var", "workflow.sqlite")}`,
      // The memory settings of apps/workflow-engine/bin/workflow-engine (see its README).
      NODE_OPTIONS: "--max-semi-space-size=2 --max-old-space-size=128",
      MALLOC_ARENA_MAX: "2",
    },
  },
  { name: "inventory", args: ["apps/inventory/src/main.ts"], env: { MALLOC_ARENA_MAX: "2" } },
];

const children = services.map((service) => {
  const child = spawn(tsx, ["--conditions=development", ...service.args], {
    cwd: root,
    stdio: "inherit",
    env: { ...service.env, ...process.env },
  });
  child.on("exit", (code, signal) => {
    process.stderr.write(`${service.name} stopped (${signal ?? `exit ${code}`})\n`);
    for (const other of children) if (other !== child && other.exitCode === null) other.kill("SIGTERM");
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  return child;
});
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });

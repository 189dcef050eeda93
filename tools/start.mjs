#!/usr/bin/env node
// `npm start`: until the services exist, runs the workflow-language command line on the example
// workbook (validation, then the task graph of each workflow), so a newcomer sees the dsl at work.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const example = "libs/dsl/examples/host-maintenance.yaml";
const tsx = join(root, "node_modules", ".bin", "tsx");

function dsl(...args) {
  process.stdout.write(`\n$ dsl ${args.join(" ")}\n`);
  const result = spawnSync(tsx, ["--conditions=development", "libs/dsl/src/cli.ts", ...args], {
    cwd: root,
    stdio: "inherit",
  });
  return result.status ?? 1;
}

const status = dsl("validate", example) || dsl("graph", example);
process.exit(status);

#!/usr/bin/env node
// `npm start`: until the services exist, runs the workflow-language command line on the example
// workbook, so a newcomer sees the dsl at work.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const example = "libs/dsl/examples/host-maintenance.yaml";
const tsx = join(root, "node_modules", ".bin", "tsx");

process.stdout.write(`Validating ${example} with the dsl command line:\n`);
const result = spawnSync(tsx, ["--conditions=development", "libs/dsl/src/cli.ts", "validate", example], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status ?? 1);

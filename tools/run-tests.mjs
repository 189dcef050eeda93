#!/usr/bin/env node
// `npm test`: format check, then lint, typecheck, build and test of every project through nx.
// Each project's vitest writes a JSON report to var/test-results/; the totals are printed last.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { summarizeTestResults } from "./test-summary.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(root, "var", "test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const env = { ...process.env, NX_NO_CLOUD: "true", NX_TUI: "false" };
if (process.env.CI) env.NX_DAEMON = "false";

function step(name, command, args) {
  process.stderr.write(`\n=== ${name}: ${command} ${args.join(" ")}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  return { name, ok: result.status === 0 };
}

const steps = [
  step("format", "npx", ["prettier", "--check", "."]),
  step("lint, typecheck, build, test", "npx", [
    "nx",
    "run-many",
    "-t",
    "lint",
    "typecheck",
    "build",
    "test",
    "--outputStyle=stream",
  ]),
];

const failedSteps = steps.filter((s) => !s.ok).map((s) => s.name);
const totals = summarizeTestResults(resultsDir);
if (failedSteps.length > 0) process.stderr.write(`\nfailed steps: ${failedSteps.join("; ")}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);

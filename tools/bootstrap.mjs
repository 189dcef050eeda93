#!/usr/bin/env node
// Brings a fresh clone to a runnable state, and does nothing when it already is:
// installs npm dependencies when node_modules is missing or older than the lockfile.
// Later issues extend it with local services (Redis, databases) that the platform needs.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = join(root, "node_modules", ".ops-bootstrap-stamp");

function lockfileDigest() {
  const lock = join(root, "package-lock.json");
  const text = existsSync(lock) ? readFileSync(lock) : readFileSync(join(root, "package.json"));
  return createHash("sha256").update(text).digest("hex");
}

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function ensureDependencies() {
  const digest = lockfileDigest();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest) return;
  const fresh = !existsSync(join(root, "node_modules"));
  const args = fresh && existsSync(join(root, "package-lock.json")) ? ["ci"] : ["install"];
  log(`installing npm dependencies (npm ${args[0]}) ...`);
  const started = Date.now();
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  writeFileSync(stampFile, lockfileDigest());
  log(`dependencies ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

ensureDependencies();

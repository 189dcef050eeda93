#!/usr/bin/env node
// Brings a fresh clone to a runnable state, and does nothing when it already is: installs npm
// dependencies when node_modules is missing or older than the lockfile, generates the Prisma clients
// of the workflow store, with `--services redis,postgres,mariadb` makes sure those local servers
// run, and with `--packages a,b` installs Debian packages tests use as peers (tools/services.mjs).
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

// The Prisma libraries' clients are generated, not committed (a no-op when the schema is unchanged).
for (const library of ["workflow-store", "inventory-store"]) {
  if (!existsSync(join(root, "libs", library, "prisma", "models.prisma"))) continue;
  execFileSync(
    process.execPath,
    [join(root, "tools", "prisma", "generate-clients.mjs"), "--library", join(root, "libs", library)],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
}

const listArgument = (flag) => {
  const at = process.argv.indexOf(flag);
  return at < 0 ? [] : (process.argv[at + 1] ?? "").split(",").filter(Boolean);
};
const services = listArgument("--services");
const packages = listArgument("--packages");
if (services.length > 0 || packages.length > 0) {
  const { ensurePackages, ensureServices } = await import("./services.mjs");
  await ensureServices(services);
  ensurePackages(packages);
}

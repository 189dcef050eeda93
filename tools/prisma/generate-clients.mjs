#!/usr/bin/env node
// Generates a Prisma library's clients, one per provider, into <library>/src/generated/<provider>/
// (gitignored), after writing each provider's copy of prisma/models.prisma. Runs offline: Prisma 6.19's `prisma-client` generator
// with `engineType = "client"` needs no engine download once prisma.config.ts selects the JS schema
// engine. Quick and idempotent: when the inputs (models, datasources, these scripts, Prisma's version)
// have the digest recorded by the last run and every client is there, it does nothing.
//
//   node tools/prisma/generate-clients.mjs --library libs/workflow-store           when something changed
//   node tools/prisma/generate-clients.mjs --library libs/workflow-store --force   generate anyway
//   node tools/prisma/generate-clients.mjs --library libs/workflow-store --check   exit 1 if the
//                                                  committed schema copies are stale (CI)
// Without --library, the working directory is the library (`npm run generate -w @ops/...`).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  argumentsWithoutLibrary,
  libraryFromArguments,
  PROVIDERS,
  schemaFolder,
  writeProviderModels,
} from "./prisma-schemas.mjs";

const require = createRequire(import.meta.url);
const library = libraryFromArguments(process.argv.slice(2));
const generatedRoot = join(library.root, "src", "generated");
const digestFile = join(generatedRoot, ".inputs-digest");

// A URL of the right provider is all `prisma generate` needs; it never connects.
const PLACEHOLDER_URLS = {
  sqlite: "file:./var/generate.sqlite",
  postgresql: "postgresql://generate@127.0.0.1:5432/generate",
  mysql: "mysql://generate@127.0.0.1:3306/generate",
};

function log(message) {
  process.stderr.write(`[${library.name}] ${message}\n`);
}

function inputsDigest() {
  const hash = createHash("sha256");
  const files = [
    library.modelsFile,
    join(library.root, "prisma.config.ts"),
    fileURLToPath(import.meta.url),
    join(dirname(fileURLToPath(import.meta.url)), "prisma-schemas.mjs"),
    join(dirname(fileURLToPath(import.meta.url)), "cli-config.ts"),
    ...PROVIDERS.map((provider) => join(schemaFolder(library, provider), "datasource.prisma")),
    require.resolve("prisma/package.json"),
    require.resolve("@prisma/client/package.json"),
  ];
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}

function upToDate(digest) {
  return (
    existsSync(digestFile) &&
    readFileSync(digestFile, "utf8") === digest &&
    PROVIDERS.every((provider) => existsSync(join(generatedRoot, provider, "client.ts")))
  );
}

function generate(provider) {
  const cli = join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
  rmSync(join(generatedRoot, provider), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "generate", "--schema", schemaFolder(library, provider)], {
      cwd: library.root,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: PLACEHOLDER_URLS[provider],
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`prisma generate for ${provider} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** The generated files, recursively. */
function generatedFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? generatedFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

// The repository's `prettier --check .` reads src/generated unless the root .prettierignore lists it:
// then format what Prisma wrote (a few seconds), else leave it as it is.
async function formatUnlessIgnored() {
  let prettier;
  try {
    const module = await import(pathToFileURL(require.resolve("prettier", { paths: [library.root] })).href);
    prettier = typeof module.getFileInfo === "function" ? module : module.default;
  } catch {
    return;
  }
  const workspaceRoot = join(library.root, "..", "..");
  const ignorePath = [join(workspaceRoot, ".gitignore"), join(workspaceRoot, ".prettierignore")];
  const files = generatedFiles(generatedRoot).filter((file) => file.endsWith(".ts"));
  if (files.length === 0 || (await prettier.getFileInfo(files[0], { ignorePath })).ignored) return;
  for (const file of files) {
    const options = (await prettier.resolveConfig(file)) ?? {};
    writeFileSync(file, await prettier.format(readFileSync(file, "utf8"), { ...options, filepath: file }));
  }
}

const args = argumentsWithoutLibrary(process.argv.slice(2));
if (args.includes("--check")) {
  const stale = writeProviderModels(library, { check: true });
  if (stale.length > 0) {
    log(`schema copies are stale for ${stale.join(", ")}: run npm run generate -w ${library.name}`);
    process.exit(1);
  }
  process.exit(0);
}

writeProviderModels(library);
const digest = inputsDigest();
if (!args.includes("--force") && upToDate(digest)) process.exit(0);

const started = Date.now();
mkdirSync(generatedRoot, { recursive: true });
rmSync(digestFile, { force: true });
try {
  await Promise.all(PROVIDERS.map(generate));
  await formatUnlessIgnored();
} catch (error) {
  log(error.message);
  process.exit(1);
}
writeFileSync(digestFile, digest);
log(
  `Prisma clients generated for ${PROVIDERS.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

#!/usr/bin/env node
// Command line for the workflow language: `validate FILE.yaml`.
import { readFileSync } from "node:fs";
import { load } from "js-yaml";

function usage(): never {
  process.stderr.write("usage: dsl validate FILE.yaml\n");
  process.exit(2);
}

function validate(file: string): number {
  const text = readFileSync(file, "utf8");
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    process.stdout.write(`${file}: YAML syntax error: ${(error as Error).message}\n`);
    return 1;
  }
  const version = (doc as { version?: unknown } | null)?.version;
  if (String(version) !== "2.0") {
    process.stdout.write(`${file}: version must be '2.0', got ${JSON.stringify(version)}\n`);
    return 1;
  }
  process.stdout.write("OK\n");
  return 0;
}

const [command, ...rest] = process.argv.slice(2);
if (command === "validate" && rest[0]) process.exit(validate(rest[0]));
usage();

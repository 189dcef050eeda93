// Reads the workflow fixtures and parses each with the parser its `# kind:` line names.
import { readdirSync, readFileSync } from "node:fs";
import type { DslIssue } from "../../src/errors.js";
import { parseActions } from "../../src/spec/parse-actions.js";
import { parseWorkbook } from "../../src/spec/parse-workbook.js";
import { parseWorkflows } from "../../src/spec/parse-workflows.js";

export const FIXTURES_DIR = new URL("../fixtures/workflows/", import.meta.url);

/** The kinds of definition documents, as a fixture's first line (`# kind: workbook`) names them. */
export type DocumentKind = "workflows" | "workbook" | "actions";

export interface Fixture {
  readonly name: string;
  readonly text: string;
  readonly kind: DocumentKind;
}

/** Every fixture file name, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith(".yaml"))
    .sort();
}

export function readFixture(name: string): Fixture {
  const text = readFileSync(new URL(name, FIXTURES_DIR), "utf8");
  const kind = (/^# kind: (\w+)/m.exec(text)?.[1] ?? "workflows") as DocumentKind;
  return { name, text, kind };
}

/** Parses text as a document of `kind`. */
export function parseDocument(
  kind: DocumentKind,
  text: string,
): { spec?: unknown; issues: readonly DslIssue[]; warnings: readonly DslIssue[] } {
  if (kind === "workbook") return parseWorkbook(text);
  if (kind === "actions") return parseActions(text);
  return parseWorkflows(text);
}

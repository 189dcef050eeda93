// Ad-hoc action documents: what `POST /v2/actions` takes (Mistral's ActionListSpec).
import type { ActionListSpec, ActionSpec } from "./action-spec.js";
import { readAction } from "./action-reader.js";
import { namedDefinitions } from "./named-definitions.js";
import { checkVersion, openDocument } from "./open-document.js";
import type { SpecParseResult } from "./spec-parse-result.js";
import { SpecReader } from "./spec-reader.js";

/**
 * Parses and validates an ad-hoc actions document: `version: '2.0'` and one key per action.
 * Never throws: every problem is an issue with its path, line and column.
 */
export function parseActions(text: string): SpecParseResult<ActionListSpec> {
  const reader = new SpecReader();
  const root = openDocument(reader, text);
  if (root === undefined) return { issues: reader.issues, warnings: reader.warnings };
  checkVersion(reader, root);
  const definitions = namedDefinitions(reader, root, "action", false);
  if (root.node.entries.every((entry) => entry.key === "version")) {
    reader.error(
      "DSL_ERR_MISSING_KEY",
      "The document defines no action.",
      { position: root.node.position, path: [] },
      "Add an action: its name as a key, with its `base` under it.",
    );
  }
  const actions: ActionSpec[] = [];
  for (const { name, nameAt, at } of definitions) {
    const action = readAction(reader, at, name, nameAt);
    if (action !== undefined) actions.push(action);
  }
  return { spec: { actions }, issues: reader.issues, warnings: reader.warnings };
}

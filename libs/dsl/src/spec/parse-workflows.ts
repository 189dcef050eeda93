// Workflow definitions documents: what `POST /v2/workflows` takes (Mistral's WorkflowListSpec).
import { namedDefinitions } from "./named-definitions.js";
import { checkVersion, openDocument } from "./open-document.js";
import { SpecLocations } from "./spec-locations.js";
import type { SpecParseResult } from "./spec-parse-result.js";
import { SpecReader } from "./spec-reader.js";
import { readWorkflow } from "./workflow-reader.js";
import type { WorkflowListSpec, WorkflowSpec } from "./workflow-spec.js";

/**
 * Parses and validates a workflow definitions document: `version: '2.0'` and one key per workflow.
 * Never throws: every problem is an issue with its path, line and column.
 */
export function parseWorkflows(text: string): SpecParseResult<WorkflowListSpec> {
  const reader = new SpecReader();
  const root = openDocument(reader, text);
  if (root === undefined) return { issues: reader.issues, warnings: reader.warnings };
  checkVersion(reader, root);
  const locations = new SpecLocations();
  const definitions = namedDefinitions(reader, root, "workflow", false);
  if (root.node.entries.every((entry) => entry.key === "version")) {
    reader.error(
      "DSL_ERR_MISSING_KEY",
      "The document defines no workflow.",
      { position: root.node.position, path: [] },
      "Add a workflow: its name as a key, with its `tasks` under it.",
    );
  }
  const workflows: WorkflowSpec[] = [];
  for (const { name, nameAt, at } of definitions) {
    const workflow = readWorkflow(reader, at, name, nameAt, locations);
    if (workflow !== undefined) workflows.push(workflow);
  }
  return { spec: { workflows }, issues: reader.issues, warnings: reader.warnings };
}

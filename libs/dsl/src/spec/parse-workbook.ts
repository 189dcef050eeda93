// Workbooks: a named bundle of workflows and ad-hoc actions (mistral/lang/v2/workbook.py).
import type { YamlMappingNode } from "../yaml/yaml-document.js";
import type { ActionSpec } from "./action-spec.js";
import { readAction } from "./action-reader.js";
import { namedDefinitions } from "./named-definitions.js";
import { checkVersion, openDocument } from "./open-document.js";
import { SpecLocations } from "./spec-locations.js";
import type { SpecParseResult } from "./spec-parse-result.js";
import { SpecReader, type Located } from "./spec-reader.js";
import type { WorkbookSpec } from "./workbook-spec.js";
import { readWorkflow } from "./workflow-reader.js";
import type { WorkflowSpec } from "./workflow-spec.js";

const WORKBOOK_KEYS = ["version", "name", "description", "tags", "actions", "workflows"];

/**
 * Parses and validates a workbook: `version`, `name`, `description`, `tags`, `actions`, `workflows`.
 * Never throws: every problem is an issue with its path, line and column.
 */
export function parseWorkbook(text: string): SpecParseResult<WorkbookSpec> {
  const reader = new SpecReader();
  const root = openDocument(reader, text);
  if (root === undefined) return { issues: reader.issues, warnings: reader.warnings };
  checkVersion(reader, root);
  reader.checkKeys(root, WORKBOOK_KEYS);

  const nameAt = reader.child(root, "name");
  let name = "";
  if (nameAt === undefined) {
    reader.error(
      "DSL_ERR_MISSING_KEY",
      "The workbook has no `name`.",
      { position: root.node.position, path: [] },
      "Add `name: my_workbook`.",
    );
  } else name = reader.nonEmptyString(nameAt) ?? "";
  const spec: { -readonly [K in keyof WorkbookSpec]: WorkbookSpec[K] } = {
    name,
    tags: [],
    actions: [],
    workflows: [],
  };
  const descriptionAt = reader.child(root, "description");
  if (descriptionAt !== undefined) {
    const description = reader.nonEmptyString(descriptionAt);
    if (description !== undefined) spec.description = description;
  }
  const tagsAt = reader.child(root, "tags");
  if (tagsAt !== undefined) spec.tags = reader.uniqueStringList(tagsAt) ?? [];

  const locations = new SpecLocations();
  const actions = section(reader, root, "actions");
  if (actions !== undefined) {
    const specs: ActionSpec[] = [];
    for (const { name: actionName, nameAt: at, at: body } of namedDefinitions(
      reader,
      actions,
      "action",
      true,
    )) {
      const action = readAction(reader, body, actionName, at);
      if (action !== undefined) specs.push(action);
    }
    spec.actions = specs;
  }
  const workflows = section(reader, root, "workflows");
  if (workflows !== undefined) {
    const specs: WorkflowSpec[] = [];
    for (const { name: workflowName, nameAt: at, at: body } of namedDefinitions(
      reader,
      workflows,
      "workflow",
      true,
    )) {
      const workflow = readWorkflow(reader, body, workflowName, at, locations);
      if (workflow !== undefined) specs.push(workflow);
    }
    spec.workflows = specs;
  }
  return { spec, issues: reader.issues, warnings: reader.warnings };
}

/** `actions` or `workflows`: a non-empty mapping when present. */
function section(
  reader: SpecReader,
  root: Located<YamlMappingNode>,
  key: "actions" | "workflows",
): Located<YamlMappingNode> | undefined {
  const at = reader.child(root, key);
  if (at === undefined) return undefined;
  const mapping = reader.mapping(
    at,
    `a mapping of ${key === "actions" ? "action" : "workflow"} names to definitions`,
  );
  if (mapping === undefined) return undefined;
  if (mapping.node.entries.length === 0) {
    reader.error("DSL_ERR_INVALID_VALUE", `\`${key}\` must not be an empty mapping.`, mapping);
    return undefined;
  }
  return mapping;
}

// The part every definition document shares: YAML parsing, a mapping at the root, and `version`.
import type { YamlMappingNode } from "../yaml/yaml-document.js";
import { parseYamlDocument } from "../yaml/yaml-document.js";
import { describeValue } from "./mistral-types.js";
import type { Located, SpecReader } from "./spec-reader.js";

/**
 * Parses the text and returns its root mapping, or undefined after reporting why there is none.
 * An empty document counts as an empty mapping, as in Mistral (`safe_load(text) or {}`).
 */
export function openDocument(reader: SpecReader, text: string): Located<YamlMappingNode> | undefined {
  const document = parseYamlDocument(text);
  reader.issues.push(...document.issues);
  const root = document.root;
  if (root === undefined || (root.kind === "scalar" && root.value === null)) {
    if (document.issues.some((issue) => issue.code === "DSL_ERR_YAML_SYNTAX")) return undefined;
    const position = root?.position ?? { line: 1, column: 1, offset: 0 };
    return { node: { kind: "mapping", value: {}, entries: [], byKey: new Map(), position }, path: [] };
  }
  if (root.kind !== "mapping") {
    reader.error(
      "DSL_ERR_NOT_A_MAPPING",
      `The document must be a mapping (\`version: '2.0'\` followed by definitions); it is ${describeValue(root.value)}.`,
      { node: root, path: [] },
    );
    return undefined;
  }
  return { node: root, path: [] };
}

/** Checks `version`: required, and '2.0' (Mistral's only version of the language; 2.0 and 2 also do). */
export function checkVersion(reader: SpecReader, root: Located<YamlMappingNode>): void {
  const at = reader.child(root, "version");
  if (at === undefined) {
    reader.error(
      "DSL_ERR_VERSION",
      "The document has no `version`.",
      { position: root.node.position, path: [] },
      "Start it with `version: '2.0'`.",
    );
    return;
  }
  checkVersionValue(reader, at);
}

/** Checks the value of a `version` key. */
export function checkVersionValue(reader: SpecReader, at: Located): void {
  const value = at.node.value;
  if (value === "2.0" || value === 2) return;
  reader.error(
    "DSL_ERR_VERSION",
    `\`version\` must be '2.0'; it is ${describeValue(value)}.`,
    at,
    "Mistral speaks version 2.0 of the workflow language only: `version: '2.0'`.",
  );
}

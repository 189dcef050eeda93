// The named workflows or actions of a document or of a workbook section, with the checks their names
// and bodies get before each is read.
import type { YamlMappingNode } from "../yaml/yaml-document.js";
import { describeValue } from "./mistral-types.js";
import { checkVersionValue } from "./open-document.js";
import { keyValueOf, type Located, type SpecReader, type Where } from "./spec-reader.js";

/** A definition and where its name is written. */
export interface NamedDefinition {
  readonly name: string;
  readonly nameAt: Where;
  readonly at: Located;
}

/**
 * The definitions of `container`, skipping `version`. In a workbook a name may only hold word
 * characters and `-` (Mistral's workbook schema); in a list document each body must be a non-empty
 * mapping (its schema's NONEMPTY_DICT), and a definition failing these checks is not read further.
 */
export function namedDefinitions(
  reader: SpecReader,
  container: Located<YamlMappingNode>,
  kind: "workflow" | "action",
  inWorkbook: boolean,
): NamedDefinition[] {
  const definitions: NamedDefinition[] = [];
  for (const { key, entry, at } of reader.entries(container)) {
    const nameAt: Where = { position: entry.keyPosition, path: at.path };
    if (key === "version" && entry.keyIsString) {
      // Top-level versions are checked by the caller; a workbook section may repeat it.
      if (inWorkbook) checkVersionValue(reader, at);
      continue;
    }
    if (!entry.keyIsString) {
      reader.error(
        "DSL_ERR_INVALID_NAME",
        `The ${kind} name \`${entry.keyText}\` is read by YAML 1.1 as ${describeValue(keyValueOf(entry))}, not a string.`,
        { position: entry.keyPosition, path: [...container.path, entry.keyText] },
        `Quote it: '${entry.keyText}'.`,
      );
      continue;
    }
    if (inWorkbook && !/^[\p{L}\p{N}_-]+$/u.test(key)) {
      reader.error(
        "DSL_ERR_INVALID_NAME",
        `The ${kind} name '${key}' is not allowed in a workbook: use letters, digits, '_' and '-' only.`,
        nameAt,
      );
      continue;
    }
    if (!inWorkbook && key === "") {
      reader.error("DSL_ERR_INVALID_NAME", `A ${kind} name must not be empty.`, nameAt);
      continue;
    }
    if (at.node.kind === "mapping" && at.node.entries.length === 0 && !inWorkbook) {
      reader.error("DSL_ERR_INVALID_VALUE", `The ${kind} '${key}' is empty.`, at);
      continue;
    }
    if (at.node.kind !== "mapping" && (!inWorkbook || at.node.value === null)) {
      reader.wrongType(at, `a mapping (the ${kind}'s definition)`);
      continue;
    }
    definitions.push({ name: key, nameAt, at });
  }
  return definitions;
}

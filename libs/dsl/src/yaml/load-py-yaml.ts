// YAML text to a plain value, as Python's `yaml.safe_load` returns it: what the expression function
// `yaml_parse` needs. Unlike definitions, data may repeat a key silently (PyYAML keeps the last one).
import { DslError } from "../errors.js";
import { parseYamlDocument } from "./yaml-document.js";
import type { PyYamlNumberHooks } from "./py-yaml-scalar.js";

/** Options of {@link loadPyYaml}. */
export interface LoadPyYamlOptions extends PyYamlNumberHooks {
  /**
   * How many nodes aliases may add when expanded before the text is refused.
   * @defaultValue 100000
   */
  readonly maxAliasExpansion?: number;
}

/**
 * Loads YAML text into a plain value with PyYAML's YAML 1.1 rules (`yes` is true, `017` is 15, `1.0` is
 * a float...). Empty text gives null. Pass `float` and `bigInt` hooks to keep apart what a JavaScript
 * number cannot (`1.0` from `1`, integers beyond 2^53).
 *
 * @throws DslError with code `DSL_ERR_YAML_SYNTAX` when PyYAML would refuse the text.
 */
export function loadPyYaml(text: string, options: LoadPyYamlOptions = {}): unknown {
  const document = parseYamlDocument(text, options);
  const problem = document.issues.find((issue) => issue.code !== "DSL_ERR_DUPLICATE_KEY");
  if (problem !== undefined) {
    throw new DslError("DSL_ERR_YAML_SYNTAX", `${problem.line}:${problem.column}: ${problem.message}`);
  }
  return document.value;
}

// Mistral's spec document of a workflow: the workflow's YAML mapping with the keys Mistral's parser
// adds (`name` and `version` on the workflow; `type`, `name` and `version` on each task). Mistral
// stores it in workflow_definitions.spec and workflow_executions.spec, and `execution().spec` shows
// it; the engine reads it from there. (The same shape as workflowSpecDocument of the conductor,
// which the API does not depend on.)
import { loadPyYaml, PyFloat } from "@ops/dsl";

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/** The spec document of one workflow from its mapping and short name. */
export function workflowSpecDocument(workflow: unknown, name: string, version = "2.0"): Dict {
  const document: Dict = isDict(workflow) ? { ...workflow } : {};
  const type = typeof document["type"] === "string" ? document["type"] : "direct";
  if (isDict(document["tasks"])) {
    const tasks: Dict = {};
    for (const [taskName, task] of Object.entries(document["tasks"])) {
      tasks[taskName] = isDict(task) ? { ...task, type, name: taskName, version } : task;
    }
    document["tasks"] = tasks;
  }
  document["name"] = name;
  document["version"] = version;
  return document;
}

/** The mappings of a valid document, by workflow name: top-level keys, or a workbook's `workflows`. */
export function workflowMappings(text: string, kind: "workflows" | "workbook"): Map<string, unknown> {
  const out = new Map<string, unknown>();
  let root: unknown;
  try {
    // Floats stay floats (`1.0`) and big integers exact, as PyYAML reads them.
    root = loadPyYaml(text, { float: (value) => new PyFloat(value), bigInt: (digits) => BigInt(digits) });
  } catch {
    return out;
  }
  if (!isDict(root)) return out;
  const section = kind === "workbook" ? root["workflows"] : root;
  if (!isDict(section)) return out;
  for (const [name, value] of Object.entries(section)) {
    if (kind === "workflows" && name === "version") continue;
    out.set(name, value);
  }
  return out;
}

/** One entry of a spec document's `input`: `"name"` (required) or `{"name": default}`. */
export type SpecInput = string | Readonly<Record<string, unknown>>;

/** The `input` list of a spec document. */
export function specInputs(spec: unknown): SpecInput[] {
  const input = isDict(spec) ? spec["input"] : undefined;
  return Array.isArray(input)
    ? (input.filter((item) => typeof item === "string" || isDict(item)) as SpecInput[])
    : [];
}

/** The names of a spec document's `output`. */
export function specOutputNames(spec: unknown): string[] {
  const output = isDict(spec) ? spec["output"] : undefined;
  return isDict(output) ? Object.keys(output) : [];
}

/** The names of a spec document's `vars`. */
export function specVarNames(spec: unknown): string[] {
  const vars = isDict(spec) ? spec["vars"] : undefined;
  return isDict(vars) ? Object.keys(vars) : [];
}

/** `direct` or `reverse`. */
export function specType(spec: unknown): string {
  const type = isDict(spec) ? spec["type"] : undefined;
  return typeof type === "string" ? type : "direct";
}

// Mistral's spec document: the workflow as written, with the keys Mistral's parser adds (`name`
// and `version` on the workflow; `type`, `name` and `version` on each task). Mistral stores it in
// workflow_executions.spec and task_executions.spec; `execution().spec` and `task().spec` show it.
import { parseWorkflows, pyJsonDumps, type SpecParseResult, type WorkflowSpec } from "@ops/dsl";
import type { JsonObject } from "./execution-rows.js";
import { isDict, setKey, shallowCopy } from "./engine/python-values.js";

/**
 * The spec document of one workflow from its YAML mapping (as `loadPyYaml` gives it, the value
 * under the workflow's name) and its short name.
 */
export function workflowSpecDocument(workflow: JsonObject, name: string, version = "2.0"): JsonObject {
  const document = shallowCopy(workflow);
  const type = typeof workflow["type"] === "string" ? workflow["type"] : "direct";
  if (isDict(workflow["tasks"])) {
    const tasks: JsonObject = {};
    for (const [taskName, task] of Object.entries(workflow["tasks"])) {
      if (!isDict(task)) {
        setKey(tasks, taskName, task);
        continue;
      }
      const taskDocument = shallowCopy(task);
      setKey(taskDocument, "type", type);
      setKey(taskDocument, "name", taskName);
      setKey(taskDocument, "version", version);
      setKey(tasks, taskName, taskDocument);
    }
    setKey(document, "tasks", tasks);
  }
  setKey(document, "name", name);
  setKey(document, "version", version);
  return document;
}

/**
 * The typed spec of a spec document (what `workflow_executions.spec` or `workflow_definitions.spec`
 * holds), for the snapshot: the document is read back as the workflow it was made from. Cache the
 * result by execution (or definition) id: specs are immutable values.
 */
export function workflowSpecFromDocument(document: JsonObject): SpecParseResult<WorkflowSpec> {
  const name = typeof document["name"] === "string" ? document["name"] : "workflow";
  // JSON is YAML; pyJsonDumps keeps 1.0 a float and big integers exact.
  const parsed = parseWorkflows(pyJsonDumps({ version: "2.0", [name]: document }));
  const spec = parsed.spec?.workflows[0];
  return { ...(spec === undefined ? {} : { spec }), issues: parsed.issues, warnings: parsed.warnings };
}

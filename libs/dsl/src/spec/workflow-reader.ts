// Reads one workflow (mistral/lang/v2/workflows.py, task_defaults.py) and checks its task graph.
import type { YamlMappingNode } from "../yaml/yaml-document.js";
import { checkWorkflowGraph } from "./check-workflow-graph.js";
import { closestName } from "./closest-name.js";
import { checkExpressions } from "./expression-check.js";
import { describeValue } from "./mistral-types.js";
import { readOnClause } from "./on-clause-reader.js";
import { POLICY_KEYS, readPolicies } from "./policies-reader.js";
import type { SpecLocations } from "./spec-locations.js";
import { keyValueOf, type Located, type SpecReader, type Where } from "./spec-reader.js";
import type { DirectTaskSpec, OnClauseSpec, ReverseTaskSpec } from "./task-spec.js";
import { readTask, type TaskContextType } from "./task-reader.js";
import type { TaskDefaultsSpec, WorkflowSpec, WorkflowSpecBase } from "./workflow-spec.js";

const WORKFLOW_KEYS = [
  "type",
  "description",
  "tags",
  "input",
  "output",
  "output-on-error",
  "vars",
  "task-defaults",
  "tasks",
];
/** Keys Mistral fills in itself (overwriting what is written). */
const FILLED_IN_KEYS = ["name", "version"];
const TASK_DEFAULTS_KEYS = [
  ...POLICY_KEYS,
  "on-success",
  "on-error",
  "on-complete",
  "requires",
  "safe-rerun",
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads a workflow named `name` (written at `nameAt`). Returns undefined when the workflow is not a
 * mapping; otherwise a spec of what could be read (the reader's issues tell whether it is valid).
 */
export function readWorkflow(
  reader: SpecReader,
  at: Located,
  name: string,
  nameAt: Where,
  locations: SpecLocations,
): WorkflowSpec | undefined {
  if (isUuidLike(name)) {
    reader.error(
      "DSL_ERR_INVALID_NAME",
      `The workflow name '${name}' looks like a UUID, which Mistral reserves for workflow ids.`,
      nameAt,
      "Give the workflow a descriptive name.",
    );
  }
  const workflow = reader.mapping(at, "a mapping (the workflow's `tasks`, `input`, ...)");
  if (workflow === undefined) return undefined;

  // Mistral's workflow schema lists these keys but does not forbid others: an unknown key is accepted
  // and ignored, so it is only a warning here.
  for (const entry of workflow.node.entries) {
    if (WORKFLOW_KEYS.includes(entry.key) || FILLED_IN_KEYS.includes(entry.key)) continue;
    const suggestion = closestName(entry.key, WORKFLOW_KEYS);
    reader.warn(
      "DSL_ERR_UNKNOWN_KEY",
      `Unknown key \`${entry.key}\` in a workflow; Mistral ignores it.${suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`}`,
      { position: entry.keyPosition, path: [...workflow.path, entry.key] },
      `Workflow keys: ${WORKFLOW_KEYS.join(", ")}.`,
    );
  }

  const typeAt = reader.child(workflow, "type");
  let type: TaskContextType = "direct";
  if (typeAt !== undefined) {
    const value = typeAt.node.value;
    if (value === "direct" || value === "reverse") type = value;
    else {
      type = undefined;
      reader.error(
        "DSL_ERR_INVALID_VALUE",
        `\`type\` must be 'direct' or 'reverse'; it is ${describeValue(value)}.`,
        typeAt,
        typeof value === "string" && closestName(value, ["direct", "reverse"]) !== undefined
          ? `Did you mean '${closestName(value, ["direct", "reverse"])}'?`
          : undefined,
      );
    }
  }

  const base: Mutable<WorkflowSpecBase> = {
    name,
    tags: [],
    input: [],
    output: {},
    outputOnError: {},
    vars: {},
  };
  const descriptionAt = reader.child(workflow, "description");
  if (descriptionAt !== undefined) {
    // Mistral does not check a workflow's description; anything but a string is dropped here.
    if (typeof descriptionAt.node.value === "string") base.description = descriptionAt.node.value;
    else if (descriptionAt.node.value !== null) {
      reader.warn("DSL_ERR_WRONG_TYPE", "`description` is not a string; it is ignored.", descriptionAt);
    }
  }
  const tagsAt = reader.child(workflow, "tags");
  if (tagsAt !== undefined) base.tags = reader.uniqueStringList(tagsAt) ?? [];
  const inputAt = reader.child(workflow, "input");
  if (inputAt !== undefined) base.input = reader.inputParameters(inputAt) ?? [];
  for (const [key, field] of [
    ["output", "output"],
    ["output-on-error", "outputOnError"],
    ["vars", "vars"],
  ] as const) {
    const fieldAt = reader.child(workflow, key);
    if (fieldAt === undefined) continue;
    checkExpressions(reader, fieldAt);
    base[field] = reader.nonEmptyDict(fieldAt) ?? {};
  }
  const defaultsAt = reader.child(workflow, "task-defaults");
  if (defaultsAt !== undefined) {
    const taskDefaults = readTaskDefaults(reader, defaultsAt, type, locations);
    if (taskDefaults !== undefined) base.taskDefaults = taskDefaults;
  }

  const tasks = readTasks(reader, workflow, type, locations);
  const spec: WorkflowSpec =
    type === "reverse"
      ? {
          ...base,
          type: "reverse",
          tasks: tasks.filter((task): task is ReverseTaskSpec => task.type === "reverse"),
        }
      : {
          ...base,
          type: "direct",
          tasks: tasks.filter((task): task is DirectTaskSpec => task.type === "direct"),
        };
  locations.set(spec, nameAt);
  if (workflow.node.byKey.has("tasks")) locations.setKey(spec, "tasks", reader.keyAt(workflow, "tasks"));
  if (type !== undefined && tasks.length > 0) {
    const names = taskNames(workflow);
    checkWorkflowGraph(reader, spec, locations, { taskNames: names, complete: tasks.length === names.size });
  }
  return spec;
}

function readTasks(
  reader: SpecReader,
  workflow: Located<YamlMappingNode>,
  type: TaskContextType,
  locations: SpecLocations,
): Array<DirectTaskSpec | ReverseTaskSpec> {
  const tasksAt = reader.child(workflow, "tasks");
  if (tasksAt === undefined) {
    reader.error(
      "DSL_ERR_MISSING_KEY",
      "The workflow has no `tasks`.",
      { position: workflow.node.position, path: workflow.path },
      "A workflow needs at least one task under `tasks:`.",
    );
    return [];
  }
  const tasks = reader.mapping(tasksAt, "a mapping of task names to tasks");
  if (tasks === undefined) return [];
  if (tasks.node.entries.length === 0) {
    reader.error("DSL_ERR_INVALID_VALUE", "`tasks` is empty; a workflow needs at least one task.", tasks);
    return [];
  }
  const specs: Array<DirectTaskSpec | ReverseTaskSpec> = [];
  for (const { key, entry, at } of reader.entries(tasks)) {
    const nameAt: Where = { position: entry.keyPosition, path: at.path };
    if (!entry.keyIsString) {
      reader.error(
        "DSL_ERR_INVALID_NAME",
        `The task name \`${entry.keyText}\` is read by YAML 1.1 as ${describeValue(keyValueOf(entry))}, not a string.`,
        { position: entry.keyPosition, path: [...tasks.path, entry.keyText] },
        `Quote it: '${entry.keyText}'.`,
      );
      continue;
    }
    const task = readTask(reader, at, key, nameAt, type, locations);
    if (task !== undefined) specs.push(task);
  }
  return specs;
}

/** Every task name written, including those of tasks that could not be read. */
function taskNames(workflow: Located<YamlMappingNode>): Set<string> {
  const tasks = workflow.node.byKey.get("tasks")?.node;
  return new Set(tasks?.kind === "mapping" ? tasks.entries.map((entry) => entry.key) : []);
}

function readTaskDefaults(
  reader: SpecReader,
  at: Located,
  type: TaskContextType,
  locations: SpecLocations,
): TaskDefaultsSpec | undefined {
  if (reader.nonEmptyDict(at) === undefined) return undefined;
  const defaults = at as Located<YamlMappingNode>;
  reader.checkKeys(defaults, TASK_DEFAULTS_KEYS);
  const spec: Mutable<TaskDefaultsSpec> = { policies: readPolicies(reader, defaults), requires: [] };
  // Mistral accepts every key of task-defaults in both workflow types; the other type's are unused.
  const unused =
    type === "direct" ? ["requires"] : type === "reverse" ? ["on-success", "on-error", "on-complete"] : [];
  for (const key of unused) {
    if (!defaults.node.byKey.has(key)) continue;
    reader.warn(
      "DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE",
      `\`${key}\` in task-defaults has no effect in a ${type ?? ""} workflow.`,
      reader.keyAt(defaults, key),
    );
  }
  const clause = (key: string): OnClauseSpec | undefined => {
    const clauseAt = reader.child(defaults, key);
    return clauseAt === undefined ? undefined : readOnClause(reader, clauseAt, locations);
  };
  const onSuccess = clause("on-success");
  const onError = clause("on-error");
  const onComplete = clause("on-complete");
  if (onSuccess !== undefined) spec.onSuccess = onSuccess;
  if (onError !== undefined) spec.onError = onError;
  if (onComplete !== undefined) spec.onComplete = onComplete;
  const requiresAt = reader.child(defaults, "requires");
  if (requiresAt !== undefined) {
    spec.requires = reader.stringOrUniqueStringList(requiresAt) ?? [];
    locations.setListKeys(spec, "requires", requiresAt);
  }
  const safeRerunAt = reader.child(defaults, "safe-rerun");
  if (safeRerunAt !== undefined) {
    checkExpressions(reader, safeRerunAt);
    const safeRerun = reader.expressionOrBoolean(safeRerunAt);
    if (safeRerun !== undefined) spec.safeRerun = safeRerun;
  }
  locations.set(spec, { position: at.node.position, path: at.path });
  return spec;
}

/**
 * Whether a name would pass oslo's `uuidutils.is_uuid_like`: once `urn:`, `uuid:`, surrounding braces
 * and hyphens are removed, 32 hexadecimal digits.
 */
export function isUuidLike(name: string): boolean {
  const bare = name
    .replaceAll("urn:", "")
    .replaceAll("uuid:", "")
    .replace(/^[{}]+|[{}]+$/g, "")
    .replaceAll("-", "")
    .toLowerCase();
  return /^[0-9a-f]{32}$/.test(bare);
}

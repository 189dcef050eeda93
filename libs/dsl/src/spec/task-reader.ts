// Reads one task (mistral/lang/v2/tasks.py) into a DirectTaskSpec or ReverseTaskSpec.
import type { YamlMappingNode } from "../yaml/yaml-document.js";
import { checkExpressions, checkExpressionText } from "./expression-check.js";
import { parseInlineCommand } from "./inline-command.js";
import { isPositiveInteger } from "./mistral-types.js";
import { readOnClause } from "./on-clause-reader.js";
import { POLICY_KEYS, readPolicies } from "./policies-reader.js";
import type { SpecLocations } from "./spec-locations.js";
import { nameOf, type Located, type SpecReader, type Where } from "./spec-reader.js";
import type {
  DirectTaskSpec,
  JoinSpec,
  OnClauseSpec,
  ReverseTaskSpec,
  TaskSpec,
  TaskSpecBase,
  WithItemsSpec,
} from "./task-spec.js";
import { parseWithItemsEntry } from "./with-items.js";

/** Mistral's limits on task names (a join task's name is part of a longer database key). */
export const MAX_TASK_NAME_LENGTH = 255;
export const MAX_JOIN_TASK_NAME_LENGTH = MAX_TASK_NAME_LENGTH - 47;

const COMMON_KEYS = [
  "description",
  "tags",
  "action",
  "workflow",
  "input",
  "with-items",
  "publish",
  "publish-on-error",
  ...POLICY_KEYS,
  "target",
  "keep-result",
  "safe-rerun",
];
/** Keys Mistral fills in itself (overwriting what is written), so any value is accepted. */
const FILLED_IN_KEYS = ["name", "version", "type"];
const DIRECT_KEYS = ["join", "on-success", "on-error", "on-complete"];
const REVERSE_KEYS = ["requires"];

/** Per workflow type: the keys a task may have, and those that belong to the other type. */
const KEYS_BY_TYPE = {
  direct: {
    allowed: [...COMMON_KEYS, ...FILLED_IN_KEYS, ...DIRECT_KEYS],
    otherType: { keys: new Set(REVERSE_KEYS), type: "reverse" },
  },
  reverse: {
    allowed: [...COMMON_KEYS, ...FILLED_IN_KEYS, ...REVERSE_KEYS],
    otherType: { keys: new Set(DIRECT_KEYS), type: "direct" },
  },
  // When the workflow's type is itself invalid, the keys of both types are let through.
  unknown: {
    allowed: [...COMMON_KEYS, ...FILLED_IN_KEYS, ...DIRECT_KEYS, ...REVERSE_KEYS],
    otherType: undefined,
  },
} as const;

/** The workflow type a task is read for; `undefined` when the workflow's `type` is itself invalid. */
export type TaskContextType = "direct" | "reverse" | undefined;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads a task. `nameAt` is where its name (the key) is written. Returns undefined when the task is
 * not a mapping; otherwise a spec of what could be read (check the reader's issues for validity).
 */
export function readTask(
  reader: SpecReader,
  at: Located,
  name: string,
  nameAt: Where,
  type: TaskContextType,
  locations: SpecLocations,
): TaskSpec | undefined {
  if (name === "") reader.error("DSL_ERR_INVALID_NAME", "A task name must not be empty.", nameAt);
  if (name.length > MAX_TASK_NAME_LENGTH) {
    reader.error(
      "DSL_ERR_INVALID_NAME",
      `The task name is ${name.length} characters long; at most ${MAX_TASK_NAME_LENGTH} are allowed.`,
      nameAt,
    );
  }
  const task = reader.mapping(at, "a mapping (the task's `action`, `input`, ...)");
  if (task === undefined) return undefined;
  // Mistral's schema wants a non-empty mapping only for names made of word characters; any other
  // name (`get-vm`) may have an empty body, which then runs std.noop.
  if (task.node.entries.length === 0 && /^[\p{L}\p{N}_]+$/u.test(name)) {
    reader.error(
      "DSL_ERR_INVALID_VALUE",
      `Task '${name}' is an empty mapping.`,
      at,
      "Give it an `action` (or `workflow`); a task that does nothing is `action: std.noop`.",
    );
  }
  const keys = KEYS_BY_TYPE[type ?? "unknown"];
  reader.checkKeys(task, keys.allowed, keys.otherType);

  const base = readCommonKeys(reader, task, name);
  if (type === "reverse" || (type === undefined && task.node.byKey.has("requires"))) {
    const requiresAt = reader.child(task, "requires");
    const requires = requiresAt === undefined ? [] : (reader.stringOrUniqueStringList(requiresAt) ?? []);
    const spec: ReverseTaskSpec = { ...base, type: "reverse", requires };
    locations.set(spec, nameAt);
    if (requiresAt !== undefined) locations.setListKeys(spec, "requires", requiresAt);
    return spec;
  }
  const spec: Mutable<DirectTaskSpec> = { ...base, type: "direct" };
  const joinAt = reader.child(task, "join");
  if (joinAt !== undefined) {
    const join = readJoin(reader, joinAt);
    if (join !== undefined) spec.join = join;
    // Mistral checks the length only for a join that waits (`join: 0` does not).
    if (join !== undefined && join !== 0 && name.length > MAX_JOIN_TASK_NAME_LENGTH) {
      reader.error(
        "DSL_ERR_INVALID_NAME",
        `The name of a task with \`join\` may have at most ${MAX_JOIN_TASK_NAME_LENGTH} characters; it has ${name.length}.`,
        nameAt,
      );
    }
    locations.setKey(spec, "join", { position: joinAt.node.position, path: joinAt.path });
  }
  const clause = (key: string): OnClauseSpec | undefined => {
    const clauseAt = reader.child(task, key);
    return clauseAt === undefined ? undefined : readOnClause(reader, clauseAt, locations);
  };
  const onSuccess = clause("on-success");
  const onError = clause("on-error");
  const onComplete = clause("on-complete");
  if (onSuccess !== undefined) spec.onSuccess = onSuccess;
  if (onError !== undefined) spec.onError = onError;
  if (onComplete !== undefined) spec.onComplete = onComplete;
  locations.set(spec, nameAt);
  return spec;
}

function readCommonKeys(reader: SpecReader, task: Located<YamlMappingNode>, name: string): TaskSpecBase {
  const base: Mutable<TaskSpecBase> = {
    name,
    tags: [],
    input: {},
    publish: {},
    publishOnError: {},
    withItems: [],
    keepResult: true,
    policies: readPolicies(reader, task),
  };
  const descriptionAt = reader.child(task, "description");
  if (descriptionAt !== undefined) {
    const description = reader.nonEmptyString(descriptionAt);
    if (description !== undefined) base.description = description;
  }
  const tagsAt = reader.child(task, "tags");
  if (tagsAt !== undefined) base.tags = reader.uniqueStringList(tagsAt) ?? [];

  // `action` and `workflow`, with their inline parameters.
  const actionAt = reader.child(task, "action");
  const workflowAt = reader.child(task, "workflow");
  if (actionAt !== undefined && workflowAt !== undefined) {
    reader.error(
      "DSL_ERR_ACTION_AND_WORKFLOW",
      `Task '${name}' has both \`action\` and \`workflow\`; a task runs one or the other.`,
      reader.keyAt(task, "workflow"),
      "Split it into two tasks, or keep only one of the keys.",
    );
  }
  let inlineParams: Record<string, unknown> = {};
  const commandAt = actionAt ?? workflowAt;
  if (commandAt !== undefined) {
    const text = reader.nonEmptyString(commandAt);
    const command = text === undefined ? undefined : readCommand(reader, text, commandAt);
    if (command !== undefined) {
      if (actionAt !== undefined) base.action = command.name;
      else base.workflow = command.name;
      inlineParams = command.params;
    }
  } else {
    base.action = "std.noop";
  }

  const inputAt = reader.child(task, "input");
  if (inputAt !== undefined) {
    checkExpressions(reader, inputAt);
    if (inputAt.node.kind === "mapping") {
      const input = reader.nonEmptyDict(inputAt);
      // As Mistral's merge_dicts does, inline parameters win over `input` keys of the same name.
      if (input !== undefined) base.input = { ...input, ...inlineParams };
    } else {
      const input = reader.nonEmptyString(inputAt, "a non-empty mapping, or an expression that gives one");
      if (input !== undefined && Object.keys(inlineParams).length > 0) {
        reader.error(
          "DSL_ERR_INLINE_PARAMS",
          "Inline parameters cannot be merged into an `input` given as an expression.",
          inputAt,
          "Move the inline parameters into the expression, or write `input` as a mapping.",
        );
      } else if (input !== undefined) base.input = input;
    }
  } else {
    base.input = inlineParams;
  }

  const withItemsAt = reader.child(task, "with-items");
  if (withItemsAt !== undefined) base.withItems = readWithItems(reader, withItemsAt) ?? [];

  for (const [key, field] of [
    ["publish", "publish"],
    ["publish-on-error", "publishOnError"],
  ] as const) {
    const publishAt = reader.child(task, key);
    if (publishAt === undefined) continue;
    checkExpressions(reader, publishAt);
    base[field] = reader.nonEmptyDict(publishAt) ?? {};
  }

  const targetAt = reader.child(task, "target");
  if (targetAt !== undefined) {
    const target = reader.nonEmptyString(targetAt);
    if (target !== undefined) base.target = target;
  }
  const keepResultAt = reader.child(task, "keep-result");
  if (keepResultAt !== undefined) {
    checkExpressions(reader, keepResultAt);
    base.keepResult = reader.expressionOrBoolean(keepResultAt) ?? true;
  }
  const safeRerunAt = reader.child(task, "safe-rerun");
  if (safeRerunAt !== undefined) {
    checkExpressions(reader, safeRerunAt);
    const safeRerun = reader.expressionOrBoolean(safeRerunAt);
    if (safeRerun !== undefined) base.safeRerun = safeRerun;
  }
  return base;
}

/**
 * Reads `name key=value ...` of `action`, `workflow` or an ad-hoc action's `base`; undefined after
 * reporting when it cannot be read.
 */
export function readCommand(
  reader: SpecReader,
  text: string,
  at: Located,
): { name: string; params: Record<string, unknown> } | undefined {
  const command = parseInlineCommand(text);
  if (command === undefined) {
    reader.error(
      "DSL_ERR_INLINE_PARAMS",
      `${nameOf(at.path)} must start with a name: ${JSON.stringify(text)}.`,
      at,
      'The inline form is `name key=value ...`, e.g. `std.echo output="Hello"`.',
    );
    return undefined;
  }
  if (command.ignored !== "") {
    reader.warn(
      "DSL_ERR_INLINE_PARAMS",
      `Mistral ignores \`${command.ignored}\` in ${nameOf(at.path)}.`,
      at,
      'An inline value must be quoted, a number, true/false/null, a [list] or an expression: key="text".',
    );
  }
  for (const [key, value] of Object.entries(command.params)) {
    if (typeof value === "string") checkExpressionText(reader, value, at.node.position, [...at.path, key]);
  }
  return { name: command.name, params: command.params };
}

function readJoin(reader: SpecReader, at: Located): JoinSpec | undefined {
  const value = at.node.value;
  if (value === "all" || value === "one" || isPositiveInteger(value)) return value;
  reader.error(
    "DSL_ERR_INVALID_VALUE",
    `\`join\` must be 'all', 'one' or a whole number of 0 or more; it is ${JSON.stringify(value) ?? String(value)}.`,
    at,
    typeof value === "string" && /^\d+$/.test(value) ? `Remove the quotes: join: ${value}.` : undefined,
  );
  return undefined;
}

function readWithItems(reader: SpecReader, at: Located): WithItemsSpec[] | undefined {
  const texts =
    at.node.kind === "sequence"
      ? reader.uniqueStringList(at, "a `var in <% ... %>` string or a list of them")
      : reader.nonEmptyString(at, "a `var in <% ... %>` string or a list of them");
  if (texts === undefined) return undefined;
  const entries =
    typeof texts === "string"
      ? [{ text: texts, at }]
      : texts.map((text, index) => ({
          text,
          at: {
            node: (at.node.kind === "sequence" ? at.node.items[index] : undefined) ?? at.node,
            path: [...at.path, index],
          },
        }));
  // Like a Python dict: a variable given twice keeps its first place and its last source.
  const items = new Map<string, WithItemsSpec>();
  let valid = true;
  for (const { text, at: entryAt } of entries) {
    const entry = parseWithItemsEntry(text);
    if (entry === undefined) {
      reader.error(
        "DSL_ERR_WITH_ITEMS",
        `${nameOf(entryAt.path)} must read \`var in <% expression %>\`, \`var in {{ expression }}\` or \`var in [list]\`; it is ${JSON.stringify(text)}.`,
        entryAt,
        "For example `vm in <% $.vms %>`.",
      );
      valid = false;
      continue;
    }
    if (entry.ignored !== "") {
      reader.warn(
        "DSL_ERR_WITH_ITEMS",
        `Mistral ignores \`${entry.ignored}\` after the source of ${nameOf(entryAt.path)}.`,
        entryAt,
        "Give each variable its own list item.",
      );
    }
    checkExpressionText(reader, entry.sourceText, entryAt.node.position, entryAt.path);
    let source: string | unknown[] = entry.sourceText;
    if (entry.sourceText.startsWith("[")) {
      try {
        source = JSON.parse(entry.sourceText) as unknown[];
      } catch (error) {
        reader.error(
          "DSL_ERR_WITH_ITEMS",
          `The list in ${nameOf(entryAt.path)} is not valid JSON: ${(error as Error).message}.`,
          entryAt,
          'Write a JSON list, with strings in double quotes: `x in ["a", "b"]`.',
        );
        valid = false;
        continue;
      }
    }
    items.set(entry.variable, { variable: entry.variable, source });
  }
  return valid ? [...items.values()] : undefined;
}

// Reads `on-success`, `on-error` and `on-complete` in all their forms (mistral/lang/v2/on_clause.py):
//   on-success: task2                          a task name, or an engine command with parameters
//   on-success: [task2, {task3: <% cond %>}]   a list of those and of `task: <% condition %>` pairs
//   on-success: {publish: {branch: ...}, next: ...}   the dict form, `next` taking any of the above
import type { YamlMappingNode, YamlSequenceNode } from "../yaml/yaml-document.js";
import { checkExpressions, checkExpressionText } from "./expression-check.js";
import { parseInlineCommand } from "./inline-command.js";
import { equalityKey, isExpression } from "./mistral-types.js";
import type { SpecLocations } from "./spec-locations.js";
import { nameOf, type Located, type SpecReader, type Where } from "./spec-reader.js";
import { ENGINE_COMMANDS, type OnClauseSpec, type PublishSpec, type Transition } from "./task-spec.js";

// Mistral's three spellings of "next task" (NEXT_TASK), with Python's `\w` and its `$` (which also
// matches before a final newline). A string must match exactly one of them.
const NEXT_TASK_PATTERNS = [
  /^\S+\n?$/u,
  /^[\p{L}\p{N}_]+ [\p{L}\p{N}_]+=[^\n]*\n?$/u,
  /^[\p{L}\p{N}_]+\([\p{L}\p{N}_]+=[^\n]*\)\n?$/u,
];

const FORMS = "a task name, a list of transitions, or a mapping with `publish` and `next`";
const PUBLISH_SCOPES = ["branch", "global", "atomic"] as const;

/** Reads one on-clause; transitions are recorded in `locations` for the checks made on the graph. */
export function readOnClause(
  reader: SpecReader,
  at: Located,
  locations: SpecLocations,
): OnClauseSpec | undefined {
  const node = at.node;
  if (node.kind === "sequence") {
    const next = readTransitionList(reader, at as Located<YamlSequenceNode>, locations);
    return next === undefined ? undefined : { next };
  }
  if (node.kind === "scalar") {
    if (typeof node.value !== "string" || node.value === "") {
      reader.wrongType(at, FORMS);
      return undefined;
    }
    const transition = readTransition(reader, node.value, undefined, at, locations);
    return transition === undefined ? undefined : { next: [transition] };
  }
  return readDictForm(reader, at as Located<YamlMappingNode>, locations);
}

function readDictForm(
  reader: SpecReader,
  at: Located<YamlMappingNode>,
  locations: SpecLocations,
): OnClauseSpec | undefined {
  const entries = at.node.entries;
  if (entries.length === 0) {
    reader.error("DSL_ERR_INVALID_VALUE", `${nameOf(at.path)} must not be an empty mapping.`, at);
    return undefined;
  }
  const only = entries[0];
  if (
    entries.length === 1 &&
    only !== undefined &&
    only.key !== "publish" &&
    only.key !== "next" &&
    NEXT_TASK_PATTERNS.some((pattern) => pattern.test(only.key)) &&
    isExpression(only.node.value)
  ) {
    // Mistral's schema accepts `on-success: {task2: <% ... %>}`, but then reads any mapping as the dict
    // form, which has neither `publish` nor `next` here: no transition is ever taken.
    reader.warn(
      "DSL_ERR_INVALID_VALUE",
      `Mistral ignores \`${only.key}: ${String(only.node.value)}\` here: no transition is taken.`,
      { position: only.keyPosition, path: [...at.path, only.key] },
      `Make it a list item:\n  ${String(at.path[at.path.length - 1])}:\n    - ${only.key}: ${String(only.node.value)}`,
    );
    return { next: [] };
  }
  let valid = true;
  for (const entry of entries) {
    if (entry.key === "publish" || entry.key === "next") continue;
    valid = false;
    reader.error(
      "DSL_ERR_UNKNOWN_KEY",
      `Unknown key \`${entry.key}\` in the dict form of ${nameOf(at.path)}, which has only \`publish\` and \`next\`.`,
      { position: entry.keyPosition, path: [...at.path, entry.key] },
      "A conditional transition is a list item: `- task_name: <% condition %>` (under `next:` or directly).",
    );
  }
  const publishAt = reader.child(at, "publish");
  const nextAt = reader.child(at, "next");
  const publish = publishAt === undefined ? undefined : readPublish(reader, publishAt);
  const next = nextAt === undefined ? [] : readNext(reader, nextAt, locations);
  if (!valid || next === undefined || (publishAt !== undefined && publish === undefined)) return undefined;
  return publish === undefined ? { next } : { publish, next };
}

/** `next` of the dict form: a transition, a `task: <% condition %>` pair, or a list of those. */
function readNext(reader: SpecReader, at: Located, locations: SpecLocations): Transition[] | undefined {
  if (at.node.kind === "sequence")
    return readTransitionList(reader, at as Located<YamlSequenceNode>, locations);
  if (at.node.kind === "mapping") {
    const transition = readConditional(reader, at as Located<YamlMappingNode>, locations);
    return transition === undefined ? undefined : [transition];
  }
  if (typeof at.node.value !== "string" || at.node.value === "") {
    reader.wrongType(at, "a task name, a `task: <% condition %>` pair, or a list of them");
    return undefined;
  }
  const transition = readTransition(reader, at.node.value, undefined, at, locations);
  return transition === undefined ? undefined : [transition];
}

function readTransitionList(
  reader: SpecReader,
  at: Located<YamlSequenceNode>,
  locations: SpecLocations,
): Transition[] | undefined {
  if (at.node.items.length === 0) {
    reader.error("DSL_ERR_INVALID_VALUE", `${nameOf(at.path)} must not be an empty list.`, at);
    return undefined;
  }
  const seen = new Set<string>();
  const transitions: Transition[] = [];
  let valid = true;
  for (const item of reader.items(at)) {
    const identity = equalityKey(item.node.value);
    if (seen.has(identity)) {
      reader.error("DSL_ERR_INVALID_VALUE", `${nameOf(item.path)} repeats an earlier transition.`, item);
      valid = false;
      continue;
    }
    seen.add(identity);
    let transition: Transition | undefined;
    if (item.node.kind === "mapping") {
      transition = readConditional(reader, item as Located<YamlMappingNode>, locations);
    } else if (item.node.kind === "scalar" && typeof item.node.value === "string" && item.node.value !== "") {
      transition = readTransition(reader, item.node.value, undefined, item, locations);
    } else {
      reader.wrongType(item, "a task name or a `task: <% condition %>` pair");
    }
    if (transition === undefined) valid = false;
    else transitions.push(transition);
  }
  return valid ? transitions : undefined;
}

/** A `task: <% condition %>` pair. */
function readConditional(
  reader: SpecReader,
  at: Located<YamlMappingNode>,
  locations: SpecLocations,
): Transition | undefined {
  const entry = at.node.entries[0];
  if (at.node.entries.length !== 1 || entry === undefined) {
    reader.error(
      "DSL_ERR_INVALID_VALUE",
      `${nameOf(at.path)} must be a single \`task: <% condition %>\` pair; it has ${at.node.entries.length} keys.`,
      at,
      "Write one list item per transition.",
    );
    return undefined;
  }
  const conditionAt = { node: entry.node, path: [...at.path, entry.key] };
  const condition = isExpression(entry.node.value) ? entry.node.value : undefined;
  if (condition === undefined) {
    reader.wrongType(
      conditionAt,
      "an expression (`<% ... %>` or `{{ ... }}`), the condition of the transition",
      "A transition with a condition reads `- task_name: <% $.ready %>`.",
    );
  } else {
    checkExpressionText(reader, condition, entry.node.position, conditionAt.path);
  }
  const keyWhere = { position: entry.keyPosition, path: conditionAt.path };
  const transition = readTransition(reader, entry.key, condition, keyWhere, locations);
  return condition === undefined ? undefined : transition;
}

/** Reads `task2`, `fail msg="..."` or `fail(msg=<% ... %>)` into a transition. */
function readTransition(
  reader: SpecReader,
  text: string,
  condition: string | undefined,
  at: Located | Where,
  locations: SpecLocations,
): Transition | undefined {
  const where: Where = "node" in at ? { position: at.node.position, path: at.path } : at;
  const matches = NEXT_TASK_PATTERNS.filter((pattern) => pattern.test(text)).length;
  if (matches !== 1) {
    const functionForm = /^([\p{L}\p{N}_]+)\(([\p{L}\p{N}_]+)=(.*)\)$/u.exec(text);
    reader.error(
      "DSL_ERR_INVALID_VALUE",
      functionForm !== null
        ? `Mistral cannot read the transition \`${text}\`: without a space it is both a task name and a command call.`
        : `\`${text}\` is not a transition: it must be a task name, or an engine command with parameters.`,
      where,
      functionForm !== null
        ? `Write \`${functionForm[1] ?? ""} ${functionForm[2] ?? ""}=${functionForm[3] ?? ""}\`.`
        : /\s/.test(text.trim()) && !text.includes("=")
          ? "To go to several tasks, list them, one per line, each after a `-`."
          : 'For example `task2`, `fail msg="Disk full"` or `fail(msg=<% $.error %>)`.',
    );
    return undefined;
  }
  const command = parseInlineCommand(text);
  if (command === undefined) {
    reader.error(
      "DSL_ERR_INLINE_PARAMS",
      `The transition \`${text}\` does not start with a task name.`,
      where,
    );
    return undefined;
  }
  if (command.ignored !== "") {
    reader.warn(
      "DSL_ERR_INLINE_PARAMS",
      `Mistral ignores \`${command.ignored}\` in the transition \`${text}\`.`,
      where,
      "A parameter value must be quoted, a number, true/false/null, a [list] or an expression.",
    );
  }
  for (const [key, value] of Object.entries(command.params)) {
    if (typeof value === "string") checkExpressionText(reader, value, where.position, [...where.path, key]);
  }
  const engineCommand = ENGINE_COMMANDS.find((name) => name === command.name);
  const transition: Transition = {
    target: command.name,
    kind: engineCommand ?? "task",
    ...(condition === undefined ? {} : { condition }),
    params: command.params,
  };
  locations.set(transition, where);
  return transition;
}

/** `publish` of the dict form: `branch`, `global` and/or `atomic` variables. */
function readPublish(reader: SpecReader, at: Located): PublishSpec | undefined {
  const mapping = reader.mapping(
    at,
    "a mapping of `branch`, `global` and/or `atomic` variables",
    "In the dict form of a clause, variables are published per scope: `publish: {branch: {name: <% ... %>}}`.",
  );
  if (mapping === undefined) return undefined;
  let valid = true;
  for (const entry of mapping.node.entries) {
    if ((PUBLISH_SCOPES as readonly string[]).includes(entry.key)) continue;
    valid = false;
    reader.error(
      "DSL_ERR_UNKNOWN_KEY",
      `Unknown key \`${entry.key}\` in \`publish\`, which has only \`branch\`, \`global\` and \`atomic\`.`,
      { position: entry.keyPosition, path: [...mapping.path, entry.key] },
      `Publish it under a scope: \`publish: {branch: {${entry.key}: ...}}\`.`,
    );
  }
  const publish: { -readonly [K in keyof PublishSpec]: PublishSpec[K] } = {};
  for (const scope of PUBLISH_SCOPES) {
    const scopeAt = reader.child(mapping, scope);
    if (scopeAt === undefined) continue;
    checkExpressions(reader, scopeAt);
    const variables = reader.nonEmptyDict(scopeAt);
    if (variables === undefined) valid = false;
    else publish[scope] = variables;
  }
  if (valid && Object.keys(publish).length === 0) {
    reader.error(
      "DSL_ERR_INVALID_VALUE",
      "`publish` must have `branch`, `global` or `atomic` variables.",
      at,
      "For example `publish: {branch: {result: <% task().result %>}}`.",
    );
    return undefined;
  }
  return valid ? publish : undefined;
}

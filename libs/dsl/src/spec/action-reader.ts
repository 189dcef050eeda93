// Reads one ad-hoc action (mistral/lang/v2/actions.py).
import { checkExpressions } from "./expression-check.js";
import type { ActionSpec } from "./action-spec.js";
import type { Located, SpecReader, Where } from "./spec-reader.js";
import { readCommand } from "./task-reader.js";

const ACTION_KEYS = ["base", "base-input", "input", "output", "description", "tags"];
/** Keys Mistral fills in itself (overwriting what is written). */
const FILLED_IN_KEYS = ["name", "version"];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads an ad-hoc action named `name`; undefined when it is not a mapping or has no usable `base`. */
export function readAction(
  reader: SpecReader,
  at: Located,
  name: string,
  nameAt: Where,
): ActionSpec | undefined {
  if (name === "") reader.error("DSL_ERR_INVALID_NAME", "An action name must not be empty.", nameAt);
  const action = reader.mapping(at, "a mapping (the action's `base`, `base-input`, ...)");
  if (action === undefined) return undefined;
  reader.checkKeys(action, [...ACTION_KEYS, ...FILLED_IN_KEYS]);

  let base: string | undefined;
  let inlineParams: Record<string, unknown> = {};
  const baseAt = reader.child(action, "base");
  if (baseAt === undefined) {
    reader.error(
      "DSL_ERR_MISSING_KEY",
      `Action '${name}' has no \`base\`.`,
      nameAt,
      "`base` names the action this one runs, e.g. `base: std.http`.",
    );
  } else {
    const text = reader.nonEmptyString(baseAt);
    const command = text === undefined ? undefined : readCommand(reader, text, baseAt);
    if (command !== undefined) {
      base = command.name;
      inlineParams = command.params;
    }
  }
  const spec: Mutable<ActionSpec> = { name, tags: [], base: base ?? "", baseInput: inlineParams, input: [] };
  const baseInputAt = reader.child(action, "base-input");
  if (baseInputAt !== undefined) {
    checkExpressions(reader, baseInputAt);
    const baseInput = reader.nonEmptyDict(baseInputAt);
    // As Mistral's merge_dicts does, inline parameters of `base` win over `base-input`.
    if (baseInput !== undefined) spec.baseInput = { ...baseInput, ...inlineParams };
  }
  const inputAt = reader.child(action, "input");
  if (inputAt !== undefined) spec.input = reader.inputParameters(inputAt) ?? [];
  const outputAt = reader.child(action, "output");
  if (outputAt !== undefined) {
    checkExpressions(reader, outputAt);
    if (outputAt.node.value !== null) spec.output = outputAt.node.value;
  }
  const descriptionAt = reader.child(action, "description");
  if (descriptionAt !== undefined) {
    const description = reader.nonEmptyString(descriptionAt);
    if (description !== undefined) spec.description = description;
  }
  const tagsAt = reader.child(action, "tags");
  if (tagsAt !== undefined) spec.tags = reader.uniqueStringList(tagsAt) ?? [];
  return base === undefined ? undefined : spec;
}

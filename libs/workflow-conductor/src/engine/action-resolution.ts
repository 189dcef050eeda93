// Finding the action a task runs and turning the task's input into what the executor runs:
// Mistral's action descriptors (mistral/actions/adhoc.py, mistral_lib's check_parameters).
import { pyRepr, pyStr, type InputParameterSpec } from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import type { ActionDefinition } from "../conductor-snapshot.js";
import type { JsonObject } from "../execution-rows.js";
import type { ExecutionSession } from "./execution-session.js";
import { evaluate, evaluateAgainst, type Layer } from "./expression-context.js";
import { isDict, setKey, shallowCopy } from "./python-values.js";
import { isWorkflowFailure } from "./workflow-failure.js";

/** The workbook of the execution's workflow (`runtime_context.wb_name`), if any. */
function workbookName(session: ExecutionSession): string | null {
  const name = session.execution.runtimeContext["wb_name"];
  return typeof name === "string" && name.length > 0 ? name : null;
}

/**
 * The action a task names: within a workbook the workbook's own action first (`wb.name`), then
 * the name as written.
 */
export function resolveAction(session: ExecutionSession, actionName: string): ActionDefinition {
  session.requireDefinitions(actionCandidates(session, actionName), []);
  const workbook = workbookName(session);
  const found =
    (workbook === null ? null : session.actionDefinition(`${workbook}.${actionName}`)) ??
    session.actionDefinition(actionName);
  if (found === null) {
    throw new ConductorError(
      "WF_ERR_ACTION_NOT_FOUND",
      `Failed to find action [action_name=${actionName}, namespace=${session.namespace()}]`,
      { action: actionName },
    );
  }
  return found;
}

/** The names an action of a task may be registered under, in lookup order. */
export function actionCandidates(session: ExecutionSession, actionName: string): string[] {
  const workbook = workbookName(session);
  return workbook === null ? [actionName] : [`${workbook}.${actionName}`, actionName];
}

/** The class name Mistral puts in "Invalid input" messages. */
function className(definition: ActionDefinition): string {
  if (definition.kind === "adhoc") return "mistral.actions.adhoc.AdHocAction";
  return definition.className ?? definition.name;
}

/** Mistral's check of an input against declared parameters: missing required, unexpected given. */
export function compareParameters(
  parameters: readonly InputParameterSpec[],
  input: JsonObject,
): { missing: string[]; unexpected: string[] } {
  const unexpected = Object.keys(input);
  const missing: string[] = [];
  for (const parameter of parameters) {
    const given = unexpected.indexOf(parameter.name);
    if (!Object.hasOwn(parameter, "default") && given < 0) missing.push(parameter.name);
    if (given >= 0) unexpected.splice(given, 1);
  }
  return { missing, unexpected };
}

/** "Invalid input [name=..., class=..., missing=[...], unexpected=[...]]". */
export function invalidInputMessage(
  name: string,
  klass: string,
  missing: string[],
  unexpected: string[],
): string {
  let message = `Invalid input [name=${name}, class=${klass}`;
  if (missing.length > 0) message += `, missing=${pyRepr(missing)}`;
  if (unexpected.length > 0) message += `, unexpected=${pyRepr(unexpected)}`;
  return `${message}]`;
}

/** Refuses an input that does not fit the action's parameters (mistral_lib's check_parameters). */
export function checkActionInput(definition: ActionDefinition, input: JsonObject): void {
  if (definition.parameters === null) return;
  const { missing, unexpected } = compareParameters(definition.parameters, input);
  if (missing.length > 0 || unexpected.length > 0) {
    throw new ConductorError(
      "WF_ERR_INVALID_ACTION_INPUT",
      invalidInputMessage(definition.name, className(definition), missing, unexpected),
      { action: definition.name, missing, unexpected },
    );
  }
}

/** An action made ready to run. */
export interface InstantiatedAction {
  /** The system action at the end of the ad-hoc chain. */
  readonly base: ActionDefinition;
  readonly baseInput: JsonObject;
  /** The input as stored on the action execution: the task's, with the ad-hoc defaults added. */
  readonly storedInput: JsonObject;
  /** Ad-hoc `output` transforms, innermost first. */
  readonly outputTransforms: unknown[];
}

/**
 * Walks an ad-hoc action's chain of bases down to a system action. At each ad-hoc step the
 * action's input defaults fill the missing input, and its `base-input` is evaluated against that
 * input (then the workflow context) to give the next step's input.
 */
export function instantiateAction(
  session: ExecutionSession,
  definition: ActionDefinition,
  input: JsonObject,
  workflowLayers: readonly Layer[],
): InstantiatedAction {
  if (definition.kind === "system") {
    return { base: definition, baseInput: input, storedInput: input, outputTransforms: [] };
  }
  const failure = (cause?: unknown) =>
    new ConductorError(
      "WF_ERR_INVALID_ACTION",
      `Failed to instantiate an action [action_desc=AdHoc action [name=${definition.name}, definition=${
        definition.definition ?? ""
      }], input_dict=${pyStr(input)}]`,
      { action: definition.name },
      { cause },
    );
  const transforms: unknown[] = [];
  const visited = new Set<string>([definition.name]);
  let current = definition;
  let currentInput = input;
  let storedInput: JsonObject | undefined;
  while (current.kind === "adhoc") {
    const spec = current.spec;
    if (spec === undefined) throw failure();
    const withDefaults = shallowCopy(currentInput);
    for (const parameter of spec.input) {
      if (!Object.hasOwn(withDefaults, parameter.name) && Object.hasOwn(parameter, "default"))
        setKey(withDefaults, parameter.name, parameter.default);
    }
    // Mistral adds the defaults to the very dict it then stores as the action execution's input.
    storedInput ??= withDefaults;
    let next: unknown;
    try {
      next = evaluate(session, spec.baseInput, { layers: [withDefaults, ...workflowLayers] });
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      throw failure(error);
    }
    if (spec.output !== undefined && spec.output !== null) transforms.push(spec.output);
    if (visited.has(spec.base)) throw failure();
    visited.add(spec.base);
    const base = session.actionDefinition(spec.base);
    if (base === null) throw failure();
    current = base;
    currentInput = isDict(next) ? next : {};
  }
  return {
    base: current,
    baseInput: currentInput,
    storedInput: storedInput ?? input,
    outputTransforms: transforms.reverse(),
  };
}

/** Applies ad-hoc output transforms (innermost first) to a successful result. */
export function transformOutput(
  session: ExecutionSession,
  transforms: readonly unknown[],
  data: unknown,
): unknown {
  let result = data;
  for (const transform of transforms) result = evaluateAgainst(session, transform, result);
  return result;
}

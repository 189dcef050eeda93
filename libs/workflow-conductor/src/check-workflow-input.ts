// A workflow's input checked against its declared parameters, as Mistral does before it starts
// an execution. Exported so that the API can refuse a bad input synchronously (Mistral answers
// 400 without creating the execution); the conductor checks again when it starts the execution.
import type { JsonObject } from "./execution-rows.js";
import type { WorkflowSpec } from "@ops/dsl";
import { compareParameters, invalidInputMessage } from "./engine/action-resolution.js";
import { setKey, shallowCopy } from "./engine/python-values.js";

/** The outcome of {@link checkWorkflowInput}. */
export interface WorkflowInputCheck {
  /** The input with the declared defaults added (in declaration order, after the given keys). */
  readonly input: JsonObject;
  /** Mistral's message, when a required parameter is missing or an undeclared one is given. */
  readonly error?: {
    readonly message: string;
    readonly missing: readonly string[];
    readonly unexpected: readonly string[];
  };
}

/**
 * Checks a workflow's input: "Invalid input [name=wf, class=DirectWorkflowSpec, missing=['a'],
 * unexpected=['b']]" when it does not fit. Defaults are added as written: Mistral does not
 * evaluate expressions in input defaults.
 */
export function checkWorkflowInput(spec: WorkflowSpec, input: JsonObject): WorkflowInputCheck {
  const { missing, unexpected } = compareParameters(spec.input, input);
  const prepared = shallowCopy(input);
  for (const parameter of spec.input) {
    if (!Object.hasOwn(prepared, parameter.name) && Object.hasOwn(parameter, "default"))
      setKey(prepared, parameter.name, parameter.default);
  }
  if (missing.length === 0 && unexpected.length === 0) return { input: prepared };
  const kind = spec.type === "reverse" ? "ReverseWorkflowSpec" : "DirectWorkflowSpec";
  return {
    input: prepared,
    error: { message: invalidInputMessage(spec.name, kind, missing, unexpected), missing, unexpected },
  };
}

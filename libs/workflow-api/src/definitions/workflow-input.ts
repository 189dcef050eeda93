// The input an execution of a workflow starts with, checked as Mistral checks it before creating
// anything (for POST /v2/executions and for cron triggers): every declared parameter given or
// defaulted, nothing undeclared.
import type { WorkflowDefinitionRow } from "@ops/workflow-store";
import { badRequest } from "../errors/api-error.js";
import { invalidInputMessage } from "./input-text.js";
import { specInputs, specType } from "./spec-document.js";

/**
 * The input with the declared defaults filled in.
 * @throws ApiError 400 "Invalid input [name=..., class=..., missing=[...], unexpected=[...]]"
 */
export function prepareWorkflowInput(
  workflow: WorkflowDefinitionRow,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const missing: string[] = [];
  const known = new Set<string>();
  const prepared: Record<string, unknown> = {};
  for (const parameter of specInputs(workflow.spec)) {
    const [name, fallback] =
      typeof parameter === "string"
        ? [parameter, undefined]
        : (Object.entries(parameter)[0] ?? ["", undefined]);
    known.add(name);
    if (Object.hasOwn(given, name)) prepared[name] = given[name];
    else if (typeof parameter === "string") missing.push(name);
    else prepared[name] = fallback;
  }
  const unexpected = Object.keys(given).filter((name) => !known.has(name));
  if (missing.length > 0 || unexpected.length > 0) {
    const kind = specType(workflow.spec) === "reverse" ? "ReverseWorkflowSpec" : "DirectWorkflowSpec";
    throw badRequest(invalidInputMessage(workflow.name, kind, missing, unexpected));
  }
  return prepared;
}

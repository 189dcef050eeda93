// What to run for an action execution: the plan the engine wrote for a task's action, or, for an
// action run on its own (POST /v2/action_executions), the plan made here from the row: a system
// action as named, or an ad-hoc action walked down its chain of bases to a system action.
import { evaluateRecursively, type ActionSpec } from "@ops/dsl";
import type { ActionRunPlan, JsonObject } from "@ops/workflow-conductor";
import { projectAccess, type ActionExecutionRow, type WorkflowStore } from "@ops/workflow-store";
import { isJsonObject } from "../engine/conductor-rows.js";

/** The run plan of an action execution, or an error message when there is no way to run it. */
export type ActionPlanResult = { readonly plan: ActionRunPlan } | { readonly error: string };

function looksLikeRunPlan(spec: unknown): spec is ActionRunPlan {
  return isJsonObject(spec) && typeof spec["action"] === "string" && isJsonObject(spec["input"]);
}

function looksLikeActionSpec(spec: unknown): spec is ActionSpec {
  return isJsonObject(spec) && typeof spec["base"] === "string";
}

export async function actionPlanOf(store: WorkflowStore, row: ActionExecutionRow): Promise<ActionPlanResult> {
  if (looksLikeRunPlan(row.spec)) return { plan: row.spec };
  const context = isJsonObject(row.runtimeContext) ? row.runtimeContext : {};
  const timeout =
    typeof context["timeout"] === "number" && context["timeout"] > 0 ? context["timeout"] : null;
  const target = typeof context["target"] === "string" ? context["target"] : null;
  let action = row.name;
  let input: JsonObject = isJsonObject(row.input) ? row.input : {};
  const outputTransforms: unknown[] = [];
  let spec: unknown = row.spec;
  const visited = new Set<string>([row.name]);
  while (looksLikeActionSpec(spec)) {
    const withDefaults: JsonObject = { ...input };
    for (const parameter of spec.input ?? []) {
      if (!Object.hasOwn(withDefaults, parameter.name) && Object.hasOwn(parameter, "default")) {
        withDefaults[parameter.name] = parameter.default;
      }
    }
    try {
      const next = evaluateRecursively(spec.baseInput ?? {}, { data: withDefaults });
      input = isJsonObject(next) ? next : {};
    } catch (error) {
      return { error: `Failed to instantiate the action ${action}: ${(error as Error).message}` };
    }
    if (spec.output !== undefined && spec.output !== null) outputTransforms.unshift(spec.output);
    if (visited.has(spec.base)) return { error: `The ad-hoc action ${row.name} has a cycle of bases.` };
    visited.add(spec.base);
    const base = await store.actionDefinitions.resolve(
      projectAccess(row.projectId),
      spec.base,
      row.workflowNamespace,
    );
    if (base === null) return { error: `Failed to find action [action_name=${spec.base}]` };
    action = base.name;
    spec = base.isSystem ? null : base.spec;
  }
  return {
    plan: {
      action,
      input,
      target,
      timeout,
      safeRerun: false,
      index: 0,
      outputTransforms: outputTransforms.reverse(),
    },
  };
}

/** Applies ad-hoc `output` transforms (innermost first) to a result. */
export function transformDirectOutput(plan: ActionRunPlan, data: unknown): unknown {
  let result = data;
  for (const transform of plan.outputTransforms) result = evaluateRecursively(transform, { data: result });
  return result;
}

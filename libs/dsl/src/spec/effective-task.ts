// What a task really does once `task-defaults` are applied, following Mistral's rules:
// - a clause (on-success/on-error/on-complete): the task's own transitions when it has any, else the
//   defaults' transitions minus those that lead back to the task itself; `publish` is never inherited;
// - requires: the task's own plus the defaults', minus the task itself;
// - a policy: the task's own when it is in effect (a positive number, true, an expression, a retry),
//   else the defaults' (so `timeout: 0` on a task does not switch off a default timeout);
// - safe-rerun: the task's own when set, else the defaults', else false.
import type {
  DirectTaskSpec,
  OnClauseSpec,
  PoliciesSpec,
  PublishSpec,
  ReverseTaskSpec,
  TaskSpec,
  Transition,
} from "./task-spec.js";
import type { TaskDefaultsSpec, WorkflowSpecBase } from "./workflow-spec.js";

/** The name of a transition clause as written in YAML. */
export type ClauseName = "on-success" | "on-error" | "on-complete";

/** The clauses in the order the task graph lists them. */
export const CLAUSE_NAMES: readonly ClauseName[] = ["on-success", "on-error", "on-complete"];

/** A clause as it applies to one task. */
export interface EffectiveClause {
  /** The task's own `publish` of this clause (defaults never publish). */
  readonly publish?: PublishSpec;
  readonly next: readonly Transition[];
  /** True when `next` comes from `task-defaults`. */
  readonly fromTaskDefaults: boolean;
}

/** The clause `clause` of a task or of task-defaults, as written. */
export function clauseOf(
  owner: DirectTaskSpec | TaskDefaultsSpec,
  clause: ClauseName,
): OnClauseSpec | undefined {
  if (clause === "on-success") return owner.onSuccess;
  if (clause === "on-error") return owner.onError;
  return owner.onComplete;
}

/** The transitions (and publish) of one clause of a task, with task-defaults applied. */
export function effectiveClause(
  workflow: WorkflowSpecBase,
  task: DirectTaskSpec,
  clause: ClauseName,
): EffectiveClause {
  const own = clauseOf(task, clause);
  const publish = own?.publish;
  if (own !== undefined && own.next.length > 0) return { publish, next: own.next, fromTaskDefaults: false };
  const defaults = workflow.taskDefaults === undefined ? undefined : clauseOf(workflow.taskDefaults, clause);
  if (defaults === undefined || defaults.next.length === 0)
    return { publish, next: [], fromTaskDefaults: false };
  const inherited = defaults.next.filter((transition) => transition.target !== task.name);
  return { publish, next: inherited, fromTaskDefaults: inherited.length > 0 };
}

/** The tasks a task of a reverse workflow needs: its own and the defaults' `requires`, minus itself. */
export function effectiveRequires(workflow: WorkflowSpecBase, task: ReverseTaskSpec): string[] {
  const names = new Set(task.requires);
  for (const name of workflow.taskDefaults?.requires ?? []) names.add(name);
  names.delete(task.name);
  return [...names];
}

/** The policies in effect for a task; a policy that is not in effect is absent. */
export function effectivePolicies(workflow: WorkflowSpecBase, task: TaskSpec): PoliciesSpec {
  const own = task.policies;
  const defaults = workflow.taskDefaults?.policies ?? {};
  const pick = <K extends keyof PoliciesSpec>(key: K): Partial<Pick<PoliciesSpec, K>> => {
    if (inEffect(own[key])) return { [key]: own[key] } as Pick<PoliciesSpec, K>;
    if (inEffect(defaults[key])) return { [key]: defaults[key] } as Pick<PoliciesSpec, K>;
    return {};
  };
  return {
    ...pick("retry"),
    ...pick("waitBefore"),
    ...pick("waitAfter"),
    ...pick("timeout"),
    ...pick("pauseBefore"),
    ...pick("concurrency"),
    ...pick("failOn"),
  };
}

/** Whether a task may be run again after an executor died while running it. */
export function effectiveSafeRerun(workflow: WorkflowSpecBase, task: TaskSpec): boolean | string {
  return task.safeRerun ?? workflow.taskDefaults?.safeRerun ?? false;
}

function inEffect(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === "number") return value > 0;
  if (typeof value === "string") return value.length > 0;
  return true;
}

// The typed form of a workflow.
import type { DirectTaskSpec, OnClauseSpec, PoliciesSpec, ReverseTaskSpec } from "./task-spec.js";

/** One workflow (or ad-hoc action) input; `default` is absent for a required input. */
export interface InputParameterSpec {
  readonly name: string;
  readonly default?: unknown;
}

/** `task-defaults`: what applies to every task that does not say otherwise. */
export interface TaskDefaultsSpec {
  readonly policies: PoliciesSpec;
  readonly onSuccess?: OnClauseSpec;
  readonly onError?: OnClauseSpec;
  readonly onComplete?: OnClauseSpec;
  /** Used by reverse workflows only; Mistral accepts (and ignores) it in direct ones. */
  readonly requires: readonly string[];
  readonly safeRerun?: boolean | string;
}

/** What every workflow has. */
export interface WorkflowSpecBase {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly input: readonly InputParameterSpec[];
  /** `{}` when absent, like every mapping below. */
  readonly output: Readonly<Record<string, unknown>>;
  readonly outputOnError: Readonly<Record<string, unknown>>;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly taskDefaults?: TaskDefaultsSpec;
}

/** A direct workflow: tasks lead to each other through `on-success`, `on-error` and `on-complete`. */
export interface DirectWorkflowSpec extends WorkflowSpecBase {
  readonly type: "direct";
  /** In document order. */
  readonly tasks: readonly DirectTaskSpec[];
}

/** A reverse workflow: tasks name what they `require`; a run targets one task. */
export interface ReverseWorkflowSpec extends WorkflowSpecBase {
  readonly type: "reverse";
  /** In document order. */
  readonly tasks: readonly ReverseTaskSpec[];
}

/** A workflow of either type. */
export type WorkflowSpec = DirectWorkflowSpec | ReverseWorkflowSpec;

/** A workflow definitions document (the body of `POST /v2/workflows`). */
export interface WorkflowListSpec {
  /** In document order. */
  readonly workflows: readonly WorkflowSpec[];
}

// The typed form of a task, normalised so that the engine never looks at raw YAML again.

/** Commands a transition may name instead of a task; they act on the workflow itself. */
export const ENGINE_COMMANDS = ["fail", "succeed", "pause", "noop"] as const;

/** One of {@link ENGINE_COMMANDS}. */
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

/** What a transition leads to: a task of the workflow, or an engine command. */
export type TransitionKind = "task" | EngineCommand;

/** One entry of `on-success`, `on-error` or `on-complete` (or of their `next`). */
export interface Transition {
  /** The task name, or the engine command (`fail`, `succeed`, `pause`, `noop`). */
  readonly target: string;
  readonly kind: TransitionKind;
  /** The expression that must be true for the transition to be taken; absent means always. */
  readonly condition?: string;
  /** Parameters written after the target, e.g. `{ msg: "..." }` for `fail msg="..."`. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** The `publish` of an on-clause in its dict form. */
export interface PublishSpec {
  readonly branch?: Readonly<Record<string, unknown>>;
  readonly global?: Readonly<Record<string, unknown>>;
  readonly atomic?: Readonly<Record<string, unknown>>;
}

/** An `on-success`, `on-error` or `on-complete` clause in any of its written forms. */
export interface OnClauseSpec {
  readonly publish?: PublishSpec;
  /** Transitions in the order written; empty when the clause only publishes. */
  readonly next: readonly Transition[];
}

/** The `retry` policy; `count` and `delay` are required, each value may be an expression. */
export interface RetryPolicySpec {
  readonly count: number | string;
  readonly delay: number | string;
  readonly breakOn?: string;
  readonly continueOn?: string;
}

/** A task's policies, as written (absent means not set). Numbers and booleans may be expressions. */
export interface PoliciesSpec {
  readonly retry?: RetryPolicySpec;
  readonly waitBefore?: number | string;
  readonly waitAfter?: number | string;
  readonly timeout?: number | string;
  readonly pauseBefore?: boolean | string;
  readonly concurrency?: number | string;
  readonly failOn?: boolean | string;
}

/** One `var in <source>` of `with-items`: an expression to evaluate, or a literal list. */
export interface WithItemsSpec {
  readonly variable: string;
  readonly source: string | readonly unknown[];
}

/** How many inbound transitions a task waits for. */
export type JoinSpec = "all" | "one" | number;

/** What every task has, in direct and reverse workflows alike. */
export interface TaskSpecBase {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The action to run; `std.noop` when the task names neither an action nor a workflow. */
  readonly action?: string;
  /** The sub-workflow to run; set when `action` is not. */
  readonly workflow?: string;
  /** Input, with the inline parameters of `action`/`workflow` merged in; a string is an expression. */
  readonly input: Readonly<Record<string, unknown>> | string;
  /** `{}` when the task publishes nothing. */
  readonly publish: Readonly<Record<string, unknown>>;
  readonly publishOnError: Readonly<Record<string, unknown>>;
  /** Empty when the task has no `with-items`. */
  readonly withItems: readonly WithItemsSpec[];
  /** @defaultValue true */
  readonly keepResult: boolean | string;
  readonly target?: string;
  readonly safeRerun?: boolean | string;
  readonly policies: PoliciesSpec;
}

/** A task of a direct workflow. */
export interface DirectTaskSpec extends TaskSpecBase {
  readonly type: "direct";
  readonly join?: JoinSpec;
  readonly onSuccess?: OnClauseSpec;
  readonly onError?: OnClauseSpec;
  readonly onComplete?: OnClauseSpec;
}

/** A task of a reverse workflow. */
export interface ReverseTaskSpec extends TaskSpecBase {
  readonly type: "reverse";
  /** The tasks this one needs, as written (see `effectiveRequires` for the defaults merged in). */
  readonly requires: readonly string[];
}

/** A task of either workflow type. */
export type TaskSpec = DirectTaskSpec | ReverseTaskSpec;

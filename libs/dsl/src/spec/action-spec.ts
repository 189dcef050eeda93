// The typed form of an ad-hoc action: an existing action with preset input and a reshaped output.
import type { InputParameterSpec } from "./workflow-spec.js";

/** An ad-hoc action. */
export interface ActionSpec {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The action it runs, without the inline parameters (those are merged into `baseInput`). */
  readonly base: string;
  readonly baseInput: Readonly<Record<string, unknown>>;
  readonly input: readonly InputParameterSpec[];
  /** Absent when the definition has no `output` (which may also be written as null). */
  readonly output?: unknown;
}

/** An ad-hoc actions document (the body of `POST /v2/actions`). */
export interface ActionListSpec {
  /** In document order. */
  readonly actions: readonly ActionSpec[];
}

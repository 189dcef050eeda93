// The typed form of a workbook: named workflows and ad-hoc actions kept together.
import type { ActionSpec } from "./action-spec.js";
import type { WorkflowSpec } from "./workflow-spec.js";

/** A workbook. */
export interface WorkbookSpec {
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** In document order. */
  readonly actions: readonly ActionSpec[];
  /** In document order. */
  readonly workflows: readonly WorkflowSpec[];
}

import type { DslIssue } from "../errors.js";

/** What parsing a definition gives: the typed spec, and every problem found. */
export interface SpecParseResult<T> {
  /**
   * The spec, present whenever the text is YAML whose root is a mapping; parts that could not be read
   * are left out. Use it for execution only when `issues` is empty.
   */
  readonly spec?: T;
  /** Everything Mistral would refuse, in document order of discovery; empty means valid. */
  readonly issues: readonly DslIssue[];
  /** What Mistral accepts but probably does not do what was meant (ignored keys and values...). */
  readonly warnings: readonly DslIssue[];
}

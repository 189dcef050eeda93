// Paths name a place in a document the way an operator would type it: `workflows.wf1.tasks.t2.on-success[0]`.

/** One step into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

const SIMPLE_KEY = /^[\w-]+$/u;

/**
 * Formats a path: keys joined with dots, indexes in brackets, and keys that would be ambiguous (empty,
 * or holding dots, spaces, brackets...) as quoted strings in brackets, e.g. `tasks["t3.task"].action`.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (SIMPLE_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

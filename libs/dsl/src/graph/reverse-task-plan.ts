// What a reverse workflow runs for a target task: the target and everything it requires, transitively,
// in an order where each task comes after what it requires, and grouped into levels whose tasks can
// run in parallel. Deterministic: within a level, tasks keep document order.
import { DslError } from "../errors.js";
import { effectiveRequires } from "../spec/effective-task.js";
import type { ReverseTaskSpec } from "../spec/task-spec.js";
import type { ReverseWorkflowSpec } from "../spec/workflow-spec.js";

/** The tasks a run of a reverse workflow needs. */
export interface ReverseTaskPlan {
  /** The target and all it requires, each after its requirements; the target is last. */
  readonly tasks: readonly ReverseTaskSpec[];
  /** `tasks` grouped: level 0 requires nothing, level n requires only tasks of levels below n. */
  readonly levels: ReadonlyArray<readonly ReverseTaskSpec[]>;
}

/**
 * Plans a run of a reverse workflow towards `targetTask`.
 *
 * @throws DslError `DSL_ERR_UNKNOWN_TASK` when the target or a required task does not exist, and
 *   `DSL_ERR_REQUIRES_CYCLE` when the requirements form a cycle (a validated spec has neither).
 */
export function planReverseWorkflow(workflow: ReverseWorkflowSpec, targetTask: string): ReverseTaskPlan {
  const byName = new Map(workflow.tasks.map((task, index) => [task.name, { task, index }] as const));
  const levelOf = new Map<string, number>();
  const visiting = new Set<string>();
  // Depth-first with an explicit stack, so that long chains of requirements cannot overflow the stack.
  const stack: Array<{ name: string; requires: string[]; next: number; from?: string }> = [];
  const enter = (name: string, from?: string): void => {
    const entry = byName.get(name);
    if (entry === undefined) {
      throw new DslError(
        "DSL_ERR_UNKNOWN_TASK",
        from === undefined
          ? `Workflow '${workflow.name}' has no task '${name}'.`
          : `Task '${from}' requires '${name}', which workflow '${workflow.name}' does not have.`,
      );
    }
    visiting.add(name);
    stack.push({ name, requires: effectiveRequires(workflow, entry.task), next: 0 });
  };
  enter(targetTask);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    const required = top.requires[top.next];
    if (required !== undefined) {
      top.next += 1;
      if (levelOf.has(required)) continue;
      if (visiting.has(required)) {
        const cycle = [
          ...stack.slice(stack.findIndex((frame) => frame.name === required)).map((f) => f.name),
          required,
        ];
        throw new DslError(
          "DSL_ERR_REQUIRES_CYCLE",
          `The requires of workflow '${workflow.name}' form a cycle: ${cycle.join(" → ")}.`,
        );
      }
      enter(required, top.name);
      continue;
    }
    stack.pop();
    visiting.delete(top.name);
    let level = 0;
    for (const name of top.requires) level = Math.max(level, (levelOf.get(name) ?? 0) + 1);
    levelOf.set(top.name, level);
  }
  const tasks = [...levelOf.keys()]
    .map((name) => byName.get(name))
    .filter((entry) => entry !== undefined)
    .sort((a, b) => (levelOf.get(a.task.name) ?? 0) - (levelOf.get(b.task.name) ?? 0) || a.index - b.index)
    .map((entry) => entry.task);
  const levels: ReverseTaskSpec[][] = [];
  for (const task of tasks) {
    const level = levelOf.get(task.name) ?? 0;
    (levels[level] ??= []).push(task);
  }
  return { tasks, levels };
}

/**
 * Every cycle among the (effective) requires of a reverse workflow, each as the path of task names that
 * closes it, e.g. `["a", "b", "a"]`; one cycle per strongly connected group of tasks, in document order.
 * Requirements naming unknown tasks are ignored here.
 */
export function findRequiresCycles(workflow: ReverseWorkflowSpec): string[][] {
  const names = workflow.tasks.map((task) => task.name);
  const edges = new Map<string, string[]>();
  const known = new Set(names);
  for (const task of workflow.tasks) {
    edges.set(
      task.name,
      effectiveRequires(workflow, task).filter((name) => known.has(name)),
    );
  }
  return stronglyConnected(names, edges)
    .filter((group) => group.length > 1)
    .map((group) => cycleWithin(group, edges));
}

/** Tarjan's algorithm without recursion; groups come out with their members in document order. */
function stronglyConnected(
  names: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const order = new Map(names.map((name, index) => [name, index] as const));
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of names) {
    if (index.has(root)) continue;
    const work: Array<{ name: string; next: number }> = [{ name: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const successor = edges.get(frame.name)?.[frame.next];
      if (successor !== undefined) {
        frame.next += 1;
        if (!index.has(successor)) {
          index.set(successor, counter);
          lowLink.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          work.push({ name: successor, next: 0 });
        } else if (onStack.has(successor)) {
          lowLink.set(frame.name, Math.min(lowLink.get(frame.name) ?? 0, index.get(successor) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        lowLink.set(parent.name, Math.min(lowLink.get(parent.name) ?? 0, lowLink.get(frame.name) ?? 0));
      }
      if (lowLink.get(frame.name) === index.get(frame.name)) {
        const group: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.name);
        groups.push(group.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
      }
    }
  }
  return groups.sort((a, b) => (order.get(a[0] ?? "") ?? 0) - (order.get(b[0] ?? "") ?? 0));
}

/** A shortest cycle through the first task (in document order) of a strongly connected group. */
function cycleWithin(group: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(group);
  const start = group[0] ?? "";
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head] ?? "";
    for (const next of edges.get(current) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [current];
        for (let at = current; at !== start;) {
          at = previous.get(at) ?? start;
          path.unshift(at);
        }
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

// The order in which Mistral's ReverseWorkflowController considers the tasks of a reverse workflow
// (_find_task_specs_with_satisfied_dependencies): a depth-first post-order walk from the target
// along `requires`, so every task comes after what it requires and the target comes last. The
// graph it walks (networkx, reversed) lists a task's requirements in document order, so the walk
// takes them in that order, whatever order `requires` names them in.
import { effectiveRequires, type ReverseTaskSpec, type ReverseWorkflowSpec } from "@ops/dsl";

/**
 * The target and every task it requires, transitively, each once, each after its requirements.
 * Names of tasks the workflow does not have are skipped, and a cycle is cut where the walk meets
 * a task it is still inside (a validated workflow has neither; see `planReverseWorkflow`).
 *
 * @returns an empty list when the workflow has no task named `target`.
 */
export function reverseRunOrder(workflow: ReverseWorkflowSpec, target: string): ReverseTaskSpec[] {
  const position = new Map(workflow.tasks.map((task, index) => [task.name, index] as const));
  const start = position.get(target);
  if (start === undefined) return [];
  const requirements = (task: ReverseTaskSpec): ReverseTaskSpec[] =>
    effectiveRequires(workflow, task)
      .map((name) => position.get(name))
      .filter((index) => index !== undefined)
      .sort((a, b) => a - b)
      .map((index) => workflow.tasks[index]!);
  const order: ReverseTaskSpec[] = [];
  // A task counts as visited from the moment the walk reaches it, as in networkx's walk.
  const visited = new Set<string>([target]);
  // Without recursion, so that a long chain of requirements cannot overflow the stack.
  const root = workflow.tasks[start]!;
  const stack: Array<{ task: ReverseTaskSpec; next: readonly ReverseTaskSpec[]; index: number }> = [
    { task: root, next: requirements(root), index: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const required = frame.next[frame.index];
    if (required === undefined) {
      stack.pop();
      order.push(frame.task);
      continue;
    }
    frame.index += 1;
    if (visited.has(required.name)) continue;
    visited.add(required.name);
    stack.push({ task: required, next: requirements(required), index: 0 });
  }
  return order;
}

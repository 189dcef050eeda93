// The task graph of a direct workflow: which tasks start it, where each task leads and what leads to it.
// Pure functions over a spec; ordering is deterministic (tasks in document order; a task's transitions
// by clause: on-success, on-error, on-complete, each in the order written).
import { CLAUSE_NAMES, effectiveClause, type ClauseName } from "../spec/effective-task.js";
import type { DirectTaskSpec, Transition } from "../spec/task-spec.js";
import type { DirectWorkflowSpec } from "../spec/workflow-spec.js";

/** A transition out of a task, with the clause it belongs to. */
export interface OutboundTransition extends Transition {
  /** The task the transition leaves. */
  readonly source: string;
  readonly clause: ClauseName;
  /** True when the transition comes from `task-defaults`. */
  readonly fromTaskDefaults: boolean;
}

/** The graph of a direct workflow, with task-defaults applied. */
export interface DirectTaskGraph {
  /** Tasks that no transition leads to, in document order: they run when the workflow starts. */
  readonly startTasks: readonly DirectTaskSpec[];
  /** The task called `name`. */
  task(name: string): DirectTaskSpec | undefined;
  /** Every transition out of a task (to tasks and engine commands alike); empty for an unknown task. */
  outbound(taskName: string): readonly OutboundTransition[];
  /** The distinct tasks with a transition to `taskName`, in document order (what `join` counts). */
  inbound(taskName: string): readonly DirectTaskSpec[];
}

const graphs = new WeakMap<DirectWorkflowSpec, DirectTaskGraph>();

/** Builds (once per spec object) the graph of a direct workflow. */
export function directTaskGraph(workflow: DirectWorkflowSpec): DirectTaskGraph {
  const cached = graphs.get(workflow);
  if (cached !== undefined) return cached;
  const byName = new Map(workflow.tasks.map((task) => [task.name, task] as const));
  const outbound = new Map<string, OutboundTransition[]>();
  // Sources are visited in document order, so each inbound list comes out in document order.
  const inbound = new Map<string, DirectTaskSpec[]>();
  for (const task of workflow.tasks) {
    const transitions: OutboundTransition[] = [];
    for (const clause of CLAUSE_NAMES) {
      const effective = effectiveClause(workflow, task, clause);
      for (const transition of effective.next) {
        // Written out rather than spread: every outbound transition then has the same shape.
        transitions.push({
          target: transition.target,
          kind: transition.kind,
          condition: transition.condition,
          params: transition.params,
          source: task.name,
          clause,
          fromTaskDefaults: effective.fromTaskDefaults,
        });
        // Counted by name, as Mistral does: a task named like an engine command (`fail`) counts a
        // `fail` transition as inbound, although the engine runs the command.
        let sources = inbound.get(transition.target);
        if (sources === undefined) inbound.set(transition.target, (sources = []));
        if (sources[sources.length - 1] !== task) sources.push(task);
      }
    }
    outbound.set(task.name, transitions);
  }
  const graph: DirectTaskGraph = {
    startTasks: workflow.tasks.filter((task) => !inbound.has(task.name)),
    task: (name) => byName.get(name),
    outbound: (name) => outbound.get(name) ?? [],
    inbound: (name) => inbound.get(name) ?? [],
  };
  graphs.set(workflow, graph);
  return graph;
}

/** The tasks that run first in a direct workflow (those without an inbound transition). */
export function findStartTasks(workflow: DirectWorkflowSpec): readonly DirectTaskSpec[] {
  return directTaskGraph(workflow).startTasks;
}

/** The transitions out of a task, with task-defaults applied. */
export function outboundTransitions(
  workflow: DirectWorkflowSpec,
  taskName: string,
): readonly OutboundTransition[] {
  return directTaskGraph(workflow).outbound(taskName);
}

/** The tasks with a transition to `taskName` (what a `join` waits for). */
export function inboundTasks(workflow: DirectWorkflowSpec, taskName: string): readonly DirectTaskSpec[] {
  return directTaskGraph(workflow).inbound(taskName);
}

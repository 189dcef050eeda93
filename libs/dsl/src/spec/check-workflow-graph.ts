// Checks that need the whole workflow: transitions and requires that name unknown tasks, a direct
// workflow without a start task, joins that wait for more tasks than lead to them, cycles of requires.
import { directTaskGraph } from "../graph/direct-task-graph.js";
import { findRequiresCycles } from "../graph/reverse-task-plan.js";
import { closestName } from "./closest-name.js";
import { CLAUSE_NAMES, effectiveClause } from "./effective-task.js";
import type { SpecLocations } from "./spec-locations.js";
import type { SpecReader, Where } from "./spec-reader.js";
import { ENGINE_COMMANDS, type Transition } from "./task-spec.js";
import type { DirectWorkflowSpec, ReverseWorkflowSpec, WorkflowSpec } from "./workflow-spec.js";

/** What the graph checks need to know beyond the spec. */
export interface GraphCheckOptions {
  /** Every task name written in the workflow, including tasks that could not be read. */
  readonly taskNames: ReadonlySet<string>;
  /** True when every task could be read, so that counting transitions is meaningful. */
  readonly complete: boolean;
}

/** Reports the problems of a workflow's task graph. */
export function checkWorkflowGraph(
  reader: SpecReader,
  workflow: WorkflowSpec,
  locations: SpecLocations,
  options: GraphCheckOptions,
): void {
  if (workflow.type === "direct") checkDirectWorkflow(reader, workflow, locations, options);
  else checkReverseWorkflow(reader, workflow, locations, options);
}

function checkDirectWorkflow(
  reader: SpecReader,
  workflow: DirectWorkflowSpec,
  locations: SpecLocations,
  { taskNames, complete }: GraphCheckOptions,
): void {
  const fallback = locations.get(workflow) ?? { position: { line: 1, column: 1, offset: 0 }, path: [] };
  // A transition of task-defaults applies to many tasks but is reported once.
  const reported = new Set<Transition>();
  for (const task of workflow.tasks) {
    for (const clause of CLAUSE_NAMES) {
      for (const transition of effectiveClause(workflow, task, clause).next) {
        if (transition.kind !== "task" || taskNames.has(transition.target) || reported.has(transition))
          continue;
        reported.add(transition);
        const suggestion = closestName(transition.target, [...taskNames, ...ENGINE_COMMANDS]);
        reader.error(
          "DSL_ERR_UNKNOWN_TASK",
          `The transition leads to '${transition.target}', which is not a task of workflow '${workflow.name}'.`,
          locations.get(transition) ?? fallback,
          `${suggestion === undefined ? "" : `Did you mean '${suggestion}'? `}A transition names a task of the same workflow or an engine command (${ENGINE_COMMANDS.join(", ")}).`,
        );
      }
    }
  }
  if (!complete) return;
  const graph = directTaskGraph(workflow);
  if (graph.startTasks.length === 0) {
    reader.error(
      "DSL_ERR_NO_START_TASK",
      `Workflow '${workflow.name}' has no start task: every task is the target of a transition, so none runs first.`,
      locations.key(workflow, "tasks") ?? fallback,
      "Remove the transition that leads back to the first task, or add a task that starts the flow.",
    );
  }
  for (const task of workflow.tasks) {
    const join = task.join;
    if (join === undefined || join === 0) continue;
    const inbound = graph.inbound(task.name);
    const wanted = join === "all" ? 1 : join === "one" ? 1 : join;
    if (inbound.length >= wanted) continue;
    const sources = inbound.length === 0 ? "none" : inbound.map((t) => `'${t.name}'`).join(", ");
    reader.error(
      "DSL_ERR_JOIN",
      join === "all"
        ? `Task '${task.name}' has \`join: all\` but no task has a transition to it.`
        : `Task '${task.name}' has \`join: ${join}\` but only ${inbound.length} task(s) lead to it (${sources}).`,
      locations.key(task, "join") ?? fallback,
      "A join waits for the tasks whose on-success, on-error or on-complete lead to it.",
    );
  }
}

function checkReverseWorkflow(
  reader: SpecReader,
  workflow: ReverseWorkflowSpec,
  locations: SpecLocations,
  { taskNames, complete }: GraphCheckOptions,
): void {
  const fallback = locations.get(workflow) ?? { position: { line: 1, column: 1, offset: 0 }, path: [] };
  const unknown = (name: string, where: Where): void => {
    const suggestion = closestName(name, taskNames);
    reader.error(
      "DSL_ERR_UNKNOWN_TASK",
      `\`requires\` names '${name}', which is not a task of workflow '${workflow.name}'.`,
      where,
      suggestion === undefined ? undefined : `Did you mean '${suggestion}'?`,
    );
  };
  for (const task of workflow.tasks) {
    task.requires.forEach((name, index) => {
      if (!taskNames.has(name)) unknown(name, locations.key(task, `requires[${index}]`) ?? fallback);
    });
  }
  const defaults = workflow.taskDefaults;
  if (defaults !== undefined) {
    defaults.requires.forEach((name, index) => {
      if (!taskNames.has(name)) unknown(name, locations.key(defaults, `requires[${index}]`) ?? fallback);
    });
  }
  if (!complete) return;
  for (const cycle of findRequiresCycles(workflow)) {
    const first = workflow.tasks.find((task) => task.name === cycle[0]);
    const next = cycle[1] ?? "";
    const index = first?.requires.indexOf(next) ?? -1;
    const where =
      first !== undefined && index >= 0
        ? locations.key(first, `requires[${index}]`)
        : defaults !== undefined
          ? locations.key(defaults, `requires[${defaults.requires.indexOf(next)}]`)
          : undefined;
    reader.error(
      "DSL_ERR_REQUIRES_CYCLE",
      `The requires of workflow '${workflow.name}' form a cycle: ${cycle.join(" → ")}; none of these tasks can ever run.`,
      where ?? (first === undefined ? fallback : (locations.get(first) ?? fallback)),
      "Remove one of the requirements in the cycle.",
    );
  }
}

// Mistral's DirectWorkflowController (mistral/workflow/direct_workflow.py): which commands follow
// a task's completion, what a join task's state logically is, and which errors count as handled.
import {
  directTaskGraph,
  effectiveClause,
  pyRepr,
  type DirectTaskGraph,
  type DirectTaskSpec,
  type DirectWorkflowSpec,
  type TaskSpec,
  type Transition,
} from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import { isCompleted, type ExecutionState } from "../execution-states.js";
import type { JsonObject, TriggeredBy } from "../execution-rows.js";
import { finalContext, outboundContext, upstreamContext } from "./data-flow.js";
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import { currentTaskLayer, environmentLayer, evaluate } from "./expression-context.js";
import { isDict, pyTruthy } from "./python-values.js";
import type { RunTaskCommand, WorkflowCommand } from "./workflow-commands.js";
import type { JoinLogicalState, WorkflowController } from "./workflow-controller.js";

export class DirectWorkflowController implements WorkflowController {
  private readonly graph: DirectTaskGraph;

  constructor(
    private readonly session: ExecutionSession,
    private readonly spec: DirectWorkflowSpec,
  ) {
    this.graph = directTaskGraph(spec);
  }

  taskSpec(name: string): DirectTaskSpec | undefined {
    return this.graph.task(name);
  }

  /** The commands that start the workflow: every task without an inbound transition. */
  startCommands(): WorkflowCommand[] {
    return this.graph.startTasks.map((taskSpec) => ({
      kind: "run-task",
      taskSpec,
      ctx: {},
      triggeredBy: null,
      handlesError: false,
      wait: false,
      uniqueKey: null,
    }));
  }

  /**
   * The commands to continue without a task that caused it (start, resume): the start commands
   * if nothing ran yet, else the next commands of completed tasks not yet processed.
   */
  continueCommands(): WorkflowCommand[] {
    if (isCompleted(this.session.execution.state)) return [];
    if (this.session.tasks.length === 0) return this.startCommands();
    return this.session.tasks
      .filter((task) => isCompleted(task.state) && !task.processed)
      .flatMap((task) => this.nextCommands(task));
  }

  /** The commands that follow a completed task (none once the workflow is completed). */
  commandsAfter(task: TaskRecord): WorkflowCommand[] {
    if (isCompleted(this.session.execution.state)) return [];
    return this.nextCommands(task);
  }

  /** Never: a task may run again (a loop), and a join's single execution is kept by its unique key. */
  isRedundant(): boolean {
    return false;
  }

  /** The outbound contexts of the completed tasks that led nowhere. */
  finalContext(): JsonObject {
    return finalContext(this.session);
  }

  private nextCommands(task: TaskRecord): WorkflowCommand[] {
    const ctx = outboundContext(task);
    const commands: WorkflowCommand[] = [];
    for (const { transition, event } of this.takenTransitions(task, ctx)) {
      const triggeredBy: TriggeredBy[] = [{ task_id: task.id, event }];
      const handlesError = event === "on-error";
      const params = evaluate(this.session, transition.params, this.transitionScope(task, ctx));
      if (transition.kind === "task") {
        const taskSpec = this.graph.task(transition.target);
        if (taskSpec === undefined) {
          throw new ConductorError("WF_ERR_TASK_NOT_FOUND", `Task '${transition.target}' not found.`, {
            task: transition.target,
          });
        }
        commands.push(
          this.configureJoin({
            kind: "run-task",
            taskSpec,
            ctx,
            triggeredBy,
            handlesError,
            wait: false,
            uniqueKey: null,
          }),
        );
      } else if (transition.kind === "noop") {
        commands.push({ kind: "noop", handlesError });
      } else {
        const message = isDict(params) ? params["msg"] : undefined;
        commands.push({
          kind: "set-state",
          command: transition.kind,
          message: message === undefined || message === null ? null : String(message),
          handlesError,
          taskSpec: this.graph.task(task.name)!,
          ctx,
          triggeredBy,
        });
      }
    }
    return commands;
  }

  /** on-error (ERROR), on-success (SUCCESS), then on-complete (either), with true conditions. */
  private takenTransitions(
    task: TaskRecord,
    ctx: JsonObject,
  ): Array<{ transition: Transition; event: string }> {
    const taskSpec = this.graph.task(task.name);
    if (taskSpec === undefined) return [];
    const clauses: Array<["on-error" | "on-success" | "on-complete", boolean]> = [
      ["on-error", task.state === "ERROR"],
      ["on-success", task.state === "SUCCESS"],
      ["on-complete", task.state === "SUCCESS" || task.state === "ERROR"],
    ];
    const taken: Array<{ transition: Transition; event: string }> = [];
    for (const [clause, applies] of clauses) {
      if (!applies) continue;
      for (const transition of effectiveClause(this.spec, taskSpec, clause).next) {
        const condition = transition.condition;
        if (
          condition === undefined ||
          condition === "" ||
          pyTruthy(this.evaluateCondition(task, ctx, condition))
        )
          taken.push({ transition, event: clause });
      }
    }
    return taken;
  }

  private evaluateCondition(task: TaskRecord, ctx: JsonObject, condition: string): unknown {
    return evaluate(this.session, condition, this.transitionScope(task, ctx));
  }

  private transitionScope(task: TaskRecord, ctx: JsonObject) {
    return {
      task,
      layers: [
        currentTaskLayer(task),
        ctx,
        environmentLayer(this.session),
        this.session.execution.context,
        this.session.execution.input,
      ],
    };
  }

  private configureJoin(command: RunTaskCommand): RunTaskCommand {
    if ((command.taskSpec as DirectTaskSpec).join === undefined) return command;
    return { ...command, wait: true, uniqueKey: this.joinKey(command.taskSpec.name) };
  }

  /** The unique key of a join task's single execution. */
  joinKey(taskName: string): string {
    return `join-task-${this.session.execution.id}-${taskName}`;
  }

  /** Whether a task's errors are handled at all: it has an on-error clause (conditions aside). */
  isErrorHandledFor(task: TaskRecord): boolean {
    const taskSpec = this.graph.task(task.name);
    return taskSpec !== undefined && effectiveClause(this.spec, taskSpec, "on-error").next.length > 0;
  }

  /** Whether every failed task had its error handled by a transition taken. */
  allErrorsHandled(): boolean {
    return !this.session.tasks.some((task) => task.state === "ERROR" && !task.errorHandled);
  }

  anyCancels(): boolean {
    return this.session.tasks.some((task) => task.state === "CANCELLED");
  }

  /**
   * Mistral's upstream of a task that runs again: for a join, what it received when it ran; else
   * the completed, processed executions of the first task (in the workflow's order) leading to it.
   */
  inboundContext(taskSpec: TaskSpec): JsonObject {
    const inbound = this.graph.inbound(taskSpec.name);
    if (inbound.length === 0) return {};
    if ((taskSpec as DirectTaskSpec).join !== undefined) return this.joinUpstreamContext(taskSpec);
    const first = inbound[0]!.name;
    return upstreamContext(
      this.session.tasks.filter((task) => task.name === first && isCompleted(task.state) && task.processed),
    );
  }

  /**
   * What a join receives: the contexts of the completed executions of its inbound tasks that led
   * to it, merged in the order the inbound tasks are written (Mistral takes them in whatever order
   * the database returns them).
   */
  joinUpstreamContext(joinSpec: TaskSpec): JsonObject {
    const upstream = this.graph
      .inbound(joinSpec.name)
      .flatMap((inSpec) =>
        this.session.tasks.filter(
          (task) =>
            task.name === inSpec.name &&
            isCompleted(task.state) &&
            task.nextTasks.some(([name]) => name === joinSpec.name),
        ),
      );
    return upstreamContext(upstream);
  }

  /**
   * Mistral's join rule. Each inbound task induces a state: RUNNING if it completed and led to
   * the join, ERROR if it completed without leading to it or can no longer run, WAITING otherwise.
   * `join: all` runs when all induce RUNNING and fails as soon as one induces ERROR; `join: N`
   * (`one` is 1) runs when N induce RUNNING and fails when too many induce ERROR for N to be met.
   * Undefined for a task that is not a join.
   */
  joinLogicalState(joinSpec: TaskSpec): JoinLogicalState | undefined {
    if (joinSpec.type !== "direct" || joinSpec.join === undefined) return undefined;
    const inbound = this.graph.inbound(joinSpec.name);
    if (inbound.length === 0) return { state: "RUNNING", stateInfo: null, triggeredBy: [] };
    const induced = inbound.map((inSpec) => {
      const execution = this.latestExecution(inSpec.name);
      return { name: inSpec.name, execution, ...this.inducedState(inSpec, execution, joinSpec) };
    });
    const count = (state: ExecutionState) => induced.filter((entry) => entry.state === state).length;
    const triggeredBy = (state: ExecutionState): TriggeredBy[] =>
      induced
        .filter((entry) => entry.state === state && entry.execution !== undefined)
        .map((entry) => ({ task_id: entry.execution!.id, event: entry.event }));
    const failedMessage = () =>
      `Failed by tasks: ${pyRepr(induced.filter((entry) => entry.state === "ERROR").map((entry) => entry.name))}`;
    const blockedMessage = () =>
      `Blocked by tasks: ${pyRepr(induced.filter((entry) => entry.state === "WAITING").map((entry) => entry.name))}`;
    const runnings = count("RUNNING");
    const errors = count("ERROR");
    const join = joinSpec.join;
    if (join === "all") {
      if (runnings === induced.length)
        return { state: "RUNNING", stateInfo: null, triggeredBy: triggeredBy("RUNNING") };
      if (errors > 0)
        return { state: "ERROR", stateInfo: failedMessage(), triggeredBy: triggeredBy("ERROR") };
      return { state: "WAITING", stateInfo: blockedMessage(), triggeredBy: [] };
    }
    const cardinality = join === "one" || join === undefined ? 1 : join;
    if (runnings >= cardinality)
      return { state: "RUNNING", stateInfo: null, triggeredBy: triggeredBy("RUNNING") };
    if (errors > induced.length - cardinality)
      return { state: "ERROR", stateInfo: failedMessage(), triggeredBy: [] };
    return { state: "WAITING", stateInfo: blockedMessage(), triggeredBy: [] };
  }

  private inducedState(
    inSpec: DirectTaskSpec,
    execution: TaskRecord | undefined,
    joinSpec: DirectTaskSpec,
  ): { state: ExecutionState; event: string | null } {
    if (execution === undefined) {
      return this.possibleRoute(inSpec, new Set())
        ? { state: "WAITING", event: null }
        : { state: "ERROR", event: "impossible route" };
    }
    if (!isCompleted(execution.state)) return { state: "WAITING", event: null };
    const next = execution.nextTasks.find(([name]) => name === joinSpec.name);
    if (next === undefined) return { state: "ERROR", event: "not triggered" };
    return { state: "RUNNING", event: next[1] };
  }

  /**
   * Whether a task that has not run may still run: some path back to a start task passes only
   * through tasks that have not run, are still running, or led towards it. (Mistral recurses
   * without end on a cycle of tasks that never ran; a cycle counts as no route here.)
   */
  private possibleRoute(taskSpec: DirectTaskSpec, visiting: Set<string>): boolean {
    const inbound = this.graph.inbound(taskSpec.name);
    if (inbound.length === 0) return true;
    if (visiting.has(taskSpec.name)) return false;
    visiting.add(taskSpec.name);
    try {
      for (const inSpec of inbound) {
        const execution = this.latestExecution(inSpec.name);
        if (execution === undefined) {
          if (this.possibleRoute(inSpec, visiting)) return true;
        } else {
          if (!isCompleted(execution.state)) return true;
          if (execution.nextTasks.some(([name]) => name === taskSpec.name)) return true;
        }
      }
      return false;
    } finally {
      visiting.delete(taskSpec.name);
    }
  }

  private latestExecution(name: string): TaskRecord | undefined {
    return this.session.tasks.findLast((task) => task.name === name);
  }
}

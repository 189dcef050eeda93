// Mistral's ReverseWorkflowController (mistral/workflow/reverse_workflow.py): an execution names a
// target task (`params.task_name`), and runs it and every task it requires, transitively, each
// once, as soon as what it requires has succeeded. Tasks have no transitions: a failed task is
// never handled, and the tasks that require it never run.
import {
  DslError,
  effectiveRequires,
  planReverseWorkflow,
  pyRepr,
  pyStr,
  type ReverseTaskSpec,
  type ReverseWorkflowSpec,
  type TaskSpec,
} from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import { isCompleted } from "../execution-states.js";
import type { JsonObject } from "../execution-rows.js";
import { outboundContext, upstreamContext } from "./data-flow.js";
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import { reverseRunOrder } from "./reverse-run-order.js";
import type { RunTaskCommand, WorkflowCommand } from "./workflow-commands.js";
import type { JoinLogicalState, WorkflowController } from "./workflow-controller.js";
import { isWorkflowFailure } from "./workflow-failure.js";

export class ReverseWorkflowController implements WorkflowController {
  private readonly tasksByName: ReadonlyMap<string, ReverseTaskSpec>;
  private runOrder: readonly ReverseTaskSpec[] | undefined;

  constructor(
    private readonly session: ExecutionSession,
    private readonly spec: ReverseWorkflowSpec,
  ) {
    this.tasksByName = new Map(spec.tasks.map((task) => [task.name, task] as const));
  }

  taskSpec(name: string): ReverseTaskSpec | undefined {
    return this.tasksByName.get(name);
  }

  /**
   * The tasks whose requirements have all succeeded and that have not run yet. At start these are
   * the tasks the target needs that require nothing; Mistral finds them again on resume.
   *
   * @throws ConductorError `WF_ERR_TARGET_TASK_NOT_FOUND` or `WF_ERR_REQUIRES_CYCLE` when the
   *   execution has no valid target.
   */
  continueCommands(): WorkflowCommand[] {
    if (isCompleted(this.session.execution.state)) return [];
    return this.satisfiedCommands();
  }

  /**
   * Whatever a completion made runnable: Mistral looks at the whole workflow, not at the task, so
   * each task lists as next tasks those it was the last requirement of.
   */
  commandsAfter(): WorkflowCommand[] {
    if (isCompleted(this.session.execution.state)) return [];
    return this.satisfiedCommands();
  }

  /**
   * A task runs once. Mistral can start a task twice when a task that completes at once (a
   * with-items over nothing) makes it runnable while the commands that already run it wait for
   * their turn, or when a command comes back from the backlog; here the second is dropped.
   */
  isRedundant(command: RunTaskCommand): boolean {
    return this.session.tasks.some((task) => task.name === command.taskSpec.name);
  }

  /** Reverse workflows have no joins. */
  joinLogicalState(): JoinLogicalState | undefined {
    return undefined;
  }

  joinUpstreamContext(): JsonObject {
    return {};
  }

  /** The contexts of the successful executions of the tasks it requires (Mistral's upstream). */
  inboundContext(taskSpec: TaskSpec): JsonObject {
    const requires = new Set(effectiveRequires(this.spec, taskSpec as ReverseTaskSpec));
    return upstreamContext(
      this.session.tasks.filter((task) => requires.has(task.name) && task.state === "SUCCESS"),
    );
  }

  /** Only a task that did not fail has its error handled: there are no on-error transitions. */
  isErrorHandledFor(task: TaskRecord): boolean {
    return task.state !== "ERROR";
  }

  allErrorsHandled(): boolean {
    return !this.session.tasks.some((task) => task.state === "ERROR");
  }

  anyCancels(): boolean {
    return this.session.tasks.some((task) => task.state === "CANCELLED");
  }

  /**
   * The outbound context of the target's execution; `{}` when the target did not run (or, as
   * Mistral's _get_final_context would have it, when there is no valid target).
   */
  finalContext(): JsonObject {
    let target: ReverseTaskSpec;
    try {
      target = this.target();
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      return {};
    }
    const execution = this.session.tasks.find((task) => task.name === target.name);
    return execution === undefined ? {} : outboundContext(execution);
  }

  // --- The plan ----------------------------------------------------------------------------------

  /**
   * Commands for the tasks the target needs that have no execution yet and whose requirements all
   * have a successful one, in Mistral's walk order (the dispatcher's sort then reverses them). Each
   * receives the contexts of its requirements' executions, merged in creation order.
   */
  private satisfiedCommands(): WorkflowCommand[] {
    const commands: WorkflowCommand[] = [];
    for (const taskSpec of this.order()) {
      if (this.session.tasks.some((task) => task.name === taskSpec.name)) continue;
      const requires = new Set(effectiveRequires(this.spec, taskSpec));
      const upstream = this.session.tasks.filter(
        (task) => requires.has(task.name) && task.state === "SUCCESS",
      );
      if (new Set(upstream.map((task) => task.name)).size < requires.size) continue;
      commands.push({
        kind: "run-task",
        taskSpec,
        ctx: upstreamContext(upstream),
        triggeredBy: null,
        handlesError: false,
        wait: false,
        uniqueKey: null,
      });
    }
    return commands;
  }

  /** The target and every task it requires, in Mistral's walk order; checked once per call. */
  private order(): readonly ReverseTaskSpec[] {
    if (this.runOrder !== undefined) return this.runOrder;
    const target = this.target();
    try {
      planReverseWorkflow(this.spec, target.name);
    } catch (error) {
      if (!(error instanceof DslError)) throw error;
      const code =
        error.code === "DSL_ERR_REQUIRES_CYCLE" ? "WF_ERR_REQUIRES_CYCLE" : "WF_ERR_TASK_NOT_FOUND";
      throw new ConductorError(code, error.message, { task: target.name }, { cause: error });
    }
    this.runOrder = reverseRunOrder(this.spec, target.name);
    return this.runOrder;
  }

  /** The task `params.task_name` names; Mistral's WorkflowException when there is none. */
  private target(): ReverseTaskSpec {
    const name = this.session.execution.params["task_name"];
    const target = typeof name === "string" ? this.tasksByName.get(name) : undefined;
    if (target === undefined) {
      throw new ConductorError(
        "WF_ERR_TARGET_TASK_NOT_FOUND",
        `Invalid task name [wf_spec=ReverseWorkflowSpec ${pyRepr(this.session.execution.spec)}, task_name=${pyStr(name ?? null)}]`,
        { task: name ?? null },
      );
    }
    return target;
  }
}

// The engine's decision logic over one execution, following Mistral 15's engine
// (mistral/engine/{workflows,tasks,task_handler,workflow_handler,dispatcher}.py) step for step:
// starting a workflow, running tasks, completing them, choosing and dispatching what follows,
// joins, pause/resume/cancel, and completing the workflow. What depends on the workflow's type
// (direct or reverse) is its controller's; the rest is the same for both. It works on the
// session's mutable rows; conduct() turns the changes into decisions.
import { containsExpression, pyStr, type TaskSpec, type WorkflowSpec } from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import type {
  ActionCompleteEvent,
  RerunEvent,
  SubworkflowCompleteEvent,
  SubworkflowRerunEvent,
  SubworkflowUpdateEvent,
  TimerEvent,
} from "../conductor-event.js";
import { isCompleted, isValidTransition, type ExecutionState } from "../execution-states.js";
import type { JsonObject, NextTask, TaskExecutionRow } from "../execution-rows.js";
import { checkWorkflowInput } from "../check-workflow-input.js";
import { actionCandidates, transformOutput } from "./action-resolution.js";
import { publishVariables, workflowOutput } from "./data-flow.js";
import { DirectWorkflowController } from "./direct-workflow-controller.js";
import { envOf, type ExecutionSession, type TaskRecord, type WorkflowRecord } from "./execution-session.js";
import { environmentLayer, evaluate, evaluateAgainst } from "./expression-context.js";
import { cancelInfoMessage, failInfoMessage } from "./fail-info-message.js";
import { pythonSort } from "./python-sort.js";
import { isDict, mergeDicts, pyTruthy, setKey, shallowCopy, updateDict } from "./python-values.js";
import { ReverseWorkflowController } from "./reverse-workflow-controller.js";
import { afterTaskComplete, beforeTaskStart, type PolicyEffects } from "./task-policies.js";
import {
  invalidate,
  isInvalidated,
  scheduleItems,
  scheduleTask,
  setRuntime,
  taskExecutionsOf,
  withItemsContext,
  workflowCandidates,
} from "./task-scheduler.js";
import {
  toBacklog,
  type BacklogCommand,
  type RunExistingTaskCommand,
  type RunTaskCommand,
  type SetWorkflowStateCommand,
  type WorkflowCommand,
} from "./workflow-commands.js";
import type { WorkflowController } from "./workflow-controller.js";
import { isWorkflowFailure } from "./workflow-failure.js";

const BACKLOG_KEY = "backlog_commands";

/** What a workflow's tasks lead to, and how the engine acts on it. */
export class WorkflowEngine {
  readonly controller: WorkflowController;
  private readonly spec: WorkflowSpec;

  constructor(private readonly session: ExecutionSession) {
    const spec = session.spec;
    this.spec = spec;
    this.controller =
      spec.type === "direct"
        ? new DirectWorkflowController(session, spec)
        : new ReverseWorkflowController(session, spec);
  }

  private get execution(): WorkflowRecord {
    return this.session.execution;
  }

  // --- Events ------------------------------------------------------------------------------------

  /**
   * Starts an IDLE execution: input, params, context, the start commands (for a reverse workflow
   * its target is checked here, as Mistral's start does after the context), RUNNING, start tasks.
   */
  start(): void {
    const execution = this.execution;
    const check = checkWorkflowInput(this.spec, execution.input);
    if (check.error !== undefined) {
      this.failAtStart(check.error.message);
      return;
    }
    execution.input = check.input;
    let commands: WorkflowCommand[];
    try {
      const params = shallowCopy(execution.params);
      if (!Object.hasOwn(params, "namespace")) setKey(params, "namespace", execution.workflowNamespace);
      setKey(params, "env", this.startEnvironment(params));
      execution.params = params;
      const runtime = shallowCopy(execution.runtimeContext);
      setKey(runtime, "index", typeof params["index"] === "number" ? params["index"] : 0);
      const workbook = workbookOf(execution.workflowName, this.spec.name);
      if (workbook !== null) setKey(runtime, "wb_name", workbook);
      execution.runtimeContext = runtime;
      let context = isDict(execution.context) ? shallowCopy(execution.context) : {};
      setKey(context, "__execution", { id: execution.id });
      execution.context = context;
      const vars = evaluate(this.session, this.spec.vars, {
        layers: [environmentLayer(this.session), context, execution.input],
      });
      if (isDict(vars)) context = mergeDicts(context, vars);
      execution.context = context;
      commands = this.controller.continueCommands();
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.failAtStart(error.message);
      return;
    }
    this.setWorkflowState("RUNNING", null);
    this.dispatch(commands);
  }

  /** The start of an execution fails before any task runs (Mistral refuses to create it). */
  private failAtStart(message: string): void {
    this.setWorkflowState("ERROR", message);
    this.execution.output = { result: message };
    this.notifyParent();
  }

  /** `params.env`: a named environment's variables, evaluated against themselves. */
  private startEnvironment(params: JsonObject): JsonObject {
    const given = params["env"];
    if (!pyTruthy(given)) return {};
    let env: JsonObject;
    if (typeof given === "string") {
      const variables = this.session.namedEnvironment(given);
      if (variables === null) {
        throw new ConductorError("WF_ERR_ENVIRONMENT", `Environment is not found: ${given}`, {
          environment: given,
        });
      }
      env = variables;
    } else if (isDict(given)) env = given;
    else {
      throw new ConductorError(
        "WF_ERR_ENVIRONMENT",
        `Unexpected value type for environment [env=${pyStr(given)}, type=${typeof given}]`,
      );
    }
    if (Object.hasOwn(params, "evaluate_env") && !pyTruthy(params["evaluate_env"])) return env;
    const evaluated = evaluateAgainst(this.session, env, { __env: env });
    return isDict(evaluated) ? evaluated : env;
  }

  /**
   * An action's result arrived. Returns why nothing else happened, when the action was already
   * accepted or its task has moved on.
   */
  onActionComplete(event: ActionCompleteEvent): string | undefined {
    const task = this.requireTask(event.taskExecutionId);
    const action = this.session
      .childrenOf(task)
      .actions.find((candidate) => candidate.id === event.actionExecutionId);
    if (action === undefined) {
      throw new ConductorError(
        "WF_ERR_SNAPSHOT",
        `Action execution ${event.actionExecutionId} is not among the children of task execution ${task.id}.`,
        { actionExecutionId: event.actionExecutionId, taskExecutionId: task.id },
      );
    }
    if (action.accepted) return `action execution ${action.id} was already accepted`;
    if (isInvalidated(action)) {
      action.state = event.state;
      action.output = event.output;
      this.session.touch(action);
      return `action execution ${action.id} no longer counts for its task (retried or rerun)`;
    }
    action.state = event.state;
    let output: JsonObject = event.output;
    const transforms = action.spec?.outputTransforms ?? [];
    if (event.state === "SUCCESS" && transforms.length > 0) {
      try {
        output = { result: transformOutput(this.session, transforms, output["result"] ?? null) };
      } catch (error) {
        if (!isWorkflowFailure(error)) throw error;
        const message = `Failed to complete action [error=${error.message}, action=${action.name}, task=${task.name}]`;
        action.state = "ERROR";
        action.output = { result: message };
        action.accepted = true;
        this.session.touch(action);
        if (task.state === "RUNNING") this.forceFailTask(task, message);
        return undefined;
      }
    }
    action.output = output;
    action.accepted = true;
    this.session.touch(action);
    if (task.state !== "RUNNING")
      return `task execution ${task.id} is ${task.state}: only the result was accepted`;
    const result = output["result"];
    this.onChildComplete(task, action.state, pyTruthy(result) ? pyStr(result) : null, action.name);
    return undefined;
  }

  /** A sub-workflow completed. */
  onSubworkflowComplete(event: SubworkflowCompleteEvent): string | undefined {
    const task = this.requireTask(event.taskExecutionId);
    const child = this.requireChild(task, event.executionId);
    if (child.accepted) return `sub-workflow execution ${child.id} was already accepted`;
    if (isInvalidated(child))
      return `sub-workflow execution ${child.id} no longer counts for its task (retried or rerun)`;
    if (!isCompleted(child.state))
      return `sub-workflow execution ${child.id} is ${child.state}, not completed`;
    child.accepted = true;
    this.session.touch(child);
    if (task.state !== "RUNNING" && task.state !== "PAUSED")
      return `task execution ${task.id} is ${task.state}: only the result was accepted`;
    const result = child.output["result"];
    this.onChildComplete(task, child.state, pyTruthy(result) ? pyStr(result) : null, child.name);
    return undefined;
  }

  /** A sub-workflow was paused or resumed: the task follows, and so does the workflow. */
  onSubworkflowUpdate(event: SubworkflowUpdateEvent): string | undefined {
    const task = this.requireTask(event.taskExecutionId);
    const child = this.requireChild(task, event.executionId);
    const state = child.state;
    if (state !== "PAUSED" && state !== "RUNNING") return `sub-workflow execution ${child.id} is ${state}`;
    if (isCompleted(task.state)) return `task execution ${task.id} is ${task.state}`;
    const children = this.session.childrenOf(task);
    const blocked = state === "RUNNING" && children.workflows.some((other) => other.state === "PAUSED");
    if (isValidTransition(task.state, state) && !blocked) this.setTaskState(task, state, null);
    if (state === "PAUSED") this.pauseWorkflow(null);
    else if (!this.session.tasks.some((other) => other.state === "PAUSED")) this.resumeWorkflow(undefined);
    return undefined;
  }

  /** `PUT state=PAUSED`. */
  pause(message: string | null): void {
    this.pauseWorkflow(message);
  }

  /** `PUT state=RUNNING`. */
  resume(env: JsonObject | undefined): void {
    this.resumeWorkflow(env);
  }

  /** `PUT state=CANCELLED|ERROR|SUCCESS`. */
  stop(state: "CANCELLED" | "ERROR" | "SUCCESS", message: string | null): void {
    this.stopWorkflow(state, message);
  }

  /** A durable timer of a task's policy fired. */
  onTimer(event: TimerEvent): string | undefined {
    const task = this.session.findTask(event.taskExecutionId);
    if (task === undefined) return `task execution ${event.taskExecutionId} is gone`;
    const taskSpec = this.requireTaskSpec(task);
    const delayedByWaitAfter = task.state === "DELAYED" && (task.stateInfo ?? "").includes("'wait-after'");
    switch (event.kind) {
      case "continue-task":
        if (task.state !== "DELAYED" || delayedByWaitAfter)
          return `task execution ${task.id} is ${task.state}: nothing to continue`;
        this.runExisting(task, taskSpec, { reset: false, rerun: false });
        return undefined;
      case "complete-task": {
        if (!delayedByWaitAfter) return `task execution ${task.id} is not waiting after completion`;
        const state = event.arguments["state"] as ExecutionState;
        const stateInfo = event.arguments["state_info"];
        this.completeGuarded(
          task,
          state,
          typeof stateInfo === "string" ? stateInfo : null,
          "Failed to complete task",
        );
        return undefined;
      }
      case "fail-if-incomplete": {
        if (isCompleted(task.state)) return `task execution ${task.id} completed in time`;
        const timeout = pyStr(event.arguments["timeout"] ?? null);
        this.completeGuarded(
          task,
          "ERROR",
          `Task timed out [timeout(s)=${timeout}].`,
          "Failed to complete task",
        );
        return undefined;
      }
    }
  }

  /**
   * `PUT /v2/tasks/{id}` with `state: RUNNING`: a failed task runs again and its workflow goes back
   * to RUNNING (Mistral's Workflow.rerun). The task's runtime context starts afresh, so its start
   * policies run again.
   */
  rerun(event: RerunEvent): string | undefined {
    const task = this.requireTask(event.taskExecutionId);
    if (task.state !== "ERROR") return `task execution ${task.id} is ${task.state}, not ERROR`;
    const taskSpec = this.requireTaskSpec(task);
    this.mergeEnvironment(event.env);
    this.setWorkflowState("RUNNING", null);
    task.runtimeContext = {};
    this.dispatch([
      {
        kind: "run-existing",
        taskExecutionId: task.id,
        taskSpec,
        reset: event.reset,
        rerun: true,
        handlesError: false,
        wait: false,
        uniqueKey: task.uniqueKey,
      },
    ]);
    return undefined;
  }

  /**
   * A task of one of this execution's sub-workflows runs again: the task that ran the sub-workflow
   * waits for its result again, and the execution is RUNNING (Mistral's recursive rerun).
   */
  onSubworkflowRerun(event: SubworkflowRerunEvent): string | undefined {
    const task = this.requireTask(event.taskExecutionId);
    const child = this.requireChild(task, event.executionId);
    if (child.accepted) {
      child.accepted = false;
      this.session.touch(child);
    }
    if (isCompleted(task.state)) {
      this.setTaskState(task, "RUNNING", null);
      task.processed = false;
    }
    this.setWorkflowState("RUNNING", null);
    return undefined;
  }

  /** What every call ends with: joins that can now run or fail, then the completion check. */
  finish(): void {
    this.refreshJoins();
    this.checkAndComplete();
  }

  // --- Dispatching commands ----------------------------------------------------------------------

  /** Runs the commands saved while paused, then the new ones (Mistral's dispatch_workflow_commands). */
  private dispatch(commands: WorkflowCommand[]): void {
    this.processCommands(this.pollBacklog());
    this.processCommands(commands);
  }

  private processCommands(commands: WorkflowCommand[]): void {
    this.prefetchDefinitions(commands);
    for (const command of rearrange(commands)) {
      const state = this.execution.state;
      if (isCompleted(state)) break;
      if (state === "PAUSED") {
        // An existing task stays as it is and is found again at the next resume.
        if (command.kind !== "run-existing") this.saveToBacklog(command);
        continue;
      }
      if (command.kind === "run-task") this.runTask(command);
      else if (command.kind === "run-existing") this.runExistingCommand(command);
      else this.applyStateCommand(command);
    }
  }

  /** Asks in one round trip for the definitions of the actions and workflows the tasks name. */
  private prefetchDefinitions(commands: readonly WorkflowCommand[]): void {
    const actions = new Set<string>();
    const workflows = new Set<string>();
    for (const command of commands) {
      if (command.kind !== "run-task") continue;
      const { action, workflow } = command.taskSpec;
      // A name written as an expression is known only when the task runs.
      if (workflow !== undefined) {
        if (!containsExpression(workflow))
          for (const name of workflowCandidates(this.session, workflow)) workflows.add(name);
      } else if (action !== undefined && !containsExpression(action)) {
        for (const name of actionCandidates(this.session, action)) actions.add(name);
      }
    }
    this.session.requireDefinitions([...actions], [...workflows]);
  }

  private applyStateCommand(command: SetWorkflowStateCommand): void {
    if (command.command === "pause") this.pauseWorkflow(command.message);
    else this.stopWorkflow(command.command === "fail" ? "ERROR" : "SUCCESS", command.message);
  }

  private saveToBacklog(command: RunTaskCommand | SetWorkflowStateCommand): void {
    const backlog = this.execution.runtimeContext[BACKLOG_KEY];
    const saved = [...(Array.isArray(backlog) ? backlog : []), toBacklog(command)];
    const runtime = shallowCopy(this.execution.runtimeContext);
    setKey(runtime, BACKLOG_KEY, saved);
    this.execution.runtimeContext = runtime;
  }

  private pollBacklog(): WorkflowCommand[] {
    const backlog = this.execution.runtimeContext[BACKLOG_KEY];
    if (!Array.isArray(backlog) || backlog.length === 0) return [];
    const runtime = shallowCopy(this.execution.runtimeContext);
    delete runtime[BACKLOG_KEY];
    this.execution.runtimeContext = runtime;
    return (backlog as BacklogCommand[]).flatMap((saved) => this.restoreCommand(saved));
  }

  /**
   * A command back from the backlog. Unlike Mistral, a join task keeps its join settings (Mistral's
   * restored command would run it as a plain task, a second time).
   */
  private restoreCommand(saved: BacklogCommand): WorkflowCommand[] {
    const taskSpec = this.controller.taskSpec(saved.task_name);
    if (taskSpec === undefined) return [];
    const triggeredBy = saved.triggered_by ?? null;
    if (saved.new_state !== undefined) {
      const command = saved.cmd_name === "fail" || saved.cmd_name === "succeed" ? saved.cmd_name : "pause";
      return [
        {
          kind: "set-state",
          command,
          message: saved.msg ?? null,
          handlesError: false,
          taskSpec,
          ctx: saved.ctx,
          triggeredBy,
        },
      ];
    }
    return [
      {
        kind: "run-task",
        taskSpec,
        ctx: saved.ctx,
        triggeredBy,
        handlesError: false,
        wait: saved.wait ?? false,
        uniqueKey: saved.unique_key ?? null,
      },
    ];
  }

  // --- Running tasks -----------------------------------------------------------------------------

  private runTask(command: RunTaskCommand): void {
    if (this.controller.isRedundant(command)) return;
    this.session.countTaskRun();
    if (command.wait) {
      this.deferJoin(command);
      return;
    }
    const task = this.createTask(command, "RUNNING", null);
    try {
      this.startWork(task, command.taskSpec);
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.forceFailTask(task, this.runFailure(error, task));
    }
  }

  private runFailure(error: Error, task: TaskRecord): string {
    return `Failed to run task [error=${error.message}, wf=${this.execution.name}, task=${task.name}]`;
  }

  /** Policies, then the task's actions (a with-items task over nothing succeeds at once). */
  private startWork(task: TaskRecord, taskSpec: TaskSpec): void {
    beforeTaskStart(this.session, task, taskSpec, this.policyEffects(task));
    if (task.state !== "RUNNING") return;
    this.scheduleWork(task, taskSpec);
  }

  /** The task's actions or sub-workflows (a with-items task over nothing succeeds at once). */
  private scheduleWork(task: TaskRecord, taskSpec: TaskSpec): void {
    if (scheduleTask(this.session, task, taskSpec) === "empty") this.completeTask(task, "SUCCESS", null);
  }

  private runExistingCommand(command: RunExistingTaskCommand): void {
    const task = this.session.findTask(command.taskExecutionId);
    if (task !== undefined) this.runExisting(task, command.taskSpec, command);
  }

  /**
   * Runs an existing task execution again (Mistral's _run_existing): RUNNING, the start policies
   * on a rerun, its inbound context refreshed, its failed (or, with `reset`, all) executions no
   * longer counting, and its work scheduled again.
   */
  private runExisting(
    task: TaskRecord,
    taskSpec: TaskSpec,
    options: { readonly reset: boolean; readonly rerun: boolean },
  ): void {
    if (task.state === "WAITING") return;
    this.session.countTaskRun();
    try {
      if (task.state === "SUCCESS") {
        throw new ConductorError("WF_ERR_RERUN_SUCCEEDED", "Rerunning succeeded tasks is not supported.", {
          task: task.name,
        });
      }
      this.setTaskState(task, "RUNNING", null);
      task.processed = false;
      if (options.rerun) {
        task.startedAt = this.session.now;
        beforeTaskStart(this.session, task, taskSpec, this.policyEffects(task));
        if (task.state !== "RUNNING") return;
      }
      task.inContext = updateDict(task.inContext, this.controller.inboundContext(taskSpec));
      for (const execution of taskExecutionsOf(this.session, task)) {
        const failed = execution.accepted && (execution.state === "ERROR" || execution.state === "CANCELLED");
        if (options.reset || failed) invalidate(this.session, execution);
      }
      this.scheduleWork(task, taskSpec);
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.forceFailTask(task, this.runFailure(error, task));
    }
  }

  /** What the policies may do besides changing the task's row. */
  private policyEffects(task: TaskRecord): PolicyEffects {
    return {
      setState: (state, stateInfo) => this.setTaskState(task, state, stateInfo),
      pauseWorkflow: () => this.pauseWorkflow(null),
      invalidateResult: () => {
        for (const execution of taskExecutionsOf(this.session, task)) invalidate(this.session, execution);
      },
    };
  }

  /**
   * A join task: its single execution is created WAITING by the first transition that reaches it.
   * Later transitions find it and change nothing, whatever its state: a join runs exactly once
   * (Mistral 15 sets a join that already ran back to WAITING and runs it again).
   */
  private deferJoin(command: RunTaskCommand): void {
    if (this.session.tasks.some((task) => task.uniqueKey === command.uniqueKey)) return;
    this.createTask(command, "WAITING", "Task is waiting.");
  }

  private createTask(command: RunTaskCommand, state: ExecutionState, stateInfo: string | null): TaskRecord {
    const execution = this.execution;
    const taskSpec = command.taskSpec;
    const row: TaskExecutionRow = {
      id: this.session.newId(),
      name: taskSpec.name,
      workflowExecutionId: execution.id,
      workflowName: execution.workflowName,
      workflowNamespace: execution.workflowNamespace,
      workflowId: execution.workflowId,
      spec: taskSpecDocument(execution.spec, taskSpec),
      state,
      stateInfo,
      tags: [...taskSpec.tags],
      runtimeContext: command.triggeredBy === null ? {} : { triggered_by: command.triggeredBy },
      uniqueKey: command.uniqueKey,
      type: taskSpec.workflow === undefined ? "ACTION" : "WORKFLOW",
      startedAt: state === "RUNNING" ? this.session.now : null,
      finishedAt: null,
      processed: false,
      hasNextTasks: false,
      nextTasks: [],
      errorHandled: false,
      inContext: command.ctx,
      published: {},
      projectId: execution.projectId,
      createdAt: this.session.now,
      updatedAt: null,
    };
    return this.session.addTask(row);
  }

  /** WAITING join tasks whose inbound tasks now allow it run; those that can never run fail. */
  private refreshJoins(): void {
    for (let changed = true; changed && !isCompleted(this.execution.state);) {
      changed = false;
      for (const task of [...this.session.tasks]) {
        if (task.state !== "WAITING" || isCompleted(this.execution.state)) continue;
        const taskSpec = this.controller.taskSpec(task.name);
        const logical = taskSpec === undefined ? undefined : this.controller.joinLogicalState(taskSpec);
        if (taskSpec === undefined || logical === undefined) continue;
        setRuntime(task, "triggered_by", logical.triggeredBy);
        if (logical.state === "RUNNING") {
          this.continueJoin(task, taskSpec);
          changed = true;
        } else if (logical.state === "ERROR") {
          this.completeGuarded(task, "ERROR", logical.stateInfo, "Failed to complete task");
          changed = true;
        }
      }
    }
  }

  /**
   * A join task whose time has come: RUNNING, with the contexts of all the tasks that led to it.
   * Unlike Mistral, policies apply to it as to any task (Mistral skips them for a task that waited).
   */
  private continueJoin(task: TaskRecord, taskSpec: TaskSpec): void {
    this.session.countTaskRun();
    try {
      this.setTaskState(task, "RUNNING", null);
      task.processed = false;
      task.inContext = updateDict(task.inContext, this.controller.joinUpstreamContext(taskSpec));
      this.startWork(task, taskSpec);
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.forceFailTask(task, this.runFailure(error, task));
    }
  }

  // --- Completing tasks --------------------------------------------------------------------------

  /** An action or sub-workflow of a RUNNING (or PAUSED) task finished and was accepted. */
  private onChildComplete(
    task: TaskRecord,
    state: ExecutionState,
    stateInfo: string | null,
    childName: string,
  ): void {
    const taskSpec = this.requireTaskSpec(task);
    try {
      if (taskSpec.withItems.length > 0) this.onItemComplete(task, taskSpec);
      else this.completeTask(task, state, state === "SUCCESS" ? null : stateInfo);
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.forceFailTask(
        task,
        `Failed to handle action completion [error=${error.message}, wf=${this.execution.name}, task=${task.name}, action=${childName}]`,
      );
    }
  }

  /**
   * One item of a with-items task finished: the task completes when every item has (ERROR if any
   * failed, CANCELLED if any was cancelled); with `concurrency`, the next item starts.
   */
  private onItemComplete(task: TaskRecord, taskSpec: TaskSpec): void {
    const concurrency = task.runtimeContext["concurrency"];
    const limited = typeof concurrency === "number" && concurrency > 0;
    const progress = withItemsContext(task);
    if (limited && progress.capacity !== null && progress.capacity < concurrency) {
      setRuntime(task, "with_items", { ...progress, capacity: progress.capacity + 1 });
    }
    const executions = taskExecutionsOf(this.session, task).filter((execution) => !isInvalidated(execution));
    const accepted = executions.filter((execution) => execution.accepted);
    const anyCancelled = accepted.some((execution) => execution.state === "CANCELLED");
    const fullCapacity = !limited || withItemsContext(task).capacity === concurrency;
    if (anyCancelled || (accepted.length === (progress.count || 1) && fullCapacity)) {
      const anyFailed = accepted.some((execution) => execution.state === "ERROR");
      if (anyCancelled) this.completeTask(task, "CANCELLED", "One or more actions was cancelled.");
      else if (anyFailed) this.completeTask(task, "ERROR", "One or more actions had failed.");
      else this.completeTask(task, "SUCCESS", null);
      return;
    }
    if (progress.count > executions.length && limited) {
      if (scheduleItems(this.session, task, taskSpec) === "empty") this.completeTask(task, "SUCCESS", null);
    }
  }

  /**
   * Completes a task (Mistral's Task.complete): its state, its published variables, its result
   * dropped if `keep-result` is false, the after-completion policies, then — unless the workflow
   * is paused — the transitions taken and the commands they lead to.
   */
  private completeTask(task: TaskRecord, state: ExecutionState, stateInfo: string | null): void {
    if (isCompleted(task.state)) return;
    const taskSpec = this.requireTaskSpec(task);
    this.setTaskState(task, state, stateInfo);
    publishVariables(this.session, task, taskSpec);
    if (!pyTruthy(taskSpec.keepResult)) {
      for (const action of this.session.childrenOf(task).actions) {
        action.output = {};
        this.session.touch(action);
      }
    }
    afterTaskComplete(this.session, task, taskSpec, this.policyEffects(task));
    // The policies may have changed the state (TypeScript cannot see that through the call).
    const finalState = task.state as ExecutionState;
    if (finalState === "DELAYED") return;
    const commands = this.controller.commandsAfter(task);
    const nextTasks: NextTask[] = [];
    for (const command of commands) {
      if (command.kind === "run-task")
        nextTasks.push([command.taskSpec.name, command.triggeredBy?.[0]?.event ?? null]);
    }
    task.nextTasks = nextTasks;
    task.hasNextTasks = nextTasks.length > 0;
    if (finalState === "ERROR") task.errorHandled = commands.some((command) => command.handlesError);
    if (this.execution.state === "PAUSED") return;
    task.processed = true;
    this.dispatch(commands);
  }

  /** Completes a task; a failure while doing so fails the task and the workflow with `prefix`. */
  private completeGuarded(
    task: TaskRecord,
    state: ExecutionState,
    stateInfo: string | null,
    prefix: string,
  ): void {
    try {
      this.completeTask(task, state, stateInfo);
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.forceFailTask(
        task,
        `${prefix} [error=${error.message}, wf=${this.execution.name}, task=${task.name}]`,
      );
    }
  }

  /**
   * Fails a task and its workflow at once, without transitions or error handling: for errors in
   * the workflow's own text (an expression, an input, a missing action), as Mistral does.
   */
  private forceFailTask(task: TaskRecord, message: string): void {
    this.setTaskState(task, "ERROR", message);
    this.stopWorkflow("ERROR", message);
  }

  private setTaskState(task: TaskRecord, state: ExecutionState, stateInfo: string | null): void {
    const previous = task.state;
    if (previous === state && task.stateInfo === stateInfo) return;
    task.state = state;
    task.stateInfo = stateInfo;
    if (state === "RUNNING" && previous === "WAITING") task.startedAt = this.session.now;
    if (isCompleted(state)) task.finishedAt = this.session.now;
    this.session.touch(task);
  }

  // --- The workflow's state ----------------------------------------------------------------------

  /** When no task is left unfinished: CANCELLED, SUCCESS or ERROR, with output and state_info. */
  private checkAndComplete(): void {
    const state = this.execution.state;
    if (state === "PAUSED" || isCompleted(state)) return;
    if (this.session.tasks.some((task) => !isCompleted(task.state))) return;
    try {
      if (this.controller.anyCancels()) this.cancelWorkflow(cancelInfoMessage(this.session));
      else if (this.controller.allErrorsHandled()) this.succeedWorkflow(this.controller.finalContext(), null);
      else this.failWorkflow(this.controller.finalContext(), failInfoMessage(this.session, this.controller));
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      this.stopWorkflow(
        "ERROR",
        `Failed to check and complete [wf_ex_id=${this.execution.id}, wf_name=${this.execution.name}]: ${error.message}`,
      );
    }
  }

  private stopWorkflow(state: "CANCELLED" | "ERROR" | "SUCCESS", message: string | null): void {
    if (state === "SUCCESS") this.succeedWorkflow(this.controller.finalContext(), message);
    else if (state === "ERROR") this.failWorkflow(this.controller.finalContext(), message);
    else {
      this.cancelWorkflow(message);
      for (const child of this.subworkflows((candidate) => !isCompleted(candidate.state))) {
        this.session.jobs.push({ type: "control", executionId: child.id, command: "cancel", message });
      }
    }
  }

  private succeedWorkflow(context: JsonObject, message: string | null): void {
    const output = workflowOutput(this.session, this.spec.output, context);
    if (!this.setWorkflowState("SUCCESS", message)) return;
    this.execution.output = output;
    this.notifyParent();
  }

  private failWorkflow(context: JsonObject, message: string | null): void {
    const state = this.execution.state;
    if (state === "PAUSED" || isCompleted(state)) return;
    let outputOnError: JsonObject = {};
    let stateInfo = message;
    try {
      outputOnError = workflowOutput(this.session, this.spec.outputOnError, context);
    } catch (error) {
      if (!isWorkflowFailure(error)) throw error;
      stateInfo =
        `Failed to evaluate expression in output-on-error! (output-on-error: '${pyStr(this.spec.outputOnError)}', ` +
        `exception: '${error.message}' Cause: '${pyStr(message)}'`;
    }
    if (!this.setWorkflowState("ERROR", stateInfo)) return;
    this.execution.output = mergeDicts({ result: stateInfo }, outputOnError);
    this.notifyParent();
  }

  private cancelWorkflow(message: string | null): void {
    if (isCompleted(this.execution.state)) return;
    if (!this.setWorkflowState("CANCELLED", message)) return;
    this.execution.output = { result: message };
    this.notifyParent();
  }

  /** Pauses the workflow and asks its running sub-workflows to pause. */
  private pauseWorkflow(message: string | null): void {
    for (const child of this.subworkflows((candidate) => candidate.state === "RUNNING")) {
      this.session.jobs.push({ type: "control", executionId: child.id, command: "pause", message });
    }
    if (this.execution.state === "PAUSED") return;
    if (!this.setWorkflowState("PAUSED", message)) return;
    this.notifyParentOfUpdate();
  }

  /**
   * Resumes a paused workflow: its paused sub-workflows too, the completions that arrived while it
   * was paused, and the commands saved in the backlog.
   */
  private resumeWorkflow(env: JsonObject | undefined): void {
    if (this.execution.state !== "PAUSED") return;
    for (const child of this.subworkflows((candidate) => candidate.state === "PAUSED")) {
      this.session.jobs.push({ type: "control", executionId: child.id, command: "resume", message: null });
    }
    this.mergeEnvironment(env);
    this.setWorkflowState("RUNNING", null);
    // Tasks paused before they started (pause-before) run first; pause commands of tasks that
    // completed during the pause are dropped: the user resumed.
    const commands = [
      ...this.idleTaskCommands(),
      ...this.controller
        .continueCommands()
        .filter((command) => command.kind !== "set-state" || command.command !== "pause"),
    ];
    for (const task of this.session.tasks)
      if (isCompleted(task.state) && !task.processed) task.processed = true;
    const backlog = this.execution.runtimeContext[BACKLOG_KEY];
    if (commands.length > 0 || (Array.isArray(backlog) && backlog.length > 0)) this.dispatch(commands);
    else this.checkAndComplete();
    this.notifyParentOfUpdate();
  }

  /** Commands that run the tasks left IDLE by pause-before (Mistral's base _find_next_commands). */
  private idleTaskCommands(): RunExistingTaskCommand[] {
    return this.session.tasks
      .filter((task) => task.state === "IDLE")
      .flatMap((task) => {
        const taskSpec = this.controller.taskSpec(task.name);
        if (taskSpec === undefined) return [];
        return [
          {
            kind: "run-existing" as const,
            taskExecutionId: task.id,
            taskSpec,
            reset: true,
            rerun: false,
            handlesError: false as const,
            wait: false as const,
            uniqueKey: task.uniqueKey,
          },
        ];
      });
  }

  /** Variables given with a resume or a rerun are merged into `params.env`. */
  private mergeEnvironment(env: JsonObject | undefined): void {
    if (env === undefined || !pyTruthy(env)) return;
    this.execution.params = updateDict(this.execution.params, {
      env: mergeDicts(envOf(this.execution.params), env),
    });
  }

  private setWorkflowState(state: ExecutionState, stateInfo: string | null): boolean {
    const execution = this.execution;
    if (!isValidTransition(execution.state, state)) return false;
    execution.state = state;
    execution.stateInfo = stateInfo;
    this.session.touch(execution);
    return true;
  }

  /** A completed sub-workflow tells its parent. */
  private notifyParent(): void {
    const taskExecutionId = this.execution.taskExecutionId;
    if (taskExecutionId === null) return;
    this.session.jobs.push({ type: "subworkflow-complete", executionId: this.execution.id, taskExecutionId });
  }

  /** A paused or resumed sub-workflow tells its parent. */
  private notifyParentOfUpdate(): void {
    const taskExecutionId = this.execution.taskExecutionId;
    if (taskExecutionId === null) return;
    this.session.jobs.push({ type: "subworkflow-update", executionId: this.execution.id, taskExecutionId });
  }

  /** The sub-workflow executions of this workflow's tasks that match. */
  private subworkflows(matches: (child: WorkflowRecord) => boolean): WorkflowRecord[] {
    const tasks = this.session.tasks.filter((task) => task.type === "WORKFLOW");
    this.session.requireChildren(tasks);
    return tasks.flatMap((task) => this.session.childrenOf(task).workflows.filter(matches));
  }

  // --- Lookups -----------------------------------------------------------------------------------

  private requireTask(id: string): TaskRecord {
    const task = this.session.findTask(id);
    if (task === undefined) {
      throw new ConductorError("WF_ERR_SNAPSHOT", `Task execution ${id} is not in the snapshot.`, {
        taskExecutionId: id,
      });
    }
    return task;
  }

  private requireChild(task: TaskRecord, executionId: string): WorkflowRecord {
    const child = this.session.childrenOf(task).workflows.find((candidate) => candidate.id === executionId);
    if (child === undefined) {
      throw new ConductorError(
        "WF_ERR_SNAPSHOT",
        `Workflow execution ${executionId} is not among the children of task execution ${task.id}.`,
        { executionId, taskExecutionId: task.id },
      );
    }
    return child;
  }

  private requireTaskSpec(task: TaskRecord): TaskSpec {
    const taskSpec = this.controller.taskSpec(task.name);
    if (taskSpec === undefined) {
      throw new ConductorError("WF_ERR_SNAPSHOT", `Workflow ${this.spec.name} has no task ${task.name}.`, {
        task: task.name,
      });
    }
    return taskSpec;
  }
}

/**
 * Mistral's ordering of the commands it dispatches: noops dropped; nothing after a `fail` or
 * `succeed` that comes first; the commands before a state change sorted with Mistral's comparator
 * (which reverses non-join tasks); after a `pause`, the rest kept for the backlog.
 */
type ActiveCommand = RunTaskCommand | RunExistingTaskCommand | SetWorkflowStateCommand;
type TaskCommand = RunTaskCommand | RunExistingTaskCommand;

function rearrange(commands: readonly WorkflowCommand[]): ActiveCommand[] {
  const relevant = commands.filter((command): command is ActiveCommand => command.kind !== "noop");
  const stateIndex = relevant.findIndex((command) => command.kind === "set-state");
  if (stateIndex < 0) return sortTaskCommands(relevant as TaskCommand[]);
  const stateCommand = relevant[stateIndex] as SetWorkflowStateCommand;
  if (stateIndex === 0 && stateCommand.command !== "pause") return [stateCommand];
  const result: ActiveCommand[] = [
    ...sortTaskCommands(relevant.slice(0, stateIndex) as TaskCommand[]),
    stateCommand,
  ];
  if (stateCommand.command === "pause") result.push(...relevant.slice(stateIndex + 1));
  return result;
}

function sortTaskCommands(commands: TaskCommand[]): TaskCommand[] {
  return pythonSort(commands, (a, b) => {
    if (!a.wait) return true;
    if (!b.wait) return false;
    return (a.uniqueKey ?? "") < (b.uniqueKey ?? "");
  });
}

/** The workbook a workflow belongs to: the prefix of its full name before its own name. */
function workbookOf(fullName: string, specName: string): string | null {
  if (fullName === specName || !fullName.endsWith(`.${specName}`)) return null;
  return fullName.slice(0, fullName.length - specName.length - 1);
}

/** The spec document of a task: from the execution's document, or the typed spec if it has none. */
function taskSpecDocument(executionSpec: unknown, taskSpec: TaskSpec): unknown {
  if (isDict(executionSpec) && isDict(executionSpec["tasks"])) {
    const document = executionSpec["tasks"][taskSpec.name];
    if (document !== undefined) return document;
  }
  return taskSpec;
}

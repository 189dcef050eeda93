// An in-memory runtime for tests: it keeps the rows, builds snapshots, answers needs, applies
// decisions and runs the jobs they ask for — executors included, through a fake executor — one at
// a time, first in first out. Deterministic: ids are `id-1`, `id-2`, ... and the clock advances
// one second per conduct() call.
import {
  loadPyYaml,
  parseActions,
  parseWorkbook,
  parseWorkflows,
  formatIssue,
  type ActionSpec,
  type DslIssue,
  type WorkflowSpec,
} from "@ops/dsl";
import { conduct } from "../conduct.js";
import type {
  ConductorEnvironment,
  InstantActionRequest,
  InstantActionResult,
} from "../conductor-environment.js";
import type { ConductorEvent } from "../conductor-event.js";
import type {
  ConductorJob,
  ConductorTimer,
  ConductResult,
  Decisions,
  Need,
  RowUpdate,
} from "../conduct-result.js";
import type {
  ActionDefinition,
  ConductorSnapshot,
  TaskChildren,
  WorkflowDefinition,
} from "../conductor-snapshot.js";
import { isCompleted, type CompletedState } from "../execution-states.js";
import type {
  ActionExecutionRow,
  JsonObject,
  TaskExecutionRow,
  WorkflowExecutionRow,
} from "../execution-rows.js";
import { workflowSpecDocument, workflowSpecFromDocument } from "../workflow-spec-document.js";
import {
  MISTRAL_STD_ACTIONS,
  stdFakeExecutor,
  type ActionOutcome,
  type FakeExecutor,
} from "./mistral-std-actions.js";

/** Options of {@link ConductorDriver}. */
export interface ConductorDriverOptions {
  /** YAML texts: workflow documents, workbooks and ad-hoc action documents. */
  readonly definitions?: readonly string[];
  /** The system actions. @defaultValue MISTRAL_STD_ACTIONS */
  readonly systemActions?: readonly ActionDefinition[];
  /** Named environments (for `params.env: "name"`). */
  readonly environments?: Readonly<Record<string, JsonObject>>;
  /** Runs actions. @defaultValue stdFakeExecutor */
  readonly executor?: FakeExecutor;
  /** The clock's first reading. @defaultValue 2026-01-01T00:00:00Z */
  readonly start?: Date;
  /** @defaultValue "" */
  readonly namespace?: string;
  /**
   * Offers each action to the conductor as instant (`ConductorEnvironment.instantResult`): its
   * result is taken in the same conduct() call, except a held one's. @defaultValue false
   */
  readonly instantActions?: boolean;
  /**
   * `auto`: when no job is left, the earliest timer fires (the clock jumps to it), as if time
   * passed; `held`: timers fire only through {@link ConductorDriver.fireNextTimer}. @defaultValue auto
   */
  readonly timers?: "auto" | "held";
}

/** A timer the decisions asked for, not fired yet. */
export interface PendingTimer extends ConductorTimer {
  readonly executionId: string;
}

/** A job of the driver's queue: what the conductor asks for, and what executors send back. */
export type DriverJob =
  | ConductorJob
  | { readonly type: "action-complete"; readonly actionExecutionId: string }
  /** A control request of the test (`PUT /v2/executions/{id}`), delivered as the event given. */
  | { readonly type: "deliver"; readonly executionId: string; readonly event: ConductorEvent };

/** One conduct() call the driver made. */
export interface ConductCall {
  readonly executionId: string;
  readonly event: ConductorEvent;
  /** Every answer, needs first, decisions last. */
  readonly results: readonly ConductResult[];
}

/** Thrown when a definition given to the driver is invalid. */
export class DriverDefinitionError extends Error {
  override readonly name = "DriverDefinitionError";
}

/** The in-memory runtime. */
export class ConductorDriver {
  /** Every conduct() call, in order. */
  readonly calls: ConductCall[] = [];

  private readonly workflows = new Map<string, WorkflowDefinition>();
  private readonly actionDefinitions = new Map<string, ActionDefinition>();
  private readonly environments: Readonly<Record<string, JsonObject>>;
  private readonly executor: FakeExecutor;
  private readonly namespace: string;
  private readonly instantActions: boolean;
  private readonly executions = new Map<string, WorkflowExecutionRow>();
  private readonly tasks = new Map<string, TaskExecutionRow>();
  private readonly actions = new Map<string, ActionExecutionRow>();
  private readonly queue: DriverJob[] = [];
  private readonly timers: PendingTimer[] = [];
  private readonly autoTimers: boolean;
  private readonly specs = new Map<string, WorkflowSpec>();
  private clock: number;
  /** The time of the last conduct() call, when its decisions are written. */
  private lastNow: Date;
  private ids = 0;

  constructor(options: ConductorDriverOptions = {}) {
    this.environments = options.environments ?? {};
    this.executor = options.executor ?? stdFakeExecutor;
    this.namespace = options.namespace ?? "";
    this.instantActions = options.instantActions ?? false;
    this.autoTimers = (options.timers ?? "auto") === "auto";
    this.clock = (options.start ?? new Date("2026-01-01T00:00:00Z")).getTime();
    this.lastNow = new Date(this.clock);
    for (const action of options.systemActions ?? MISTRAL_STD_ACTIONS)
      this.actionDefinitions.set(action.name, action);
    for (const text of options.definitions ?? []) this.define(text);
  }

  /** Adds the workflows and ad-hoc actions of a YAML text (workflows, workbook or actions). */
  define(text: string): void {
    const raw = loadPyYaml(text);
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      throw new DriverDefinitionError("A definition must be a YAML mapping.");
    }
    const document = raw as JsonObject;
    if ("workflows" in document || ("name" in document && "actions" in document)) {
      const parsed = parseWorkbook(text);
      const spec = checked(parsed.spec, parsed.issues);
      const rawWorkflows = (document["workflows"] ?? {}) as JsonObject;
      for (const workflow of spec.workflows) {
        this.addWorkflow(`${spec.name}.${workflow.name}`, workflow, rawWorkflows[workflow.name]);
      }
      for (const action of spec.actions) this.addAdhocAction(`${spec.name}.${action.name}`, action);
      return;
    }
    const looksLikeActions = Object.entries(document).some(
      ([key, value]) => key !== "version" && value !== null && typeof value === "object" && "base" in value,
    );
    if (looksLikeActions) {
      const parsed = parseActions(text);
      for (const action of checked(parsed.spec, parsed.issues).actions)
        this.addAdhocAction(action.name, action);
      return;
    }
    const parsed = parseWorkflows(text);
    for (const workflow of checked(parsed.spec, parsed.issues).workflows) {
      this.addWorkflow(workflow.name, workflow, document[workflow.name]);
    }
  }

  private addWorkflow(name: string, spec: WorkflowSpec, raw: unknown): void {
    const specDocument =
      raw !== null && typeof raw === "object" && !Array.isArray(raw)
        ? workflowSpecDocument(raw as JsonObject, spec.name)
        : undefined;
    this.workflows.set(name, {
      id: `wf-def-${name}`,
      name,
      namespace: this.namespace,
      spec,
      specDocument,
      tags: spec.tags,
    });
  }

  private addAdhocAction(name: string, spec: ActionSpec): void {
    this.actionDefinitions.set(name, { name, kind: "adhoc", parameters: spec.input, spec });
  }

  // --- What a test does --------------------------------------------------------------------------

  /**
   * Creates an IDLE execution of a workflow (by full name) and queues its start, as the API does.
   * Call {@link run} to let it go.
   */
  startExecution(workflowName: string, input: JsonObject = {}, params: JsonObject = {}): string {
    const definition = this.workflows.get(workflowName);
    if (definition === undefined) throw new DriverDefinitionError(`No workflow named ${workflowName}.`);
    const id = this.newId();
    this.executions.set(id, {
      id,
      name: definition.name,
      description: "",
      workflowName: definition.name,
      workflowNamespace: definition.namespace,
      workflowId: definition.id,
      spec: definition.specDocument ?? definition.spec,
      state: "IDLE",
      stateInfo: null,
      tags: [...(definition.tags ?? [])],
      runtimeContext: {},
      accepted: false,
      input,
      output: {},
      params,
      context: {},
      taskExecutionId: null,
      rootExecutionId: null,
      projectId: null,
      createdAt: new Date(this.clock),
      updatedAt: null,
    });
    this.queue.push({ type: "start-execution", executionId: id });
    return id;
  }

  /** Queues a pause, resume, cancel, fail or succeed of an execution (`PUT /v2/executions/{id}`). */
  control(
    executionId: string,
    command: "pause" | "resume" | "cancel" | "fail" | "succeed",
    options: { message?: string | null; env?: JsonObject } = {},
  ): void {
    const event: ConductorEvent =
      command === "resume"
        ? options.env === undefined
          ? { type: "resume" }
          : { type: "resume", env: options.env }
        : { type: command, message: options.message ?? null };
    this.queue.push({ type: "deliver", executionId, event });
  }

  /** Stores the result of a held (or any RUNNING) action and queues its action-complete. */
  completeAction(actionExecutionId: string, outcome: Exclude<ActionOutcome, "hold">): void {
    const action = this.actions.get(actionExecutionId);
    if (action === undefined) throw new DriverDefinitionError(`No action execution ${actionExecutionId}.`);
    if (action.state !== "RUNNING") return;
    this.storeResult(action, outcome);
  }

  /**
   * Runs queued jobs until none is left (or `maxJobs` ran); with automatic timers, then fires the
   * earliest timer and goes on. Returns how many jobs ran.
   */
  run(maxJobs = 100_000): number {
    let ran = 0;
    while (ran < maxJobs) {
      if (this.queue.length === 0 && !(this.autoTimers && this.fireNextTimer())) break;
      const job = this.queue.shift()!;
      this.runJob(job);
      ran += 1;
    }
    return ran;
  }

  /** Timers not fired yet, earliest first. */
  pendingTimers(): readonly PendingTimer[] {
    return [...this.timers].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /**
   * Moves the clock to the earliest timer and queues its event (run() delivers it). False when no
   * timer is pending.
   */
  fireNextTimer(): boolean {
    const next = this.pendingTimers()[0];
    if (next === undefined) return false;
    this.timers.splice(this.timers.indexOf(next), 1);
    this.clock = Math.max(this.clock, next.dueAt.getTime());
    this.queue.push({
      type: "deliver",
      executionId: next.executionId,
      event: {
        type: "timer",
        timerId: next.id,
        kind: next.kind,
        taskExecutionId: next.taskExecutionId,
        arguments: next.arguments,
      },
    });
    return true;
  }

  /**
   * Queues a rerun of a failed task (`PUT /v2/tasks/{id}`) as the runtime delivers it: the
   * executions above the task's own are reopened first, from the root down.
   */
  rerunTask(taskExecutionId: string, options: { reset?: boolean; env?: JsonObject } = {}): void {
    const task = this.tasks.get(taskExecutionId);
    if (task === undefined) throw new DriverDefinitionError(`No task execution ${taskExecutionId}.`);
    const reopen: DriverJob[] = [];
    for (let child = this.execution(task.workflowExecutionId); child.taskExecutionId !== null;) {
      const parentTask = this.tasks.get(child.taskExecutionId);
      if (parentTask === undefined) break;
      reopen.unshift({
        type: "deliver",
        executionId: parentTask.workflowExecutionId,
        event: { type: "subworkflow-rerun", executionId: child.id, taskExecutionId: parentTask.id },
      });
      child = this.execution(parentTask.workflowExecutionId);
    }
    this.queue.push(...reopen, {
      type: "deliver",
      executionId: task.workflowExecutionId,
      event: {
        type: "rerun",
        taskExecutionId,
        reset: options.reset ?? true,
        ...(options.env === undefined ? {} : { env: options.env }),
      },
    });
  }

  /**
   * Delivers one event to one execution now, answering needs until decisions come, and applies
   * them (their jobs are queued). `adjust` may change the snapshot first, to stage a situation.
   */
  deliver(
    executionId: string,
    event: ConductorEvent,
    adjust: (snapshot: ConductorSnapshot) => ConductorSnapshot = (snapshot) => snapshot,
  ): Decisions {
    const results: ConductResult[] = [];
    let snapshot = adjust(this.snapshot(executionId, event));
    // One time per delivery: a call that needed more data is the same decision, taken again.
    const environment = this.environment(executionId);
    for (let round = 0; round < 50; round++) {
      environment.startRound();
      const result = conduct(snapshot, event, environment);
      results.push(result);
      if (result.kind === "decisions") {
        this.calls.push({ executionId, event, results });
        this.apply(executionId, result.decisions);
        return result.decisions;
      }
      snapshot = this.satisfy(snapshot, result.needs);
    }
    this.calls.push({ executionId, event, results });
    throw new Error(`conduct() kept asking for data for execution ${executionId}.`);
  }

  // --- What a test inspects ----------------------------------------------------------------------

  execution(id: string): WorkflowExecutionRow {
    const execution = this.executions.get(id);
    if (execution === undefined) throw new Error(`No workflow execution ${id}.`);
    return execution;
  }

  /** Every workflow execution, in creation order. */
  allExecutions(): WorkflowExecutionRow[] {
    return [...this.executions.values()];
  }

  /** The task executions of an execution, in creation order. */
  tasksOf(executionId: string): TaskExecutionRow[] {
    return [...this.tasks.values()].filter((task) => task.workflowExecutionId === executionId);
  }

  /** The action executions of a task execution, in creation order. */
  actionsOf(taskExecutionId: string): ActionExecutionRow[] {
    return [...this.actions.values()].filter((action) => action.taskExecutionId === taskExecutionId);
  }

  /** The sub-workflow executions of a task execution, in creation order. */
  subworkflowsOf(taskExecutionId: string): WorkflowExecutionRow[] {
    return [...this.executions.values()].filter((execution) => execution.taskExecutionId === taskExecutionId);
  }

  /** Action executions that are RUNNING (held by the executor, or queued). */
  runningActions(): ActionExecutionRow[] {
    return [...this.actions.values()].filter((action) => action.state === "RUNNING");
  }

  /** Jobs not run yet. */
  pendingJobs(): readonly DriverJob[] {
    return [...this.queue];
  }

  /**
   * The snapshot the runtime would load for an event: the execution, its tasks, and the children
   * of every task that is not completed (and of the task the event is about).
   */
  snapshot(executionId: string, event?: ConductorEvent): ConductorSnapshot {
    const execution = this.execution(executionId);
    const tasks = this.tasksOf(executionId);
    const eventTask = event !== undefined && "taskExecutionId" in event ? event.taskExecutionId : undefined;
    const taskChildren: Record<string, TaskChildren> = {};
    for (const task of tasks) {
      if (!isCompleted(task.state) || task.id === eventTask) taskChildren[task.id] = this.childrenOf(task.id);
    }
    return { execution, spec: this.specOf(execution), taskExecutions: tasks, taskChildren };
  }

  // --- The runtime's work ------------------------------------------------------------------------

  private runJob(job: DriverJob): void {
    switch (job.type) {
      case "start-execution":
        this.deliver(job.executionId, { type: "start" });
        return;
      case "run-action":
        this.runAction(job.actionExecutionId);
        return;
      case "action-complete": {
        const action = this.actions.get(job.actionExecutionId);
        if (action === undefined || action.taskExecutionId === null || action.output === null) return;
        const task = this.tasks.get(action.taskExecutionId);
        if (task === undefined) return;
        this.deliver(task.workflowExecutionId, {
          type: "action-complete",
          actionExecutionId: action.id,
          taskExecutionId: task.id,
          state: action.state as CompletedState,
          output: action.output,
        });
        return;
      }
      case "subworkflow-complete":
      case "subworkflow-update": {
        const task = this.tasks.get(job.taskExecutionId);
        if (task === undefined) return;
        this.deliver(task.workflowExecutionId, {
          type: job.type,
          executionId: job.executionId,
          taskExecutionId: job.taskExecutionId,
        });
        return;
      }
      case "control":
        this.deliver(
          job.executionId,
          job.command === "resume" ? { type: "resume" } : { type: job.command, message: job.message },
        );
        return;
      case "deliver":
        this.deliver(job.executionId, job.event);
        return;
    }
  }

  /** The executor's part: run the action unless it is no longer RUNNING, store, send back. */
  private runAction(actionExecutionId: string): void {
    const action = this.actions.get(actionExecutionId);
    if (action === undefined || action.state !== "RUNNING" || action.spec === null) return;
    const task = action.taskExecutionId === null ? undefined : this.tasks.get(action.taskExecutionId);
    const outcome = this.executor({
      actionExecution: action,
      plan: action.spec,
      taskName: task?.name ?? "",
      workflowExecutionId: task?.workflowExecutionId ?? "",
    });
    if (outcome === "hold") return;
    this.storeResult(action, outcome);
  }

  private storeResult(action: ActionExecutionRow, outcome: Exclude<ActionOutcome, "hold">): void {
    const { state, output } = finishedAction(outcome);
    this.actions.set(action.id, { ...action, state, output, updatedAt: this.lastNow });
    this.queue.push({ type: "action-complete", actionExecutionId: action.id });
  }

  private apply(executionId: string, decisions: Decisions): void {
    const now = this.lastNow;
    if (decisions.execution !== undefined) {
      this.executions.set(executionId, {
        ...this.execution(executionId),
        ...decisions.execution,
        updatedAt: now,
      });
    }
    for (const row of decisions.createTaskExecutions) this.tasks.set(row.id, row);
    applyUpdates(this.tasks, decisions.updateTaskExecutions, now);
    for (const row of decisions.createActionExecutions) this.actions.set(row.id, row);
    applyUpdates(this.actions, decisions.updateActionExecutions, now);
    for (const row of decisions.createWorkflowExecutions) this.executions.set(row.id, row);
    applyUpdates(this.executions, decisions.updateWorkflowExecutions, now);
    for (const timer of decisions.createTimers) this.timers.push({ ...timer, executionId });
    this.queue.push(...decisions.jobs);
  }

  private satisfy(snapshot: ConductorSnapshot, needs: readonly Need[]): ConductorSnapshot {
    let next: ConductorSnapshot = snapshot;
    for (const need of needs) {
      switch (need.kind) {
        case "action-definition":
          next = {
            ...next,
            actionDefinitions: {
              ...next.actionDefinitions,
              [need.name]: this.actionDefinitions.get(need.name) ?? null,
            },
          };
          break;
        case "workflow-definition":
          next = {
            ...next,
            workflowDefinitions: {
              ...next.workflowDefinitions,
              [need.name]: this.workflows.get(need.name) ?? null,
            },
          };
          break;
        case "environment":
          next = {
            ...next,
            environments: { ...next.environments, [need.name]: this.environments[need.name] ?? null },
          };
          break;
        case "task-children": {
          const loaded: Record<string, TaskChildren> = { ...next.taskChildren };
          for (const id of need.taskExecutionIds) loaded[id] = this.childrenOf(id);
          next = { ...next, taskChildren: loaded };
          break;
        }
        case "root-environment": {
          const env = this.execution(need.rootExecutionId).params["env"];
          next = {
            ...next,
            rootEnvironment: env !== null && typeof env === "object" ? (env as JsonObject) : {},
          };
          break;
        }
        case "tasks-query":
          next = {
            ...next,
            queryResults: { ...next.queryResults, [need.key]: this.answerTasksQuery(need.query) },
          };
          break;
        case "executions-query":
          next = {
            ...next,
            queryResults: { ...next.queryResults, [need.key]: this.answerExecutionsQuery(need.query) },
          };
          break;
      }
    }
    return next;
  }

  /** A simple answer to `tasks(...)` beyond one execution (results are left out). */
  private answerTasksQuery(query: Extract<Need, { kind: "tasks-query" }>["query"]): unknown {
    const executionIds = new Set<string>();
    const add = (id: string) => {
      executionIds.add(id);
      if (query.recursive) {
        for (const task of this.tasksOf(id)) for (const child of this.subworkflowsOf(task.id)) add(child.id);
      }
    };
    if (query.workflowExecutionId) add(query.workflowExecutionId);
    return [...this.tasks.values()]
      .filter((task) => !query.workflowExecutionId || executionIds.has(task.workflowExecutionId))
      .filter((task) => !query.state || task.state === query.state)
      .map((task) => ({
        id: task.id,
        name: task.name,
        state: task.state,
        state_info: task.stateInfo,
        published: task.published,
        type: task.type,
        workflow_execution_id: task.workflowExecutionId,
      }));
  }

  private answerExecutionsQuery(query: Extract<Need, { kind: "executions-query" }>["query"]): unknown {
    return [...this.executions.values()]
      .filter((execution) => !query.id || execution.id === query.id)
      .filter((execution) => !query.rootExecutionId || execution.rootExecutionId === query.rootExecutionId)
      .filter((execution) => !query.state || execution.state === query.state)
      .map((execution) => ({
        id: execution.id,
        name: execution.name,
        state: execution.state,
        input: execution.input,
        output: execution.output,
      }));
  }

  private childrenOf(taskExecutionId: string): TaskChildren {
    return {
      actionExecutions: this.actionsOf(taskExecutionId),
      workflowExecutions: this.subworkflowsOf(taskExecutionId),
    };
  }

  /** The typed spec, read back from the execution's spec document as the runtime does. */
  private specOf(execution: WorkflowExecutionRow): WorkflowSpec {
    const cached = this.specs.get(execution.id);
    if (cached !== undefined) return cached;
    let spec: WorkflowSpec | undefined;
    if (execution.spec !== null && typeof execution.spec === "object" && "tasks" in execution.spec) {
      const readBack = workflowSpecFromDocument(execution.spec as JsonObject);
      spec = checked(readBack.spec, readBack.issues);
    } else spec = this.workflows.get(execution.workflowName)?.spec;
    if (spec === undefined) throw new Error(`No workflow named ${execution.workflowName}.`);
    this.specs.set(execution.id, spec);
    return spec;
  }

  private environment(executionId: string): ConductorEnvironment & { startRound(): void } {
    // Each event a call decides reads the clock once (more than once with instant actions); each
    // reading is a second after the previous one, and a call taken again reads the same times.
    const start = this.clock;
    let readings = 0;
    const now = (): Date => {
      const time = new Date(start + 1000 * readings);
      readings += 1;
      this.lastNow = time;
      this.clock = Math.max(this.clock, time.getTime() + 1000);
      return time;
    };
    // A call that needed more data runs again: it gets the outcomes its first run got, so that an
    // executor answering in turn (one outcome per run) is asked once per action.
    const outcomes: { taskName: string; outcome: ActionOutcome }[] = [];
    let asked = 0;
    const instantResult = (request: InstantActionRequest): InstantActionResult | undefined => {
      const { action, taskName } = request;
      if (action.spec === null) return undefined;
      const recorded = outcomes[asked];
      asked += 1;
      let outcome: ActionOutcome;
      if (recorded !== undefined && recorded.taskName === taskName) outcome = recorded.outcome;
      else {
        outcome = this.executor({
          actionExecution: action,
          plan: action.spec,
          taskName,
          workflowExecutionId: executionId,
        });
        outcomes.splice(asked - 1, outcomes.length, { taskName, outcome });
      }
      return outcome === "hold" ? undefined : finishedAction(outcome);
    };
    return {
      now,
      newId: () => this.newId(),
      startRound: () => {
        asked = 0;
        readings = 0;
      },
      ...(this.instantActions ? { instantResult } : {}),
    };
  }

  private newId(): string {
    this.ids += 1;
    return `id-${this.ids}`;
  }
}

function checked<T>(spec: T | undefined, issues: readonly DslIssue[]): T {
  if (spec === undefined || issues.length > 0) {
    throw new DriverDefinitionError(
      `Invalid definition:\n${issues.map((issue) => formatIssue(issue)).join("\n")}`,
    );
  }
  return spec;
}

function applyUpdates<Row extends { id: string; updatedAt: Date | null }>(
  rows: Map<string, Row>,
  updates: readonly RowUpdate<Row>[],
  now: Date,
): void {
  for (const update of updates) {
    const row = rows.get(update.id);
    if (row === undefined) throw new Error(`Decisions update a row that does not exist: ${update.id}.`);
    rows.set(update.id, { ...row, ...update.changes, updatedAt: now });
  }
}

/** The state and output an executor stores for an outcome. */
function finishedAction(outcome: Exclude<ActionOutcome, "hold">): InstantActionResult {
  if ("cancel" in outcome) return { state: "CANCELLED", output: { result: outcome.error ?? null } };
  if ("error" in outcome) return { state: "ERROR", output: { result: outcome.error } };
  return { state: "SUCCESS", output: { result: outcome.result } };
}

// The working state of one conduct() call: mutable copies of the snapshot's rows that the engine's
// logic changes the way Mistral changes its ORM objects, what it creates, the jobs it asks for,
// and what it found missing. At the end the differences with the snapshot become the decisions.
import type { WorkflowSpec } from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import type { ConductorEnvironment } from "../conductor-environment.js";
import type { ActionCompleteEvent } from "../conductor-event.js";
import type { ActionDefinition, ConductorSnapshot, WorkflowDefinition } from "../conductor-snapshot.js";
import type {
  ConductorJob,
  ConductorTimer,
  Decisions,
  Need,
  RowChanges,
  RowUpdate,
  TimerKind,
} from "../conduct-result.js";
import type {
  ActionExecutionRow,
  JsonObject,
  TaskExecutionRow,
  WorkflowExecutionRow,
} from "../execution-rows.js";
import { deepEqual } from "./python-values.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A task execution the engine may change. */
export type TaskRecord = Mutable<TaskExecutionRow>;
/** An action execution the engine may change. */
export type ActionRecord = Mutable<ActionExecutionRow>;
/** A workflow execution the engine may change. */
export type WorkflowRecord = Mutable<WorkflowExecutionRow>;

/** The children of a task execution, loaded or created. */
export interface ChildRecords {
  readonly actions: ActionRecord[];
  readonly workflows: WorkflowRecord[];
}

/** Thrown when the snapshot lacks data; the session has recorded what. Never escapes conduct(). */
export class NeedsSignal extends Error {
  override readonly name = "NeedsSignal";
}

/**
 * A safety net against loops of tasks that complete as soon as they start (with-items over []):
 * each such task nests the engine's recursion deeper, as it does Mistral's.
 */
const MAX_TASK_RUNS_PER_CALL = 1_000;

/**
 * How many instant actions one conduct() call may take in. Beyond it, actions go to executors as
 * usual: a workflow that loops through instant actions forever still advances one transaction at
 * a time, and no transaction grows without bound.
 */
export const MAX_INSTANT_ACTIONS_PER_CALL = 500;

export class ExecutionSession {
  readonly spec: WorkflowSpec;
  readonly execution: WorkflowRecord;
  readonly tasks: TaskRecord[];
  readonly jobs: ConductorJob[] = [];
  readonly timers: ConductorTimer[] = [];
  /** The time of the event being decided. */
  now: Date;
  /**
   * Answers of `task()` and `tasks()` for this call. Mistral caches them per database transaction
   * (one event), so a task's transitions see the task as its publish saw it — its result even
   * after `keep-result: false` dropped it. Unlike Mistral, `task()` without a name is cached per
   * current task, never answering for another task.
   */
  readonly functionCache = new Map<string, unknown>();

  private readonly originals = new Map<object, object>();
  private readonly created = new Set<object>();
  private readonly children = new Map<string, ChildRecords>();
  private readonly needs = new Map<string, Need>();
  private taskRuns = 0;
  /** Results of instant actions, taken in after the current event as action-complete events. */
  private readonly instantCompletions: ActionCompleteEvent[] = [];
  private instantActions = 0;

  constructor(
    readonly snapshot: ConductorSnapshot,
    private readonly environment: ConductorEnvironment,
  ) {
    this.spec = snapshot.spec;
    this.now = environment.now();
    this.execution = this.track({ ...snapshot.execution });
    this.tasks = snapshot.taskExecutions.map((row) => this.track({ ...row }));
    for (const [taskId, loaded] of Object.entries(snapshot.taskChildren ?? {})) {
      this.children.set(taskId, {
        actions: loaded.actionExecutions.map((row) => this.track({ ...row })),
        workflows: loaded.workflowExecutions.map((row) => this.track({ ...row })),
      });
    }
  }

  /** A new id from the environment. */
  newId(): string {
    return this.environment.newId();
  }

  /** Records what is missing and stops the call; conduct() answers with every need recorded. */
  need(need: Need): never {
    this.needs.set(JSON.stringify(need), need);
    throw new NeedsSignal(`needs ${need.kind}`);
  }

  /** What was found missing so far. */
  recordedNeeds(): Need[] {
    return [...this.needs.values()];
  }

  hasNeeds(): boolean {
    return this.needs.size > 0;
  }

  /** Counts a task run, stopping a runaway loop. */
  countTaskRun(): void {
    this.taskRuns += 1;
    if (this.taskRuns > MAX_TASK_RUNS_PER_CALL) {
      throw new ConductorError(
        "WF_ERR_RUNAWAY",
        `More than ${MAX_TASK_RUNS_PER_CALL} tasks ran in one step of execution ${this.execution.id}: a loop of tasks that complete at once?`,
        { executionId: this.execution.id },
      );
    }
  }

  /**
   * Starts the next event of this call (an instant action's completion): what Mistral keeps per
   * transaction starts afresh.
   */
  beginEvent(): void {
    this.now = this.environment.now();
    this.functionCache.clear();
    this.taskRuns = 0;
  }

  /**
   * Completes a just-scheduled action at once when the environment can compute its result; its
   * action-complete event is queued for {@link nextInstantCompletion}. False: send it to an
   * executor.
   */
  completeInstantly(task: TaskRecord, action: ActionRecord): boolean {
    const instantResult = this.environment.instantResult;
    if (instantResult === undefined || this.instantActions >= MAX_INSTANT_ACTIONS_PER_CALL) return false;
    const result = instantResult.call(this.environment, { action: { ...action }, taskName: task.name });
    if (result === undefined) return false;
    this.instantActions += 1;
    // The row as an executor leaves it: finished, not yet accepted.
    action.state = result.state;
    action.output = result.output;
    this.instantCompletions.push({
      type: "action-complete",
      actionExecutionId: action.id,
      taskExecutionId: task.id,
      state: result.state,
      output: result.output,
    });
    return true;
  }

  /** The oldest instant action result not taken in yet. */
  nextInstantCompletion(): ActionCompleteEvent | undefined {
    return this.instantCompletions.shift();
  }

  /** Asks for a durable timer that fires `seconds` from now for one of this execution's tasks. */
  addTimer(kind: TimerKind, task: TaskRecord, seconds: number, args: JsonObject): void {
    this.timers.push({
      id: this.newId(),
      kind,
      taskExecutionId: task.id,
      dueAt: new Date(this.now.getTime() + seconds * 1000),
      arguments: args,
    });
  }

  // --- Rows -------------------------------------------------------------------------------------

  /** Marks a row as changed now (for `updated_at` as expressions see it). */
  touch(row: { updatedAt: Date | null }): void {
    row.updatedAt = this.now;
  }

  findTask(id: string): TaskRecord | undefined {
    return this.tasks.find((task) => task.id === id);
  }

  /** The children of a task, if loaded (or created in this call). */
  loadedChildren(task: TaskRecord): ChildRecords | undefined {
    return this.children.get(task.id);
  }

  /** The children of a task; asks for them when they are not loaded. */
  childrenOf(task: TaskRecord): ChildRecords {
    const loaded = this.children.get(task.id);
    if (loaded !== undefined) return loaded;
    return this.need({ kind: "task-children", taskExecutionIds: [task.id] });
  }

  /** The children of several tasks; asks for all that are missing at once. */
  requireChildren(tasks: readonly TaskRecord[]): void {
    const missing = tasks.filter((task) => !this.children.has(task.id)).map((task) => task.id);
    if (missing.length > 0) this.need({ kind: "task-children", taskExecutionIds: missing });
  }

  addTask(row: TaskExecutionRow): TaskRecord {
    const record = { ...row } as TaskRecord;
    this.created.add(record);
    this.tasks.push(record);
    this.children.set(record.id, { actions: [], workflows: [] });
    return record;
  }

  addAction(task: TaskRecord, row: ActionExecutionRow): ActionRecord {
    const record = { ...row } as ActionRecord;
    this.created.add(record);
    this.childrenOf(task).actions.push(record);
    return record;
  }

  addWorkflow(task: TaskRecord, row: WorkflowExecutionRow): WorkflowRecord {
    const record = { ...row } as WorkflowRecord;
    this.created.add(record);
    this.childrenOf(task).workflows.push(record);
    return record;
  }

  // --- Data loaded on demand ----------------------------------------------------------------------

  /** The namespace definitions are looked up in (the execution's `params.namespace`). */
  namespace(): string {
    const fromParams = this.execution.params["namespace"];
    return typeof fromParams === "string" ? fromParams : this.execution.workflowNamespace;
  }

  /** An action definition by name, null when there is none; asks for it when not loaded. */
  actionDefinition(name: string): ActionDefinition | null {
    const known = this.snapshot.actionDefinitions?.[name];
    if (known !== undefined) return known;
    return this.need({ kind: "action-definition", name, namespace: this.namespace() });
  }

  /**
   * Asks at once for every definition of these names that is not loaded (so that one round trip
   * brings what several tasks need).
   */
  requireDefinitions(actions: readonly string[], workflows: readonly string[]): void {
    const namespace = this.namespace();
    let missing = false;
    for (const name of actions) {
      if (this.snapshot.actionDefinitions?.[name] !== undefined) continue;
      this.needs.set(JSON.stringify({ kind: "action-definition", name, namespace }), {
        kind: "action-definition",
        name,
        namespace,
      });
      missing = true;
    }
    for (const name of workflows) {
      if (this.snapshot.workflowDefinitions?.[name] !== undefined) continue;
      this.needs.set(JSON.stringify({ kind: "workflow-definition", name, namespace }), {
        kind: "workflow-definition",
        name,
        namespace,
      });
      missing = true;
    }
    if (missing) throw new NeedsSignal("needs definitions");
  }

  /** A workflow definition by name, null when there is none; asks for it when not loaded. */
  workflowDefinition(name: string): WorkflowDefinition | null {
    const known = this.snapshot.workflowDefinitions?.[name];
    if (known !== undefined) return known;
    return this.need({ kind: "workflow-definition", name, namespace: this.namespace() });
  }

  /** A named environment's variables, null when there is none; asks for it when not loaded. */
  namedEnvironment(name: string): JsonObject | null {
    const known = this.snapshot.environments?.[name];
    if (known !== undefined) return known;
    return this.need({ kind: "environment", name });
  }

  /** What `env()` answers: the root execution's `params.env`. */
  rootEnvironment(): JsonObject {
    const rootId = this.execution.rootExecutionId;
    if (rootId === null || rootId === this.execution.id) return envOf(this.execution.params);
    const loaded = this.snapshot.rootEnvironment;
    if (loaded !== undefined) return loaded;
    return this.need({ kind: "root-environment", rootExecutionId: rootId });
  }

  /** The answer to a query beyond this execution; asks for it when not loaded. */
  queryResult(need: Extract<Need, { kind: "tasks-query" | "executions-query" }>): unknown {
    const results = this.snapshot.queryResults;
    if (results !== undefined && Object.hasOwn(results, need.key)) return results[need.key];
    return this.need(need);
  }

  // --- Decisions ----------------------------------------------------------------------------------

  /** The differences with the snapshot, as decisions. */
  toDecisions(skipped?: string): Decisions {
    const createTaskExecutions: TaskExecutionRow[] = [];
    const updateTaskExecutions: RowUpdate<TaskExecutionRow>[] = [];
    for (const task of this.tasks) this.collect(task, createTaskExecutions, updateTaskExecutions);
    const createActionExecutions: ActionExecutionRow[] = [];
    const updateActionExecutions: RowUpdate<ActionExecutionRow>[] = [];
    const createWorkflowExecutions: WorkflowExecutionRow[] = [];
    const updateWorkflowExecutions: RowUpdate<WorkflowExecutionRow>[] = [];
    for (const task of this.tasks) {
      const loaded = this.children.get(task.id);
      if (loaded === undefined) continue;
      for (const action of loaded.actions)
        this.collect(action, createActionExecutions, updateActionExecutions);
      for (const child of loaded.workflows)
        this.collect(child, createWorkflowExecutions, updateWorkflowExecutions);
    }
    const executionChanges = changesOf(
      this.originals.get(this.execution) as WorkflowExecutionRow,
      this.execution,
    );
    const decisions: Decisions = {
      createTaskExecutions,
      updateTaskExecutions,
      createActionExecutions,
      updateActionExecutions,
      createWorkflowExecutions,
      updateWorkflowExecutions,
      createTimers: [...this.timers],
      jobs: [...this.jobs],
    };
    return {
      ...(executionChanges === undefined ? {} : { execution: executionChanges }),
      ...decisions,
      ...(skipped === undefined ? {} : { skipped }),
    };
  }

  private track<T extends object>(record: T): T {
    this.originals.set(record, { ...record });
    return record;
  }

  private collect<Row extends { id: string }>(record: Row, creates: Row[], updates: RowUpdate<Row>[]): void {
    if (this.created.has(record)) {
      creates.push({ ...record });
      return;
    }
    const original = this.originals.get(record) as Row | undefined;
    if (original === undefined) return;
    const changes = changesOf(original, record);
    if (changes !== undefined) updates.push({ id: record.id, changes });
  }
}

/** `params.env` as a dict. */
export function envOf(params: JsonObject): JsonObject {
  const env = params["env"];
  return env !== null && typeof env === "object" && !Array.isArray(env) ? (env as JsonObject) : {};
}

function changesOf<Row extends object>(original: Row, current: Row): RowChanges<Row> | undefined {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(current) as Array<keyof Row & string>) {
    if (key === "id" || key === "createdAt" || key === "updatedAt") continue;
    if (!deepEqual(original[key], current[key])) changes[key] = current[key];
  }
  return Object.keys(changes).length === 0 ? undefined : (changes as RowChanges<Row>);
}

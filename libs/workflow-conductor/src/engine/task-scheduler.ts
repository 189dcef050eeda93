// Starting the work of a RUNNING task: one action execution, one sub-workflow execution, or one
// per with-items item (as many as `concurrency` allows). Mistral's RegularTask/WithItemsTask
// _schedule_actions and the Action/WorkflowAction.schedule they call.
import { effectiveSafeRerun, pyStr, type TaskSpec } from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import type { WorkflowDefinition } from "../conductor-snapshot.js";
import type { ActionRunPlan, JsonObject } from "../execution-rows.js";
import {
  checkActionInput,
  compareParameters,
  instantiateAction,
  invalidInputMessage,
  resolveAction,
} from "./action-resolution.js";
import {
  envOf,
  type ActionRecord,
  type ExecutionSession,
  type TaskRecord,
  type WorkflowRecord,
} from "./execution-session.js";
import { environmentLayer, evaluate, taskScope } from "./expression-context.js";
import { isDict, mergeDicts, pyTruthy, pyTypeRepr, setKey, shallowCopy } from "./python-values.js";

/** What scheduling did: `empty` means a with-items task had nothing to run (it succeeds at once). */
export type ScheduleOutcome = "scheduled" | "empty";

/** The `runtime_context.with_items` of a with-items task. */
interface WithItemsContext {
  capacity: number | null;
  count: number;
}

/** Schedules what a task runs. */
export function scheduleTask(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
): ScheduleOutcome {
  if (taskSpec.withItems.length === 0) {
    const input = actionInput(session, task, taskSpec);
    scheduleOne(session, task, taskSpec, input, 0);
    return "scheduled";
  }
  return scheduleItems(session, task, taskSpec);
}

/**
 * Schedules the next items of a with-items task: all of them, or as many as its capacity (what
 * `concurrency` leaves free) allows.
 */
export function scheduleItems(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
): ScheduleOutcome {
  const values = withItemsValues(session, task, taskSpec);
  if (!isDict(task.runtimeContext["with_items"])) {
    const first = Object.values(values)[0] ?? [];
    const concurrency = task.runtimeContext["concurrency"];
    setRuntime(task, "with_items", {
      capacity: typeof concurrency === "number" ? concurrency : null,
      count: first.length,
    } satisfies WithItemsContext);
  }
  const indexes = nextIndexes(session, task);
  if (indexes.length === 0) return "empty";
  for (const index of indexes) {
    let itemContext: JsonObject = {};
    for (const [variable, items] of Object.entries(values)) setKey(itemContext, variable, items[index]);
    // Mistral merges the task's inbound context over the item: a published variable of the same
    // name hides the item variable.
    itemContext = mergeDicts(itemContext, task.inContext);
    const input = actionInput(session, task, taskSpec, itemContext);
    scheduleOne(session, task, taskSpec, input, index);
    const context = withItemsContext(task);
    if (context.capacity !== null)
      setRuntime(task, "with_items", { ...context, capacity: context.capacity - 1 });
  }
  return "scheduled";
}

/** The with-items progress of a task. */
export function withItemsContext(task: TaskRecord): WithItemsContext {
  const context = task.runtimeContext["with_items"];
  if (!isDict(context)) return { capacity: 0, count: 0 };
  return {
    capacity: typeof context["capacity"] === "number" ? context["capacity"] : null,
    count: typeof context["count"] === "number" ? context["count"] : 0,
  };
}

/** Sets a key of a task's runtime context (a new dict, so that the change is seen). */
export function setRuntime(task: TaskRecord, key: string, value: unknown): void {
  const runtime = shallowCopy(task.runtimeContext);
  setKey(runtime, key, value);
  task.runtimeContext = runtime;
}

/**
 * The item indexes to run next, in order, at most `capacity`: every item without a live execution
 * (running, finished, or with its result on its way). After a retry or a rerun that is the items
 * whose executions stopped counting; Mistral's _get_next_indexes also starts again items that are
 * already running again, or that came after the last failed one.
 */
function nextIndexes(session: ExecutionSession, task: TaskRecord): number[] {
  const { capacity, count } = withItemsContext(task);
  const live = new Set(
    taskExecutionsOf(session, task)
      .filter((execution) => !isInvalidated(execution))
      .map((execution) => indexOf(execution.runtimeContext)),
  );
  const indexes: number[] = [];
  for (let index = 0; index < count; index++) if (!live.has(index)) indexes.push(index);
  return capacity === null ? indexes : indexes.slice(0, Math.max(capacity, 0));
}

/** The action and sub-workflow executions of a task. */
export function taskExecutionsOf(
  session: ExecutionSession,
  task: TaskRecord,
): Array<ActionRecord | WorkflowRecord> {
  const { actions, workflows } = session.childrenOf(task);
  return [...actions, ...workflows];
}

/**
 * Whether an execution of a task stopped counting for the task's result: a retry or a rerun
 * invalidated it. Its result, even one that arrives later, is never taken.
 */
export function isInvalidated(execution: { runtimeContext: JsonObject }): boolean {
  return execution.runtimeContext["invalidated"] === true;
}

/**
 * Makes an execution of a task stop counting (Mistral's `accepted = False`); it is marked so that
 * a result still on its way is not taken for the next run either.
 */
export function invalidate(session: ExecutionSession, execution: ActionRecord | WorkflowRecord): void {
  if (isInvalidated(execution) && !execution.accepted) return;
  execution.accepted = false;
  execution.runtimeContext = { ...execution.runtimeContext, invalidated: true };
  session.touch(execution);
}

function indexOf(runtimeContext: JsonObject): number {
  const index = runtimeContext["index"];
  return typeof index === "number" ? index : 0;
}

/** The lists of a with-items task, by variable; they must be iterable and of the same length. */
function withItemsValues(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
): Record<string, unknown[]> {
  const expression: JsonObject = {};
  for (const entry of taskSpec.withItems) setKey(expression, entry.variable, entry.source);
  const evaluated = evaluate(session, expression, taskScope(session, task));
  const result: Record<string, unknown[]> = {};
  let length = -1;
  for (const [variable, items] of Object.entries(isDict(evaluated) ? evaluated : {})) {
    const list = iterate(items);
    if (list === undefined) {
      throw new ConductorError(
        "WF_ERR_WITH_ITEMS",
        `Wrong input format for: ${pyStr(result)}. Iterable type is expected for each value.`,
        { task: task.name },
      );
    }
    result[variable] = list;
    if (length < 0) length = list.length;
    else if (list.length !== length) {
      throw new ConductorError(
        "WF_ERR_WITH_ITEMS",
        `Wrong input format for: ${pyStr(evaluated)}. All arrays must have the same length.`,
        { task: task.name },
      );
    }
  }
  return result;
}

/** Python's list(value) for the iterables JSON has: lists, strings (characters), dicts (keys). */
function iterate(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return [...value];
  if (typeof value === "string") return [...value];
  if (isDict(value)) return Object.keys(value);
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { values?: unknown }).values === "function"
  )
    return [...(value as { values(): Iterable<unknown> }).values()];
  return undefined;
}

/**
 * A task's input for one action: its `input` evaluated (with `extra`, the with-items variables),
 * then the environment's `__actions` defaults for the action added where the input has none.
 */
function actionInput(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  extra?: JsonObject,
): JsonObject {
  const spec = taskSpec.input;
  const input = pyTruthy(spec) ? evaluate(session, spec, taskScope(session, task, extra)) : {};
  if (!isDict(input)) {
    throw new ConductorError(
      "WF_ERR_TASK_INPUT",
      `Wrong dynamic input for task: ${taskSpec.name}. Dict type is expected. Actual type: ${pyTypeRepr(
        input,
      )}. Actual value: ${pyStr(input)}`,
      { task: taskSpec.name },
    );
  }
  const actionName = taskSpec.workflow === undefined ? taskSpec.action : undefined;
  if (actionName === undefined) return input;
  const defaults = envOf(session.execution.params)["__actions"];
  const forAction = isDict(defaults) ? defaults[actionName] : undefined;
  return isDict(forAction) ? mergeDicts(input, forAction, false) : input;
}

function scheduleOne(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  input: JsonObject,
  index: number,
) {
  if (taskSpec.workflow !== undefined) {
    scheduleSubworkflow(session, task, taskSpec, input, index);
    return;
  }
  const target = evaluateTarget(session, task, taskSpec, input);
  const evaluatedName = evaluate(session, taskSpec.action ?? "std.noop", taskScope(session, task));
  const actionName = pyTruthy(evaluatedName) ? pyStr(evaluatedName) : "std.noop";
  const definition = resolveAction(session, actionName);
  checkActionInput(definition, input);
  const instantiated = instantiateAction(session, definition, input, [
    task.inContext,
    environmentLayer(session),
    session.execution.context,
  ]);
  const safeRerun = effectiveSafeRerun(session.spec, taskSpec);
  const plan: ActionRunPlan = {
    action: instantiated.base.name,
    input: instantiated.baseInput,
    target,
    timeout: actionTimeout(session, task, taskSpec),
    safeRerun: pyTruthy(safeRerun),
    index,
    outputTransforms: instantiated.outputTransforms,
  };
  const execution = session.execution;
  const action = session.addAction(task, {
    id: session.newId(),
    name: definition.name,
    description: "",
    workflowName: task.workflowName,
    workflowNamespace: task.workflowNamespace,
    workflowId: task.workflowId,
    taskExecutionId: task.id,
    spec: plan,
    state: "RUNNING",
    stateInfo: null,
    tags: [],
    runtimeContext: { index, safe_rerun: safeRerun },
    accepted: false,
    input: instantiated.storedInput,
    output: null,
    isSync: instantiated.base.isSync ?? true,
    projectId: execution.projectId,
    createdAt: session.now,
    updatedAt: null,
  });
  if (target === null && session.completeInstantly(task, action)) return;
  session.jobs.push({ type: "run-action", actionExecutionId: action.id, target });
}

/** The task's `target` evaluated against the action input, then the task's context. */
function evaluateTarget(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  input: JsonObject,
): string | null {
  if (!pyTruthy(taskSpec.target)) return null;
  const target = evaluate(session, taskSpec.target, {
    layers: [
      input,
      task.inContext,
      environmentLayer(session),
      session.execution.context,
      session.execution.input,
    ],
  });
  return pyTruthy(target) ? pyStr(target) : null;
}

/** The executor's timeout: the task's own `timeout` (task-defaults do not reach the action). */
function actionTimeout(session: ExecutionSession, task: TaskRecord, taskSpec: TaskSpec): number | null {
  let timeout: unknown = taskSpec.policies.timeout ?? 0;
  if (typeof timeout === "string") {
    timeout = evaluate(session, timeout, {
      layers: [task.inContext, session.execution.context, session.execution.input],
    });
  }
  const seconds =
    typeof timeout === "number" ? timeout : Number((timeout as { valueOf(): unknown })?.valueOf?.());
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

/**
 * Creates the sub-workflow execution of a task (IDLE, with a start job). Input keys the
 * sub-workflow does not declare become its params (that is how `env` is passed down); a missing
 * required input fails the task here, as Mistral's synchronous start does.
 */
function scheduleSubworkflow(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  input: JsonObject,
  index: number,
): void {
  const evaluatedName = evaluate(session, taskSpec.workflow, taskScope(session, task));
  const definition = resolveWorkflow(session, pyStr(evaluatedName));
  const parent = session.execution;
  const params: JsonObject = {
    root_execution_id: parent.rootExecutionId ?? parent.id,
    task_execution_id: task.id,
    index,
    namespace: session.namespace(),
  };
  if (Object.hasOwn(parent.params, "notify")) params["notify"] = parent.params["notify"];
  const declared = new Set(definition.spec.input.map((parameter) => parameter.name));
  const childInput: JsonObject = {};
  for (const key of Object.keys(input)) {
    if (declared.has(key)) setKey(childInput, key, input[key]);
    else setKey(params, key, input[key]);
  }
  const { missing } = compareParameters(definition.spec.input, childInput);
  if (missing.length > 0) {
    const kind = definition.spec.type === "reverse" ? "ReverseWorkflowSpec" : "DirectWorkflowSpec";
    throw new ConductorError(
      "WF_ERR_INVALID_INPUT",
      invalidInputMessage(definition.spec.name, kind, missing, []),
      { workflow: definition.name, missing },
    );
  }
  const child = session.addWorkflow(task, {
    id: session.newId(),
    name: definition.name,
    description: "sub-workflow execution",
    workflowName: definition.name,
    workflowNamespace: definition.namespace,
    workflowId: definition.id,
    spec: definition.specDocument ?? definition.spec,
    state: "IDLE",
    stateInfo: null,
    tags: [...(definition.tags ?? [])],
    runtimeContext: { index },
    accepted: false,
    input: childInput,
    output: {},
    params,
    context: {},
    taskExecutionId: task.id,
    rootExecutionId: parent.rootExecutionId ?? parent.id,
    projectId: parent.projectId,
    createdAt: session.now,
    updatedAt: null,
  });
  session.jobs.push({ type: "start-execution", executionId: child.id });
}

/** The names a sub-workflow of a task may be registered under, in lookup order. */
export function workflowCandidates(session: ExecutionSession, name: string): string[] {
  const parentName = session.execution.workflowName;
  const specName = session.spec.name;
  if (parentName === specName || !parentName.endsWith(`.${specName}`)) return [name];
  return [`${parentName.slice(0, parentName.length - specName.length - 1)}.${name}`, name];
}

/**
 * The workflow a task names: within a workbook the workbook's own workflow first, then the name
 * as written.
 */
function resolveWorkflow(session: ExecutionSession, name: string): WorkflowDefinition {
  const candidates = workflowCandidates(session, name);
  session.requireDefinitions([], candidates);
  let found: WorkflowDefinition | null = null;
  for (const candidate of candidates) found ??= session.workflowDefinition(candidate);
  if (found === null) {
    throw new ConductorError(
      "WF_ERR_WORKFLOW_NOT_FOUND",
      `Failed to find workflow [name=${name}] [namespace=${session.namespace()}]`,
      { workflow: name },
    );
  }
  return found;
}

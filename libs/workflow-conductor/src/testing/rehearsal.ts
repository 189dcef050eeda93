// Rehearsals: a workflow, its input and what its actions return, played through the conductor by
// the in-memory driver, against the expected tasks, states, published variables and output.
// The format (YAML) is described in test/rehearsals/README.md.
import { loadPyYaml, PyFloat } from "@ops/dsl";
import type { JsonObject } from "../execution-rows.js";
import { deepEqual, isDict } from "../engine/python-values.js";
import { ConductorDriver, type ConductorDriverOptions } from "./conductor-driver.js";
import { stdFakeExecutor, type ActionOutcome, type FakeExecutor } from "./mistral-std-actions.js";

/** A rehearsal as read from its YAML file. */
export interface Rehearsal {
  readonly description: string;
  /** YAML texts of workflows, workbooks and ad-hoc actions. */
  readonly definitions: readonly string[];
  /** The full name of the workflow to start. */
  readonly workflow: string;
  readonly input?: JsonObject;
  readonly params?: JsonObject;
  readonly environments?: Readonly<Record<string, JsonObject>>;
  /**
   * Canned outcomes by task name: one for every call, or a list used in call order. Tasks without
   * one run std actions the way Mistral does (see stdFakeExecutor).
   */
  readonly executor?: Readonly<Record<string, RehearsalOutcome | readonly RehearsalOutcome[]>>;
  /**
   * `held`: timers fire only at `fire: timer` steps, so that a step can see a task DELAYED.
   * @defaultValue auto (a timer fires as soon as nothing else is left to do)
   */
  readonly timers?: "auto" | "held";
  /** What happens after the start has run its course, in order. */
  readonly steps?: readonly RehearsalStep[];
  readonly expect: RehearsalExpectation;
}

/** `{result: x}`, `{error: x}`, `{cancel: true}` or `hold`. */
export type RehearsalOutcome = ActionOutcome;

/** One step of a rehearsal; after each the driver runs until nothing is left to do. */
export type RehearsalStep =
  /**
   * Completes the `index`th action (the first by default) of the latest task named `task`, in the
   * started execution or else in a sub-workflow; the action was held until now.
   */
  | { readonly complete: { readonly task: string; readonly index?: number } & Exclude<ActionOutcome, "hold"> }
  | {
      readonly control: "pause" | "resume" | "cancel" | "fail" | "succeed";
      readonly message?: string;
      readonly env?: JsonObject;
      /** The workflow (full name) of the execution to act on; the started one by default. */
      readonly execution?: string;
    }
  | { readonly expect: RehearsalExpectation }
  /** The earliest pending timer fires (with `timers: held`). */
  | { readonly fire: "timer" }
  /** `PUT /v2/tasks/{id}`: the latest execution of the task named `task` runs again. */
  | {
      readonly rerun: { readonly task: string; readonly reset?: boolean; readonly env?: JsonObject };
    };

/** What to find; every key given must match, missing keys are not checked. */
export interface RehearsalExpectation {
  readonly state?: string;
  /** With placeholders for ids: `<task:NAME>`, `<action:TASK[i]>`, `<execution:WORKFLOW>`. */
  readonly stateInfo?: string | null;
  readonly output?: unknown;
  readonly context?: unknown;
  /** The started execution's tasks in creation order, each checked on the keys given. */
  readonly tasks?: readonly TaskExpectation[];
  /** Sub-workflow executions by workflow name, in creation order. */
  readonly subworkflows?: Readonly<Record<string, readonly RehearsalExpectation[]>>;
}

/** What to find of one task execution. */
export interface TaskExpectation {
  readonly name: string;
  readonly state?: string;
  readonly stateInfo?: string | null;
  readonly published?: unknown;
  readonly result?: unknown;
  readonly runtimeContext?: unknown;
  readonly inContext?: unknown;
  readonly nextTasks?: unknown;
  readonly errorHandled?: boolean;
  /** The task's action executions, in creation order, each checked on the keys given. */
  readonly actions?: readonly JsonObject[];
}

/** What went differently from the expectation, one line per difference. */
export interface RehearsalReport {
  readonly mismatches: readonly string[];
  readonly driver: ConductorDriver;
  readonly executionId: string;
}

/** Reads a rehearsal file; numbers keep Python's int/float distinction. */
export function parseRehearsal(text: string): Rehearsal {
  const value = loadPyYaml(text, {
    float: (number) => (Number.isInteger(number) ? new PyFloat(number) : number),
  });
  if (!isDict(value) || typeof value["workflow"] !== "string" || !Array.isArray(value["definitions"])) {
    throw new Error("A rehearsal needs `definitions` (a list of YAML texts), `workflow` and `expect`.");
  }
  return value as unknown as Rehearsal;
}

/** Plays a rehearsal and compares. */
export function runRehearsal(
  rehearsal: Rehearsal,
  options: Pick<ConductorDriverOptions, "instantActions"> = {},
): RehearsalReport {
  const calls = new Map<string, number>();
  const canned = rehearsal.executor ?? {};
  const executor: FakeExecutor = (request) => {
    const outcomes = canned[request.taskName];
    if (outcomes === undefined) return stdFakeExecutor(request);
    const count = calls.get(request.taskName) ?? 0;
    calls.set(request.taskName, count + 1);
    if (!Array.isArray(outcomes)) return outcomes as ActionOutcome;
    return (outcomes[count] ?? outcomes[outcomes.length - 1]) as ActionOutcome;
  };
  const driver = new ConductorDriver({
    definitions: rehearsal.definitions,
    environments: rehearsal.environments ?? {},
    executor,
    timers: rehearsal.timers ?? "auto",
    ...options,
  });
  const executionId = driver.startExecution(
    rehearsal.workflow,
    rehearsal.input ?? {},
    rehearsal.params ?? {},
  );
  driver.run();
  const mismatches: string[] = [];
  for (const [number, step] of (rehearsal.steps ?? []).entries()) {
    if ("complete" in step) {
      const { task: taskName, index = 0, ...outcome } = step.complete;
      const task = findTask(driver, executionId, taskName);
      const action = task === undefined ? undefined : driver.actionsOf(task.id)[index];
      if (action === undefined)
        mismatches.push(`step ${number + 1}: task ${taskName} has no action #${index}`);
      else driver.completeAction(action.id, outcome as Exclude<ActionOutcome, "hold">);
    } else if ("control" in step) {
      const target =
        step.execution === undefined
          ? executionId
          : driver.allExecutions().find((execution) => execution.workflowName === step.execution)?.id;
      if (target === undefined) mismatches.push(`step ${number + 1}: no execution of ${step.execution}`);
      else
        driver.control(target, step.control, {
          message: step.message ?? null,
          ...(step.env ? { env: step.env } : {}),
        });
    } else if ("fire" in step) {
      if (!driver.fireNextTimer()) mismatches.push(`step ${number + 1}: no timer is pending`);
    } else if ("rerun" in step) {
      const task = findTask(driver, executionId, step.rerun.task);
      if (task === undefined) mismatches.push(`step ${number + 1}: no task ${step.rerun.task}`);
      else
        driver.rerunTask(task.id, {
          reset: step.rerun.reset ?? true,
          ...(step.rerun.env ? { env: step.rerun.env } : {}),
        });
    } else {
      compareExecution(driver, executionId, step.expect, `step ${number + 1}: `, mismatches);
    }
    driver.run();
  }
  compareExecution(driver, executionId, rehearsal.expect, "", mismatches);
  return { mismatches, driver, executionId };
}

function compareExecution(
  driver: ConductorDriver,
  executionId: string,
  expect: RehearsalExpectation,
  where: string,
  mismatches: string[],
): void {
  const symbols = symbolTable(driver);
  const actual = (value: unknown) => symbolize(value, symbols);
  const execution = driver.execution(executionId);
  const check = (label: string, expected: unknown, found: unknown) => {
    if (expected === undefined) return;
    const seen = actual(found);
    if (!deepEqual(normalize(expected), normalize(seen))) {
      mismatches.push(`${where}${label}: expected ${show(expected)}, got ${show(seen)}`);
    }
  };
  const name = execution.workflowName;
  check(`${name} state`, expect.state, execution.state);
  check(`${name} stateInfo`, expect.stateInfo, execution.stateInfo);
  check(`${name} output`, expect.output, execution.output);
  check(`${name} context`, expect.context, execution.context);
  if (expect.tasks !== undefined) {
    const tasks = driver.tasksOf(executionId);
    const names = tasks.map((task) => task.name);
    check(
      `${name} task sequence`,
      expect.tasks.map((task) => task.name),
      names,
    );
    expect.tasks.forEach((expected, index) => {
      const task = tasks[index];
      if (task === undefined || task.name !== expected.name) return;
      const label = `${name} task ${task.name} (#${index + 1})`;
      check(`${label} state`, expected.state, task.state);
      check(`${label} stateInfo`, expected.stateInfo, task.stateInfo);
      check(`${label} published`, expected.published, task.published);
      check(`${label} runtimeContext`, expected.runtimeContext, task.runtimeContext);
      check(`${label} inContext`, expected.inContext, task.inContext);
      check(`${label} nextTasks`, expected.nextTasks, task.nextTasks);
      check(`${label} errorHandled`, expected.errorHandled, task.errorHandled);
      if (expected.result !== undefined)
        check(`${label} result`, expected.result, taskResult(driver, task.id, task.name, executionId));
      if (expected.actions !== undefined) {
        const actions = driver.actionsOf(task.id);
        check(`${label} action count`, expected.actions.length, actions.length);
        expected.actions.forEach((expectedAction, position) => {
          const action = actions[position] as unknown as JsonObject | undefined;
          if (action === undefined) return;
          for (const [key, value] of Object.entries(expectedAction))
            check(`${label} action #${position} ${key}`, value, action[key]);
        });
      }
    });
  }
  for (const [workflow, expectedChildren] of Object.entries(expect.subworkflows ?? {})) {
    const children = driver
      .allExecutions()
      .filter((candidate) => candidate.rootExecutionId !== null && candidate.workflowName === workflow);
    check(`${workflow} sub-workflow count`, expectedChildren.length, children.length);
    expectedChildren.forEach((expected, index) => {
      const child = children[index];
      if (child !== undefined)
        compareExecution(driver, child.id, expected, `${where}${workflow}#${index + 1}: `, mismatches);
    });
  }
}

/** A task's result as Mistral computes it (accepted executions, in with-items order). */
function taskResult(driver: ConductorDriver, taskId: string, taskName: string, executionId: string): unknown {
  const entries = [
    ...driver.actionsOf(taskId).map((action) => ({
      index: Number(action.runtimeContext["index"] ?? 0),
      accepted: action.accepted,
      result:
        isDict(action.output) && Object.keys(action.output).length > 0
          ? (action.output["result"] ?? null)
          : null,
    })),
    ...driver.subworkflowsOf(taskId).map((child) => ({
      index: Number(child.runtimeContext["index"] ?? 0),
      accepted: child.accepted,
      result: child.output,
    })),
  ]
    .map((entry, position) => ({ ...entry, position }))
    .sort((a, b) => a.index - b.index || a.position - b.position)
    .filter((entry) => entry.accepted)
    .map((entry) => entry.result);
  const spec = driver.snapshot(executionId).spec.tasks.find((candidate) => candidate.name === taskName);
  if (spec !== undefined && spec.withItems.length > 0) return entries;
  return entries.length === 1 ? entries[0] : entries;
}

/** Readable names for the driver's ids (`id-7` → `<task:t1>`), so expectations can quote messages. */
function symbolTable(driver: ConductorDriver): Map<string, string> {
  const symbols = new Map<string, string>();
  const seen = new Map<string, number>();
  const name = (base: string) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  };
  for (const execution of driver.allExecutions()) {
    symbols.set(execution.id, `<${name(`execution:${execution.workflowName}`)}>`);
    for (const task of driver.tasksOf(execution.id)) {
      const taskSymbol = name(`task:${task.name}`);
      symbols.set(task.id, `<${taskSymbol}>`);
      driver.actionsOf(task.id).forEach((action, index) => {
        symbols.set(action.id, `<action:${taskSymbol.slice("task:".length)}[${index}]>`);
      });
    }
  }
  return symbols;
}

function symbolize(value: unknown, symbols: Map<string, string>): unknown {
  if (typeof value === "string") return value.replace(/\bid-\d+\b/g, (id) => symbols.get(id) ?? id);
  if (Array.isArray(value)) return value.map((item) => symbolize(item, symbols));
  if (isDict(value)) {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) result[key] = symbolize(item, symbols);
    return result;
  }
  return value;
}

/** Tuples (`nextTasks`) compare as lists; everything else as it is. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (isDict(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalize(item)]));
  return value;
}

function show(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item instanceof PyFloat ? `${item.value}.0` : item));
}

/** The latest task of that name in the started execution, else in a sub-workflow. */
function findTask(driver: ConductorDriver, executionId: string, name: string) {
  return (
    findLast(driver.tasksOf(executionId), (candidate) => candidate.name === name) ??
    findLast(
      driver.allExecutions().flatMap((execution) => driver.tasksOf(execution.id)),
      (candidate) => candidate.name === name,
    )
  );
}

function findLast<T>(items: readonly T[], matches: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) if (matches(items[index]!)) return items[index];
  return undefined;
}

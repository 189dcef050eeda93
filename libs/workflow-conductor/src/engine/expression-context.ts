// How the engine evaluates workflow expressions: Mistral's ContextView (several dicts looked up in
// priority order) flattened into one dict, and the engine-backed functions answered from the
// session. A function that needs data the snapshot lacks records a need; whatever the expression
// language makes of the thrown signal, evaluate() turns it back into a NeedsSignal.
import { evaluateRecursively, type ContextFunctions, type ExecutionsQuery, type TasksQuery } from "@ops/dsl";
import type { JsonObject } from "../execution-rows.js";
import { envOf, NeedsSignal, type ExecutionSession, type TaskRecord } from "./execution-session.js";
import { isDict, pyTruthy, setKey } from "./python-values.js";
import { pythonTimestamp, taskUserModel } from "./task-result.js";

/** A dict of the context, or nothing (Mistral's ContextView skips None). */
export type Layer = JsonObject | null | undefined;

/** What an expression is evaluated against. */
export interface EvaluationScope {
  /** Dicts in decreasing priority: a key is taken from the first that has it. */
  readonly layers: readonly Layer[];
  /** The task `task()` means (Mistral's `__task_execution`), when evaluating for a task. */
  readonly task?: TaskRecord;
}

/** `{__task_execution: {id, name}}`, what Mistral adds to a task's expression context. */
export function currentTaskLayer(task: TaskRecord): JsonObject {
  return { __task_execution: { id: task.id, name: task.name } };
}

/** `{__env: ...}`: the root execution's environment. */
export function environmentLayer(session: ExecutionSession): JsonObject {
  return { __env: session.rootEnvironment() };
}

/** What a task's own expressions see (Mistral's Task.get_expression_context), `extra` included. */
export function taskScope(session: ExecutionSession, task: TaskRecord, extra?: JsonObject): EvaluationScope {
  return {
    task,
    layers: [
      currentTaskLayer(task),
      environmentLayer(session),
      extra ?? {},
      task.inContext,
      session.execution.context,
      session.execution.input,
    ],
  };
}

/** The layers flattened into one dict (a key keeps its first, highest-priority value). */
function flattenLayers(layers: readonly Layer[]): JsonObject {
  const data: JsonObject = {};
  for (const layer of layers) {
    if (!isDict(layer)) continue;
    for (const key of Object.keys(layer)) if (!Object.hasOwn(data, key)) setKey(data, key, layer[key]);
  }
  return data;
}

/** Evaluates every expression inside `value` against the scope. */
export function evaluate(session: ExecutionSession, value: unknown, scope: EvaluationScope): unknown {
  const data = flattenLayers(scope.layers);
  return evaluateAgainst(session, value, data, scope.task);
}

/** Evaluates against plain data (an ad-hoc action's `output` sees the raw result as `$`). */
export function evaluateAgainst(
  session: ExecutionSession,
  value: unknown,
  data: unknown,
  task?: TaskRecord,
): unknown {
  let result: unknown;
  try {
    result = evaluateRecursively(value, { data, functions: contextFunctions(session, data, task) });
  } catch (error) {
    if (session.hasNeeds()) throw new NeedsSignal("an expression needs data", { cause: error });
    throw error;
  }
  // An expression may have caught the signal (a Jinja default, a YAQL fallback): still a need.
  if (session.hasNeeds()) throw new NeedsSignal("an expression needs data");
  return result;
}

/** The engine-backed functions of Mistral's expressions, answered from the session. */
function contextFunctions(session: ExecutionSession, data: unknown, current?: TaskRecord): ContextFunctions {
  return {
    task(name?: string | null): unknown {
      const key = pyTruthy(name) ? `task:${JSON.stringify(name)}` : `task@${current?.id ?? ""}`;
      return cached(session, key, () => {
        let task: TaskRecord | undefined;
        if (current !== undefined && (!pyTruthy(name) || name === current.name)) task = current;
        else if (pyTruthy(name)) task = session.tasks.findLast((candidate) => candidate.name === name);
        return task === undefined ? null : taskUserModel(session, task);
      });
    },
    tasks(query: TasksQuery): unknown {
      return cached(session, queryKey("tasks", query), () => tasksFunction(session, query));
    },
    execution(): unknown {
      const execution = session.execution;
      return {
        id: execution.id,
        name: execution.name,
        spec: execution.spec,
        input: execution.input,
        params: execution.params,
        created_at: pythonTimestamp(execution.createdAt),
        updated_at: pythonTimestamp(execution.updatedAt ?? execution.createdAt),
        root_execution_id: execution.rootExecutionId,
      };
    },
    executions(query: ExecutionsQuery): unknown {
      return session.queryResult({ kind: "executions-query", key: queryKey("executions", query), query });
    },
    env(): unknown {
      if (isDict(data) && Object.hasOwn(data, "__env")) return data["__env"];
      return envOf(session.execution.params);
    },
    global(name: string): unknown {
      return session.execution.context[name] ?? null;
    },
  };
}

function cached(session: ExecutionSession, key: string, compute: () => unknown): unknown {
  if (session.functionCache.has(key)) return session.functionCache.get(key);
  const value = compute();
  session.functionCache.set(key, value);
  return value;
}

/**
 * `tasks(...)`: this execution's tasks come from the session (as this call has changed them); the
 * tasks of other executions — all of them without an id, the sub-workflows' when recursive — are
 * asked of the runtime, as Mistral lists them: this execution's first, then each sub-workflow's.
 */
function tasksFunction(session: ExecutionSession, query: TasksQuery): unknown {
  const id = query.workflowExecutionId ?? null;
  if (id !== session.execution.id) {
    return session.queryResult({ kind: "tasks-query", key: queryKey("tasks", query), query });
  }
  session.requireChildren(session.tasks);
  const own = session.tasks
    .filter((task) => !pyTruthy(query.state) || task.state === query.state)
    .filter((task) => {
      // Mistral's `flat`: a workflow task passes only if its sub-workflows are in another state.
      if (!query.flat || task.type === "ACTION") return true;
      return session.childrenOf(task).workflows.every((child) => child.state !== task.state);
    })
    .map((task) => taskUserModel(session, task));
  if (query.recursive !== true) return own;
  const nested = session.tasks
    .filter((task) => task.type === "WORKFLOW")
    .flatMap((task) => session.childrenOf(task).workflows)
    .flatMap((child) => {
      const childQuery: TasksQuery = { ...query, workflowExecutionId: child.id };
      const answer = session.queryResult({
        kind: "tasks-query",
        key: queryKey("tasks", childQuery),
        query: childQuery,
      });
      return Array.isArray(answer) ? answer : [];
    });
  return [...own, ...nested];
}

/** A deterministic key for a query, by which the runtime answers it in `queryResults`. */
function queryKey(kind: "tasks" | "executions", query: TasksQuery | ExecutionsQuery): string {
  const entries = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${kind}:${JSON.stringify(Object.fromEntries(entries))}`;
}

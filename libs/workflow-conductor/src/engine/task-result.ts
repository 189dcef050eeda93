// What expressions see of a task execution: its result (Mistral's get_task_execution_result) and
// the dict `task()` returns (Mistral's _convert_to_user_model).
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import { pyTruthy } from "./python-values.js";

/**
 * The result of a task: the results of its accepted executions in with-items order; a with-items
 * task always gives a list, another task its single result (or a list when it has none or several).
 */
export function taskResult(session: ExecutionSession, task: TaskRecord): unknown {
  const { actions, workflows } = session.childrenOf(task);
  const executions: Array<{ index: number; result: unknown; accepted: boolean }> = [
    ...actions.map((action) => ({
      index: indexOf(action.runtimeContext),
      // An output cleared by `keep-result: false` is {} and gives None.
      result: action.output !== null && pyTruthy(action.output) ? (action.output["result"] ?? null) : null,
      accepted: action.accepted,
    })),
    ...workflows.map((child) => ({
      index: indexOf(child.runtimeContext),
      result: child.output,
      accepted: child.accepted,
    })),
  ];
  // A stable sort by with-items index, like Python's list.sort.
  const results = executions
    .map((execution, position) => ({ ...execution, position }))
    .sort((a, b) => a.index - b.index || a.position - b.position)
    .filter((execution) => execution.accepted)
    .map((execution) => execution.result);
  const spec = session.spec.tasks.find((candidate) => candidate.name === task.name);
  if (spec !== undefined && spec.withItems.length > 0) return results;
  return results.length === 1 ? results[0] : results;
}

/** The dict `task()` and `tasks()` give for a task execution. */
export function taskUserModel(session: ExecutionSession, task: TaskRecord): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name,
    spec: task.spec,
    state: task.state,
    state_info: task.stateInfo,
    result: taskResult(session, task),
    published: task.published,
    type: task.type,
    workflow_execution_id: task.workflowExecutionId,
    created_at: pythonTimestamp(task.createdAt),
    updated_at: task.updatedAt === null ? null : pythonTimestamp(task.updatedAt),
  };
}

/** Python's `datetime.isoformat(' ')` of a UTC time stored to the second, as Mistral shows it. */
export function pythonTimestamp(time: Date): string {
  return time.toISOString().slice(0, 19).replace("T", " ");
}

function indexOf(runtimeContext: Record<string, unknown>): number {
  const index = runtimeContext["index"];
  return typeof index === "number" ? index : 0;
}

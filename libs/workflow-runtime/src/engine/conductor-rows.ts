// The store's rows as the conductor reads them, and the conductor's decisions as the store writes
// them. The two describe the same tables; the store's side is what the database can hold (NULL
// descriptions, JSON columns of any shape), the conductor's is what the engine's logic expects.
import type {
  ActionExecutionRow as ConductorActionExecution,
  ActionRunPlan,
  ConductorTimer,
  Decisions,
  JsonObject,
  NextTask,
  TaskExecutionRow as ConductorTaskExecution,
  TimerEvent,
  TimerKind,
  WorkflowExecutionRow as ConductorWorkflowExecution,
} from "@ops/workflow-conductor";
import type {
  ActionExecutionPatch,
  ActionExecutionRow,
  DelayedCallRow,
  NewDelayedCall,
  NewActionExecution,
  NewTaskExecution,
  NewWorkflowExecution,
  RowChanges,
  TaskExecutionPatch,
  TaskExecutionRow,
  WorkflowExecutionPatch,
  WorkflowExecutionRow,
} from "@ops/workflow-store";

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function objectOrEmpty(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

export function toConductorExecution(row: WorkflowExecutionRow): ConductorWorkflowExecution {
  return {
    id: row.id,
    name: row.name,
    description: row.description ?? "",
    workflowName: row.workflowName ?? row.name,
    workflowNamespace: row.workflowNamespace,
    workflowId: row.workflowId,
    spec: row.spec,
    state: row.state,
    stateInfo: row.stateInfo,
    tags: row.tags ?? [],
    runtimeContext: objectOrEmpty(row.runtimeContext),
    accepted: row.accepted,
    input: objectOrEmpty(row.input),
    output: objectOrEmpty(row.output),
    params: objectOrEmpty(row.params),
    context: objectOrEmpty(row.context),
    taskExecutionId: row.taskExecutionId,
    rootExecutionId: row.rootExecutionId,
    projectId: row.projectId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toConductorTask(row: TaskExecutionRow): ConductorTaskExecution {
  return {
    id: row.id,
    name: row.name,
    workflowExecutionId: row.workflowExecutionId,
    workflowName: row.workflowName ?? "",
    workflowNamespace: row.workflowNamespace,
    workflowId: row.workflowId,
    spec: row.spec,
    state: row.state,
    stateInfo: row.stateInfo,
    tags: row.tags ?? [],
    runtimeContext: objectOrEmpty(row.runtimeContext),
    uniqueKey: row.uniqueKey,
    type: row.type,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    processed: row.processed,
    hasNextTasks: row.hasNextTasks,
    nextTasks: Array.isArray(row.nextTasks) ? (row.nextTasks as NextTask[]) : [],
    errorHandled: row.errorHandled,
    inContext: objectOrEmpty(row.inContext),
    published: isJsonObject(row.published) ? row.published : null,
    projectId: row.projectId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toConductorAction(row: ActionExecutionRow): ConductorActionExecution {
  return {
    id: row.id,
    name: row.name,
    description: row.description ?? "",
    workflowName: row.workflowName,
    workflowNamespace: row.workflowNamespace,
    workflowId: row.workflowId,
    taskExecutionId: row.taskExecutionId,
    spec: isJsonObject(row.spec) ? (row.spec as unknown as ActionRunPlan) : null,
    state: row.state,
    stateInfo: row.stateInfo,
    tags: row.tags ?? [],
    runtimeContext: objectOrEmpty(row.runtimeContext),
    accepted: row.accepted,
    input: objectOrEmpty(row.input),
    output: isJsonObject(row.output) ? row.output : null,
    isSync: row.isSync ?? true,
    projectId: row.projectId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The rows the decisions for execution `execution` create and change. */
export function decisionRowChanges(execution: WorkflowExecutionRow, decisions: Decisions): RowChanges {
  const projectId = execution.projectId;
  const owned = <Row extends { projectId: string | null }>(row: Row) => ({
    ...row,
    projectId: row.projectId ?? projectId,
  });
  const executionUpdates = [
    ...(decisions.execution === undefined
      ? []
      : [{ id: execution.id, patch: decisions.execution as WorkflowExecutionPatch }]),
    ...decisions.updateWorkflowExecutions.map((u) => ({
      id: u.id,
      patch: u.changes as WorkflowExecutionPatch,
    })),
  ];
  return {
    workflowExecutions: {
      create: decisions.createWorkflowExecutions.map(
        (row) => ({ ...owned(row), scope: execution.scope }) as NewWorkflowExecution,
      ),
      update: executionUpdates,
    },
    taskExecutions: {
      create: decisions.createTaskExecutions.map((row) => owned(row) as NewTaskExecution),
      update: decisions.updateTaskExecutions.map((u) => ({
        id: u.id,
        patch: u.changes as TaskExecutionPatch,
      })),
    },
    actionExecutions: {
      create: decisions.createActionExecutions.map((row) => owned(row) as unknown as NewActionExecution),
      update: decisions.updateActionExecutions.map((u) => ({
        id: u.id,
        patch: u.changes as unknown as ActionExecutionPatch,
      })),
    },
    delayedCalls: { create: decisions.createTimers.map((timer) => timerRow(execution.id, timer)) },
  };
}

/** A conductor timer as a row of delayed_calls: its kind, and what its event needs. */
export function timerRow(executionId: string, timer: ConductorTimer): NewDelayedCall {
  return {
    id: timer.id,
    kind: timer.kind,
    executionTime: timer.dueAt,
    arguments: {
      execution_id: executionId,
      task_execution_id: timer.taskExecutionId,
      arguments: timer.arguments,
    },
  };
}

/** The execution a stored timer is for and the event it fires; null for a row that is not one. */
export function timerEvent(row: DelayedCallRow): { executionId: string; event: TimerEvent } | null {
  const stored = row.arguments;
  if (!isJsonObject(stored) || !TIMER_KINDS.has(row.kind)) return null;
  const executionId = stored["execution_id"];
  const taskExecutionId = stored["task_execution_id"];
  if (typeof executionId !== "string" || typeof taskExecutionId !== "string") return null;
  return {
    executionId,
    event: {
      type: "timer",
      timerId: row.id,
      kind: row.kind as TimerKind,
      taskExecutionId,
      arguments: objectOrEmpty(stored["arguments"]),
    },
  };
}

const TIMER_KINDS: ReadonlySet<string> = new Set<TimerKind>([
  "continue-task",
  "complete-task",
  "fail-if-incomplete",
]);

// Builds the conductor's snapshot inside the transaction that claimed the execution, and answers
// the conductor's needs (definitions, children of tasks, query results) from the same transaction.
import type { ActionSpec } from "@ops/dsl";
import {
  isCompleted,
  type ActionDefinition,
  type ConductorSnapshot,
  type JsonObject,
  type Need,
  type TaskChildren,
  type WorkflowDefinition,
} from "@ops/workflow-conductor";
import {
  ALL_PROJECTS,
  projectAccess,
  type ActionDefinitionRow,
  type StoreTransaction,
  type TaskExecutionRow,
  type WorkflowExecutionRow,
} from "@ops/workflow-store";
import { toConductorAction, toConductorExecution, toConductorTask, isJsonObject } from "./conductor-rows.js";
import type { DefinitionCache } from "./definition-cache.js";

type TasksQueryNeed = Extract<Need, { kind: "tasks-query" }>;
type ExecutionsQueryNeed = Extract<Need, { kind: "executions-query" }>;

export class SnapshotLoader {
  constructor(private readonly definitions: DefinitionCache) {}

  /**
   * The execution, every task, and the children of the tasks still open: what most events need,
   * loaded up front to save the conductor a round of needs.
   */
  async load(tx: StoreTransaction, execution: WorkflowExecutionRow): Promise<ConductorSnapshot> {
    const tasks = await tx.taskExecutions.listForExecution(ALL_PROJECTS, execution.id);
    const open = tasks.filter((task) => !task.processed || !isCompleted(task.state));
    const ofType = (type: TaskExecutionRow["type"]) => open.filter((t) => t.type === type).map((t) => t.id);
    return {
      execution: toConductorExecution(execution),
      spec: this.definitions.workflowSpec(`execution:${execution.id}`, execution.spec),
      taskExecutions: tasks.map(toConductorTask),
      taskChildren: await this.children(tx, ofType("ACTION"), ofType("WORKFLOW")),
      actionDefinitions: this.definitions.stdActionDefinitions,
    };
  }

  /** The snapshot with what `needs` asked for added. */
  async satisfy(
    tx: StoreTransaction,
    snapshot: ConductorSnapshot,
    needs: readonly Need[],
  ): Promise<ConductorSnapshot> {
    const access = projectAccess(snapshot.execution.projectId ?? "");
    let next = snapshot;
    for (const need of needs) {
      switch (need.kind) {
        case "action-definition": {
          const row = await tx.actionDefinitions.resolve(access, need.name, need.namespace);
          const definition = row === null ? null : this.actionDefinition(row);
          next = { ...next, actionDefinitions: { ...next.actionDefinitions, [need.name]: definition } };
          break;
        }
        case "workflow-definition": {
          const row = await tx.workflowDefinitions.resolve(access, need.name, need.namespace);
          const definition: WorkflowDefinition | null =
            row === null
              ? null
              : {
                  id: row.id,
                  name: row.name,
                  namespace: row.namespace,
                  spec: this.definitions.workflowSpec(
                    `workflow:${row.id}:${(row.updatedAt ?? row.createdAt).getTime()}`,
                    row.spec,
                  ),
                  specDocument: row.spec,
                  tags: row.tags ?? [],
                };
          next = { ...next, workflowDefinitions: { ...next.workflowDefinitions, [need.name]: definition } };
          break;
        }
        case "environment": {
          const row = await tx.environments.find(access, need.name);
          const variables = row === null ? null : isJsonObject(row.variables) ? row.variables : {};
          next = { ...next, environments: { ...next.environments, [need.name]: variables } };
          break;
        }
        case "task-children":
          next = {
            ...next,
            taskChildren: {
              ...next.taskChildren,
              ...(await this.children(tx, need.taskExecutionIds, need.taskExecutionIds)),
            },
          };
          break;
        case "root-environment": {
          const root = await tx.workflowExecutions.find(ALL_PROJECTS, need.rootExecutionId);
          const params = isJsonObject(root?.params) ? root.params : {};
          next = { ...next, rootEnvironment: isJsonObject(params["env"]) ? params["env"] : {} };
          break;
        }
        case "tasks-query":
          next = {
            ...next,
            queryResults: { ...next.queryResults, [need.key]: await this.tasksQuery(tx, need) },
          };
          break;
        case "executions-query":
          next = {
            ...next,
            queryResults: { ...next.queryResults, [need.key]: await this.executionsQuery(tx, need) },
          };
          break;
      }
    }
    return next;
  }

  private actionDefinition(row: ActionDefinitionRow): ActionDefinition | null {
    if (row.isSystem) return this.definitions.systemAction(row.name, row.actionClass);
    const spec = isJsonObject(row.spec) ? (row.spec as unknown as ActionSpec) : undefined;
    return {
      name: row.name,
      kind: "adhoc",
      parameters: spec?.input ?? [],
      ...(spec === undefined ? {} : { spec }),
      ...(row.definition === null ? {} : { definition: row.definition }),
    };
  }

  /**
   * The children of tasks: action executions of `actionTaskIds`, subworkflow executions of
   * `workflowTaskIds` (a task has one kind or the other, so a snapshot asks only for its kind).
   */
  private async children(
    tx: StoreTransaction,
    actionTaskIds: readonly string[],
    workflowTaskIds: readonly string[],
  ): Promise<Record<string, TaskChildren>> {
    const actions =
      actionTaskIds.length === 0 ? [] : await tx.actionExecutions.listForTasks(ALL_PROJECTS, actionTaskIds);
    const workflows =
      workflowTaskIds.length === 0
        ? []
        : await tx.workflowExecutions.listForTasks(ALL_PROJECTS, workflowTaskIds);
    const children: Record<string, { actionExecutions: unknown[]; workflowExecutions: unknown[] }> = {};
    for (const id of [...actionTaskIds, ...workflowTaskIds]) {
      children[id] = { actionExecutions: [], workflowExecutions: [] };
    }
    for (const row of actions)
      children[row.taskExecutionId ?? ""]?.actionExecutions.push(toConductorAction(row));
    for (const row of workflows) {
      children[row.taskExecutionId ?? ""]?.workflowExecutions.push(toConductorExecution(row));
    }
    return children as Record<string, TaskChildren>;
  }

  /** Mistral's `tasks(...)` beyond the current execution: task dicts as `task()` gives them. */
  private async tasksQuery(tx: StoreTransaction, need: TasksQueryNeed): Promise<unknown> {
    const { query } = need;
    const executionIds: string[] = [];
    const pending = query.workflowExecutionId ? [query.workflowExecutionId] : [];
    while (pending.length > 0) {
      const id = pending.shift() as string;
      executionIds.push(id);
      if (!query.recursive) continue;
      const tasks = await tx.taskExecutions.listForExecution(ALL_PROJECTS, id);
      const subworkflows = await tx.workflowExecutions.listForTasks(
        ALL_PROJECTS,
        tasks.map((task) => task.id),
      );
      pending.push(...subworkflows.map((execution) => execution.id));
    }
    const tasks: TaskExecutionRow[] = [];
    for (const id of executionIds)
      tasks.push(...(await tx.taskExecutions.listForExecution(ALL_PROJECTS, id)));
    return tasks
      .filter((task) => !query.state || task.state === query.state)
      .map((task) => ({
        id: task.id,
        name: task.name,
        spec: task.spec,
        state: task.state,
        state_info: task.stateInfo,
        published: task.published ?? {},
        type: task.type,
        workflow_execution_id: task.workflowExecutionId,
        created_at: task.createdAt.toISOString().replace("T", " ").slice(0, 19),
        updated_at: task.updatedAt?.toISOString().replace("T", " ").slice(0, 19) ?? null,
      }));
  }

  /** Mistral's `executions(...)`: workflow executions matching the filters. */
  private async executionsQuery(tx: StoreTransaction, need: ExecutionsQueryNeed): Promise<unknown> {
    const { query } = need;
    const filters: Record<string, string> = {};
    if (query.id) filters["id"] = query.id;
    if (query.rootExecutionId) filters["root_execution_id"] = query.rootExecutionId;
    if (query.state) filters["state"] = query.state;
    if (query.fromTime) filters["created_at"] = `gte:${query.fromTime}`;
    const rows = await tx.workflowExecutions.list(ALL_PROJECTS, { filters, limit: 1000 });
    return rows
      .filter((row) => !query.toTime || row.createdAt.toISOString() < new Date(query.toTime).toISOString())
      .map((row) => ({
        id: row.id,
        name: row.name,
        workflow_name: row.workflowName,
        state: row.state,
        state_info: row.stateInfo,
        input: row.input as JsonObject,
        output: row.output as JsonObject,
        params: row.params as JsonObject,
        root_execution_id: row.rootExecutionId,
        task_execution_id: row.taskExecutionId,
        created_at: row.createdAt.toISOString().replace("T", " ").slice(0, 19),
      }));
  }
}

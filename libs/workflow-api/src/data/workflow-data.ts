// The API's only door to the database: the store calls each endpoint needs, scoped to the caller's
// project, with Mistral's messages for "not found" and "duplicate". Routes never touch the store.
import {
  isWorkflowStoreError,
  projectAccess,
  type ActionDefinitionRow,
  type ActionExecutionPatch,
  type ActionExecutionRow,
  type CronTriggerRow,
  type EnvironmentPatch,
  type EnvironmentRow,
  type ExecutionState,
  type ListQuery,
  type NewActionDefinition,
  type NewActionExecution,
  type NewCronTrigger,
  type NewEnvironment,
  type NewWorkbook,
  type NewWorkflowDefinition,
  type NewWorkflowExecution,
  type ProjectAccess,
  type StoreRepositories,
  type TaskExecutionRow,
  type WorkbookRow,
  type WorkflowDefinitionRow,
  type WorkflowExecutionPatch,
  type WorkflowExecutionRow,
  type WorkflowStore,
} from "@ops/workflow-store";
import { ApiError, notFound } from "../errors/api-error.js";
import { storeFilter, type ListParams } from "../list/list-params.js";

/** Values of a workflow or action definition to write (the row's fields but the project). */
export type DefinitionValues<T> = Omit<T, "projectId">;

/** A project's id, or every project (an admin's `all_projects=true`). */
export type ProjectScope = string | ProjectAccess;

function access(scope: ProjectScope): ProjectAccess {
  return typeof scope === "string" ? projectAccess(scope) : scope;
}

/** Runs `fn`, turning the store's NOT_FOUND into `error()`. */
async function orNotFound<T>(promise: Promise<T>, error: () => ApiError): Promise<T> {
  try {
    return await promise;
  } catch (cause) {
    if (isWorkflowStoreError(cause, "WF_STORE_ERR_NOT_FOUND")) throw error();
    throw cause;
  }
}

/** Runs `fn`, turning the store's DUPLICATE into Mistral's 409 message. */
async function orDuplicate<T>(promise: Promise<T>, message: () => string): Promise<T> {
  try {
    return await promise;
  } catch (cause) {
    if (isWorkflowStoreError(cause, "WF_STORE_ERR_DUPLICATE")) {
      throw new ApiError("WF_API_ERR_DUPLICATE", message(), { cause });
    }
    throw cause;
  }
}

/** A list request as the store takes it. */
export function storeListQuery(params: ListParams, markerId?: string): ListQuery {
  const filters: Record<string, ReturnType<typeof storeFilter>> = {};
  for (const [name, filter] of params.filters) filters[name] = storeFilter(filter);
  return {
    filters,
    sortKeys: params.sortKeys,
    sortDirs: params.sortDirs,
    limit: params.limit ?? null,
    marker: markerId ?? null,
  };
}

const duplicateMessage = (what: string, columns: string, values: readonly string[]) =>
  `Duplicate entry for ${what} [${columns}]: ${values.join(", ")}`;

/** The data access of the workflow API. */
export class WorkflowData {
  constructor(private readonly store: WorkflowStore) {}

  // Workbooks ------------------------------------------------------------------------------------

  /**
   * Creates (or, with `update`, replaces) a workbook with its workflows and ad-hoc actions in one
   * transaction, as Mistral's services/workbooks.py does: the workbook's own row must be new (or
   * exist), its workflows and actions are created or updated.
   */
  async saveWorkbook(
    projectId: string,
    workbook: DefinitionValues<NewWorkbook>,
    workflows: readonly DefinitionValues<NewWorkflowDefinition>[],
    actions: readonly DefinitionValues<NewActionDefinition>[],
    update: boolean,
  ): Promise<WorkbookRow> {
    const namespace = workbook.namespace ?? "";
    return this.store.transaction(async (tx) => {
      let row: WorkbookRow;
      if (update) {
        row = await orNotFound(
          tx.workbooks.update(access(projectId), workbook.name, { ...workbook }, namespace),
          () => notFound("Workbook", { name: workbook.name, namespace }),
        );
      } else {
        row = await orDuplicate(tx.workbooks.create({ ...workbook, projectId }), () =>
          duplicateMessage("WorkbookDefinition", "'name', 'namespace', 'project_id'", [
            workbook.name,
            namespace,
            projectId,
          ]),
        );
      }
      for (const action of actions) await this.upsertAction(tx, projectId, action);
      for (const workflow of workflows) await this.upsertWorkflow(tx, projectId, workflow);
      return row;
    });
  }

  private async upsertWorkflow(
    tx: StoreRepositories,
    projectId: string,
    values: DefinitionValues<NewWorkflowDefinition>,
  ): Promise<WorkflowDefinitionRow> {
    const namespace = values.namespace ?? "";
    const own = await tx.workflowDefinitions.find(access(projectId), values.name, namespace);
    if (own !== null && own.projectId === projectId && own.name === values.name) {
      return tx.workflowDefinitions.update(access(projectId), own.id, { ...values });
    }
    return tx.workflowDefinitions.create({ ...values, projectId });
  }

  private async upsertAction(
    tx: StoreRepositories,
    projectId: string,
    values: DefinitionValues<NewActionDefinition>,
  ): Promise<ActionDefinitionRow> {
    const namespace = values.namespace ?? "";
    const own = await tx.actionDefinitions.find(access(projectId), values.name, namespace);
    if (own !== null && own.isSystem) {
      throw new ApiError("WF_API_ERR_SYSTEM_ACTION", `Attempt to modify a system action: ${own.name}`);
    }
    if (own !== null && own.projectId === projectId && own.name === values.name) {
      return tx.actionDefinitions.update(access(projectId), own.id, { ...values });
    }
    return tx.actionDefinitions.create({ ...values, projectId });
  }

  getWorkbook(projectId: string, name: string, namespace: string): Promise<WorkbookRow> {
    return orNotFound(this.store.workbooks.get(access(projectId), name, namespace), () =>
      notFound("Workbook", { name, namespace }),
    );
  }

  listWorkbooks(projectId: string, params: ListParams, markerId?: string): Promise<WorkbookRow[]> {
    return this.store.workbooks.list(access(projectId), storeListQuery(params, markerId));
  }

  async deleteWorkbook(projectId: string, name: string, namespace: string): Promise<void> {
    await orNotFound(this.store.workbooks.delete(access(projectId), name, namespace), () =>
      notFound("Workbook", { workbook_name: name, namespace }),
    );
  }

  async workbookById(projectId: string, id: string): Promise<WorkbookRow> {
    const [row] = await this.store.workbooks.list(access(projectId), { filters: { id } });
    if (row === undefined) throw notFound("Workbook", { id });
    return row;
  }

  // Workflow definitions --------------------------------------------------------------------------

  /** Creates workflows in one transaction (all or none). */
  createWorkflows(
    projectId: string,
    workflows: readonly DefinitionValues<NewWorkflowDefinition>[],
  ): Promise<WorkflowDefinitionRow[]> {
    return this.store.transaction(async (tx) => {
      const rows: WorkflowDefinitionRow[] = [];
      for (const values of workflows) {
        rows.push(
          await orDuplicate(tx.workflowDefinitions.create({ ...values, projectId }), () =>
            duplicateMessage("WorkflowDefinition", "'name', 'namespace', 'project_id'", [
              values.name,
              values.namespace ?? "",
              projectId,
            ]),
          ),
        );
      }
      return rows;
    });
  }

  /** Updates workflows (each by name, or the one with `identifier`) in one transaction. */
  updateWorkflows(
    projectId: string,
    workflows: readonly DefinitionValues<NewWorkflowDefinition>[],
    identifier: string | undefined,
  ): Promise<WorkflowDefinitionRow[]> {
    return this.store.transaction(async (tx) => {
      const rows: WorkflowDefinitionRow[] = [];
      for (const values of workflows) {
        const key = identifier ?? values.name;
        const namespace = values.namespace ?? "";
        const existing = await orNotFound(tx.workflowDefinitions.get(access(projectId), key, namespace), () =>
          notFound("Workflow", { workflow_identifier: key, namespace }),
        );
        if (existing.isSystem) {
          throw new ApiError(
            "WF_API_ERR_NOT_ALLOWED",
            `Attempt to modify a system workflow: ${existing.name}`,
          );
        }
        rows.push(
          await orDuplicate(
            tx.workflowDefinitions.update(access(projectId), existing.id, { ...values }),
            () =>
              duplicateMessage("WorkflowDefinition", "'name', 'namespace', 'project_id'", [
                values.name,
                namespace,
                projectId,
              ]),
          ),
        );
      }
      return rows;
    });
  }

  getWorkflow(projectId: string, identifier: string, namespace: string): Promise<WorkflowDefinitionRow> {
    return orNotFound(this.store.workflowDefinitions.get(access(projectId), identifier, namespace), () =>
      notFound("Workflow", { workflow_identifier: identifier, namespace }),
    );
  }

  /** The workflow `POST /v2/executions` names: by id, or by name in a namespace falling back to "". */
  async resolveWorkflow(
    projectId: string,
    identifier: string,
    namespace: string,
  ): Promise<WorkflowDefinitionRow> {
    const row =
      (await this.store.workflowDefinitions.resolve(access(projectId), identifier, namespace)) ??
      (await this.store.workflowDefinitions.find(access(projectId), identifier, namespace));
    if (row === null) throw notFound("Workflow", { workflow_identifier: identifier, namespace });
    return row;
  }

  async workflowById(projectId: string, id: string): Promise<WorkflowDefinitionRow> {
    const [row] = await this.store.workflowDefinitions.list(access(projectId), { filters: { id } });
    if (row === undefined) throw notFound("Workflow", { workflow_id: id });
    return row;
  }

  listWorkflows(
    projectId: ProjectScope,
    params: ListParams,
    markerId?: string,
  ): Promise<WorkflowDefinitionRow[]> {
    return this.store.workflowDefinitions.list(access(projectId), storeListQuery(params, markerId));
  }

  async deleteWorkflow(projectId: string, identifier: string, namespace: string): Promise<void> {
    try {
      await orNotFound(this.store.workflowDefinitions.delete(access(projectId), identifier, namespace), () =>
        notFound("Workflow", { workflow_identifier: identifier, namespace }),
      );
    } catch (cause) {
      if (isWorkflowStoreError(cause, "WF_STORE_ERR_IN_USE")) {
        throw new ApiError(
          "WF_API_ERR_BAD_REQUEST",
          `Can't delete workflow that has triggers associated. [workflow_identifier=${identifier}], [namespace=${namespace}]`,
          { cause },
        );
      }
      throw cause;
    }
  }

  // Action definitions ----------------------------------------------------------------------------

  findAction(projectId: string, identifier: string, namespace: string): Promise<ActionDefinitionRow | null> {
    return this.store.actionDefinitions.find(access(projectId), identifier, namespace);
  }

  /** An action the caller can run: by name in a namespace, falling back to the default one. */
  resolveAction(projectId: string, name: string, namespace: string): Promise<ActionDefinitionRow | null> {
    return this.store.actionDefinitions.resolve(access(projectId), name, namespace);
  }

  async getAction(projectId: string, identifier: string, namespace: string): Promise<ActionDefinitionRow> {
    const row = await this.findAction(projectId, identifier, namespace);
    if (row === null) throw notFound("Action", { name: identifier, namespace });
    return row;
  }

  listActions(projectId: string, params: ListParams, markerId?: string): Promise<ActionDefinitionRow[]> {
    return this.store.actionDefinitions.list(access(projectId), storeListQuery(params, markerId));
  }

  createActions(
    projectId: string,
    actions: readonly DefinitionValues<NewActionDefinition>[],
  ): Promise<ActionDefinitionRow[]> {
    return this.store.transaction(async (tx) => {
      const rows: ActionDefinitionRow[] = [];
      for (const values of actions) {
        rows.push(
          await orDuplicate(tx.actionDefinitions.create({ ...values, projectId }), () =>
            duplicateMessage("Action", "'name', 'namespace', 'project_id'", [
              values.name,
              values.namespace ?? "",
              projectId,
            ]),
          ),
        );
      }
      return rows;
    });
  }

  updateActions(
    projectId: string,
    actions: readonly DefinitionValues<NewActionDefinition>[],
    identifier: string | undefined,
  ): Promise<ActionDefinitionRow[]> {
    return this.store.transaction(async (tx) => {
      const rows: ActionDefinitionRow[] = [];
      for (const values of actions) {
        const key = identifier ?? values.name;
        const namespace = values.namespace ?? "";
        const existing = await tx.actionDefinitions.find(access(projectId), key, namespace);
        if (existing === null) throw notFound("Action definition", { action_name: key, namespace });
        if (existing.isSystem) {
          throw new ApiError(
            "WF_API_ERR_SYSTEM_ACTION",
            `Attempt to modify a system action: ${existing.name}`,
          );
        }
        rows.push(await tx.actionDefinitions.update(access(projectId), existing.id, { ...values }));
      }
      return rows;
    });
  }

  async deleteAction(projectId: string, identifier: string, namespace: string): Promise<void> {
    const existing = await this.findAction(projectId, identifier, namespace);
    if (existing === null) throw notFound("Action definition", { action_name: identifier, namespace });
    if (existing.isSystem) {
      throw new ApiError("WF_API_ERR_SYSTEM_ACTION", `Attempt to delete a system action: ${identifier}`);
    }
    await this.store.actionDefinitions.delete(access(projectId), existing.id, namespace);
  }

  // Environments ---------------------------------------------------------------------------------

  getEnvironment(projectId: string, name: string): Promise<EnvironmentRow> {
    return orNotFound(this.store.environments.get(access(projectId), name), () =>
      notFound("Environment", { name }),
    );
  }

  findEnvironment(projectId: string, name: string): Promise<EnvironmentRow | null> {
    return this.store.environments.find(access(projectId), name);
  }

  async environmentById(projectId: string, id: string): Promise<EnvironmentRow> {
    const [row] = await this.store.environments.list(access(projectId), { filters: { id } });
    if (row === undefined) throw notFound("Environment", { id });
    return row;
  }

  listEnvironments(projectId: string, params: ListParams, markerId?: string): Promise<EnvironmentRow[]> {
    return this.store.environments.list(access(projectId), storeListQuery(params, markerId));
  }

  createEnvironment(projectId: string, values: DefinitionValues<NewEnvironment>): Promise<EnvironmentRow> {
    return orDuplicate(this.store.environments.create({ ...values, projectId }), () =>
      duplicateMessage("Environment", "'name', 'project_id'", [values.name, projectId]),
    );
  }

  updateEnvironment(projectId: string, name: string, patch: EnvironmentPatch): Promise<EnvironmentRow> {
    return orNotFound(this.store.environments.update(access(projectId), name, patch), () =>
      notFound("Environment", { name }),
    );
  }

  async deleteEnvironment(projectId: string, name: string): Promise<void> {
    await orNotFound(this.store.environments.delete(access(projectId), name), () =>
      notFound("Environment", { name }),
    );
  }

  // Cron triggers ---------------------------------------------------------------------------------

  createCronTrigger(projectId: string, values: Omit<NewCronTrigger, "projectId">): Promise<CronTriggerRow> {
    return orDuplicate(this.store.cronTriggers.create({ ...values, projectId }), () =>
      duplicateMessage("cron trigger", "'name', 'project_id'", [values.name, projectId]),
    );
  }

  getCronTrigger(projectId: string, identifier: string): Promise<CronTriggerRow> {
    return orNotFound(this.store.cronTriggers.get(access(projectId), identifier), () =>
      notFound("Cron trigger", { identifier }),
    );
  }

  listCronTriggers(
    projectId: ProjectScope,
    params: ListParams,
    markerId?: string,
  ): Promise<CronTriggerRow[]> {
    return this.store.cronTriggers.list(access(projectId), storeListQuery(params, markerId));
  }

  async deleteCronTrigger(projectId: string, identifier: string): Promise<void> {
    await orNotFound(this.store.cronTriggers.delete(access(projectId), identifier), () =>
      notFound("Cron trigger", { identifier }),
    );
  }

  // Workflow executions ---------------------------------------------------------------------------

  createExecution(values: NewWorkflowExecution): Promise<WorkflowExecutionRow> {
    return orDuplicate(this.store.workflowExecutions.create(values), () =>
      duplicateMessage("WorkflowExecution", "'id'", [values.id ?? ""]),
    );
  }

  findExecution(projectId: string, id: string): Promise<WorkflowExecutionRow | null> {
    return this.store.workflowExecutions.find(access(projectId), id);
  }

  getExecution(projectId: string, id: string): Promise<WorkflowExecutionRow> {
    return orNotFound(this.store.workflowExecutions.get(access(projectId), id), () =>
      notFound("WorkflowExecution", { id }),
    );
  }

  listExecutions(
    projectId: ProjectScope,
    params: ListParams,
    markerId?: string,
  ): Promise<WorkflowExecutionRow[]> {
    return this.store.workflowExecutions.list(access(projectId), storeListQuery(params, markerId));
  }

  /** Executions started by a task (its subworkflows), oldest first. */
  executionsOfTask(projectId: string, taskExecutionId: string): Promise<WorkflowExecutionRow[]> {
    return this.store.workflowExecutions.list(access(projectId), {
      filters: { task_execution_id: taskExecutionId },
    });
  }

  updateExecution(
    projectId: string,
    id: string,
    patch: WorkflowExecutionPatch,
  ): Promise<WorkflowExecutionRow> {
    return orNotFound(this.store.workflowExecutions.update(access(projectId), id, patch), () =>
      notFound("WorkflowExecution", { id }),
    );
  }

  /** Changes the execution only while it is in one of `states`; null when it is not any more. */
  updateExecutionIf(
    projectId: string,
    id: string,
    states: readonly ExecutionState[],
    patch: WorkflowExecutionPatch,
  ): Promise<WorkflowExecutionRow | null> {
    return this.store.workflowExecutions.updateIf(access(projectId), id, { state: states }, patch);
  }

  /** Deletes the execution with its tasks, their action executions and subworkflow executions. */
  async deleteExecution(projectId: string, id: string): Promise<void> {
    await orNotFound(this.store.workflowExecutions.delete(access(projectId), id), () =>
      notFound("WorkflowExecution", { id }),
    );
  }

  // Task executions -------------------------------------------------------------------------------

  getTask(projectId: string, id: string): Promise<TaskExecutionRow> {
    return orNotFound(this.store.taskExecutions.get(access(projectId), id), () =>
      notFound("Task execution", { id }),
    );
  }

  findTask(projectId: string, id: string): Promise<TaskExecutionRow | null> {
    return this.store.taskExecutions.find(access(projectId), id);
  }

  listTasks(projectId: string, params: ListParams, markerId?: string): Promise<TaskExecutionRow[]> {
    return this.store.taskExecutions.list(access(projectId), storeListQuery(params, markerId));
  }

  tasksOfExecution(projectId: string, executionId: string): Promise<TaskExecutionRow[]> {
    return this.store.taskExecutions.listForExecution(access(projectId), executionId);
  }

  // Action executions -----------------------------------------------------------------------------

  getActionExecution(projectId: string, id: string): Promise<ActionExecutionRow> {
    return orNotFound(this.store.actionExecutions.get(access(projectId), id), () =>
      notFound("ActionExecution", { id }),
    );
  }

  findActionExecution(projectId: string, id: string): Promise<ActionExecutionRow | null> {
    return this.store.actionExecutions.find(access(projectId), id);
  }

  listActionExecutions(
    projectId: string,
    params: ListParams,
    markerId?: string,
  ): Promise<ActionExecutionRow[]> {
    return this.store.actionExecutions.list(access(projectId), storeListQuery(params, markerId));
  }

  actionExecutionsOfTask(projectId: string, taskExecutionId: string): Promise<ActionExecutionRow[]> {
    return this.store.actionExecutions.list(access(projectId), {
      filters: { task_execution_id: taskExecutionId },
    });
  }

  createActionExecution(
    projectId: string,
    values: Omit<NewActionExecution, "projectId">,
  ): Promise<ActionExecutionRow> {
    return this.store.actionExecutions.create({ ...values, projectId });
  }

  /** Changes the action execution only while it is in one of `states`; null when it is not any more. */
  updateActionExecutionIf(
    projectId: string,
    id: string,
    states: readonly ExecutionState[],
    patch: ActionExecutionPatch,
  ): Promise<ActionExecutionRow | null> {
    return this.store.actionExecutions.updateIf(access(projectId), id, { state: states }, patch);
  }

  async deleteActionExecution(projectId: string, id: string): Promise<void> {
    await orNotFound(this.store.actionExecutions.delete(access(projectId), id), () =>
      notFound("ActionExecution", { id }),
    );
  }

  /** Names of tasks by id (for `task_name` of action executions). */
  async taskNames(projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const names = new Map<string, string>();
    if (unique.length === 0) return names;
    const rows = await this.store.taskExecutions.list(access(projectId), {
      filters: { id: { op: "in", value: unique } },
    });
    for (const row of rows) names.set(row.id, row.name);
    return names;
  }
}

// What the engine does inside one transaction: claim the execution (the row lock that makes it the
// only writer), load its snapshot, and write the decisions' rows in bulk.
import { ALL_PROJECTS } from "./project-access.js";
import type {
  ActionExecutionPatch,
  ActionExecutionRow,
  NewActionExecution,
  NewDelayedCall,
  NewTaskExecution,
  NewWorkflowExecution,
  TaskExecutionPatch,
  TaskExecutionRow,
  WorkflowExecutionPatch,
  WorkflowExecutionRow,
} from "./row-types.js";
import type { SqlSession } from "./raw-sql.js";
import type { TransactionClient } from "./store-client.js";
import { StoreRepositories } from "./store-repositories.js";
import { WORKFLOW_EXECUTIONS } from "./store-tables.js";
import { TableGateway, type StoreEnvironment } from "./table-gateway.js";
import { toWorkflowStoreError, WorkflowStoreError } from "./workflow-store-error.js";

/** Which rows besides the execution and its tasks a snapshot holds. */
export interface ExecutionSnapshotOptions {
  /** Action executions by id (those an event concerns). */
  readonly actionExecutionIds?: readonly string[];
  /** Every action execution of these tasks (a with-items task's items). */
  readonly actionExecutionsOfTasks?: readonly string[];
  /** The subworkflow executions these tasks started. */
  readonly subworkflowsOfTasks?: readonly string[];
}

/** An execution as the conductor needs it: the execution, all its tasks, and the rows asked for. */
export interface ExecutionSnapshot {
  readonly execution: WorkflowExecutionRow;
  /** Every task execution of the execution, in creation order. */
  readonly taskExecutions: readonly TaskExecutionRow[];
  /** The action executions asked for (by id or by task), each once, in creation order. */
  readonly actionExecutions: readonly ActionExecutionRow[];
  readonly subworkflowExecutions: readonly WorkflowExecutionRow[];
}

/** A row to change: its id and the fields to set. */
export interface RowUpdate<Patch> {
  readonly id: string;
  readonly patch: Patch;
}

/** New and changed rows of one engine decision, written together. */
export interface RowChanges {
  readonly workflowExecutions?: {
    readonly create?: readonly NewWorkflowExecution[];
    readonly update?: readonly RowUpdate<WorkflowExecutionPatch>[];
  };
  readonly taskExecutions?: {
    readonly create?: readonly NewTaskExecution[];
    readonly update?: readonly RowUpdate<TaskExecutionPatch>[];
  };
  readonly actionExecutions?: {
    readonly create?: readonly NewActionExecution[];
    readonly update?: readonly RowUpdate<ActionExecutionPatch>[];
  };
  readonly delayedCalls?: {
    /** Stored with {@link DelayedCallRepository.schedule}: a call whose key exists is kept as it is. */
    readonly create?: readonly NewDelayedCall[];
    /** Ids of calls to delete. */
    readonly delete?: readonly string[];
  };
}

/** Loads an execution's snapshot through any set of repositories. */
export async function loadExecutionSnapshot(
  repositories: StoreRepositories,
  executionId: string,
  options: ExecutionSnapshotOptions = {},
): Promise<ExecutionSnapshot> {
  const execution = await repositories.workflowExecutions.get(ALL_PROJECTS, executionId);
  const taskExecutions = await repositories.taskExecutions.listForExecution(ALL_PROJECTS, executionId);
  const byId = await repositories.actionExecutions.findMany(ALL_PROJECTS, options.actionExecutionIds ?? []);
  const byTask = await repositories.actionExecutions.listForTasks(
    ALL_PROJECTS,
    options.actionExecutionsOfTasks ?? [],
  );
  const seen = new Set<string>();
  const actionExecutions = [...byTask, ...byId]
    .filter((row) => (seen.has(row.id) ? false : (seen.add(row.id), true)))
    .sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const subworkflowExecutions = await repositories.workflowExecutions.listForTasks(
    ALL_PROJECTS,
    options.subworkflowsOfTasks ?? [],
  );
  return { execution, taskExecutions, actionExecutions, subworkflowExecutions };
}

/**
 * The store inside one interactive transaction: every repository call runs in it, and it commits
 * when the callback returns (or rolls back when it throws).
 */
export class StoreTransaction extends StoreRepositories {
  readonly #executions: TableGateway<WorkflowExecutionRow>;

  /** @internal */
  constructor(
    private readonly tx: TransactionClient,
    environment: StoreEnvironment,
    sql?: SqlSession,
  ) {
    super(tx, environment, sql);
    this.#executions = new TableGateway(WORKFLOW_EXECUTIONS, tx, environment, this.sql);
  }

  /**
   * Makes this transaction the only writer of a workflow execution until it ends: runs
   * `UPDATE workflow_executions SET version = version + 1 WHERE id = ?`, which takes the row lock on
   * PostgreSQL and MySQL and (the transaction having begun with BEGIN IMMEDIATE) holds the write lock
   * on SQLite. Call it first: what the transaction reads afterwards is what the previous holder
   * committed. Another transaction claiming the same execution waits here until this one ends.
   *
   * @returns the execution, with its new version
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  async claimExecution(executionId: string): Promise<WorkflowExecutionRow> {
    // One statement where there is RETURNING: the UPDATE hands back the row it has locked.
    const claimed = await this.#executions.tryRaw(
      (t, db) =>
        t.updateReturning(db, executionId, {}, { access: ALL_PROJECTS, extraSet: t.incrementSql("version") }),
      { id: executionId },
    );
    if (claimed !== undefined) {
      if (claimed.value === null) throw this.#executions.notFound({ id: executionId });
      return this.#executions.decode(claimed.value);
    }
    let changed: number;
    try {
      changed = await this.tx
        .$executeRaw`UPDATE workflow_executions SET version = version + 1 WHERE id = ${executionId}`;
    } catch (error) {
      throw toWorkflowStoreError(error, { resource: "workflow_executions", id: executionId });
    }
    if (changed === 0) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_NOT_FOUND",
        `workflow_executions not found [id=${executionId}]`,
        {
          resource: "workflow_executions",
          id: executionId,
        },
      );
    }
    return this.workflowExecutions.get(ALL_PROJECTS, executionId);
  }

  /** The execution, all its task executions and the rows `options` asks for. */
  loadExecutionSnapshot(
    executionId: string,
    options: ExecutionSnapshotOptions = {},
  ): Promise<ExecutionSnapshot> {
    return loadExecutionSnapshot(this, executionId, options);
  }

  /**
   * Writes new and changed rows. New rows are inserted in bulk, parents before children (executions,
   * then tasks, then subworkflow executions of new tasks, then action executions); then rows are
   * updated one by one, and delayed calls scheduled and deleted. New rows get an id and `createdAt`
   * when they have none; changed rows get `updatedAt`.
   */
  async write(changes: RowChanges): Promise<void> {
    const newTaskIds = new Set(
      (changes.taskExecutions?.create ?? []).map((t) => t.id).filter((id): id is string => id !== undefined),
    );
    const newExecutions = changes.workflowExecutions?.create ?? [];
    const underNewTask = (e: NewWorkflowExecution) =>
      e.taskExecutionId != null && newTaskIds.has(e.taskExecutionId);
    await this.workflowExecutions.createMany(newExecutions.filter((e) => !underNewTask(e)));
    await this.taskExecutions.createMany(changes.taskExecutions?.create ?? []);
    await this.workflowExecutions.createMany(newExecutions.filter(underNewTask));
    await this.actionExecutions.createMany(changes.actionExecutions?.create ?? []);
    for (const { id, patch } of changes.workflowExecutions?.update ?? []) {
      await this.workflowExecutions.updateWithoutResult(id, patch);
    }
    for (const { id, patch } of changes.taskExecutions?.update ?? []) {
      await this.taskExecutions.updateWithoutResult(id, patch);
    }
    for (const { id, patch } of changes.actionExecutions?.update ?? []) {
      await this.actionExecutions.updateWithoutResult(id, patch);
    }
    for (const call of changes.delayedCalls?.create ?? []) await this.delayedCalls.schedule(call);
    for (const id of changes.delayedCalls?.delete ?? []) await this.delayedCalls.delete(id);
  }
}

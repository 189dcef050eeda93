// Workflow, task and action executions: addressed by id, always of one project (an execution is never
// public), and what the reconciler scans for work that the database shows in flight.
import type { FilterInput, ListQuery } from "./list-query.js";
import { accessProjectId, type ProjectAccess } from "./project-access.js";
import {
  FINISHED_STATES,
  type ActionExecutionPatch,
  type ActionExecutionRow,
  type ExecutionState,
  type NewActionExecution,
  type NewTaskExecution,
  type NewWorkflowExecution,
  type TaskExecutionPatch,
  type TaskExecutionRow,
  type WorkflowExecutionPatch,
  type WorkflowExecutionRow,
} from "./row-types.js";
import type { TableGateway, Where } from "./table-gateway.js";

/** What a compare-and-set update expects the row to be. */
export interface ExpectedExecution {
  /** The row's state must be this one (or one of these). */
  readonly state?: ExecutionState | readonly ExecutionState[];
  /** The row's version must be this one (workflow executions only). */
  readonly version?: number;
}

/** Options of the reconciler's scans. */
export interface StaleScanOptions {
  /** Only rows not changed for this many seconds (by `updated_at`, else `created_at`). */
  readonly olderThanSeconds?: number;
  /** At most this many rows, oldest first. */
  readonly limit?: number;
}

export class ExecutionRepository<Row, New extends object, Patch extends object> {
  /** @internal */
  constructor(protected readonly gateway: TableGateway<Row>) {}

  /** Creates a row; `id` defaults to a new UUID, `createdAt` to now. */
  create(values: New): Promise<Row> {
    return this.gateway.insert(values);
  }

  /** Creates rows in one INSERT; how many. */
  createMany(values: readonly New[]): Promise<number> {
    return this.gateway.insertMany(values);
  }

  /** The rows with these ids that `access` may read, in creation order (unknown ids are skipped). */
  findMany(access: ProjectAccess, ids: readonly string[]): Promise<Row[]> {
    return this.gateway.findWhereIn(access, "id", ids);
  }

  /** The row with this id, or null (also when it is another project's). */
  find(access: ProjectAccess, id: string): Promise<Row | null> {
    return this.gateway.findById(access, id);
  }

  /**
   * The row with this id.
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  get(access: ProjectAccess, id: string): Promise<Row> {
    return this.gateway.getById(access, id);
  }

  /**
   * Changes the row; `updatedAt` becomes now unless the patch sets it.
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  async update(access: ProjectAccess, id: string, patch: Patch): Promise<Row> {
    // A project may only change its own rows; for ALL_PROJECTS the UPDATE itself says "not found".
    if (accessProjectId(access) !== undefined) await this.gateway.getById(access, id);
    return this.gateway.updateById(id, patch);
  }

  /**
   * @internal {@link update} with {@link ALL_PROJECTS} without reading the row back (what
   * `StoreTransaction.write` needs).
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  updateWithoutResult(id: string, patch: Patch): Promise<void> {
    return this.gateway.updateByIdWithoutResult(id, patch);
  }

  /**
   * Changes the row only if it still is as `expected` (compare-and-set in one UPDATE): the updated row,
   * or null when it is not (any more) — e.g. an executor writing a result only while still RUNNING.
   */
  async updateIf(
    access: ProjectAccess,
    id: string,
    expected: ExpectedExecution,
    patch: Patch,
  ): Promise<Row | null> {
    return this.gateway.updateByIdIf(access, id, { state: expected.state, version: expected.version }, patch);
  }

  /**
   * Deletes the row with what hangs off it: a workflow execution's tasks, a task's action executions
   * and subworkflow executions (foreign keys with ON DELETE CASCADE).
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  async delete(access: ProjectAccess, id: string): Promise<void> {
    await this.gateway.getById(access, id);
    await this.gateway.deleteById(id);
  }

  /** The rows of a list endpoint: filters, sort, limit and marker as in Mistral's API. */
  list(access: ProjectAccess, query: ListQuery = {}): Promise<Row[]> {
    return this.gateway.list(access, query);
  }

  /** How many rows `access` may read match `filters`. */
  count(access: ProjectAccess, filters?: Readonly<Record<string, FilterInput | undefined>>): Promise<number> {
    return this.gateway.count(access, filters);
  }

  /** Rows in `states`, optionally unchanged for a while, oldest first: the reconciler's scans. */
  protected scan(
    states: readonly ExecutionState[],
    options: StaleScanOptions,
    extra: Where[] = [],
  ): Promise<Row[]> {
    const and: Where[] = [{ state: { in: [...states] } }, ...extra];
    if (options.olderThanSeconds !== undefined) {
      const cutoff = new Date(this.gateway.environment.now().getTime() - options.olderThanSeconds * 1000);
      and.push({ OR: [{ updatedAt: { lt: cutoff } }, { updatedAt: null, createdAt: { lt: cutoff } }] });
    }
    return this.gateway.findMany(
      { AND: and },
      {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        ...(options.limit === undefined ? {} : { take: options.limit }),
      },
    );
  }
}

/**
 * Executions a retry or a rerun made stop counting for their task (`"invalidated": true` in their
 * runtime context, as the engine writes it): their result is never taken, so nothing waits for it.
 */
const NOT_INVALIDATED: Where = {
  OR: [{ runtimeContext: null }, { NOT: { runtimeContext: { contains: '"invalidated": true' } } }],
};

/** The `workflow_executions` table. */
export class WorkflowExecutionRepository extends ExecutionRepository<
  WorkflowExecutionRow,
  NewWorkflowExecution,
  WorkflowExecutionPatch
> {
  /** Executions still IDLE (created, never started), for the reconciler to start again. */
  findIdle(options: StaleScanOptions = {}): Promise<WorkflowExecutionRow[]> {
    return this.scan(["IDLE"], options);
  }

  /**
   * Subworkflow executions finished whose result the parent has not taken (`accepted` false): the
   * reconciler re-enqueues `subworkflow-complete`.
   */
  findUnacceptedSubworkflows(options: StaleScanOptions = {}): Promise<WorkflowExecutionRow[]> {
    return this.scan(FINISHED_STATES, options, [
      { accepted: false },
      { taskExecutionId: { not: null } },
      NOT_INVALIDATED,
    ]);
  }

  /** The subworkflow executions started by these tasks, in creation order. */
  listForTasks(access: ProjectAccess, taskExecutionIds: readonly string[]): Promise<WorkflowExecutionRow[]> {
    return this.gateway.findWhereIn(access, "taskExecutionId", taskExecutionIds);
  }

  /**
   * Root executions (not subworkflows) in `states` that have not changed since before `cutoff`, at
   * most `limit`, oldest first: what an expiration policy deletes by age.
   */
  findRootsUnchangedSince(
    states: readonly ExecutionState[],
    cutoff: Date,
    limit: number,
  ): Promise<WorkflowExecutionRow[]> {
    return this.gateway.findMany(
      { AND: [{ taskExecutionId: null }, { state: { in: [...states] } }, { updatedAt: { lt: cutoff } }] },
      { orderBy: [{ updatedAt: "asc" }, { id: "asc" }], take: limit },
    );
  }

  /**
   * Root executions in `states` beyond the `keep` most recently changed, at most `limit`: what an
   * expiration policy deletes by count.
   */
  findRootsBeyondNewest(
    states: readonly ExecutionState[],
    keep: number,
    limit: number,
  ): Promise<WorkflowExecutionRow[]> {
    return this.gateway.findMany(
      { AND: [{ taskExecutionId: null }, { state: { in: [...states] } }] },
      { orderBy: [{ updatedAt: "desc" }, { id: "desc" }], skip: keep, take: limit },
    );
  }

  /**
   * Deletes these executions with what hangs off them (see {@link delete}); ids already gone are
   * skipped. Answers how many were deleted.
   */
  deleteMany(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.gateway.deleteWhere({ id: { in: [...ids] } });
  }
}

/** The `task_executions` table. */
export class TaskExecutionRepository extends ExecutionRepository<
  TaskExecutionRow,
  NewTaskExecution,
  TaskExecutionPatch
> {
  /** Every task of one workflow execution, in creation order. */
  listForExecution(access: ProjectAccess, workflowExecutionId: string): Promise<TaskExecutionRow[]> {
    return this.gateway.findWhereIn(access, "workflowExecutionId", [workflowExecutionId]);
  }
}

/** The `action_executions` table. */
export class ActionExecutionRepository extends ExecutionRepository<
  ActionExecutionRow,
  NewActionExecution,
  ActionExecutionPatch
> {
  /** The action executions of these tasks, in creation order (with-items: one per item). */
  listForTasks(access: ProjectAccess, taskExecutionIds: readonly string[]): Promise<ActionExecutionRow[]> {
    return this.gateway.findWhereIn(access, "taskExecutionId", taskExecutionIds);
  }

  /** Action executions RUNNING (optionally for a while): the reconciler re-enqueues `run-action`. */
  findRunning(options: StaleScanOptions = {}): Promise<ActionExecutionRow[]> {
    return this.scan(["RUNNING"], options);
  }

  /**
   * Action executions finished whose result the engine has not taken (`accepted` false): the
   * reconciler re-enqueues `action-complete`.
   */
  findUnaccepted(options: StaleScanOptions = {}): Promise<ActionExecutionRow[]> {
    return this.scan(FINISHED_STATES, options, [{ accepted: false }, NOT_INVALIDATED]);
  }
}

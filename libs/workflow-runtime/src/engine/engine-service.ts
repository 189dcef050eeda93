// The engine role: turns each job of the engine queue into a conductor event, and applies the
// conductor's decisions to the database in the transaction that claimed the execution (one writer
// per execution). Jobs the decisions call for are enqueued after the commit; a crash in between is
// repaired by the reconciler, which finds the rows with no job.
import { randomUUID } from "node:crypto";
import {
  conduct,
  noDecisions,
  isCompleted,
  type ActionExecutionRow as ConductorActionExecution,
  type ConductorEnvironment,
  type ConductorEvent,
  type ConductorJob,
  type InstantActionResult,
  type ConductorSnapshot,
  type Decisions,
} from "@ops/workflow-conductor";
import {
  ALL_PROJECTS,
  type StoreTransaction,
  type WorkflowExecutionRow,
  type WorkflowStore,
} from "@ops/workflow-store";
import type { Logger } from "pino";
import { actionExecutionOutput, type ActionImplementation } from "../actions/index.js";
import type { WorkflowQueues } from "../queues/workflow-queues-client.js";
import type { EngineJob, ExecutorJob } from "../queues/workflow-queues.js";
import { decisionRowChanges, isJsonObject, timerEvent } from "./conductor-rows.js";
import { DefinitionCache, InvalidSpecError } from "./definition-cache.js";
import { SnapshotLoader } from "./snapshot-loader.js";

export interface EngineServiceOptions {
  readonly store: WorkflowStore;
  readonly queues: WorkflowQueues;
  /** The actions executors can run: what system actions the conductor may schedule. */
  readonly actions: ReadonlyMap<string, ActionImplementation>;
  readonly logger: Logger;
  /**
   * Whether the engine takes the results of instant actions (std.echo without a delay, std.noop,
   * std.fail, std.test_dict; see `ActionImplementation.runInstantly`) in the transaction that
   * schedules them, rather than sending them to an executor. @defaultValue true
   */
  readonly instantActions?: boolean;
}

/** Rounds of needs before the engine gives up on an event (a conductor that keeps asking is a bug). */
const MAX_NEED_ROUNDS = 25;
/** Rounds of needs during which the engine still offers instant action results. */
const INSTANT_ACTION_ROUNDS = 10;

/**
 * Which execution an engine job is about, and what happened to it. For an action that completed,
 * the event is built from the snapshot inside the transaction (`event` is then the action's
 * route); a job that carries the route needs no lookup before the claim.
 */
interface ResolvedEvent {
  readonly executionId: string;
  readonly event: ConductorEvent | RoutedActionComplete;
  /** For a timer: its row in delayed_calls, deleted in the transaction that handles it. */
  readonly timerId?: string;
}

interface RoutedActionComplete {
  readonly type: "routed-action-complete";
  readonly actionExecutionId: string;
  readonly taskExecutionId: string;
}

export class EngineService {
  readonly #store: WorkflowStore;
  readonly #queues: WorkflowQueues;
  readonly #logger: Logger;
  readonly #loader: SnapshotLoader;
  readonly #actions: ReadonlyMap<string, ActionImplementation> | null;

  constructor(options: EngineServiceOptions) {
    this.#store = options.store;
    this.#queues = options.queues;
    this.#logger = options.logger;
    this.#loader = new SnapshotLoader(new DefinitionCache(options.actions));
    this.#actions = options.instantActions === false ? null : options.actions;
  }

  /** Handles one job. Running it twice changes nothing the second time. */
  async handle(job: EngineJob): Promise<void> {
    if (job.type === "rerun") return this.rerun(job);
    const resolved = await this.resolve(job);
    if (resolved === null) return;
    await this.deliver(resolved);
  }

  private async deliver(resolved: ResolvedEvent): Promise<void> {
    const decisions = await this.decide(resolved.executionId, resolved.event, resolved.timerId);
    this.#logger.debug(
      {
        executionId: resolved.executionId,
        event: resolved.event.type === "routed-action-complete" ? "action-complete" : resolved.event.type,
        jobs: decisions.jobs.length,
        ...(decisions.skipped === undefined ? {} : { skipped: decisions.skipped }),
      },
      "engine job handled",
    );
    await this.enqueue(resolved.executionId, decisions);
  }

  /**
   * A failed task runs again. The executions above it, if it is in a sub-workflow, are reopened
   * first, from the root down, each in its own transaction (one writer per execution), so that
   * none of them can receive the rerun sub-workflow's result before it waits for it again.
   */
  private async rerun(job: Extract<EngineJob, { type: "rerun" }>): Promise<void> {
    const task = await this.#store.taskExecutions.find(ALL_PROJECTS, job.taskExecutionId);
    if (task === null) return;
    const steps: ResolvedEvent[] = [];
    let child = await this.#store.workflowExecutions.find(ALL_PROJECTS, task.workflowExecutionId);
    while (child !== null && child.taskExecutionId !== null) {
      const parentTask = await this.#store.taskExecutions.find(ALL_PROJECTS, child.taskExecutionId);
      if (parentTask === null) break;
      steps.unshift({
        executionId: parentTask.workflowExecutionId,
        event: { type: "subworkflow-rerun", executionId: child.id, taskExecutionId: parentTask.id },
      });
      child = await this.#store.workflowExecutions.find(ALL_PROJECTS, parentTask.workflowExecutionId);
    }
    steps.push({
      executionId: task.workflowExecutionId,
      event: {
        type: "rerun",
        taskExecutionId: task.id,
        reset: job.reset,
        ...(job.env === undefined ? {} : { env: job.env }),
      },
    });
    for (const step of steps) await this.deliver(step);
  }

  /** The execution and event a job is about; null when it no longer concerns any execution. */
  private async resolve(job: Exclude<EngineJob, { type: "rerun" }>): Promise<ResolvedEvent | null> {
    switch (job.type) {
      case "timer": {
        const call = await this.#store.delayedCalls.find(job.timerId);
        if (call === null) return null;
        const timer = timerEvent(call);
        if (timer === null) {
          this.#logger.warn(
            { timerId: call.id, kind: call.kind },
            "a delayed call that is no timer: dropped",
          );
          await this.#store.delayedCalls.delete(call.id);
          return null;
        }
        return { ...timer, timerId: call.id };
      }
      case "start-execution":
        return { executionId: job.executionId, event: { type: "start" } };
      case "control": {
        const event: ConductorEvent =
          job.command === "pause"
            ? { type: "pause", message: job.message ?? null }
            : job.command === "resume"
              ? { type: "resume" }
              : { type: "cancel", message: job.message ?? null };
        return { executionId: job.executionId, event };
      }
      case "action-complete":
        if (job.route !== undefined) {
          const { executionId, taskExecutionId } = job.route;
          const event = {
            type: "routed-action-complete" as const,
            actionExecutionId: job.actionExecutionId,
            taskExecutionId,
          };
          return { executionId, event };
        }
        return this.resolveActionComplete(job.actionExecutionId);
      case "subworkflow-complete":
      case "subworkflow-update":
        return this.resolveSubworkflowEvent(job.type, job.executionId);
    }
  }

  private async resolveActionComplete(actionExecutionId: string): Promise<ResolvedEvent | null> {
    const action = await this.#store.actionExecutions.find(ALL_PROJECTS, actionExecutionId);
    if (action === null || action.accepted || !isCompleted(action.state)) return null;
    if (action.taskExecutionId === null) {
      // An action run on its own (POST /v2/action_executions): nothing waits for it.
      await this.#store.actionExecutions.updateIf(
        ALL_PROJECTS,
        action.id,
        { state: action.state },
        { accepted: true },
      );
      return null;
    }
    const task = await this.#store.taskExecutions.find(ALL_PROJECTS, action.taskExecutionId);
    if (task === null) return null;
    // The event itself is read in the transaction, as for a routed job.
    return {
      executionId: task.workflowExecutionId,
      event: { type: "routed-action-complete", actionExecutionId, taskExecutionId: task.id },
    };
  }

  private async resolveSubworkflowEvent(
    type: "subworkflow-complete" | "subworkflow-update",
    executionId: string,
  ): Promise<ResolvedEvent | null> {
    const child = await this.#store.workflowExecutions.find(ALL_PROJECTS, executionId);
    if (child === null || child.taskExecutionId === null) return null;
    if (type === "subworkflow-complete" && (child.accepted || !isCompleted(child.state))) return null;
    const task = await this.#store.taskExecutions.find(ALL_PROJECTS, child.taskExecutionId);
    if (task === null) return null;
    return { executionId: task.workflowExecutionId, event: { type, executionId, taskExecutionId: task.id } };
  }

  /**
   * Claims the execution, runs the conductor to a decision and writes it, in one transaction. A
   * timer's row is deleted in it: the timer fires once, however often its job is delivered.
   */
  private decide(
    executionId: string,
    given: ConductorEvent | RoutedActionComplete,
    timerId?: string,
  ): Promise<Decisions> {
    return this.#store.transaction(async (tx) => {
      let execution: WorkflowExecutionRow;
      try {
        execution = await tx.claimExecution(executionId);
      } catch (error) {
        if ((error as { code?: string }).code !== "WF_STORE_ERR_NOT_FOUND") throw error;
        if (timerId !== undefined) await tx.delayedCalls.delete(timerId);
        return noDecisions("execution deleted");
      }
      if (timerId !== undefined && !(await tx.delayedCalls.delete(timerId)))
        return noDecisions("timer already fired");
      let snapshot: ConductorSnapshot;
      try {
        snapshot = await this.#loader.load(tx, execution);
      } catch (error) {
        if (!(error instanceof InvalidSpecError)) throw error;
        return this.failExecution(tx, execution, error.message);
      }
      const event =
        given.type === "routed-action-complete" ? await actionCompleteEvent(tx, snapshot, given) : given;
      if (event === null) return noDecisions("action already taken, or not finished");
      for (let round = 0; round < MAX_NEED_ROUNDS; round++) {
        // A long chain of instant actions may reveal one need after another; past a few rounds
        // the engine stops taking results at once and lets executors bring them.
        const environment = this.environment(round < INSTANT_ACTION_ROUNDS);
        let result;
        try {
          result = conduct(snapshot, event, environment);
        } catch (error) {
          // A bug of the conductor must not leave the execution RUNNING forever.
          this.#logger.error({ err: error, executionId, event: event.type }, "the conductor failed");
          return this.failExecution(tx, execution, `Engine error: ${(error as Error).message}`);
        }
        if (result.kind === "decisions") {
          await tx.write(decisionRowChanges(execution, result.decisions));
          return result.decisions;
        }
        snapshot = await this.#loader.satisfy(tx, snapshot, result.needs);
      }
      return this.failExecution(tx, execution, "Engine error: the conductor kept asking for more data.");
    });
  }

  private environment(withInstantActions: boolean): ConductorEnvironment {
    const actions = withInstantActions ? this.#actions : null;
    return {
      now: () => new Date(),
      newId: () => randomUUID(),
      ...(actions === null ? {} : { instantResult: (request) => instantResult(actions, request.action) }),
    };
  }

  /** Ends an execution the engine cannot go on with in ERROR, telling its parent if it has one. */
  private async failExecution(
    tx: StoreTransaction,
    execution: WorkflowExecutionRow,
    stateInfo: string,
  ): Promise<Decisions> {
    if (isCompleted(execution.state)) return noDecisions("execution already finished");
    await tx.workflowExecutions.update(ALL_PROJECTS, execution.id, { state: "ERROR", stateInfo });
    const jobs: ConductorJob[] =
      execution.taskExecutionId === null
        ? []
        : [
            {
              type: "subworkflow-complete",
              executionId: execution.id,
              taskExecutionId: execution.taskExecutionId,
            },
          ];
    return { ...noDecisions(), jobs };
  }

  private async enqueue(executionId: string, decisions: Decisions): Promise<void> {
    const engineJobs: EngineJob[] = [];
    const runs: { job: ExecutorJob; target: string | null }[] = [];
    const taskOfAction = new Map(
      decisions.createActionExecutions.map((row) => [row.id, row.taskExecutionId]),
    );
    for (const job of decisions.jobs) {
      switch (job.type) {
        case "run-action": {
          const taskExecutionId = taskOfAction.get(job.actionExecutionId);
          const route = taskExecutionId ? { executionId, taskExecutionId } : undefined;
          runs.push({
            job: {
              type: "run-action",
              actionExecutionId: job.actionExecutionId,
              ...(route ? { route } : {}),
            },
            target: job.target,
          });
          break;
        }
        case "start-execution":
          engineJobs.push({ type: "start-execution", executionId: job.executionId });
          break;
        case "subworkflow-complete":
        case "subworkflow-update":
          engineJobs.push({ type: job.type, executionId: job.executionId });
          break;
        case "control":
          engineJobs.push({
            type: "control",
            executionId: job.executionId,
            command: job.command,
            message: job.message,
          });
          break;
      }
    }
    const timers = decisions.createTimers.map((timer) => ({ timerId: timer.id, dueAt: timer.dueAt }));
    await Promise.all([
      this.#queues.enqueueExecutor(runs),
      this.#queues.enqueueEngine(engineJobs),
      this.#queues.enqueueTimers(timers),
    ]);
  }
}

/**
 * The event of a routed action-complete job, from the action's row in the snapshot (or read in the
 * transaction when its task is closed); null when there is nothing to take.
 */
async function actionCompleteEvent(
  tx: StoreTransaction,
  snapshot: ConductorSnapshot,
  routed: RoutedActionComplete,
): Promise<ConductorEvent | null> {
  const loaded = snapshot.taskChildren?.[routed.taskExecutionId]?.actionExecutions.find(
    (row) => row.id === routed.actionExecutionId,
  );
  const action = loaded ?? (await tx.actionExecutions.find(ALL_PROJECTS, routed.actionExecutionId));
  if (action === null || action === undefined || action.accepted || !isCompleted(action.state)) return null;
  return {
    type: "action-complete",
    actionExecutionId: action.id,
    taskExecutionId: routed.taskExecutionId,
    state: action.state as "SUCCESS" | "ERROR" | "CANCELLED",
    output: isJsonObject(action.output) ? action.output : { result: null },
  };
}

/** The result of an action the engine can compute at once, as the executor would store it. */
function instantResult(
  actions: ReadonlyMap<string, ActionImplementation>,
  action: ConductorActionExecution,
): InstantActionResult | undefined {
  const plan = action.spec;
  if (plan === null) return undefined;
  const result = actions.get(plan.action)?.runInstantly?.(plan.input, {
    actionExecutionId: action.id,
    taskExecutionId: action.taskExecutionId,
    workflowName: action.workflowName,
  });
  if (result === undefined || "pending" in result) return undefined;
  return {
    state: result.ok ? "SUCCESS" : "ERROR",
    output: actionExecutionOutput(result) ?? { result: null },
  };
}

// The entry point: one event for one execution, against a snapshot, gives decisions or needs.
import { ConductorError } from "./conductor-error.js";
import type { ConductorEnvironment } from "./conductor-environment.js";
import type { ConductorEvent } from "./conductor-event.js";
import type { ConductResult, Decisions } from "./conduct-result.js";
import type { ConductorSnapshot } from "./conductor-snapshot.js";
import { ExecutionSession, NeedsSignal } from "./engine/execution-session.js";
import { WorkflowEngine } from "./engine/workflow-engine.js";
import { workflowEventOutcome } from "./workflow-event-table.js";

/**
 * Decides what an event means for a workflow execution. Pure: no I/O, no clock, no randomness;
 * the same snapshot, event and environment answers give the same result.
 *
 * @returns `decisions` to write in the transaction that loaded the snapshot (and jobs to enqueue
 *   after it commits), or `needs`: data to add to the snapshot before calling again.
 * @throws ConductorError `WF_ERR_SNAPSHOT` when the snapshot lacks a row the event refers to,
 *   `WF_ERR_UNSUPPORTED` for an event the state table marks unsupported.
 *
 * @example
 * ```ts
 * let snapshot = await loadSnapshot(tx, executionId);
 * for (;;) {
 *   const result = conduct(snapshot, event, { now: () => new Date(), newId: randomUUID });
 *   if (result.kind === "decisions") { await write(tx, result.decisions); break; }
 *   snapshot = await loadNeeds(tx, snapshot, result.needs);
 * }
 * ```
 */
export function conduct(
  snapshot: ConductorSnapshot,
  event: ConductorEvent,
  environment: ConductorEnvironment,
): ConductResult {
  const state = snapshot.execution.state;
  const outcome = workflowEventOutcome(state, event.type);
  if (outcome === "unsupported") {
    throw new ConductorError("WF_ERR_UNSUPPORTED", `The ${event.type} event is not supported yet.`, {
      executionId: snapshot.execution.id,
      event: event.type,
    });
  }
  if (outcome === "ignore")
    return {
      kind: "decisions",
      decisions: noDecisions(`${event.type} does nothing to a ${state} execution`),
    };
  const session = new ExecutionSession(snapshot, environment);
  try {
    const engine = new WorkflowEngine(session);
    let skipped: string | undefined;
    switch (event.type) {
      case "start":
        engine.start();
        break;
      case "action-complete":
        skipped = engine.onActionComplete(event);
        break;
      case "subworkflow-complete":
        skipped = engine.onSubworkflowComplete(event);
        break;
      case "subworkflow-update":
        skipped = engine.onSubworkflowUpdate(event);
        break;
      case "pause":
        engine.pause(event.message ?? null);
        break;
      case "resume":
        engine.resume(event.env);
        break;
      case "cancel":
        engine.stop("CANCELLED", event.message ?? null);
        break;
      case "fail":
        engine.stop("ERROR", event.message ?? null);
        break;
      case "succeed":
        engine.stop("SUCCESS", event.message ?? null);
        break;
      case "timer":
        skipped = engine.onTimer(event);
        break;
      case "rerun":
        skipped = engine.rerun(event);
        break;
      case "subworkflow-rerun":
        skipped = engine.onSubworkflowRerun(event);
        break;
    }
    if (skipped === undefined) engine.finish();
    takeInstantResults(session, engine);
    if (session.hasNeeds()) return { kind: "needs", needs: session.recordedNeeds() };
    return { kind: "decisions", decisions: session.toDecisions(skipped) };
  } catch (error) {
    if (error instanceof NeedsSignal || session.hasNeeds())
      return { kind: "needs", needs: session.recordedNeeds() };
    throw error;
  }
}

/**
 * Takes in the results of the instant actions the call scheduled, each as its own action-complete
 * event, in the order they were scheduled (the order an executor's results would arrive in).
 */
function takeInstantResults(session: ExecutionSession, engine: WorkflowEngine): void {
  for (let event = session.nextInstantCompletion(); event; event = session.nextInstantCompletion()) {
    // A workflow that ended meanwhile (a `fail` transition) keeps the result but decides nothing.
    if (workflowEventOutcome(session.execution.state, "action-complete") === "ignore") continue;
    session.beginEvent();
    if (engine.onActionComplete(event) === undefined) engine.finish();
  }
}

/** Decisions that change nothing, with why (for logs). */
export function noDecisions(skipped?: string): Decisions {
  return {
    createTaskExecutions: [],
    updateTaskExecutions: [],
    createActionExecutions: [],
    updateActionExecutions: [],
    createWorkflowExecutions: [],
    updateWorkflowExecutions: [],
    createTimers: [],
    jobs: [],
    ...(skipped === undefined ? {} : { skipped }),
  };
}

// Task policies, at the two points Mistral runs them: before a task starts its work and right
// after it completes. Implemented: `concurrency` (with-items) and `fail-on`. Issue 4 adds the
// policies that need timers — wait-before, pause-before and timeout before the start; wait-after
// and retry after completion — here, as further steps of these two functions: a policy that delays
// a task sets it DELAYED (or PAUSED) and records a timer, and the callers already stop when the
// task is no longer RUNNING (before start) or is DELAYED (after completion).
import { effectivePolicies, pyRepr, PyFloat, type TaskSpec } from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import { evaluate, taskScope } from "./expression-context.js";
import { setRuntime } from "./task-scheduler.js";

/** Runs the policies that act before a task starts; the task may leave RUNNING. */
export function beforeTaskStart(session: ExecutionSession, task: TaskRecord, taskSpec: TaskSpec): void {
  const policies = effectivePolicies(session.spec, taskSpec);
  if (policies.concurrency !== undefined) {
    const concurrency = evaluatePolicy(session, task, policies.concurrency);
    if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 0) {
      throw invalidPolicy("ConcurrencyPolicy", "concurrency", concurrency, "integer");
    }
    if (concurrency !== 0) setRuntime(task, "concurrency", concurrency);
  }
}

/**
 * Runs the policies that act after a task completes (before its transitions are chosen); the
 * task's state may change.
 */
export function afterTaskComplete(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  setState: (state: "ERROR", stateInfo: string) => void,
): void {
  const policies = effectivePolicies(session.spec, taskSpec);
  if (policies.failOn !== undefined) {
    const failOn = evaluatePolicy(session, task, policies.failOn);
    if (typeof failOn !== "boolean") throw invalidPolicy("FailOnPolicy", "fail-on", failOn, "boolean");
    if (task.state === "SUCCESS" && failOn) setState("ERROR", "Failed by 'fail-on' policy");
  }
}

function evaluatePolicy(session: ExecutionSession, task: TaskRecord, value: unknown): unknown {
  const evaluated = typeof value === "string" ? evaluate(session, value, taskScope(session, task)) : value;
  return evaluated instanceof PyFloat ? evaluated.value : evaluated;
}

function invalidPolicy(policy: string, key: string, value: unknown, type: string): ConductorError {
  return new ConductorError(
    "WF_ERR_POLICY",
    `Invalid data type in ${policy}: ${pyRepr(value)} is not of type '${type}'. Value(s) can be shown after ` +
      "YAQL evaluating. If you use YAQL here, please correct it.",
    { policy: key },
  );
}

// Task policies, at the two points Mistral runs them (mistral/engine/policies.py): before a task
// starts its work, and right after it completes, before its transitions are chosen. They run in
// Mistral's order — pause-before, wait-before, wait-after, fail-on, retry, timeout, concurrency —
// and each first evaluates its values (expressions allowed) and checks their types. A policy that
// delays a task sets it DELAYED and asks for a durable timer; pause-before sets it IDLE and pauses
// the workflow. The callers stop when the task is no longer RUNNING (before start) or is DELAYED
// (after completion). Per-task policy state lives in the task's runtime context under Mistral's
// keys (`wait_before_policy`, `wait_after_policy`, `retry_task_policy`).
import { effectivePolicies, pyRepr, PyFloat, type PoliciesSpec, type TaskSpec } from "@ops/dsl";
import { ConductorError } from "../conductor-error.js";
import type { TimerKind } from "../conduct-result.js";
import type { JsonObject } from "../execution-rows.js";
import { isCompleted, type ExecutionState } from "../execution-states.js";
import { outboundContext } from "./data-flow.js";
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import { evaluate, taskScope } from "./expression-context.js";
import { isDict, pyTruthy, shallowCopy } from "./python-values.js";
import { setRuntime } from "./task-scheduler.js";

/** What the policies may do to a task and its workflow besides changing the task's row. */
export interface PolicyEffects {
  setState(state: ExecutionState, stateInfo: string | null): void;
  /** Pauses the workflow (pause-before). */
  pauseWorkflow(): void;
  /** Marks every execution of the task as no longer counting for its result (retry). */
  invalidateResult(): void;
}

/** Runs the policies that act before a task starts; the task may leave RUNNING. */
export function beforeTaskStart(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  effects: PolicyEffects,
): void {
  const policies = effectivePolicies(session.spec, taskSpec);
  const values = (fields: Record<string, unknown>) => evaluateFields(session, task, fields);
  if (policies.pauseBefore !== undefined) {
    const { expr } = values({ expr: policies.pauseBefore });
    checkBoolean("PauseBeforePolicy", "expr", expr);
    if (expr === true) {
      effects.setState("IDLE", "Set by 'pause-before' policy");
      effects.pauseWorkflow();
    }
  }
  if (policies.waitBefore !== undefined) {
    const { delay } = values({ delay: policies.waitBefore });
    const seconds = checkInteger("WaitBeforePolicy", "delay", delay);
    if (seconds > 0) {
      const context = policyContext(task, "wait_before_policy");
      if (context["skip"] === true) effects.setState("RUNNING", null);
      else if (task.state !== "IDLE") {
        setPolicyContext(task, "wait_before_policy", { ...context, skip: true });
        effects.setState("DELAYED", `Delayed by 'wait-before' policy [delay=${seconds}]`);
        session.addTimer("continue-task", task, seconds, {});
      }
    }
  }
  // wait-after and retry check their values at the start too (Mistral's base policy does).
  if (policies.waitAfter !== undefined)
    checkInteger("WaitAfterPolicy", "delay", values({ delay: policies.waitAfter }).delay);
  if (policies.retry !== undefined) retryNumbers(session, task, policies.retry);
  if (policies.timeout !== undefined) {
    const { delay } = values({ delay: policies.timeout });
    const seconds = checkInteger("TimeoutPolicy", "delay", delay);
    if (seconds > 0) session.addTimer("fail-if-incomplete", task, seconds, { timeout: seconds });
  }
  if (policies.concurrency !== undefined) {
    const { concurrency } = values({ concurrency: policies.concurrency });
    const limit = checkInteger("ConcurrencyPolicy", "concurrency", concurrency);
    if (limit !== 0) setRuntime(task, "concurrency", limit);
  }
}

/**
 * Runs the policies that act after a task completes (before its transitions are chosen); the
 * task's state may change (DELAYED: a timer will continue or complete it).
 */
export function afterTaskComplete(
  session: ExecutionSession,
  task: TaskRecord,
  taskSpec: TaskSpec,
  effects: PolicyEffects,
): void {
  const policies = effectivePolicies(session.spec, taskSpec);
  if (policies.waitAfter !== undefined) waitAfter(session, task, policies.waitAfter, effects);
  if (policies.failOn !== undefined) {
    const failOn = evaluatePolicy(session, task, policies.failOn);
    // Mistral's schema for fail-on names a field the policy does not have, so it checks nothing;
    // a value that is not a boolean is refused here all the same.
    if (typeof failOn !== "boolean")
      throw policyError("FailOnPolicy", `${pyRepr(failOn)} is not of type 'boolean'`);
    if (task.state === "SUCCESS" && failOn) effects.setState("ERROR", "Failed by 'fail-on' policy");
  }
  if (policies.retry !== undefined) retry(session, task, policies.retry, effects);
  if (policies.timeout !== undefined)
    checkInteger(
      "TimeoutPolicy",
      "delay",
      evaluateFields(session, task, { delay: policies.timeout })["delay"],
    );
}

function waitAfter(
  session: ExecutionSession,
  task: TaskRecord,
  value: number | string,
  effects: PolicyEffects,
): void {
  const { delay } = evaluateFields(session, task, { delay: value });
  const seconds = checkInteger("WaitAfterPolicy", "delay", delay);
  if (seconds === 0) return;
  const context = policyContext(task, "wait_after_policy");
  if (context["skip"] === true) return;
  setPolicyContext(task, "wait_after_policy", { ...context, skip: true });
  const endState = task.state;
  const endStateInfo = task.stateInfo;
  effects.setState("DELAYED", `Delayed by 'wait-after' policy [delay=${seconds}]`);
  session.addTimer("complete-task", task, seconds, { state: endState, state_info: endStateInfo });
}

/**
 * Mistral's RetryPolicy.after_task_complete: while retries remain, a failed task (unless `break-on`
 * holds) or a task whose `continue-on` holds runs again after `delay` seconds, its earlier results
 * no longer counting. `retry_no` in the runtime context counts the retries done.
 */
function retry(
  session: ExecutionSession,
  task: TaskRecord,
  spec: NonNullable<PoliciesSpec["retry"]>,
  effects: PolicyEffects,
): void {
  const { count, delay } = retryNumbers(session, task, spec);
  if (count === 0) return;
  // Both clauses see the task's published variables; they are evaluated even when unused.
  const scope = taskScope(session, task, outboundContext(task));
  const continueOn = spec.continueOn === undefined ? null : evaluate(session, spec.continueOn, scope);
  const breakOn = spec.breakOn === undefined ? null : evaluate(session, spec.breakOn, scope);
  const state = task.state;
  if (!isCompleted(state) || state === "CANCELLED") return;
  const context = policyContext(task, "retry_task_policy");
  const retryNo = typeof context["retry_no"] === "number" ? context["retry_no"] : 0;
  // Mistral deletes `retry_no` here, but in a nested dict its ORM does not see change: what is
  // stored keeps the last count. Only the policy's key itself is added when it was missing.
  setPolicyContext(task, "retry_task_policy", context);
  const hasContinueOn = pyTruthy(spec.continueOn ?? null);
  const stop =
    (state === "SUCCESS" && !hasContinueOn) ||
    (hasContinueOn && !pyTruthy(continueOn)) ||
    (state === "ERROR" && pyTruthy(breakOn));
  if (retryNo >= count || stop) return;
  effects.invalidateResult();
  setPolicyContext(task, "retry_task_policy", { ...context, retry_no: retryNo + 1 });
  // Unlike Mistral, a join task is delayed like any other (Mistral sets it WAITING and refreshes
  // its join after the delay, which runs it again the same way).
  effects.setState("DELAYED", `Delayed by 'retry' policy [delay=${delay}]`);
  session.addTimer("continue-task" satisfies TimerKind, task, delay, {});
}

function retryNumbers(
  session: ExecutionSession,
  task: TaskRecord,
  spec: NonNullable<PoliciesSpec["retry"]>,
): { count: number; delay: number } {
  const values = evaluateFields(session, task, { delay: spec.delay, count: spec.count });
  return {
    delay: checkInteger("RetryPolicy", "delay", values["delay"]),
    count: checkInteger("RetryPolicy", "count", values["count"]),
  };
}

/** The policy's values evaluated against the task's context (Mistral's evaluate_object_fields). */
function evaluateFields(
  session: ExecutionSession,
  task: TaskRecord,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const evaluated: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) evaluated[name] = evaluatePolicy(session, task, value);
  return evaluated;
}

function evaluatePolicy(session: ExecutionSession, task: TaskRecord, value: unknown): unknown {
  const evaluated = typeof value === "string" ? evaluate(session, value, taskScope(session, task)) : value;
  return evaluated instanceof PyFloat && Number.isInteger(evaluated.value) ? evaluated.value : evaluated;
}

/** jsonschema's `{"type": "integer", "minimum": 0}` for a policy's field, with Mistral's message. */
function checkInteger(policy: string, field: string, value: unknown): number {
  const schema = "{'minimum': 0, 'type': 'integer'}";
  if (typeof value !== "number" || !Number.isInteger(value))
    throw schemaError(policy, field, value, "type", `${pyRepr(value)} is not of type 'integer'`, schema);
  if (value < 0)
    throw schemaError(
      policy,
      field,
      value,
      "minimum",
      `${pyRepr(value)} is less than the minimum of 0`,
      schema,
    );
  return value;
}

/** jsonschema's `{"type": "boolean"}` for a policy's field. */
function checkBoolean(policy: string, field: string, value: unknown): void {
  if (typeof value !== "boolean")
    throw schemaError(
      policy,
      field,
      value,
      "type",
      `${pyRepr(value)} is not of type 'boolean'`,
      "{'type': 'boolean'}",
    );
}

/** The text of a jsonschema ValidationError (`str(e)`), as Mistral puts it in its message. */
function schemaError(
  policy: string,
  field: string,
  value: unknown,
  validator: string,
  message: string,
  schema: string,
): ConductorError {
  return policyError(
    policy,
    `${message}\n\nFailed validating '${validator}' in schema['properties']['${field}']:\n    ${schema}\n\n` +
      `On instance['${field}']:\n    ${pyRepr(value)}`,
  );
}

function policyContext(task: TaskRecord, key: string): JsonObject {
  const context = task.runtimeContext[key];
  return isDict(context) ? context : {};
}

function setPolicyContext(task: TaskRecord, key: string, value: JsonObject): void {
  const runtime = shallowCopy(task.runtimeContext);
  runtime[key] = value;
  task.runtimeContext = runtime;
}

function policyError(policy: string, reason: string): ConductorError {
  return new ConductorError(
    "WF_ERR_POLICY",
    `Invalid data type in ${policy}: ${reason}. Value(s) can be shown after YAQL evaluating. If you use ` +
      "YAQL here, please correct it.",
    { policy },
  );
}

// Mistral's data flow (mistral/workflow/data_flow.py): what a task passes on, what a task receives,
// what it publishes, and what the workflow outputs.
import type { DirectTaskSpec, PublishSpec, TaskSpec } from "@ops/dsl";
import type { JsonObject } from "../execution-rows.js";
import { currentTaskLayer, environmentLayer, evaluate, type EvaluationScope } from "./expression-context.js";
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import { isDict, mergeDicts, pyTruthy, updateDict } from "./python-values.js";

/** What a task passes on: its inbound context with its published variables on top (shallow). */
export function outboundContext(task: TaskRecord): JsonObject {
  return updateDict(task.inContext ?? {}, task.published);
}

/**
 * What a task receives from the tasks that led to it: their outbound contexts merged (deeply, in
 * order), then all their published variables merged on top.
 */
export function upstreamContext(upstream: readonly TaskRecord[]): JsonObject {
  let published: JsonObject = {};
  let context: JsonObject = {};
  for (const task of upstream) {
    if (isDict(task.published)) published = mergeDicts(published, task.published);
    context = mergeDicts(context, outboundContext(task));
  }
  return mergeDicts(context, published);
}

/** The variables a completed task publishes, by scope. */
interface EffectivePublish {
  branch?: JsonObject;
  global?: JsonObject;
  atomic?: JsonObject;
}

const SCOPES = ["branch", "global", "atomic"] as const;

/**
 * Mistral's DirectWorkflowTaskSpec.get_publish(state): `publish` (or `publish-on-error`) as the
 * branch scope, then the on-complete clause's publish merged in (it wins), then the on-success (or
 * on-error) clause's publish with all of that merged into it (which then wins). Mistral merges a
 * scope only when both sides have it — a scope only one side has is dropped by the second merge —
 * and that is kept here because it decides what gets published.
 */
function effectivePublish(task: TaskSpec, state: "SUCCESS" | "ERROR"): EffectivePublish | undefined {
  const plain = state === "SUCCESS" ? task.publish : task.publishOnError;
  let spec: EffectivePublish | undefined =
    Object.keys(plain).length > 0 ? { branch: { ...plain } } : undefined;
  if (task.type !== "direct") return spec;
  const direct: DirectTaskSpec = task;
  const onComplete = direct.onComplete?.publish;
  if (onComplete !== undefined)
    spec = spec === undefined ? fromSpec(onComplete) : mergeInto(spec, onComplete);
  const clause = (state === "SUCCESS" ? direct.onSuccess : direct.onError)?.publish;
  if (clause === undefined) return spec;
  return spec === undefined ? fromSpec(clause) : mergeInto(fromSpec(clause), spec);
}

function fromSpec(publish: PublishSpec): EffectivePublish {
  const result: EffectivePublish = {};
  for (const scope of SCOPES) {
    const variables = publish[scope];
    if (variables !== undefined) result[scope] = { ...variables };
  }
  return result;
}

/** PublishSpec.merge: each scope of `other` merged into the same scope of `into`, if that exists. */
function mergeInto(into: EffectivePublish, other: PublishSpec | EffectivePublish): EffectivePublish {
  const result: EffectivePublish = { ...into };
  for (const scope of SCOPES) {
    const variables = other[scope] as JsonObject | undefined;
    const existing = result[scope];
    if (pyTruthy(variables) && existing !== undefined) result[scope] = mergeDicts(existing, variables!);
  }
  return result;
}

/**
 * Publishes a completed task's variables: `branch` ones become the task's `published` (null when
 * there are none, as in Mistral), `global` ones are merged into the workflow's context. Mistral
 * does not implement `atomic` yet, so those are ignored.
 */
export function publishVariables(session: ExecutionSession, task: TaskRecord, spec: TaskSpec): void {
  if (task.state !== "SUCCESS" && task.state !== "ERROR") return;
  const publish = effectivePublish(spec, task.state);
  if (publish === undefined) return;
  const scope = (): EvaluationScope => ({
    task,
    layers: [
      currentTaskLayer(task),
      task.inContext,
      environmentLayer(session),
      session.execution.context,
      session.execution.input,
    ],
  });
  const branch = publish.branch === undefined ? null : evaluate(session, publish.branch, scope());
  task.published = isDict(branch) ? branch : null;
  session.touch(task);
  if (publish.global !== undefined) {
    const globals = evaluate(session, publish.global, scope());
    if (isDict(globals)) session.execution.context = mergeDicts(session.execution.context, globals);
  }
}

/**
 * The workflow's final context: the outbound contexts of the completed tasks that led nowhere,
 * merged deeply in creation order.
 */
export function finalContext(session: ExecutionSession): JsonObject {
  let context: JsonObject = {};
  for (const task of session.tasks) {
    const completed = task.state === "SUCCESS" || task.state === "ERROR" || task.state === "CANCELLED";
    if (completed && !task.hasNextTasks) context = mergeDicts(context, outboundContext(task));
  }
  return context;
}

/**
 * The workflow's `output` (or `output-on-error`) evaluated against the final context; Mistral
 * gives the whole final context when that is empty.
 */
export function workflowOutput(
  session: ExecutionSession,
  output: JsonObject,
  context: JsonObject,
): JsonObject {
  const value = evaluate(session, output, {
    layers: [context, environmentLayer(session), session.execution.context, session.execution.input],
  });
  return pyTruthy(value) && isDict(value) ? value : context;
}

// The state_info of a workflow that fails or is cancelled because of its tasks, word for word as
// Mistral writes it (_build_fail_info_message, _build_cancel_info_message).
import { pyStr } from "@ops/dsl";
import type { ExecutionSession, TaskRecord } from "./execution-session.js";
import type { WorkflowController } from "./workflow-controller.js";
import { isDict } from "./python-values.js";

function byName(a: TaskRecord, b: TaskRecord): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function resultOf(output: unknown): string {
  return pyStr(isDict(output) && Object.hasOwn(output, "result") ? output["result"] : "Unknown");
}

/**
 * "Failure caused by error in tasks: a, b" and, per failed task whose error no on-error clause
 * could handle, its state_info and the errors of its failed actions and sub-workflows.
 */
export function failInfoMessage(session: ExecutionSession, controller: WorkflowController): string {
  const failed = session.tasks
    .filter((task) => task.state === "ERROR" && !controller.isErrorHandledFor(task))
    .sort(byName);
  session.requireChildren(failed);
  let message = `Failure caused by error in tasks: ${failed.map((task) => task.name).join(", ")}\n`;
  for (const task of failed) {
    message += `\n  ${task.name} [task_ex_id=${task.id}] -> ${pyStr(task.stateInfo)}\n`;
    const { actions, workflows } = session.childrenOf(task);
    actions.forEach((action, index) => {
      if (action.state === "ERROR")
        message += `    [action_ex_id=${action.id}, idx=${index}]: ${resultOf(action.output)}\n`;
    });
    workflows.forEach((child, index) => {
      if (child.state === "ERROR")
        message += `    [wf_ex_id=${child.id}, idx=${index}]: ${resultOf(child.output)}\n`;
    });
  }
  return message;
}

/** "Cancelled tasks: a, b". */
export function cancelInfoMessage(session: ExecutionSession): string {
  const cancelled = session.tasks.filter((task) => task.state === "CANCELLED").sort(byName);
  return `Cancelled tasks: ${cancelled.map((task) => task.name).join(", ")}`;
}

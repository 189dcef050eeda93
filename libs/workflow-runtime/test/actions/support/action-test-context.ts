// An ActionContext for tests: ids like an executor's, a signal the test controls, and a pino
// logger whose lines are kept so that tests can check what was (and was not) logged.
import { pino } from "pino";
import type { ActionContext, ActionExecutionInfo } from "../../../src/actions/index.js";

export interface ActionTestContext {
  readonly context: ActionContext;
  readonly controller: AbortController;
  /** Every log line written through the context's logger. */
  readonly logLines: string[];
}

export const TEST_EXECUTION: ActionExecutionInfo = {
  workflowExecutionId: "0b6d4e0e-1f6c-4f0a-9a57-1b0b3c5f6a10",
  taskExecutionId: "5d3c3e2a-7f0e-4e3b-8d3e-2f8a1c9b7e21",
  actionExecutionId: "9f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a40",
  workflowName: "wf_actions_test",
};

export function actionTestContext(execution: ActionExecutionInfo = TEST_EXECUTION): ActionTestContext {
  const controller = new AbortController();
  const logLines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) });
  return { context: { execution, signal: controller.signal, logger }, controller, logLines };
}

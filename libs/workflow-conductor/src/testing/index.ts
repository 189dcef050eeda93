// @ops/workflow-conductor/testing — an in-memory runtime that plays whole workflows through the
// conductor, Mistral's std actions with a fake executor, and the rehearsal runner.
export { ConductorDriver, DriverDefinitionError } from "./conductor-driver.js";
export type { ConductCall, ConductorDriverOptions, DriverJob, PendingTimer } from "./conductor-driver.js";
export { MISTRAL_STD_ACTIONS, stdFakeExecutor } from "./mistral-std-actions.js";
export type { ActionOutcome, ActionRequest, FakeExecutor } from "./mistral-std-actions.js";
export { parseRehearsal, runRehearsal } from "./rehearsal.js";
export type {
  Rehearsal,
  RehearsalExpectation,
  RehearsalOutcome,
  RehearsalReport,
  RehearsalStep,
  TaskExpectation,
} from "./rehearsal.js";

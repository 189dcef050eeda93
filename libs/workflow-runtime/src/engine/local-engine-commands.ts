// Commands for a process that runs the engine role itself. Starting an execution is done in the
// caller's request, as Mistral's API does through its engine RPC: the answer to
// `POST /v2/executions` then shows the execution started (or already finished, when its actions
// were instant). Everything else, and starts beyond the engine's concurrency, goes to the queues.
import type { Logger } from "pino";
import type { StartOutcome, WorkflowCommands } from "../queues/workflow-commands.js";
import type { ActionRoute, ExecutionCommand, RerunOptions } from "../queues/workflow-queues.js";
import type { EngineService } from "./engine-service.js";

export class LocalEngineCommands implements WorkflowCommands {
  #startsInFlight = 0;

  constructor(
    private readonly queued: WorkflowCommands,
    private readonly engine: EngineService,
    /** Starts taken at once in this process; the next ones are queued. */
    private readonly maxStartsInFlight: number,
    private readonly logger: Logger,
  ) {}

  async startExecution(executionId: string): Promise<StartOutcome> {
    if (this.#startsInFlight >= this.maxStartsInFlight) return this.queued.startExecution(executionId);
    this.#startsInFlight += 1;
    try {
      await this.engine.handle({ type: "start-execution", executionId });
      return "started";
    } catch (error) {
      // Nothing was committed: the execution is still IDLE, and a queued start tries again.
      this.logger.warn({ err: error, executionId }, "starting the execution in the request failed; queued");
      return this.queued.startExecution(executionId);
    } finally {
      this.#startsInFlight -= 1;
    }
  }

  controlExecution(executionId: string, command: ExecutionCommand, message?: string | null): Promise<void> {
    return this.queued.controlExecution(executionId, command, message);
  }

  completeAction(actionExecutionId: string, route?: ActionRoute): Promise<void> {
    return this.queued.completeAction(actionExecutionId, route);
  }

  runAction(actionExecutionId: string, target?: string | null): Promise<void> {
    return this.queued.runAction(actionExecutionId, target);
  }

  /** Taken in the request too, so that the answer shows the task running again, as Mistral's does. */
  async rerunTask(taskExecutionId: string, options: RerunOptions): Promise<void> {
    try {
      await this.engine.handle({ type: "rerun", taskExecutionId, ...options });
    } catch (error) {
      this.logger.warn({ err: error, taskExecutionId }, "rerunning the task in the request failed; queued");
      await this.queued.rerunTask(taskExecutionId, options);
    }
  }
}

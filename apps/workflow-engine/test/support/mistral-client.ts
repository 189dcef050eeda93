// A small client of the Mistral v2 API for tests: what python-mistralclient sends, from TypeScript.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ExecutionView {
  readonly id: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly output: string;
  readonly input: string;
}

export interface TaskView {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly published: string;
  readonly result: string;
}

export interface ActionExecutionView {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly task_name: string;
  readonly task_execution_id: string;
  readonly output: string;
}

const FINISHED = ["SUCCESS", "ERROR", "CANCELLED"];

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, "..", "fixtures", "workflows", name), "utf8");
}

export class MistralClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": contentType },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  /** Creates (or replaces) the workflows of a definition. */
  async defineWorkflows(definition: string): Promise<void> {
    try {
      await this.request("POST", "/workflows", definition, "text/plain");
    } catch (error) {
      if (!String(error).includes(" 409:")) throw error;
      await this.request("PUT", "/workflows", definition, "text/plain");
    }
  }

  startExecution(workflowName: string, input: object = {}, params: object = {}): Promise<ExecutionView> {
    return this.request("POST", "/executions", {
      workflow_name: workflowName,
      input: JSON.stringify(input),
      params: JSON.stringify(params),
    });
  }

  getExecution(id: string): Promise<ExecutionView> {
    return this.request("GET", `/executions/${id}`);
  }

  /** Polls until the execution is finished; fails the test after `timeoutMs`. */
  async waitForExecution(id: string, timeoutMs = 30_000): Promise<ExecutionView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await this.getExecution(id);
      if (FINISHED.includes(execution.state)) return execution;
      if (Date.now() > deadline) {
        throw new Error(`execution ${id} still ${execution.state} after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async tasks(executionId: string): Promise<TaskView[]> {
    const page = await this.request<{ tasks: TaskView[] }>(
      "GET",
      `/executions/${executionId}/tasks?limit=1000`,
    );
    return page.tasks;
  }

  async actionExecutions(taskExecutionId: string): Promise<ActionExecutionView[]> {
    const page = await this.request<{ action_executions: ActionExecutionView[] }>(
      "GET",
      `/tasks/${taskExecutionId}/action_executions`,
    );
    return page.action_executions;
  }
}

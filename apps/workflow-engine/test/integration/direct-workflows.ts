// Direct workflows run end to end through the API, the queues, the engine and the executor, on one
// database provider. Each provider's spec file calls describeDirectWorkflows: with instant actions
// (the default: the engine takes std.echo and friends itself), and on SQLite once more with every
// action sent to the executor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/mistral-client.js";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type Provider, type TestDatabase } from "../support/test-databases.js";

export function describeDirectWorkflows(
  provider: Provider,
  options: { instantActions?: boolean } = {},
): void {
  const instantActions = options.instantActions ?? true;
  const title = `direct workflows on ${provider}${instantActions ? "" : ", every action on the executor"}`;
  describe(title, () => {
    let database: TestDatabase;
    let test: TestService;

    beforeAll(async () => {
      database = createTestDatabase(provider, "engine");
      test = await startTestService(database.databaseUrl, { OPS_INSTANT_ACTIONS: String(instantActions) });
      await test.client.defineWorkflows(fixture("direct-features.yaml"));
    }, 120_000);

    afterAll(async () => {
      await test?.close();
      database?.drop();
    });

    const run = async (workflow: string, input: object = {}, params: object = {}) => {
      const created = await test.client.startExecution(workflow, input, params);
      const finished = await test.client.waitForExecution(created.id);
      return { ...finished, outputValue: JSON.parse(finished.output) as Record<string, unknown> };
    };

    it("publishes, follows conditional transitions, and answers execution(), env() and task() in output", async () => {
      const quiet = await run("greet_and_branch", { name: "ops" }, { env: { region: "north" } });
      expect(quiet.state).toBe("SUCCESS");
      expect(quiet.outputValue).toEqual({
        final: "Hello, ops",
        execution_name: "greet_and_branch",
        env_region: "north",
        compose_state: "SUCCESS",
      });
      const loud = await run("greet_and_branch", { name: "ops", loud: true });
      expect(loud.outputValue["final"]).toBe("HELLO, OPS!");
      const tasks = await test.client.tasks(loud.id);
      expect(tasks.map((task) => task.name).sort()).toEqual(["compose", "shout"]);
    });

    it("handles an error with on-error and publish-on-error, and the workflow succeeds", async () => {
      const execution = await run("handled_failure");
      expect(execution.state).toBe("SUCCESS");
      expect(execution.outputValue).toEqual({ note: "recovered from disk full" });
      const states = Object.fromEntries(
        (await test.client.tasks(execution.id)).map((t) => [t.name, t.state]),
      );
      expect(states).toEqual({ break: "ERROR", recover: "SUCCESS" });
    });

    it("fails the workflow on an unhandled error with the task's state_info, and evaluates output-on-error", async () => {
      const execution = await run("unhandled_failure");
      expect(execution.state).toBe("ERROR");
      expect(execution.state_info).toContain("break");
      expect(execution.state_info).toContain("no route to host");
      // As Mistral: the failure message as `result`, merged with output-on-error.
      expect(execution.outputValue).toEqual({ result: execution.state_info, failed_tasks: ["break"] });
    });

    it("runs with-items over two arrays with concurrency, results in item order", async () => {
      const execution = await run("items");
      expect(execution.state).toBe("SUCCESS");
      expect(execution.outputValue).toEqual({
        endpoints: ["alpha:22", "beta:80", "gamma:443", "delta:8080", "epsilon:9090"],
      });
      const [task] = await test.client.tasks(execution.id);
      expect(await test.client.actionExecutions(task!.id)).toHaveLength(5);
    });

    it("joins parallel branches with join: all and join: 2, each join task once", async () => {
      const execution = await run("joins");
      expect(execution.state_info).toBeNull();
      expect(execution.state).toBe("SUCCESS");
      const tasks = await test.client.tasks(execution.id);
      expect(tasks.filter((t) => t.name === "all_done")).toHaveLength(1);
      expect(tasks.filter((t) => t.name === "two_done")).toHaveLength(1);
      const joined = tasks.find((t) => t.name === "all_done")!;
      expect(JSON.parse(joined.published)).toEqual({ all: ["a", "b", "c"] });
    });

    it("runs a subworkflow with its input and takes its output", async () => {
      const execution = await run("parent", { count: 21 });
      expect(execution.state).toBe("SUCCESS");
      expect(execution.outputValue).toEqual({ doubled: 42 });
    });

    it("propagates a subworkflow's failure to the parent", async () => {
      const execution = await run("failing_parent");
      expect(execution.state).toBe("ERROR");
      expect(execution.state_info).toContain("call_child");
    });
  });
}

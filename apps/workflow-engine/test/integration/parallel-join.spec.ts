// 100 parallel branches finishing together: with several engine workers (two engine runtimes and
// eight jobs at once each) deciding for the same execution, no published variable is lost and the
// joining task runs exactly once (one writer per execution: the claimed row lock). PostgreSQL,
// where the engines' transactions really run side by side.
import { pino } from "pino";
import { WorkflowRuntime } from "@ops/workflow-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/in-process-service.js";
import { createTestDatabase, type TestDatabase } from "../support/test-databases.js";

const BRANCHES = 100;

function fanOutWorkflow(): string {
  const lines = [
    "version: '2.0'",
    "fan_out:",
    "  tasks:",
    "    start:",
    "      action: std.noop",
    "      on-success:",
  ];
  for (let i = 0; i < BRANCHES; i++) lines.push(`        - b${i}`);
  for (let i = 0; i < BRANCHES; i++) {
    lines.push(
      `    b${i}:`,
      `      action: std.echo output=${i}`,
      "      publish:",
      `        v${i}: <% task().result %>`,
      "      on-success: [joined]",
    );
  }
  const sum = Array.from({ length: BRANCHES }, (_, i) => `$.v${i}`).join(" + ");
  lines.push(
    "    joined:",
    "      join: all",
    `      action: std.echo output=<% ${sum} %>`,
    "      publish:",
    "        total: <% task().result %>",
    "  output:",
    "    total: <% $.total %>",
  );
  return `${lines.join("\n")}\n`;
}

describe("100 parallel branches joined by one task", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let test: TestService;
  let secondEngine: WorkflowRuntime;

  beforeAll(async () => {
    database = createTestDatabase("postgresql", "join");
    // Instant actions would finish every branch in the start's transaction: the point here is
    // 100 results arriving from executors at once.
    test = await startTestService(database.databaseUrl, {
      OPS_ENGINE_CONCURRENCY: "8",
      OPS_INSTANT_ACTIONS: "false",
    });
    secondEngine = new WorkflowRuntime({
      store: test.service.store,
      queues: test.service.queues,
      logger: pino({ level: "warn" }),
      engine: true,
      executor: false,
      engineConcurrency: 8,
      instantActions: false,
    });
    await secondEngine.start();
    await test.client.defineWorkflows(fanOutWorkflow());
  });

  afterAll(async () => {
    await secondEngine?.close();
    await test?.close();
    database?.drop();
  });

  it("loses no published variable and runs the join once, three times over", async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await test.client.startExecution("fan_out");
      const execution = await test.client.waitForExecution(id, 90_000);
      expect(execution.state).toBe("SUCCESS");
      expect(JSON.parse(execution.output)).toEqual({ total: (BRANCHES * (BRANCHES - 1)) / 2 });
      const tasks = await test.client.tasks(id);
      expect(tasks).toHaveLength(BRANCHES + 2);
      expect(tasks.every((task) => task.state === "SUCCESS")).toBe(true);
      const joins = tasks.filter((task) => task.name === "joined");
      expect(joins).toHaveLength(1);
      expect(await test.client.actionExecutions(joins[0]!.id)).toHaveLength(1);
    }
  });
});

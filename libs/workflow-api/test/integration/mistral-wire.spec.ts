// Our answers against what real Mistral 15 answered (test/fixtures/mistral-wire/, recorded by
// record-mistral-wire.ts): the same scenario runs against our app, and every answer must have the
// recorded status and shape — the same keys, the same types, the same JSON-encoded string fields,
// timestamps and `next` links — and, where the step says so, the same faultstring or `next`.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ALL_PROJECTS, type WorkflowStore } from "@ops/workflow-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";
import {
  FIXTURE_DIR,
  loadScenario,
  normaliseBody,
  readJson,
  shapeOf,
  stepBody,
  substitute,
  valueAt,
  WIRE_DIR,
  type CliCommand,
  type CliFixture,
  type Shape,
  type WireExchange,
  type WireFixture,
} from "../wire/wire-format.js";

const OUR_HOST = "http://localhost:80";

/**
 * Differences between two shapes; `null` is compatible with anything (a nullable field). Inside a
 * JSON-encoded field (data, not resource fields) an empty object is compatible with any object: the
 * keys of `output` depend on how far the execution got.
 */
export function shapeDifferences(ours: Shape, theirs: Shape, path = "$", inData = false): string[] {
  if (ours === "null" || theirs === "null") return [];
  if (
    typeof ours === "string" &&
    typeof theirs === "string" &&
    ours.startsWith("json:") &&
    theirs.startsWith("json:")
  ) {
    return shapeDifferences(
      JSON.parse(ours.slice(5)) as Shape,
      JSON.parse(theirs.slice(5)) as Shape,
      `${path}(json)`,
      true,
    );
  }
  if (inData && isEmptyObject(ours) !== isEmptyObject(theirs)) return [];
  if (typeof ours === "string" || typeof theirs === "string") {
    return ours === theirs
      ? []
      : [`${path}: ours ${JSON.stringify(ours)}, Mistral's ${JSON.stringify(theirs)}`];
  }
  if (Array.isArray(ours) || Array.isArray(theirs)) {
    if (!Array.isArray(ours) || !Array.isArray(theirs)) return [`${path}: list on one side only`];
    if (ours.length === 0 || theirs.length === 0) return [];
    const out: string[] = [];
    for (const item of ours) {
      const best = theirs
        .map((other) => shapeDifferences(item, other, `${path}[]`, inData))
        .sort((a, b) => a.length - b.length)[0]!;
      out.push(...best);
    }
    return out;
  }
  const ourKeys = Object.keys(ours);
  const theirKeys = Object.keys(theirs);
  const out: string[] = [];
  for (const key of theirKeys) if (!ourKeys.includes(key)) out.push(`${path}.${key}: missing in ours`);
  for (const key of ourKeys) if (!theirKeys.includes(key)) out.push(`${path}.${key}: not in Mistral's`);
  for (const key of ourKeys) {
    if (theirKeys.includes(key)) {
      const mine = (ours as Record<string, Shape>)[key]!;
      out.push(...shapeDifferences(mine, (theirs as Record<string, Shape>)[key]!, `${path}.${key}`, inData));
    }
  }
  return out;
}

function isEmptyObject(shape: Shape): boolean {
  return typeof shape === "object" && !Array.isArray(shape) && Object.keys(shape).length === 0;
}

function loadFixtures(): Map<string, WireExchange> {
  const exchanges = new Map<string, WireExchange>();
  for (const file of readdirSync(FIXTURE_DIR)) {
    if (!file.endsWith(".json") || file === "cli.json") continue;
    for (const exchange of readJson<WireFixture>(join(FIXTURE_DIR, file)).exchanges)
      exchanges.set(exchange.id, exchange);
  }
  return exchanges;
}

/** Replaces recorded tokens (`<wf1>`) by our values in a recorded request. */
function fromTokens(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/<([a-z][a-z0-9]*)>/g, (whole, name: string) => values.get(name) ?? whole);
}

/** Plays the engine for the scenario's `settle` steps: the rows Mistral's engine wrote. */
async function simulate(store: WorkflowStore, name: string, executionId: string): Promise<void> {
  const execution = await store.workflowExecutions.get(ALL_PROJECTS, executionId);
  const now = new Date();
  const common = {
    workflowExecutionId: executionId,
    workflowName: execution.workflowName,
    workflowNamespace: execution.workflowNamespace,
    workflowId: execution.workflowId,
    projectId: execution.projectId,
    runtimeContext: {},
    tags: [],
  };
  if (name === "wf1-success") {
    const task = await store.taskExecutions.create({
      ...common,
      name: "say",
      state: "SUCCESS",
      type: "ACTION",
      published: { message: "Hello, Ann" },
      processed: true,
      startedAt: now,
      finishedAt: now,
      spec: { name: "say", action: "std.echo" },
    });
    await store.actionExecutions.create({
      name: "std.echo",
      description: "",
      workflowName: execution.workflowName,
      workflowNamespace: execution.workflowNamespace,
      workflowId: execution.workflowId,
      taskExecutionId: task.id,
      state: "SUCCESS",
      accepted: true,
      input: { output: "Hello, Ann" },
      output: { result: "Hello, Ann" },
      projectId: execution.projectId,
    });
    await store.workflowExecutions.update(ALL_PROJECTS, executionId, {
      state: "SUCCESS",
      output: { message: "Hello, Ann" },
    });
  } else if (name === "async-running") {
    const task = await store.taskExecutions.create({
      ...common,
      name: "wait",
      state: "RUNNING",
      type: "ACTION",
      published: {},
      startedAt: now,
      spec: { name: "wait", action: "std.async_noop" },
    });
    await store.actionExecutions.create({
      name: "std.async_noop",
      description: "",
      workflowName: execution.workflowName,
      workflowNamespace: execution.workflowNamespace,
      workflowId: execution.workflowId,
      taskExecutionId: task.id,
      state: "RUNNING",
      input: {},
      projectId: execution.projectId,
    });
    await store.workflowExecutions.update(ALL_PROJECTS, executionId, { state: "RUNNING" });
  } else if (name === "async-success") {
    for (const task of await store.taskExecutions.listForExecution(ALL_PROJECTS, executionId)) {
      await store.taskExecutions.update(ALL_PROJECTS, task.id, {
        state: "SUCCESS",
        finishedAt: now,
        processed: true,
      });
    }
    await store.workflowExecutions.update(ALL_PROJECTS, executionId, { state: "SUCCESS" });
  } else {
    throw new Error(`no simulation called ${name}`);
  }
}

/** A stand-in executor: std.echo returns its output, async actions wait for PUT. */
function actAsExecutor(test: TestApp): void {
  test.commands.onRunAction = async (id) => {
    const row = await test.store.actionExecutions.get(ALL_PROJECTS, id);
    if (row.name !== "std.echo") return;
    const input = (row.input ?? {}) as { output?: unknown };
    await test.store.actionExecutions.updateIf(
      ALL_PROJECTS,
      id,
      { state: "RUNNING" },
      {
        state: "SUCCESS",
        output: { result: input.output ?? null },
      },
    );
  };
}

interface Outcome {
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe("the answers of our app have the shape of real Mistral's", () => {
  let test: TestApp;
  const fixtures = loadFixtures();
  const outcomes = new Map<string, Outcome>();
  const ours = new Map<string, string>();
  const names = new Map<string, string>();

  beforeAll(async () => {
    test = await createTestApp({ allowActionExecutionDeletion: true });
    actAsExecutor(test);
    for (const step of loadScenario().steps) {
      if (step.settle) {
        await simulate(test.store, step.settle.simulate, ours.get(step.settle.execution)!);
        continue;
      }
      const { body, contentType } = stepBody(step);
      const response = await test.app.inject({
        method: step.method!,
        url: substitute(step.path!, ours),
        ...(body !== undefined ? { payload: substitute(body, ours) } : {}),
        headers: contentType ? { "content-type": contentType } : {},
      });
      const parsed = parseBody(response.body);
      for (const [name, at] of Object.entries(step.capture ?? {})) {
        const value = valueAt(parsed, at);
        if (typeof value === "string") {
          ours.set(name, value);
          names.set(value, name);
        }
      }
      outcomes.set(step.id, {
        id: step.id,
        status: response.statusCode,
        body: normaliseBody(parsed, names, OUR_HOST),
      });
    }
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  const steps = loadScenario().steps.filter((step) => !step.settle);

  it("has a recorded answer for every step of the scenario", () => {
    expect(steps.filter((step) => !fixtures.has(step.id)).map((step) => step.id)).toEqual([]);
  });

  it.each(steps.map((step) => [step.id]))("answers %s as Mistral does", (id) => {
    const recorded = fixtures.get(id)!;
    const outcome = outcomes.get(id)!;
    const expectedStatus = recorded.ours?.status ?? recorded.response.status;
    expect({ id, status: outcome.status, body: outcome.body }).toMatchObject({ id, status: expectedStatus });
    if (recorded.ours !== undefined && recorded.ours.status !== recorded.response.status) {
      // A deliberate difference (`ours.why`): an error still has Mistral's error shape.
      if (expectedStatus >= 400) expect(outcome.body).toMatchObject({ faultcode: "Client", debuginfo: null });
      return;
    }
    expect(shapeDifferences(shapeOf(outcome.body), shapeOf(recorded.response.body))).toEqual([]);
    if (recorded.compare === "exact") {
      expect((outcome.body as { faultstring?: string }).faultstring).toBe(
        (recorded.response.body as { faultstring?: string }).faultstring,
      );
    }
    if (recorded.compare === "exact-next") {
      expect((outcome.body as { next?: string }).next).toBe(
        (recorded.response.body as { next?: string }).next,
      );
    }
  });
});

describe("what the real mistral CLI sent is answered as Mistral answered it", () => {
  const cli = readJson<CliFixture>(join(FIXTURE_DIR, "cli.json"));
  const scenario = readJson<{ commands: CliCommand[] }>(join(WIRE_DIR, "cli-scenario.json"));
  let test: TestApp;
  const results: { command: string; id: string; status: number; expected: number; differences: string[] }[] =
    [];

  beforeAll(async () => {
    test = await createTestApp();
    actAsExecutor(test);
    const values = new Map<string, string>();
    const names = new Map<string, string>();
    for (const [index, command] of cli.commands.entries()) {
      let last: unknown = null;
      for (const exchange of command.exchanges) {
        const { request, response } = exchange;
        const answer = await test.app.inject({
          method: request.method as "GET",
          url: fromTokens(request.path, values),
          ...(request.body !== undefined ? { payload: fromTokens(request.body, values) } : {}),
          headers: request.contentType ? { "content-type": request.contentType } : {},
        });
        last = parseBody(answer.body);
        const ourShape = shapeOf(normaliseBody(last, names, OUR_HOST));
        results.push({
          command: command.args.join(" "),
          id: exchange.id,
          status: answer.statusCode,
          expected: response.status,
          differences: shapeDifferences(ourShape, shapeOf(response.body)),
        });
      }
      for (const [name, at] of Object.entries(scenario.commands[index]?.capture ?? {})) {
        const value = valueAt(last, at);
        if (typeof value === "string") {
          values.set(name, value);
          names.set(value, name);
        }
      }
    }
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  it("replays every request the CLI made with the recorded status and shape", () => {
    expect(results.length).toBeGreaterThan(20);
    const wrong = results.filter(
      (result) => result.status !== result.expected || result.differences.length > 0,
    );
    expect(wrong).toEqual([]);
  });
});

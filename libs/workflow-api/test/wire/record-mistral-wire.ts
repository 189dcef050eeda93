// Records what real Mistral answers to wire-scenario.json (curl-like requests) and to the commands
// of cli-scenario.json (the real `mistral` CLI, through a recording proxy), normalised, into
// test/fixtures/mistral-wire/. Run against a Mistral 15 without auth, e.g. the anchor on :8990:
//
//   npx tsx libs/workflow-api/test/wire/record-mistral-wire.ts --url http://127.0.0.1:8990 [--mistral /usr/bin/mistral]
//
// Everything it creates is named wfapi_rec_* and deleted at the end (the ad-hoc action executions
// Mistral refuses to delete by default are listed, so they can be removed by hand).
import { execFile } from "node:child_process";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DEFINITIONS_DIR,
  FIXTURE_DIR,
  loadScenario,
  normaliseBody,
  readJson,
  stepBody,
  substitute,
  valueAt,
  WIRE_DIR,
  type CliCommand,
  type WireExchange,
  type WireStep,
} from "./wire-format.js";

const RECORDED_FROM = "Mistral 15.0.0 (Debian 12 packages), no auth, PostgreSQL, RabbitMQ";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const baseUrl = option("--url", "http://127.0.0.1:8990").replace(/\/$/, "");
const mistralCli = option("--mistral", "/usr/bin/mistral");

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

async function send(method: string, path: string, body?: string, contentType?: string): Promise<Answer> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: contentType ? { "content-type": contentType } : {},
    body,
    redirect: "manual",
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    // HTML error pages of pecan stay text.
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: parsed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(step: WireStep, values: Map<string, string>): Promise<void> {
  const id = values.get(step.settle!.execution);
  for (let i = 0; i < 300; i++) {
    if (step.settle!.until === "completed") {
      const answer = await send("GET", `/v2/executions/${id}`);
      const state = (answer.body as { state?: string }).state;
      if (state === "SUCCESS" || state === "ERROR" || state === "CANCELLED") return;
    } else {
      const tasks = (await send("GET", `/v2/executions/${id}/tasks`)).body as { tasks: { id: string }[] };
      const task = tasks.tasks[0];
      if (task) {
        const actions = (await send("GET", `/v2/tasks/${task.id}/action_executions`)).body as {
          action_executions: unknown[];
        };
        if (actions.action_executions.length > 0) return;
      }
    }
    await sleep(100);
  }
  throw new Error(`execution ${id} did not settle`);
}

/** Remembers every id seen so that later normalisation names it. */
function nameIds(names: Map<string, string>, values: Map<string, string>): void {
  for (const [name, id] of values) names.set(id, name);
}

async function recordScenario(): Promise<void> {
  const values = new Map<string, string>();
  const names = new Map<string, string>();
  const byArea = new Map<string, WireExchange[]>();
  for (const step of loadScenario().steps) {
    if (step.settle) {
      await settle(step, values);
      continue;
    }
    const { body, contentType } = stepBody(step);
    const path = substitute(step.path!, values);
    const sent = body === undefined ? undefined : substitute(body, values);
    const answer = await send(step.method!, path, sent, contentType);
    for (const [name, at] of Object.entries(step.capture ?? {})) {
      const value = valueAt(answer.body, at);
      if (typeof value !== "string")
        throw new Error(`${step.id}: nothing to capture at ${at}: ${JSON.stringify(answer.body)}`);
      values.set(name, value);
    }
    nameIds(names, values);
    const exchange: WireExchange = {
      id: step.id,
      request: {
        method: step.method!,
        path: normaliseBody(path, names, baseUrl) as string,
        ...(contentType ? { contentType } : {}),
        ...(sent !== undefined && step.bodyFile === undefined
          ? { body: normaliseBody(sent, names, baseUrl) as string }
          : {}),
        ...(step.bodyFile ? { body: `@definitions/${step.bodyFile}` } : {}),
      },
      response: {
        status: answer.status,
        contentType: answer.contentType,
        body: normaliseBody(answer.body, names, baseUrl),
      },
      ...(step.compare ? { compare: step.compare } : {}),
      ...(step.ours ? { ours: step.ours } : {}),
    };
    const area = step.id.split(".")[0]!;
    byArea.set(area, [...(byArea.get(area) ?? []), exchange]);
    process.stdout.write(`${answer.status} ${step.method} ${path}\n`);
  }
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const [area, exchanges] of byArea) {
    writeFileSync(
      join(FIXTURE_DIR, `${area}.json`),
      JSON.stringify({ recordedFrom: RECORDED_FROM, exchanges }, null, 2) + "\n",
    );
  }
  for (const name of ["ae3", "ae4"]) {
    process.stdout.write(
      `left in Mistral (ad-hoc action execution it refuses to delete): ${values.get(name)}\n`,
    );
  }
}

interface ProxyLog {
  exchanges: {
    method: string;
    path: string;
    contentType?: string;
    body?: string;
    status: number;
    responseType: string;
    response: string;
  }[];
}

/** A proxy in front of Mistral that keeps every request and answer the CLI exchanges. */
async function startProxy(log: ProxyLog): Promise<{ port: number; close: () => Promise<void> }> {
  const target = new URL(baseUrl);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer: IncomingMessage) => {
          const parts: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => parts.push(chunk));
          answer.on("end", () => {
            const text = Buffer.concat(parts);
            log.exchanges.push({
              method: req.method ?? "GET",
              path: req.url ?? "/",
              ...(req.headers["content-type"] ? { contentType: req.headers["content-type"] } : {}),
              ...(body.length > 0 ? { body: body.toString("utf8") } : {}),
              status: answer.statusCode ?? 0,
              responseType: String(answer.headers["content-type"] ?? ""),
              response: text.toString("utf8"),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function recordCli(): Promise<void> {
  const { commands } = readJson<{ commands: CliCommand[] }>(join(WIRE_DIR, "cli-scenario.json"));
  const log: ProxyLog = { exchanges: [] };
  const proxy = await startProxy(log);
  const proxyUrl = `http://127.0.0.1:${proxy.port}`;
  const values = new Map<string, string>();
  const names = new Map<string, string>();
  const recorded = [];
  const run = promisify(execFile);
  try {
    for (const command of commands) {
      const args = command.args.map((arg) => substitute(arg, values));
      const before = log.exchanges.length;
      let exitCode = 0;
      try {
        await run(mistralCli, ["--os-mistral-url", `${proxyUrl}/v2`, ...args], { cwd: DEFINITIONS_DIR });
      } catch (error) {
        exitCode = (error as { code?: number }).code ?? 1;
      }
      const exchanges = log.exchanges.slice(before);
      const last = exchanges.at(-1);
      let lastBody: unknown = null;
      try {
        lastBody = last ? JSON.parse(last.response) : null;
      } catch {
        lastBody = null;
      }
      for (const [name, at] of Object.entries(command.capture ?? {})) {
        const value = valueAt(lastBody, at);
        if (typeof value !== "string") throw new Error(`${args.join(" ")}: nothing to capture at ${at}`);
        values.set(name, value);
      }
      nameIds(names, values);
      recorded.push({
        args: command.args,
        exitCode,
        exchanges: exchanges.map((exchange, index) => {
          let body: unknown = exchange.response;
          try {
            body = exchange.response === "" ? null : JSON.parse(exchange.response);
          } catch {
            // not JSON
          }
          return {
            id: `${command.args[0]}#${index}`,
            request: {
              method: exchange.method,
              path: normaliseBody(exchange.path, names, proxyUrl) as string,
              ...(exchange.contentType ? { contentType: exchange.contentType } : {}),
              ...(exchange.body !== undefined
                ? { body: normaliseBody(exchange.body, names, proxyUrl) as string }
                : {}),
            },
            response: {
              status: exchange.status,
              contentType: exchange.responseType,
              body: normaliseBody(normaliseBody(body, names, proxyUrl), names, baseUrl),
            },
          };
        }),
      });
      process.stdout.write(`${exitCode} mistral ${args.join(" ")}\n`);
    }
  } finally {
    await proxy.close();
  }
  writeFileSync(
    join(FIXTURE_DIR, "cli.json"),
    JSON.stringify(
      { recordedFrom: `${RECORDED_FROM}; python3-mistralclient 4.5`, commands: recorded },
      null,
      2,
    ) + "\n",
  );
}

await recordScenario();
await recordCli();

// A minimal Mistral v2 REST client on node:http with keep-alive sockets: the load generator must not
// be the bottleneck, and node:http costs less CPU per request than fetch.
import http from "node:http";
import https from "node:https";
import { performance } from "node:perf_hooks";

/** The part of an execution the benchmark looks at. */
export interface ExecutionSummary {
  readonly id: string;
  readonly state: string;
  readonly stateInfo: string | null;
}

export const FINAL_STATES: readonly string[] = ["SUCCESS", "ERROR", "CANCELLED"];

interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

interface RequestBody {
  readonly contentType: string;
  readonly text: string;
}

// Servers close idle keep-alive sockets after a while; dropping ours first avoids writing a request
// into a socket the server is closing.
const IDLE_SOCKET_MS = 4_000;
const REQUEST_TIMEOUT_MS = 120_000;
const LIST_PAGE_SIZE = 500;

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${faultText(body)}`);
  }
}

/** Mistral's error bodies are {"faultstring": ...}; anything else is shown truncated. */
function faultText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed) && typeof parsed["faultstring"] === "string") return parsed["faultstring"];
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.length > 300 ? `${body.slice(0, 300)}...` : body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function executionSummary(value: unknown, where: string): ExecutionSummary {
  if (!isRecord(value) || typeof value["id"] !== "string" || typeof value["state"] !== "string") {
    throw new Error(`${where}: expected an execution with id and state, got ${JSON.stringify(value)}`);
  }
  const info = value["state_info"];
  return { id: value["id"], state: value["state"], stateInfo: typeof info === "string" ? info : null };
}

function parseJson(answer: HttpAnswer, where: string): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new Error(`${where}: answer is not JSON: ${answer.text.slice(0, 200)}`);
  }
}

/** A request that got no answer (connection refused, reset, timed out). */
class RequestFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** Whether the request went out on a kept-alive socket that an earlier request used. */
    readonly reusedSocket: boolean,
    cause: Error,
  ) {
    super(message, { cause });
  }

  /** Node's advice for keep-alive: a reused socket the server just closed fails with ECONNRESET. */
  get staleSocket(): boolean {
    return this.reusedSocket && (this.code === "ECONNRESET" || this.code === "EPIPE");
  }
}

export class MistralClient {
  private readonly base: URL;
  private readonly prefix: string;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  /** Round-trip times (ms) of GET /executions/{id}, to report the polling granularity. */
  readonly pollRttsMs: number[] = [];

  constructor(baseUrl: string, maxSockets: number) {
    this.base = new URL(baseUrl);
    this.prefix = this.base.pathname.replace(/\/+$/, "");
    this.transport = this.base.protocol === "https:" ? https : http;
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: IDLE_SOCKET_MS };
    this.agent =
      this.base.protocol === "https:" ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  close(): void {
    this.agent.destroy();
  }

  /** Creates the workflow, or updates it when it exists (409), so reruns measure the current text. */
  async ensureWorkflow(definition: string): Promise<void> {
    const body = { contentType: "text/plain", text: definition };
    const created = await this.send("POST", "/workflows", body);
    if (created.status === 409) await this.expect("PUT", "/workflows", [200], body);
    else if (created.status !== 201 && created.status !== 200) {
      throw new HttpError("POST", "/workflows", created.status, created.text);
    }
  }

  async startExecution(
    workflowName: string,
    description: string,
    input?: Record<string, unknown>,
    params?: Record<string, unknown>,
  ): Promise<ExecutionSummary> {
    // Mistral's wire format: `input` and `params` are JSON-encoded strings inside the JSON body.
    const request: Record<string, string> = { workflow_name: workflowName, description };
    if (input !== undefined) request["input"] = JSON.stringify(input);
    if (params !== undefined) request["params"] = JSON.stringify(params);
    const answer = await this.expect("POST", "/executions", [200, 201], {
      contentType: "application/json",
      text: JSON.stringify(request),
    });
    return executionSummary(parseJson(answer, "POST /executions"), "POST /executions");
  }

  async getExecution(id: string): Promise<ExecutionSummary> {
    const path = `/executions/${id}`;
    const started = performance.now();
    const answer = await this.expect("GET", path, [200]);
    this.pollRttsMs.push(performance.now() - started);
    return executionSummary(parseJson(answer, `GET ${path}`), `GET ${path}`);
  }

  /** Every execution matching `filters` (Mistral filter syntax, e.g. state=in:A,B), page by page. */
  async listExecutions(
    filters: Readonly<Record<string, string>>,
    fields: string,
  ): Promise<ExecutionSummary[]> {
    const found: ExecutionSummary[] = [];
    let marker: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ ...filters, fields, limit: String(LIST_PAGE_SIZE) });
      if (marker !== undefined) query.set("marker", marker);
      const path = `/executions?${query.toString()}`;
      const parsed = parseJson(await this.expect("GET", path, [200]), `GET ${path}`);
      const page = isRecord(parsed) ? parsed["executions"] : undefined;
      if (!Array.isArray(page)) throw new Error(`GET ${path}: no "executions" list in the answer`);
      for (const item of page) found.push(executionSummary(item, `GET ${path}`));
      if (page.length < LIST_PAGE_SIZE) return found;
      marker = found[found.length - 1]?.id;
    }
  }

  /** Deletes a finished execution; false when it was already gone. */
  async deleteExecution(id: string): Promise<boolean> {
    const answer = await this.expect("DELETE", `/executions/${id}`, [200, 204, 404]);
    return answer.status !== 404;
  }

  private async expect(
    method: string,
    path: string,
    ok: readonly number[],
    body?: RequestBody,
  ): Promise<HttpAnswer> {
    const answer = await this.send(method, path, body);
    if (!ok.includes(answer.status)) throw new HttpError(method, path, answer.status, answer.text);
    return answer;
  }

  /** Sends once; idempotent requests are retried once when a reused keep-alive socket was stale. */
  private async send(method: string, path: string, body?: RequestBody): Promise<HttpAnswer> {
    try {
      return await this.sendOnce(method, path, body);
    } catch (error) {
      // A POST is not retried: the server may have started the execution before the reset.
      if (method === "POST" || !(error instanceof RequestFailure) || !error.staleSocket) throw error;
      return this.sendOnce(method, path, body);
    }
  }

  private sendOnce(method: string, path: string, body?: RequestBody): Promise<HttpAnswer> {
    // Mistral's text/plain endpoints (POST/PUT /workflows) answer 406 to "Accept: application/json"
    // (they still answer JSON to */*), and its JSON endpoints answer XML to */*.
    const accept = body?.contentType === "text/plain" ? "*/*" : "application/json";
    const headers: http.OutgoingHttpHeaders = { accept };
    if (body !== undefined) {
      headers["content-type"] = body.contentType;
      headers["content-length"] = Buffer.byteLength(body.text);
    }
    return new Promise((resolve, reject) => {
      const request = this.transport.request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          path: this.prefix + path,
          method,
          headers,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", reject);
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
      );
      request.on("error", (error: NodeJS.ErrnoException) => {
        const where = `${method} ${this.base.origin}${this.prefix}${path}`;
        reject(new RequestFailure(`${where}: ${error.message}`, error.code, request.reusedSocket, error));
      });
      request.end(body?.text);
    });
  }
}

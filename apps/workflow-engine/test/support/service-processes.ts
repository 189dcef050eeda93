// Real processes of the workflow service, for tests that kill them: `main.ts --server <roles>` with
// an environment of the test's choosing. They run under node with tsx's loader (`node --import tsx`)
// rather than the tsx CLI, which runs the program in a child process of its own: a SIGKILL of the
// CLI would leave that child running. Each process's stdout and stderr are kept for diagnostics, and
// its pino JSON lines are parsed as they come so that a test can wait for a line or act on one at
// once. A ServiceProcessGroup stops every process it started, also when the test process exits.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const workspaceRoot = join(import.meta.dirname, "..", "..", "..", "..");
const mainScript = join(workspaceRoot, "apps", "workflow-engine", "src", "main.ts");

/** One pino line of a process: `msg`, `level` (20 debug, 30 info, ...), `time` (ms) and its fields. */
export interface LogRecord {
  readonly level: number;
  readonly time: number;
  readonly msg?: string;
  readonly [field: string]: unknown;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServiceProcessOptions {
  /** A name for messages (`engine-a`). */
  readonly name: string;
  /** `--server`: `api`, `engine`, `executor`, `engine,executor`, `all`... */
  readonly roles: string;
  /** Added to the test process's environment. */
  readonly env: Readonly<Record<string, string>>;
}

type LogListener = (record: LogRecord, process: ServiceProcess) => void;

const MAX_KEPT_OUTPUT = 4 * 1024 * 1024;

export class ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every pino line the process wrote on stdout, in order. */
  readonly logs: LogRecord[] = [];
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<ProcessExit>;
  #exit: ProcessExit | null = null;
  #stdout = "";
  #stderr = "";
  #partialLine = "";
  readonly #listeners = new Set<LogListener>();
  readonly #stderrListeners = new Set<() => void>();

  constructor(options: ServiceProcessOptions) {
    this.name = options.name;
    this.child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=development", mainScript, "--server", options.roles],
      { cwd: workspaceRoot, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => this.#onStdout(chunk));
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      this.#stderr = keepTail(this.#stderr + chunk);
      for (const listener of this.#stderrListeners) listener();
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        for (const listener of this.#stderrListeners) listener();
        resolve(this.#exit);
      });
      this.child.once("error", (error) => {
        this.#stderr += `\nspawn failed: ${String(error)}\n`;
        this.#exit ??= { code: null, signal: null };
        resolve(this.#exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How the process ended, or null while it runs. */
  get exit(): ProcessExit | null {
    return this.#exit;
  }

  stdout(): string {
    return this.#stdout;
  }

  stderr(): string {
    return this.#stderr;
  }

  /** Calls `listener` with each pino line as soon as it is read (synchronously); returns its removal. */
  onLog(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first log line (already written or to come) that matches; fails on exit or after `timeoutMs`. */
  waitForLog(
    predicate: (record: LogRecord) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<LogRecord> {
    const found = this.logs.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        removeLog();
        this.#stderrListeners.delete(onExit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no ${what} after ${timeoutMs} ms\n${this.diagnostics()}`));
      }, timeoutMs);
      const removeLog = this.onLog((record) => {
        if (!predicate(record)) return;
        cleanup();
        resolve(record);
      });
      const onExit = () => {
        if (this.#exit === null) return;
        cleanup();
        reject(new Error(`${this.name}: exited before ${what}\n${this.diagnostics()}`));
      };
      this.#stderrListeners.add(onExit);
      onExit();
    });
  }

  /** The first match of `pattern` in stderr (already written or to come). */
  waitForStderr(pattern: RegExp, what: string, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.#stderr);
        if (match !== null) {
          cleanup();
          resolve(match);
        } else if (this.#exit !== null) {
          cleanup();
          reject(new Error(`${this.name}: exited before ${what}\n${this.diagnostics()}`));
        }
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.#stderrListeners.delete(check);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no ${what} after ${timeoutMs} ms\n${this.diagnostics()}`));
      }, timeoutMs);
      this.#stderrListeners.add(check);
      check();
    });
  }

  /** Waits for the runtime's start line ("workflow runtime started"), which every role writes. */
  async ready(timeoutMs = 30_000): Promise<void> {
    await this.waitForLog((record) => record.msg === "workflow runtime started", "start", timeoutMs);
  }

  /** Sends `signal` (SIGKILL by default) and waits for the process to end. */
  kill(signal: NodeJS.Signals = "SIGKILL"): Promise<ProcessExit> {
    if (this.#exit === null) this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM (the service closes its workers and connections), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<ProcessExit> {
    if (this.#exit !== null) return this.#exit;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The end of stdout and stderr, for a failure message. */
  diagnostics(lines = 40): string {
    const tail = (text: string) => text.split("\n").slice(-lines).join("\n");
    const state = this.#exit === null ? "running" : `exited ${JSON.stringify(this.#exit)}`;
    return [
      `--- ${this.name} (pid ${this.pid}, ${state}) stdout:`,
      tail(this.#stdout),
      `--- ${this.name} stderr:`,
      tail(this.#stderr),
    ].join("\n");
  }

  #onStdout(chunk: string): void {
    this.#stdout = keepTail(this.#stdout + chunk);
    const text = this.#partialLine + chunk;
    const lines = text.split("\n");
    this.#partialLine = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        continue;
      }
      this.logs.push(record);
      for (const listener of this.#listeners) listener(record, this);
    }
  }
}

function keepTail(text: string): string {
  return text.length > MAX_KEPT_OUTPUT ? text.slice(-MAX_KEPT_OUTPUT) : text;
}

/** The processes of one test file: started through it, stopped together in afterAll. */
export class ServiceProcessGroup {
  readonly processes: ServiceProcess[] = [];
  readonly #killOnExit = () => {
    for (const service of this.processes) if (service.exit === null) service.child.kill("SIGKILL");
  };

  constructor() {
    // If the test process ends without afterAll (a crash, a timeout of the whole run), take the
    // services with it rather than leaving them running.
    process.once("exit", this.#killOnExit);
  }

  start(options: ServiceProcessOptions): ServiceProcess {
    const service = new ServiceProcess(options);
    this.processes.push(service);
    return service;
  }

  /** Starts an `api` process and answers with it and its API's base URL (`http://127.0.0.1:PORT/v2`). */
  async startApi(
    options: Omit<ServiceProcessOptions, "roles"> & { readonly roles?: string },
    timeoutMs = 60_000,
  ): Promise<{ process: ServiceProcess; apiUrl: string }> {
    const service = this.start({ roles: "api", ...options, env: { OPS_API_PORT: "0", ...options.env } });
    const match = await service.waitForStderr(
      /Workflow service \(Mistral v2 API\) at (\S+\/v2)/,
      "API address",
      timeoutMs,
    );
    return { process: service, apiUrl: match[1]! };
  }

  /** Stops every process still running (SIGTERM, then SIGKILL after `graceMs`). */
  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all(this.processes.map((service) => service.stop(graceMs)));
    process.removeListener("exit", this.#killOnExit);
  }

  diagnostics(lines = 40): string {
    return this.processes.map((service) => service.diagnostics(lines)).join("\n");
  }
}

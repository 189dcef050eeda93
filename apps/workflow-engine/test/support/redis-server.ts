// A Redis server of the test's own (`redis-server` on a free port, no persistence), for tests that
// kill Redis and bring it back empty. Never the shared Redis on 6379.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REDIS_SERVER = process.env["REDIS_SERVER_BIN"] ?? "redis-server";

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Sends PING; true when the server answers PONG within `timeoutMs`. */
export function ping(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let answer = "";
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.setEncoding("utf8");
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
    socket.once("error", () => done(false));
  });
}

export class RedisServer {
  readonly port: number;
  readonly #folder: string;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  #output = "";
  /** How many times the server was started (1 after start(), 2 after one restart...). */
  starts = 0;

  /** If the test process ends without stop() (a crash), the server goes with it. */
  readonly #killOnExit = () => this.#child?.kill("SIGKILL");

  private constructor(port: number) {
    this.port = port;
    this.#folder = mkdtempSync(join(tmpdir(), "ops-redis-"));
    process.once("exit", this.#killOnExit);
  }

  /** Starts a server on a free port and waits until it answers PING. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.#launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** What the server printed, for failure messages. */
  output(): string {
    return this.#output;
  }

  /** SIGKILL: the server dies at once, with every key (it persists nothing). */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    child.kill("SIGKILL");
    await this.#exited;
  }

  /** Starts the server again on the same port, empty; waits until it answers PING. */
  async restart(): Promise<void> {
    await this.kill();
    await this.#launch();
  }

  /** Kills the server and removes its folder. */
  async stop(): Promise<void> {
    await this.kill();
    process.removeListener("exit", this.#killOnExit);
    rmSync(this.#folder, { recursive: true, force: true });
  }

  async #launch(timeoutMs = 10_000): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        this.#folder,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.starts += 1;
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString("utf8")).slice(-64 * 1024);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.#exited = new Promise((resolve) => {
      child.once("exit", () => {
        if (this.#child === child) this.#child = null;
        resolve();
      });
      child.once("error", (error) => {
        this.#output += `\nspawn failed: ${String(error)}\n`;
        if (this.#child === child) this.#child = null;
        resolve();
      });
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await ping(this.port))) {
      if (this.#child !== child) throw new Error(`redis-server exited at start:\n${this.#output}`);
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`redis-server on port ${this.port} did not answer PING:\n${this.#output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

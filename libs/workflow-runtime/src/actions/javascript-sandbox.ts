// Runs a std.javascript script in a worker thread of its own: V8 heap limits bound its memory,
// and terminating the worker is a hard stop for any script, even `while (true) {}`. Inside the
// worker the script runs in a fresh vm context that holds only the language's built-ins and `$`,
// so it sees no Node.js API. (vm contexts are not a security boundary; the worker's limits are
// what protects the executor.)
import { Worker } from "node:worker_threads";
import { pyJsonDumps } from "@ops/dsl";
import { cancellationError } from "./action-cancellation.js";
import { ACTION_ERROR_CODES, StdActionError } from "./action-errors.js";

/** Limits of one script run. */
export interface JavaScriptLimits {
  readonly timeLimitMs: number;
  readonly memoryLimitMb: number;
  readonly stackSizeMb: number;
}

// The worker's program, CommonJS evaluated from a string so that it needs no file of its own
// (the library runs from TypeScript sources in tests and from dist in production).
//
// ArrayBuffers and typed arrays keep their bytes outside V8's heap, where the heap limit does not
// count them, and WebAssembly memories too; the context goes without them so that the memory
// limit holds for everything a script can allocate.
const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const vm = require("node:vm");
const OFF_HEAP = ["ArrayBuffer", "SharedArrayBuffer", "Atomics", "WebAssembly", "DataView",
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"];
let reply;
try {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: false } });
  vm.runInContext(OFF_HEAP.map((name) => "delete globalThis." + name + ";").join(""), context);
  vm.runInContext("var $ = " + workerData.contextSource + ";", context, { filename: "context.js" });
  const value = vm.runInContext(workerData.program, context, { filename: "script.js" });
  const json = vm.runInContext("JSON", context).stringify(value);
  reply = { ok: true, json: json === undefined ? "null" : json };
} catch (error) {
  let message;
  try { message = String(error); } catch { message = "the script threw a value that cannot be printed"; }
  reply = { ok: false, message };
}
parentPort.postMessage(reply);
`;

type WorkerReply =
  { readonly ok: true; readonly json: string } | { readonly ok: false; readonly message: string };

/**
 * Evaluates a script as Mistral does: the script is the body of a function (so `return x` gives
 * the result) and `$` is the context. The result goes through JSON (undefined becomes null).
 *
 * @throws StdActionError `JavaScriptAction failed: ...` with code WF_ERR_ACTION_FAILED when the
 *   script throws, WF_ERR_ACTION_TIME_LIMIT / WF_ERR_ACTION_MEMORY_LIMIT when it exceeds a limit,
 *   WF_ERR_ACTION_CANCELLED when `signal` aborts.
 */
export async function evaluateJavaScript(
  script: string,
  contextValue: unknown,
  limits: JavaScriptLimits,
  signal: AbortSignal,
): Promise<unknown> {
  if (signal.aborted) throw cancellationError(signal);
  const failed = (
    code: (typeof ACTION_ERROR_CODES)[keyof typeof ACTION_ERROR_CODES],
    detail: string,
    retryable = false,
  ) => new StdActionError(code, `JavaScriptAction failed: ${detail}`, retryable);

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Python's JSON of the context is JavaScript source too (NaN and Infinity included), which
    // is how Mistral hands the context to V8.
    workerData: {
      contextSource: pyJsonDumps(contextValue ?? null),
      program: `function f() {\n${script}\n}\nf()`,
    },
    resourceLimits: {
      maxOldGenerationSizeMb: limits.memoryLimitMb,
      maxYoungGenerationSizeMb: Math.max(1, Math.min(16, Math.floor(limits.memoryLimitMb / 4))),
      stackSizeMb: limits.stackSizeMb,
    },
    // The script has no console, but the worker's streams must not reach the executor's output.
    stdout: true,
    stderr: true,
    env: {},
  });
  worker.stdout.resume();
  worker.stderr.resume();

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        outcome();
      };
      timer = setTimeout(
        () =>
          settle(() =>
            reject(
              failed(ACTION_ERROR_CODES.timeLimit, `the script ran longer than ${limits.timeLimitMs} ms`),
            ),
          ),
        limits.timeLimitMs,
      );
      onAbort = () => settle(() => reject(cancellationError(signal)));
      signal.addEventListener("abort", onAbort, { once: true });
      worker.once("message", (reply: WorkerReply) =>
        settle(() =>
          reply.ok
            ? resolve(JSON.parse(reply.json))
            : reject(failed(ACTION_ERROR_CODES.failed, reply.message)),
        ),
      );
      worker.once("error", (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? failed(
                  ACTION_ERROR_CODES.memoryLimit,
                  `the script used more than ${limits.memoryLimitMb} MB of memory`,
                )
              : failed(ACTION_ERROR_CODES.failed, error.message),
          ),
        ),
      );
      worker.once("exit", (code) =>
        settle(() =>
          reject(failed(ACTION_ERROR_CODES.failed, `the script's worker ended (exit code ${code})`)),
        ),
      );
    });
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
    // Always stop the worker before answering, whatever happened: nothing may keep running.
    await worker.terminate();
  }
}

// Completion detection for scenarios with many executions in flight. Polling each execution with
// GET /executions/{id} would multiply the server's load by the number in flight, so one loop lists
// this scenario's unfinished executions (filtered by workflow name and a per-scenario description
// tag) and an execution that left that list has finished. A second, normally empty, list of the
// tag's ERROR/CANCELLED executions tells a failure from a success.
import { setTimeout as sleep } from "node:timers/promises";
import { performance } from "node:perf_hooks";
import type { ExecutionSummary, MistralClient } from "./mistral-client.js";

export interface Completion {
  readonly id: string;
  /** SUCCESS, ERROR, CANCELLED, or TIMEOUT when no final state came within the timeout. */
  readonly state: string;
  readonly stateInfo: string | null;
  /** performance.now() when the answer showing the final state arrived. */
  readonly observedAt: number;
}

interface Tracked {
  readonly id: string;
  /** Only lists asked for after this instant can show the execution (it exists from then on). */
  readonly registeredAt: number;
  readonly deadline: number;
  readonly resolve: (completion: Completion) => void;
  readonly reject: (error: Error) => void;
}

export interface WatchTarget {
  readonly workflowName: string;
  readonly description: string;
}

/** Transient list errors (a busy server answering 500) are retried this many times in a row. */
const MAX_CONSECUTIVE_ERRORS = 5;
const UNFINISHED = "nin:SUCCESS,ERROR,CANCELLED";
const FAILED = "in:ERROR,CANCELLED";

export class CompletionWatcher {
  private readonly pending = new Map<string, Tracked>();
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private readonly loop: Promise<void>;
  /** Requests the watcher made, to report its own load on the server. */
  listRequests = 0;

  constructor(
    private readonly client: MistralClient,
    private readonly target: WatchTarget,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
  ) {
    this.loop = this.run();
  }

  /** Resolves when the execution (just started by POST) is seen in a final state. */
  track(id: string, startedAt: number): Promise<Completion> {
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        reject(new Error(`completion watcher already stopped, cannot watch ${id}`));
        return;
      }
      this.pending.set(id, {
        id,
        registeredAt: performance.now(),
        deadline: startedAt + this.timeoutMs,
        resolve,
        reject,
      });
      this.wakeUp?.();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let consecutiveErrors = 0;
    while (!this.stopped) {
      if (this.pending.size === 0) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        this.wakeUp = undefined;
        continue;
      }
      try {
        await this.pollOnce();
        consecutiveErrors = 0;
      } catch (error) {
        consecutiveErrors += 1;
        if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) this.failAll(error as Error);
      }
      if (this.pending.size > 0) await sleep(this.intervalMs);
    }
    this.failAll(new Error("completion watcher stopped with executions still pending"));
  }

  private async pollOnce(): Promise<void> {
    const askedAt = performance.now();
    const unfinished = await this.list(UNFINISHED, "id,state");
    const observedAt = performance.now();
    const running = new Set(unfinished.map((execution) => execution.id));
    const finished = [...this.pending.values()].filter(
      (tracked) => tracked.registeredAt < askedAt && !running.has(tracked.id),
    );
    if (finished.length > 0) {
      // Asked after the first list answered, so it sees every execution that list showed finished.
      const failures = new Map((await this.list(FAILED, "id,state,state_info")).map((ex) => [ex.id, ex]));
      for (const tracked of finished) this.settle(tracked, failures.get(tracked.id), observedAt);
    }
    this.expire(observedAt);
  }

  private list(state: string, fields: string): Promise<ExecutionSummary[]> {
    this.listRequests += 1;
    const filters = { workflow_name: this.target.workflowName, description: this.target.description, state };
    return this.client.listExecutions(filters, fields);
  }

  private settle(tracked: Tracked, failure: ExecutionSummary | undefined, observedAt: number): void {
    this.pending.delete(tracked.id);
    tracked.resolve({
      id: tracked.id,
      state: failure?.state ?? "SUCCESS",
      stateInfo: failure?.stateInfo ?? null,
      observedAt,
    });
  }

  private expire(now: number): void {
    for (const tracked of this.pending.values()) {
      if (now <= tracked.deadline) continue;
      this.pending.delete(tracked.id);
      tracked.resolve({
        id: tracked.id,
        state: "TIMEOUT",
        stateInfo: `no final state within ${this.timeoutMs / 1000} s of its start`,
        observedAt: now,
      });
    }
  }

  private failAll(error: Error): void {
    for (const tracked of this.pending.values()) tracked.reject(error);
    this.pending.clear();
  }
}

// A pass of the scheduler role that runs now and then every `intervalMs`, never overlapping the
// previous one; a failed pass is logged and the next one comes as usual.
import type { Logger } from "pino";

export class PeriodicPass {
  #timer: NodeJS.Timeout | null = null;
  #pass: Promise<void> | null = null;
  #closed = false;

  constructor(
    /** For logs: "cron trigger pass", "timer pass". */
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Whether close() was called (a long pass may stop early). */
  get closed(): boolean {
    return this.#closed;
  }

  start(): void {
    const loop = async () => {
      this.#timer = null;
      if (this.#closed) return;
      this.#pass = this.run()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, `${this.name} failed`));
      await this.#pass;
      if (!this.#closed) this.#timer = setTimeout(() => void loop(), this.intervalMs);
    };
    void loop();
  }

  /** Stops the passes; answers when the pass under way has ended. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    await this.#pass;
  }
}

// The SQLite connection under @prisma/adapter-libsql. The adapter already runs one statement or one
// transaction at a time per process (a mutex held from BEGIN to COMMIT), so one connection is enough;
// this client keeps it, where @libsql/client would open a new connection after every transaction
// (forgetting per-connection settings and leaving the old ones to the garbage collector). It also:
// - lets one statement or transaction at a time use the database file across every client of this
//   process (stores opened twice on one file): the driver is synchronous, so a second connection
//   waiting for the lock in SQLite's busy handler would block the event loop that the first one
//   needs in order to finish — they would wait for each other until the busy timeout;
// - begins write transactions with BEGIN IMMEDIATE, so a transaction takes the write lock before its
//   first read and concurrent writers (other processes) queue instead of failing half-way with
//   SQLITE_BUSY; the adapter itself asks for a deferred transaction;
// - sets a busy timeout, so a writer in another process waits for the lock instead of failing at once
//   (libsql's default is 0). The wait blocks this process's event loop: the driver is synchronous;
// - turns on WAL, so readers in other processes are not blocked by the writer;
// - makes LIKE case-sensitive, so `has:` filters behave as on PostgreSQL and on MySQL (whose tables
//   the store creates with a binary collation).
import type { Client, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";

/** Settings of the SQLite connection. */
export interface SerialSqliteClientOptions {
  /** How long a statement waits for another process's lock before failing. @defaultValue 10000 */
  readonly busyTimeoutMs?: number;
  /** Clients with the same key (the database file) take turns in this process. */
  readonly lockKey?: string;
}

/** A first-come, first-served lock for async work. */
class AsyncLock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves when the lock is this caller's, with the function that releases it. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }
}

const fileLocks = new Map<string, AsyncLock>();

function fileLock(key: string | undefined): AsyncLock {
  if (key === undefined) return new AsyncLock();
  let lock = fileLocks.get(key);
  if (lock === undefined) fileLocks.set(key, (lock = new AsyncLock()));
  return lock;
}

export class SerialSqliteClient implements Client {
  readonly #inner: Client;
  readonly #lock: AsyncLock;
  readonly #busyTimeoutMs: number;
  #prepared = false;
  #transactionOpen = false;

  constructor(inner: Client, options: SerialSqliteClientOptions = {}) {
    this.#inner = inner;
    this.#lock = fileLock(options.lockKey);
    this.#busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000));
  }

  /** Settings of a new connection, applied holding the file lock (switching to WAL needs it). */
  async #prepare(): Promise<void> {
    if (this.#prepared) return;
    await this.#inner.execute(`PRAGMA busy_timeout = ${this.#busyTimeoutMs}`);
    await this.#inner.execute("PRAGMA foreign_keys = ON");
    await this.#inner.execute("PRAGMA case_sensitive_like = ON");
    // With WAL, NORMAL syncs at checkpoints rather than at every commit; a crash of the process
    // loses nothing, a power loss at most the last commits, never the database.
    await this.#inner.execute("PRAGMA synchronous = NORMAL");
    try {
      await this.#inner.execute("PRAGMA journal_mode = WAL");
    } catch {
      // Another process switching the same file at this moment: it will be WAL either way.
    }
    this.#prepared = true;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  get protocol(): string {
    return this.#inner.protocol;
  }

  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire();
    try {
      await this.#prepare();
      return await work();
    } finally {
      release();
    }
  }

  execute(statement: InStatement): Promise<ResultSet> {
    return this.#exclusive(() => this.#inner.execute(statement));
  }

  batch(statements: InStatement[], mode: TransactionMode = "deferred"): Promise<ResultSet[]> {
    return this.#exclusive(() => this.#inner.batch(statements, mode === "deferred" ? "write" : mode));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#exclusive(() => this.#inner.executeMultiple(sql));
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    if (this.#transactionOpen) {
      // The adapter's mutex makes this impossible; say so plainly should that ever change.
      throw new Error("SerialSqliteClient: a transaction is already open on this connection");
    }
    const release = await this.#lock.acquire();
    try {
      await this.#prepare();
      await this.#inner.execute(mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    } catch (error) {
      release();
      throw error;
    }
    this.#transactionOpen = true;
    return new SerialSqliteTransaction(this.#inner, () => {
      this.#transactionOpen = false;
      release();
    });
  }

  sync(): Promise<void> {
    return this.#exclusive(() => this.#inner.sync());
  }

  close(): void {
    this.#inner.close();
  }
}

class SerialSqliteTransaction implements Transaction {
  readonly #client: Client;
  readonly #onEnd: () => void;
  #ended = false;

  constructor(client: Client, onEnd: () => void) {
    this.#client = client;
    this.#onEnd = onEnd;
  }

  get closed(): boolean {
    return this.#ended;
  }

  execute(statement: InStatement): Promise<ResultSet> {
    return this.#client.execute(statement);
  }

  async batch(statements: InStatement[]): Promise<ResultSet[]> {
    const results: ResultSet[] = [];
    for (const statement of statements) results.push(await this.#client.execute(statement));
    return results;
  }

  executeMultiple(): Promise<void> {
    // @libsql/client's executeMultiple rolls back an open transaction when it ends.
    return Promise.reject(new Error("SerialSqliteClient: executeMultiple is not available in a transaction"));
  }

  async commit(): Promise<void> {
    try {
      await this.#client.execute("COMMIT");
    } catch (error) {
      // A failed COMMIT (SQLITE_BUSY) leaves the transaction open: end it so the connection is usable.
      await this.#client.execute("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      this.#end();
    }
  }

  async rollback(): Promise<void> {
    try {
      // SQLite may have rolled back already (after some errors); then there is nothing to undo.
      await this.#client.execute("ROLLBACK").catch(() => undefined);
    } finally {
      this.#end();
    }
  }

  close(): void {
    if (!this.#ended) void this.rollback();
  }

  #end(): void {
    this.#ended = true;
    this.#onEnd();
  }
}

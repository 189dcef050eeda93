// The store: one Prisma client for the configured database, every table's repository, and
// transactions that retry on write conflicts.
import { randomUUID } from "node:crypto";
import { parseDatabaseUrl, type DatabaseProvider, type DatabaseTarget } from "./database-target.js";
import type { DriverAdapterOptions } from "./driver-adapter-factory.js";
import { DriverTap, PoolSqlSession, TransactionSqlSession } from "./raw-sql.js";
import {
  createStoreClient,
  type PrismaTransactionOptions,
  type StoreClient,
  type TransactionClient,
} from "./store-client.js";
import { StoreRepositories } from "./store-repositories.js";
import {
  loadExecutionSnapshot,
  StoreTransaction,
  type ExecutionSnapshot,
  type ExecutionSnapshotOptions,
} from "./store-transaction.js";
import type { StoreEnvironment } from "./table-gateway.js";
import { toWorkflowStoreError, WorkflowStoreError } from "./workflow-store-error.js";

/** How to open a store. */
export interface WorkflowStoreOptions extends DriverAdapterOptions {
  /**
   * `file:PATH` for SQLite, `postgresql://user:password@host:port/database` for PostgreSQL,
   * `mysql://user:password@host:port/database` for MySQL and MariaDB.
   */
  readonly databaseUrl: string;
  /** Where a relative SQLite path starts. @defaultValue `process.cwd()` */
  readonly baseDirectory?: string;
  /** The clock for `createdAt`, `updatedAt` and due times. @defaultValue `() => new Date()` */
  readonly now?: () => Date;
  /** Ids of new rows. @defaultValue `crypto.randomUUID` */
  readonly newId?: () => string;
  /** Defaults of {@link WorkflowStore.transaction}. */
  readonly transactions?: TransactionOptions;
  /**
   * Run the engine's hot path (executions by id and by parent, updates by id, compare-and-set,
   * bulk inserts, claims, definitions by name) as raw SQL on the driver adapter rather than through
   * Prisma's query compiler, which costs about a millisecond a call. `false` sends every call
   * through Prisma (for comparison and tests). @defaultValue true
   */
  readonly rawSql?: boolean;
}

/** How a transaction runs. */
export interface TransactionOptions {
  /**
   * How often the whole callback is run again after a write conflict, deadlock, lock timeout or
   * SQLite busy error. @defaultValue 5
   */
  readonly maxRetries?: number;
  /** Longest a transaction may stay open before it is rolled back. @defaultValue 60000 */
  readonly timeoutMs?: number;
  /** Longest to wait for a connection (SQLite: for this process's previous transaction). @defaultValue 30000 */
  readonly maxWaitMs?: number;
}

const TRANSACTION_DEFAULTS: Required<TransactionOptions> = {
  maxRetries: 5,
  timeoutMs: 60_000,
  maxWaitMs: 30_000,
};

/** A call a direct transaction cannot make: the work goes to a Prisma transaction instead. */
class PrismaCallInDirectTransaction extends Error {
  override readonly name = "PrismaCallInDirectTransaction";
}

/** The Prisma client of a direct transaction: any use of it sends the work to Prisma. */
const PRISMA_UNAVAILABLE = new Proxy({} as TransactionClient, {
  get(_target, property) {
    // Not a client call: `await` probing for a thenable, inspection by symbols.
    if (property === "then" || typeof property === "symbol") return undefined;
    throw new PrismaCallInDirectTransaction(`Prisma's ${property} is not available in a direct transaction`);
  },
});

/**
 * The workflow service's database: every table's repository (each call its own statement), and
 * {@link WorkflowStore.transaction} for work that must be atomic.
 */
export class WorkflowStore extends StoreRepositories {
  /** Which database product this store runs on. */
  readonly provider: DatabaseProvider;
  readonly #client: StoreClient;
  readonly #transactionDefaults: Required<TransactionOptions>;
  readonly #tap: DriverTap | undefined;
  #closed = false;

  /** @internal Use {@link openWorkflowStore}. */
  constructor(
    target: DatabaseTarget,
    client: StoreClient,
    environment: StoreEnvironment,
    transactionDefaults: TransactionOptions = {},
    tap?: DriverTap,
  ) {
    super(client, environment, tap === undefined ? undefined : new PoolSqlSession(tap, client));
    this.provider = target.provider;
    this.#client = client;
    this.#transactionDefaults = { ...TRANSACTION_DEFAULTS, ...transactionDefaults };
    this.#tap = tap;
  }

  /** The store's clock. */
  now(): Date {
    return this.environment.now();
  }

  /**
   * Runs `fn` in one interactive transaction and commits when it returns. On a write conflict,
   * deadlock, lock timeout or SQLite busy error the transaction is rolled back and `fn` runs again
   * (up to `maxRetries` times, with a growing random pause), so `fn` must do nothing outside the
   * database that cannot be repeated. PostgreSQL and MySQL run at READ COMMITTED; SQLite
   * transactions begin IMMEDIATE. Errors from `fn` pass through; database errors become
   * {@link WorkflowStoreError}s.
   *
   * With raw SQL on, the transaction is first begun on the driver adapter directly; if `fn` makes a
   * call that needs Prisma's client, that attempt is rolled back and `fn` runs again in a Prisma
   * interactive transaction. Either way `fn` may run more than once.
   */
  async transaction<T>(
    fn: (tx: StoreTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const settings = { ...this.#transactionDefaults, ...options };
    const prismaOptions: PrismaTransactionOptions = {
      maxWait: settings.maxWaitMs,
      timeout: settings.timeoutMs,
      // READ COMMITTED is PostgreSQL's default, so asking for it would only cost a round trip;
      // MySQL's default is REPEATABLE READ.
      ...(this.provider === "mysql" ? { isolationLevel: "ReadCommitted" as const } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const direct = await this.#directTransaction(fn, settings.timeoutMs);
        if (direct !== undefined) return direct.value;
        const tap = this.#tap;
        return await this.#client.$transaction(
          (tx) => fn(new StoreTransaction(tx, this.environment, tap && new TransactionSqlSession(tap, tx))),
          prismaOptions,
        );
      } catch (error) {
        const storeError = toWorkflowStoreError(error);
        if (
          storeError instanceof WorkflowStoreError &&
          storeError.retryable &&
          attempt < settings.maxRetries
        ) {
          await new Promise((resolve) => setTimeout(resolve, (10 + Math.random() * 40) * 2 ** attempt));
          continue;
        }
        throw storeError;
      }
    }
  }

  /**
   * Runs `fn` in a transaction begun on the driver adapter, without Prisma's interactive-transaction
   * machinery, when every call `fn` makes is raw SQL (the engine's work). Undefined when raw SQL is
   * off, or when `fn` made a call only Prisma can make: what it did is rolled back, and the caller
   * runs it again in a Prisma transaction.
   */
  async #directTransaction<T>(
    fn: (tx: StoreTransaction) => Promise<T>,
    timeoutMs: number,
  ): Promise<{ value: T } | undefined> {
    const tap = this.#tap;
    if (tap === undefined) return undefined;
    if (tap.adapter === undefined) await this.#client.$connect();
    // MySQL's default is REPEATABLE READ; PostgreSQL's is already READ COMMITTED.
    const direct = await tap.beginDirect(this.provider === "mysql" ? "READ COMMITTED" : undefined);
    if (direct === undefined) return undefined;
    const expiry = setTimeout(() => void direct.rollback().catch(() => undefined), timeoutMs);
    try {
      const value = await fn(new StoreTransaction(PRISMA_UNAVAILABLE, this.environment, direct));
      await direct.commit();
      return { value };
    } catch (error) {
      await direct.rollback().catch(() => undefined);
      if (error instanceof PrismaCallInDirectTransaction) return undefined;
      throw error;
    } finally {
      clearTimeout(expiry);
    }
  }

  /** The execution, all its task executions and the rows `options` asks for (outside a transaction). */
  loadExecutionSnapshot(
    executionId: string,
    options: ExecutionSnapshotOptions = {},
  ): Promise<ExecutionSnapshot> {
    return loadExecutionSnapshot(this, executionId, options);
  }

  /** Closes the database connections. The store cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.$disconnect();
  }
}

/**
 * Opens the store on `options.databaseUrl` with that provider's generated Prisma client and driver
 * adapter. The schema must be there already (`db upgrade`); an SQLite file's folder is created.
 *
 * @throws {@link WorkflowStoreError} `WF_STORE_ERR_BAD_DATABASE_URL`, `WF_STORE_ERR_CLIENT_NOT_GENERATED`
 */
export async function openWorkflowStore(options: WorkflowStoreOptions): Promise<WorkflowStore> {
  const target = parseDatabaseUrl(options.databaseUrl, options.baseDirectory ?? process.cwd());
  const tap = options.rawSql === false ? undefined : new DriverTap(target.provider);
  const client = await createStoreClient(target, options, tap);
  const environment: StoreEnvironment = {
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
  };
  return new WorkflowStore(target, client, environment, options.transactions, tap);
}

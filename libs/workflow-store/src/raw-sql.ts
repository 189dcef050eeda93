// The engine's hot path as hand-written SQL on Prisma's own driver adapter, past Prisma's query
// compiler. Every Prisma call — `$queryRawUnsafe` included — is compiled to a query plan by a
// WebAssembly module and interpreted; for a model query that costs ~1 ms, for a raw one ~0.2 ms, on
// top of the database's ~0.2 ms (and `$queryRawUnsafe` cannot read MySQL LONGTEXT columns with a
// binary collation: Prisma takes them for bytes). So the reads and writes the engine makes at every
// task step go to the adapter that the Prisma client itself talks through (the same pool, the same
// SQLite lock, and inside `store.transaction` the same connection and transaction), with arguments
// of the argument types Prisma gives them — the adapter formats dates and booleans as it does for
// Prisma, so a row written here is byte for byte the row Prisma would write.
//
// How a transaction's connection is found: the adapter's `startTransaction` is wrapped, so every
// transaction Prisma starts is a TappedTransaction; the first raw statement of a StoreTransaction
// sends one `$executeRawUnsafe` with a token through Prisma's transaction client, which the tapped
// transaction answers itself (nothing reaches the database) by registering under that token.
import { randomUUID } from "node:crypto";
import type { DatabaseProvider } from "./database-target.js";
import { accessProjectId, type ProjectAccess } from "./project-access.js";
import type { RawRow } from "./row-codec.js";
import type { TableSpec } from "./store-tables.js";
import { toWorkflowStoreError, WorkflowStoreError } from "./workflow-store-error.js";

type ScalarType = "string" | "int" | "boolean" | "datetime";

interface ArgType {
  readonly scalarType: ScalarType;
  readonly arity: "scalar";
}

/** A statement as driver adapters take it. */
export interface SqlQuery {
  readonly sql: string;
  readonly args: unknown[];
  readonly argTypes: ArgType[];
}

interface SqlResultSet {
  readonly columnNames: string[];
  readonly rows: unknown[][];
}

/** What a driver adapter and its transactions answer (`@prisma/driver-adapter-utils`' SqlQueryable). */
export interface SqlQueryable {
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
  executeRaw(query: SqlQuery): Promise<number>;
}

interface AdapterTransaction extends SqlQueryable {
  readonly provider: string;
  readonly adapterName: string;
  readonly options: unknown;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

interface ConnectedAdapter extends SqlQueryable {
  startTransaction(isolationLevel?: string): Promise<AdapterTransaction>;
  dispose(): Promise<void>;
}

/** How one provider spells what the raw statements need. */
export interface SqlDialect {
  readonly provider: DatabaseProvider;
  /** The placeholder of the n-th argument (from 1). */
  param(n: number): string;
  ident(name: string): string;
  /** `UPDATE ... RETURNING` (PostgreSQL, SQLite ≥ 3.35; not MySQL, not MariaDB). */
  readonly returning: boolean;
  /** Most arguments one statement takes. */
  readonly maxParams: number;
  /** The statement a StoreTransaction finds its connection with (harmless should it reach the database). */
  readonly attachSql: string;
}

const ATTACH_MARK = "ops-workflow-store:attach-transaction";

const DIALECTS: Readonly<Record<DatabaseProvider, SqlDialect>> = {
  postgresql: {
    provider: "postgresql",
    param: (n) => `$${n}`,
    ident: (name) => `"${name}"`,
    returning: true,
    maxParams: 32_767,
    attachSql: `/* ${ATTACH_MARK} */ SELECT 1 WHERE $1::text IS NULL`,
  },
  sqlite: {
    provider: "sqlite",
    param: () => "?",
    ident: (name) => `"${name}"`,
    returning: true,
    // SQLite's limit was 999 before 3.32; Prisma chunks at 999 as well.
    maxParams: 999,
    attachSql: `/* ${ATTACH_MARK} */ SELECT 1 WHERE ? IS NULL`,
  },
  mysql: {
    provider: "mysql",
    param: () => "?",
    ident: (name) => `\`${name}\``,
    returning: false,
    maxParams: 32_767,
    attachSql: `/* ${ATTACH_MARK} */ SELECT 1 WHERE ? IS NULL`,
  },
};

/** The dialect of a provider. */
export function sqlDialect(provider: DatabaseProvider): SqlDialect {
  return DIALECTS[provider];
}

const isAttach = (query: SqlQuery) => query.sql.includes(ATTACH_MARK);
// What Prisma's transaction manager sends to end a transaction (not ROLLBACK TO SAVEPOINT).
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$|^-- Implicit "(COMMIT|ROLLBACK)"/i;

/** A statement a StoreTransaction sends along with its attach statement, and what came of it. */
interface Piggyback {
  readonly query: SqlQuery;
  readonly kind: "query" | "execute";
  transaction?: TappedTransaction;
  outcome?: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
}

/**
 * A transaction Prisma started, seen by the store too. It answers the attach statement itself —
 * registering with the StoreTransaction that sent it, and running the statement that came with it —
 * and knows when Prisma has ended it (committed, rolled back, timed out), so that the store never
 * sends a statement on a connection that has gone back to the pool.
 */
class TappedTransaction implements AdapterTransaction {
  #ended = false;

  constructor(
    readonly inner: AdapterTransaction,
    private readonly tap: DriverTap,
  ) {}

  get provider(): string {
    return this.inner.provider;
  }

  get adapterName(): string {
    return this.inner.adapterName;
  }

  get options(): unknown {
    return this.inner.options;
  }

  get ended(): boolean {
    return this.#ended;
  }

  async #attach(query: SqlQuery): Promise<void> {
    const piggyback = this.tap.piggyback(query.args[0]);
    if (piggyback === undefined) return;
    piggyback.transaction = this;
    try {
      const value =
        piggyback.kind === "query"
          ? await this.inner.queryRaw(piggyback.query)
          : await this.inner.executeRaw(piggyback.query);
      piggyback.outcome = { ok: true, value };
    } catch (error) {
      // The store throws it; Prisma sees a statement that did nothing.
      piggyback.outcome = { ok: false, error };
    }
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (!isAttach(query)) return this.inner.queryRaw(query);
    await this.#attach(query);
    return { columnNames: [], columnTypes: [], rows: [] } as SqlResultSet;
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    if (isAttach(query)) {
      await this.#attach(query);
      return 0;
    }
    if (ENDS_TRANSACTION.test(query.sql)) this.#ended = true;
    return this.inner.executeRaw(query);
  }

  commit(): Promise<void> {
    this.#ended = true;
    return this.inner.commit();
  }

  rollback(): Promise<void> {
    this.#ended = true;
    return this.inner.rollback();
  }
}

/**
 * Watches a Prisma driver adapter factory: the adapter it connects (for statements outside
 * transactions) and the transactions that adapter starts.
 */
export class DriverTap {
  readonly dialect: SqlDialect;
  #adapter: ConnectedAdapter | undefined;
  /** The adapter's own startTransaction, for transactions the store runs without Prisma. */
  #startTransaction: ConnectedAdapter["startTransaction"] | undefined;
  readonly #piggybacks = new Map<string, Piggyback>();

  constructor(provider: DatabaseProvider) {
    this.dialect = sqlDialect(provider);
  }

  /** Wraps `factory.connect` (before the Prisma client is made with it). */
  install(factory: object): void {
    const target = factory as { connect(): Promise<unknown> };
    const connect = target.connect.bind(target);
    target.connect = async () => {
      const adapter = (await connect()) as ConnectedAdapter;
      this.#watch(adapter);
      return adapter;
    };
  }

  #watch(adapter: ConnectedAdapter): void {
    const startTransaction = adapter.startTransaction.bind(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.startTransaction = async (isolationLevel) =>
      new TappedTransaction(await startTransaction(isolationLevel), this);
    adapter.dispose = () => {
      if (this.#adapter === adapter) {
        this.#adapter = undefined;
        this.#startTransaction = undefined;
      }
      return dispose();
    };
    this.#adapter = adapter;
    this.#startTransaction = startTransaction;
  }

  /**
   * Begins a transaction on the adapter itself, for store work that is all raw SQL: it saves what
   * Prisma's interactive transactions cost (their bookkeeping and the attach statement, about a
   * millisecond). Undefined when the adapter is not connected.
   */
  async beginDirect(isolationLevel?: string): Promise<DirectTransaction | undefined> {
    const start = this.#startTransaction;
    if (start === undefined) return undefined;
    return new DirectTransaction(await start(isolationLevel), this.dialect);
  }

  /** The connected adapter, if the Prisma client has connected. */
  get adapter(): SqlQueryable | undefined {
    return this.#adapter;
  }

  /** Runs `query` as the attach statement of a Prisma transaction: the transaction and the outcome. */
  async attach(
    prismaTransaction: PrismaRawTransaction,
    query: SqlQuery,
    kind: "query" | "execute",
  ): Promise<Piggyback> {
    const token = randomUUID();
    const piggyback: Piggyback = { query, kind };
    this.#piggybacks.set(token, piggyback);
    try {
      await prismaTransaction.$executeRawUnsafe(this.dialect.attachSql, token);
    } finally {
      this.#piggybacks.delete(token);
    }
    return piggyback;
  }

  /** @internal The statement that came with an attach statement. */
  piggyback(token: unknown): Piggyback | undefined {
    return typeof token === "string" ? this.#piggybacks.get(token) : undefined;
  }
}

/** Where a store's raw statements run: on the pool, or in one transaction. */
export interface SqlSession {
  readonly dialect: SqlDialect;
  /** Whether statements run in a transaction (several statements are then atomic). */
  readonly inTransaction: boolean;
  /** What to send statements to now; undefined when raw SQL is not available (use Prisma). */
  queryable(): Promise<SqlQueryable | undefined>;
}

/** Thrown by a transaction's first raw statement when the transaction cannot be reached: use Prisma. */
export class RawSqlUnavailable extends Error {
  override readonly name = "RawSqlUnavailable";
}

/** Statements of a store outside transactions, on the adapter's pool (SQLite: its one connection). */
export class PoolSqlSession implements SqlSession {
  readonly inTransaction = false;

  constructor(
    private readonly tap: DriverTap,
    private readonly client: { $connect(): Promise<void> },
  ) {}

  get dialect(): SqlDialect {
    return this.tap.dialect;
  }

  async queryable(): Promise<SqlQueryable | undefined> {
    if (this.tap.adapter === undefined) await this.client.$connect();
    return this.tap.adapter;
  }
}

/**
 * A transaction begun on the adapter by the store (see {@link DriverTap.beginDirect}). Where the
 * adapter leaves COMMIT and ROLLBACK to its caller (PostgreSQL, MySQL), this sends them.
 */
export class DirectTransaction implements SqlSession {
  readonly inTransaction = true;
  #ended = false;

  constructor(
    private readonly transaction: AdapterTransaction,
    readonly dialect: SqlDialect,
  ) {}

  queryable(): Promise<SqlQueryable | undefined> {
    if (this.#ended) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_TRANSACTION",
        "Transaction already closed: the transaction has ended (committed or rolled back)",
        {},
        { retryable: true },
      );
    }
    return Promise.resolve(this.transaction);
  }

  commit(): Promise<void> {
    return this.#end("COMMIT");
  }

  rollback(): Promise<void> {
    return this.#end("ROLLBACK");
  }

  async #end(statement: "COMMIT" | "ROLLBACK"): Promise<void> {
    if (this.#ended) {
      if (statement === "ROLLBACK") return;
      // Rolled back meanwhile (its time ran out): committing now would claim work that is lost.
      throw new WorkflowStoreError(
        "WF_STORE_ERR_TRANSACTION",
        "Transaction already closed: it was rolled back before it could commit (it ran out of time)",
        {},
        { retryable: true },
      );
    }
    this.#ended = true;
    const sendsItself = (this.transaction.options as { usePhantomQuery?: boolean } | null)?.usePhantomQuery;
    try {
      if (sendsItself !== true) await this.transaction.executeRaw({ sql: statement, args: [], argTypes: [] });
    } finally {
      // Hands the connection back (and, for SQLite, commits or rolls back).
      await (statement === "COMMIT" ? this.transaction.commit() : this.transaction.rollback());
    }
  }
}

type PrismaRawTransaction = { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> };

/**
 * Statements in one Prisma interactive transaction. The first goes through Prisma's transaction
 * client as the attach statement (one Prisma call, which costs about what a second database round
 * trip would); the rest go straight to the transaction's connection.
 */
export class TransactionSqlSession implements SqlSession {
  readonly inTransaction = true;
  #transaction: TappedTransaction | undefined;
  #unavailable = false;
  readonly #attaching: SqlQueryable = {
    queryRaw: (query) => this.#first(query, "query") as Promise<SqlResultSet>,
    executeRaw: (query) => this.#first(query, "execute") as Promise<number>,
  };

  constructor(
    private readonly tap: DriverTap,
    private readonly prismaTransaction: PrismaRawTransaction,
  ) {}

  get dialect(): SqlDialect {
    return this.tap.dialect;
  }

  queryable(): Promise<SqlQueryable | undefined> {
    if (this.#unavailable) return Promise.resolve(undefined);
    if (this.#transaction === undefined) return Promise.resolve(this.#attaching);
    return Promise.resolve(this.#live(this.#transaction));
  }

  #live(transaction: TappedTransaction): SqlQueryable {
    if (transaction.ended) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_TRANSACTION",
        "Transaction already closed: the transaction has ended (committed, rolled back or timed out)",
        {},
        { retryable: true },
      );
    }
    return transaction.inner;
  }

  async #first(query: SqlQuery, kind: "query" | "execute"): Promise<unknown> {
    // Attached meanwhile (statements of one transaction sent concurrently).
    if (this.#transaction !== undefined) {
      const live = this.#live(this.#transaction);
      return kind === "query" ? live.queryRaw(query) : live.executeRaw(query);
    }
    const piggyback = await this.tap.attach(this.prismaTransaction, query, kind);
    if (piggyback.transaction === undefined || piggyback.outcome === undefined) {
      // The attach statement reached the database (it does nothing there): no raw SQL here.
      this.#unavailable = true;
      throw new RawSqlUnavailable("The transaction's connection cannot be reached: using Prisma");
    }
    this.#transaction = piggyback.transaction;
    if (!piggyback.outcome.ok) throw piggyback.outcome.error;
    return piggyback.outcome.value;
  }
}

// Columns in the order of the Prisma models' fields, so rows read here have their keys in the order
// Prisma gives them (a test compares the two).
const MODEL_COLUMN_ORDER: Readonly<Record<string, readonly string[]>> = {
  workflow_definitions: [
    "id",
    "name",
    "namespace",
    "definition",
    "spec",
    "tags",
    "scope",
    "project_id",
    "is_system",
    "workbook_name",
    "created_at",
    "updated_at",
  ],
  action_definitions: [
    "id",
    "name",
    "namespace",
    "definition",
    "spec",
    "description",
    "input",
    "tags",
    "scope",
    "project_id",
    "is_system",
    "workbook_name",
    "action_class",
    "created_at",
    "updated_at",
  ],
  workflow_executions: [
    "id",
    "name",
    "description",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "spec",
    "state",
    "state_info",
    "tags",
    "runtime_context",
    "accepted",
    "input",
    "output",
    "params",
    "context",
    "task_execution_id",
    "root_execution_id",
    "project_id",
    "scope",
    "version",
    "created_at",
    "updated_at",
  ],
  task_executions: [
    "id",
    "name",
    "workflow_execution_id",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "spec",
    "action_spec",
    "state",
    "state_info",
    "tags",
    "runtime_context",
    "unique_key",
    "type",
    "started_at",
    "finished_at",
    "processed",
    "has_next_tasks",
    "next_tasks",
    "error_handled",
    "in_context",
    "published",
    "project_id",
    "created_at",
    "updated_at",
  ],
  action_executions: [
    "id",
    "name",
    "description",
    "workflow_name",
    "workflow_namespace",
    "workflow_id",
    "task_execution_id",
    "spec",
    "state",
    "state_info",
    "tags",
    "runtime_context",
    "accepted",
    "input",
    "output",
    "last_heartbeat",
    "is_sync",
    "project_id",
    "created_at",
    "updated_at",
  ],
};

const SCALAR_OF_KIND: Readonly<Record<string, ScalarType>> = {
  string: "string",
  json: "string",
  tags: "string",
  datetime: "datetime",
  boolean: "boolean",
  int: "int",
};

const ARG_TYPES: Readonly<Record<ScalarType, ArgType>> = {
  string: Object.freeze({ scalarType: "string", arity: "scalar" }),
  int: Object.freeze({ scalarType: "int", arity: "scalar" }),
  boolean: Object.freeze({ scalarType: "boolean", arity: "scalar" }),
  datetime: Object.freeze({ scalarType: "datetime", arity: "scalar" }),
};

const UTC_WITHOUT_ZONE = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/;

/** A DATETIME value as an adapter returns it (ISO text, SQLite's epoch milliseconds, a Date). */
function readDate(value: unknown): Date | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  let date: Date | undefined;
  if (typeof value === "number" || typeof value === "bigint") date = new Date(Number(value));
  else if (typeof value === "string") {
    date = new Date(UTC_WITHOUT_ZONE.test(value) ? `${value.replace(" ", "T")}Z` : value);
  }
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date;
}

function readBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  return value === true || value === 1 || value === 1n || value === "1" || value === "t" || value === "true";
}

function readText(value: unknown): unknown {
  // MariaDB hands binary-collated text to the adapter as bytes in some versions.
  if (Array.isArray(value)) return Buffer.from(value as number[]).toString("utf8");
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return value;
}

/** One argument of a statement. */
class Args {
  readonly args: unknown[] = [];
  readonly argTypes: ArgType[] = [];

  constructor(private readonly dialect: SqlDialect) {}

  /** Adds a value; its placeholder. */
  add(value: unknown, type: ScalarType): string {
    this.args.push(value);
    this.argTypes.push(ARG_TYPES[type]);
    return this.dialect.param(this.args.length);
  }

  query(sql: string): SqlQuery {
    return { sql, args: this.args, argTypes: this.argTypes };
  }
}

interface ColumnInfo {
  readonly column: string;
  readonly field: string;
  readonly kind: string;
  readonly nullable: boolean;
  readonly quoted: string;
}

/** Values that must match for an update to happen: a value, or one of several. */
export type ExpectedValues = Readonly<Record<string, unknown>>;

/** The raw statements of one table in one dialect. */
export class RawTable {
  readonly #spec: TableSpec;
  readonly #dialect: SqlDialect;
  readonly #columns: readonly ColumnInfo[];
  readonly #byField: ReadonlyMap<string, ColumnInfo>;
  readonly #table: string;
  readonly #select: string;
  readonly #returning: string;

  private constructor(spec: TableSpec, dialect: SqlDialect) {
    this.#spec = spec;
    this.#dialect = dialect;
    const order = MODEL_COLUMN_ORDER[spec.table] ?? Object.keys(spec.columns);
    this.#columns = order.map((column) => {
      const c = spec.columns[column];
      if (c === undefined) throw new Error(`${spec.table} has no column ${column}`);
      return { column, field: c.field, kind: c.kind, nullable: c.nullable, quoted: dialect.ident(column) };
    });
    this.#byField = new Map(this.#columns.map((c) => [c.field, c]));
    this.#table = dialect.ident(spec.table);
    const list = this.#columns.map((c) => c.quoted).join(", ");
    this.#select = `SELECT ${list} FROM ${this.#table}`;
    this.#returning = ` RETURNING ${list}`;
  }

  static readonly #cache = new Map<string, RawTable>();

  /** The (shared) statements of `spec` in `dialect`. */
  static of(spec: TableSpec, dialect: SqlDialect): RawTable {
    const key = `${dialect.provider}:${spec.table}`;
    let table = RawTable.#cache.get(key);
    if (table === undefined) RawTable.#cache.set(key, (table = new RawTable(spec, dialect)));
    return table;
  }

  #column(field: string): ColumnInfo {
    const column = this.#byField.get(field);
    if (column === undefined) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_INVALID_VALUE",
        `${this.#spec.table} has no field ${field}`,
        {
          resource: this.#spec.table,
          field,
        },
      );
    }
    return column;
  }

  #invalid(column: ColumnInfo, what: string): WorkflowStoreError {
    return new WorkflowStoreError(
      "WF_STORE_ERR_INVALID_VALUE",
      `${this.#spec.table}.${column.column} ${what}`,
      { resource: this.#spec.table, column: column.column },
    );
  }

  /** A value for a column, checked as Prisma checks it, with its argument type. */
  #arg(args: Args, column: ColumnInfo, value: unknown): string {
    const type = SCALAR_OF_KIND[column.kind]!;
    if (value === null) {
      if (!column.nullable) throw this.#invalid(column, "cannot be null");
      return args.add(null, type);
    }
    switch (type) {
      case "string":
        if (typeof value !== "string") throw this.#invalid(column, `must be a string, not ${typeof value}`);
        return args.add(value, type);
      case "int":
        if (typeof value !== "number" || !Number.isSafeInteger(value)) {
          throw this.#invalid(column, `must be an integer, not ${String(value)}`);
        }
        return args.add(value, type);
      case "boolean":
        if (typeof value !== "boolean")
          throw this.#invalid(column, `must be a boolean, not ${String(value)}`);
        return args.add(value, type);
      case "datetime": {
        const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
        if (date === undefined || Number.isNaN(date.getTime())) {
          throw this.#invalid(column, `must be a Date, not ${String(value)}`);
        }
        return args.add(date, type);
      }
    }
  }

  /** A row of the result (columns in model order) as the Prisma client returns it. */
  #decode(values: readonly unknown[]): RawRow {
    const row: RawRow = {};
    for (let i = 0; i < this.#columns.length; i++) {
      const column = this.#columns[i]!;
      const value = values[i];
      switch (column.kind) {
        case "datetime": {
          const date = readDate(value);
          if (date === undefined) {
            throw new WorkflowStoreError(
              "WF_STORE_ERR_DATABASE",
              `${this.#spec.table}.${column.column} of row ${String(values[0])} is not a timestamp: ${String(value)}`,
              { resource: this.#spec.table, id: values[0], column: column.column },
            );
          }
          row[column.field] = date;
          break;
        }
        case "boolean":
          row[column.field] = readBoolean(value);
          break;
        case "int":
          row[column.field] = value === null || value === undefined ? null : Number(value);
          break;
        default:
          row[column.field] = value === undefined ? null : readText(value);
      }
    }
    return row;
  }

  async #rows(db: SqlQueryable, query: SqlQuery): Promise<RawRow[]> {
    const result = await db.queryRaw(query);
    return result.rows.map((values) => this.#decode(values));
  }

  /** `AND` conditions limiting rows to those `access` may read ("" when it may read all). */
  #visible(args: Args, access: ProjectAccess): string {
    const projectId = accessProjectId(access);
    if (projectId === undefined || this.#spec.visibility === "global") return "";
    const project = this.#column("projectId");
    if (this.#spec.visibility === "shared") {
      const scope = this.#column("scope");
      return ` AND (${project.quoted} = ${this.#arg(args, project, projectId)} OR ${scope.quoted} = 'public')`;
    }
    return ` AND ${project.quoted} = ${this.#arg(args, project, projectId)}`;
  }

  #orderByCreation(): string {
    return ` ORDER BY ${this.#column("createdAt").quoted} ASC, ${this.#column("id").quoted} ASC`;
  }

  /** The row with this id that `access` may read, or null. */
  async selectById(db: SqlQueryable, access: ProjectAccess, id: string): Promise<RawRow | null> {
    const args = new Args(this.#dialect);
    const idColumn = this.#column("id");
    const sql = `${this.#select} WHERE ${idColumn.quoted} = ${this.#arg(args, idColumn, id)}${this.#visible(args, access)}`;
    const rows = await this.#rows(db, args.query(sql));
    return rows[0] ?? null;
  }

  /** The rows whose `field` is one of `values` that `access` may read, in creation order. */
  async selectWhereIn(
    db: SqlQueryable,
    access: ProjectAccess,
    field: string,
    values: readonly string[],
  ): Promise<RawRow[]> {
    values = [...new Set(values)];
    if (values.length === 0) return [];
    const column = this.#column(field);
    const chunkSize = this.#dialect.maxParams - 2;
    const rows: RawRow[] = [];
    for (let start = 0; start < values.length; start += chunkSize) {
      const chunk = values.slice(start, start + chunkSize);
      const args = new Args(this.#dialect);
      const condition =
        chunk.length === 1
          ? `${column.quoted} = ${this.#arg(args, column, chunk[0])}`
          : `${column.quoted} IN (${chunk.map((value) => this.#arg(args, column, value)).join(", ")})`;
      const sql = `${this.#select} WHERE ${condition}${this.#visible(args, access)}${this.#orderByCreation()}`;
      rows.push(...(await this.#rows(db, args.query(sql))));
    }
    if (values.length > chunkSize) {
      rows.sort(
        (a, b) =>
          (a["createdAt"] as Date).getTime() - (b["createdAt"] as Date).getTime() ||
          (String(a["id"]) < String(b["id"]) ? -1 : String(a["id"]) > String(b["id"]) ? 1 : 0),
      );
    }
    return rows;
  }

  /**
   * The definition called `name` in `namespace`, else in the default namespace, that `access` may
   * read: its own project's rows first, then public ones; the named namespace before `""`.
   */
  async resolveByName(
    db: SqlQueryable,
    access: ProjectAccess,
    name: string,
    namespace: string,
  ): Promise<RawRow | null> {
    const args = new Args(this.#dialect);
    const nameColumn = this.#column("name");
    const namespaceColumn = this.#column("namespace");
    let sql =
      `${this.#select} WHERE ${nameColumn.quoted} = ${this.#arg(args, nameColumn, name)}` +
      ` AND ${namespaceColumn.quoted} IN (${this.#arg(args, namespaceColumn, namespace)}, ${this.#arg(args, namespaceColumn, "")})` +
      this.#visible(args, access) +
      " ORDER BY ";
    const projectId = accessProjectId(access);
    if (projectId !== undefined) {
      const project = this.#column("projectId");
      sql += `CASE WHEN ${project.quoted} = ${this.#arg(args, project, projectId)} THEN 0 ELSE 1 END ASC, `;
    }
    sql += `${namespaceColumn.quoted} DESC, ${this.#column("createdAt").quoted} ASC, ${this.#column("id").quoted} ASC LIMIT 1`;
    const rows = await this.#rows(db, args.query(sql));
    return rows[0] ?? null;
  }

  /** `SET ...` of an UPDATE: the encoded values, then `extra` (an expression of columns). */
  #set(args: Args, data: Readonly<Record<string, unknown>>, extra?: string): string {
    const assignments = Object.entries(data).map(([field, value]) => {
      const column = this.#column(field);
      return `${column.quoted} = ${this.#arg(args, column, value)}`;
    });
    if (extra !== undefined) assignments.push(extra);
    return assignments.join(", ");
  }

  #where(args: Args, id: string, access: ProjectAccess, expected: ExpectedValues): string | undefined {
    const idColumn = this.#column("id");
    let where = `${idColumn.quoted} = ${this.#arg(args, idColumn, id)}${this.#visible(args, access)}`;
    for (const [field, value] of Object.entries(expected)) {
      if (value === undefined) continue;
      const column = this.#column(field);
      if (Array.isArray(value)) {
        // Nothing can match an empty list: there is no statement to send.
        if (value.length === 0) return undefined;
        where += ` AND ${column.quoted} IN (${value.map((v) => this.#arg(args, column, v)).join(", ")})`;
      } else {
        where += ` AND ${column.quoted} = ${this.#arg(args, column, value)}`;
      }
    }
    return where;
  }

  /**
   * Updates the row with this id if `access` may read it and it has the `expected` values; the
   * updated row, or null when none matched. One statement with RETURNING; on MySQL the UPDATE, then
   * the row read by id.
   */
  async updateReturning(
    db: SqlQueryable,
    id: string,
    data: Readonly<Record<string, unknown>>,
    options: { access: ProjectAccess; expected?: ExpectedValues; extraSet?: string },
  ): Promise<RawRow | null> {
    const args = new Args(this.#dialect);
    const set = this.#set(args, data, options.extraSet);
    const where = this.#where(args, id, options.access, options.expected ?? {});
    if (where === undefined) return null;
    const sql = `UPDATE ${this.#table} SET ${set} WHERE ${where}`;
    if (this.#dialect.returning) {
      const rows = await this.#rows(db, args.query(sql + this.#returning));
      return rows[0] ?? null;
    }
    const changed = await db.executeRaw(args.query(sql));
    if (changed === 0) return null;
    return this.selectById(db, { allProjects: true }, id);
  }

  /** Updates the row with this id; how many rows matched (0 or 1). */
  async updateCount(db: SqlQueryable, id: string, data: Readonly<Record<string, unknown>>): Promise<number> {
    const args = new Args(this.#dialect);
    const set = this.#set(args, data);
    const where = this.#where(args, id, { allProjects: true }, {})!;
    return db.executeRaw(args.query(`UPDATE ${this.#table} SET ${set} WHERE ${where}`));
  }

  /** `version = version + 1`, for a claim. */
  incrementSql(field: string): string {
    const column = this.#column(field);
    return `${column.quoted} = ${column.quoted} + 1`;
  }

  /**
   * Inserts one row and reads it back as stored (defaults filled in): one statement with
   * RETURNING; on MySQL the INSERT, then the row read by id.
   */
  async insertReturning(db: SqlQueryable, data: Readonly<Record<string, unknown>>): Promise<RawRow> {
    const [statement] = this.insertStatements([data]);
    if (this.#dialect.returning) {
      const rows = await this.#rows(db, { ...statement!, sql: statement!.sql + this.#returning });
      return rows[0]!;
    }
    await db.executeRaw(statement!);
    const row = await this.selectById(db, { allProjects: true }, String(data["id"]));
    if (row === null)
      throw new Error(`${this.#spec.table} row ${String(data["id"])} vanished after its INSERT`);
    return row;
  }

  /**
   * The INSERT statements for these rows: rows with the same fields share one multi-row INSERT
   * (within the dialect's argument limit), so every column a row leaves out gets its default.
   */
  insertStatements(rows: readonly Readonly<Record<string, unknown>>[]): SqlQuery[] {
    const groups = new Map<string, Array<Readonly<Record<string, unknown>>>>();
    for (const row of rows) {
      const key = Object.keys(row).sort().join("\u0000");
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = []));
      group.push(row);
    }
    const statements: SqlQuery[] = [];
    for (const group of groups.values()) {
      const fields = Object.keys(group[0]!).sort();
      const columns = fields.map((field) => this.#column(field));
      const head = `INSERT INTO ${this.#table} (${columns.map((c) => c.quoted).join(", ")}) VALUES `;
      const perStatement = Math.max(1, Math.floor(this.#dialect.maxParams / Math.max(1, columns.length)));
      for (let start = 0; start < group.length; start += perStatement) {
        const args = new Args(this.#dialect);
        const tuples = group
          .slice(start, start + perStatement)
          .map((row) => `(${columns.map((c) => this.#arg(args, c, row[c.field])).join(", ")})`);
        statements.push(args.query(head + tuples.join(", ")));
      }
    }
    return statements;
  }
}

function describeDriverError(cause: Record<string, unknown>): string {
  const constraint = cause["constraint"] as { fields?: string[]; index?: string } | undefined;
  const on =
    constraint?.fields !== undefined
      ? `the fields: (${constraint.fields.map((f) => `\`${f}\``).join(",")})`
      : constraint?.index !== undefined
        ? `the constraint: \`${constraint.index}\``
        : "(not available)";
  switch (cause["kind"]) {
    case "UniqueConstraintViolation":
      return `Unique constraint failed on ${on}`;
    case "ForeignKeyConstraintViolation":
      return `Foreign key constraint violated on ${on}`;
    case "NullConstraintViolation":
      return `Null constraint violation on ${on}`;
    default: {
      const message = cause["originalMessage"] ?? cause["message"] ?? cause["reason"] ?? cause["kind"];
      return String(message);
    }
  }
}

/**
 * A WorkflowStoreError from what a raw statement threw: the adapter's DriverAdapterError is
 * classified as when it comes through Prisma (the same kinds and driver codes), with a message
 * like Prisma's.
 */
export function rawSqlError(error: unknown, details: Record<string, unknown>): unknown {
  const converted = toWorkflowStoreError(error, details);
  const cause = (error as { name?: unknown; cause?: unknown } | null)?.cause;
  if (
    !(converted instanceof WorkflowStoreError) ||
    converted === error ||
    (error as { name?: unknown }).name !== "DriverAdapterError" ||
    cause === null ||
    typeof cause !== "object"
  ) {
    return converted;
  }
  return new WorkflowStoreError(
    converted.code,
    describeDriverError(cause as Record<string, unknown>),
    converted.details,
    { cause: error, retryable: converted.retryable },
  );
}

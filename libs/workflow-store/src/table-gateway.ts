// The one place where rows of any table are read and written through the Prisma client: project
// scoping, JSON encoding, timestamps, listing and error translation. The repositories add each
// resource's rules on top. The three providers' generated clients have the same model API, so this
// code speaks to a structural view of a model delegate rather than to one provider's types.
import { accessProjectId, ALL_PROJECTS, type ProjectAccess } from "./project-access.js";
import { afterMarker, compileListQuery, type FilterInput, type ListQuery } from "./list-query.js";
import {
  rawSqlError,
  RawSqlUnavailable,
  RawTable,
  type ExpectedValues,
  type SqlQueryable,
  type SqlSession,
} from "./raw-sql.js";
import { decodeRow, encodeValues, type RawRow } from "./row-codec.js";
import type { ModelName, TableSpec } from "./store-tables.js";
import { toWorkflowStoreError, WorkflowStoreError } from "./workflow-store-error.js";

type Args = Record<string, unknown>;

/** The part of a Prisma model delegate the store uses. */
export interface ModelDelegate {
  findFirst(args: Args): Promise<RawRow | null>;
  findMany(args: Args): Promise<RawRow[]>;
  count(args: Args): Promise<number>;
  create(args: Args): Promise<RawRow>;
  createMany(args: Args): Promise<{ count: number }>;
  update(args: Args): Promise<RawRow>;
  updateMany(args: Args): Promise<{ count: number }>;
  delete(args: Args): Promise<RawRow>;
  deleteMany(args: Args): Promise<{ count: number }>;
  upsert(args: Args): Promise<RawRow>;
}

/** A Prisma client or interactive-transaction client, seen through its model delegates. */
export type ModelClient = Record<ModelName, ModelDelegate>;

/** Clock and id source of a store: passed in so tests and the engine can make them deterministic. */
export interface StoreEnvironment {
  now(): Date;
  newId(): string;
}

export type Where = Record<string, unknown>;

/**
 * Reads and writes the rows of one table. With an SQL session, the engine's hot path (rows by id or
 * by parent, updates by id, compare-and-set, bulk inserts, definitions by name) runs as raw SQL on
 * the driver adapter (src/raw-sql.ts); everything else, and everything without a session, through
 * the Prisma client.
 */
export class TableGateway<Row> {
  readonly #raw: RawTable | undefined;

  constructor(
    readonly spec: TableSpec,
    private readonly client: ModelClient,
    readonly environment: StoreEnvironment,
    private readonly sql?: SqlSession,
  ) {
    this.#raw = sql === undefined ? undefined : RawTable.of(spec, sql.dialect);
  }

  private get delegate(): ModelDelegate {
    return this.client[this.spec.model];
  }

  /**
   * Runs `work` with this table's raw statements when the store has raw SQL here, turning errors
   * into WorkflowStoreErrors about this table; undefined when the caller should use Prisma.
   */
  async tryRaw<T>(
    work: (table: RawTable, db: SqlQueryable) => Promise<T>,
    details: Record<string, unknown> = {},
  ): Promise<{ value: T } | undefined> {
    if (this.#raw === undefined) return undefined;
    try {
      const db = await this.sql!.queryable();
      if (db === undefined) return undefined;
      return { value: await work(this.#raw, db) };
    } catch (error) {
      if (error instanceof RawSqlUnavailable) return undefined;
      throw rawSqlError(error, { resource: this.spec.table, ...details });
    }
  }

  /** Runs a Prisma call, turning its errors into WorkflowStoreErrors about this table. */
  async run<T>(
    call: (delegate: ModelDelegate) => Promise<T>,
    details: Record<string, unknown> = {},
  ): Promise<T> {
    try {
      return await call(this.delegate);
    } catch (error) {
      throw toWorkflowStoreError(error, { resource: this.spec.table, ...details });
    }
  }

  /** Rows `access` may read: its project's, plus `public` ones of shared tables. */
  visibleWhere(access: ProjectAccess): Where {
    const projectId = accessProjectId(access);
    if (projectId === undefined || this.spec.visibility === "global") return {};
    if (this.spec.visibility === "shared") return { OR: [{ projectId }, { scope: "public" }] };
    return { projectId };
  }

  notFound(what: Record<string, unknown>): WorkflowStoreError {
    const description = Object.entries(what)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(", ");
    return new WorkflowStoreError("WF_STORE_ERR_NOT_FOUND", `${this.spec.table} not found [${description}]`, {
      resource: this.spec.table,
      ...what,
    });
  }

  /**
   * Refuses changes by a project to another project's (public) row, and to system rows;
   * {@link ALL_PROJECTS} may change anything.
   */
  assertWritable(access: ProjectAccess, raw: RawRow): void {
    const projectId = accessProjectId(access);
    if (projectId === undefined) return;
    if (raw["projectId"] !== projectId) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_NOT_ALLOWED",
        `Can not access ${this.spec.table} resource of other projects, ID: ${String(raw["id"])}`,
        { resource: this.spec.table, id: raw["id"] },
      );
    }
    if (raw["isSystem"] === true) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_SYSTEM_RESOURCE",
        `Can not modify a system ${this.spec.table} resource, ID: ${String(raw["id"])}`,
        { resource: this.spec.table, id: raw["id"] },
      );
    }
  }

  decode(raw: RawRow): Row {
    return decodeRow<Row>(this.spec, raw);
  }

  async findRaw(where: Where, orderBy?: Args[]): Promise<RawRow | null> {
    return this.run((d) => d.findFirst({ where, ...(orderBy ? { orderBy } : {}) }));
  }

  async findOne(where: Where): Promise<Row | null> {
    const raw = await this.findRaw(where);
    return raw === null ? null : this.decode(raw);
  }

  async findMany(
    where: Where,
    options: { orderBy?: Args[]; take?: number; skip?: number } = {},
  ): Promise<Row[]> {
    const rows = await this.run((d) =>
      d.findMany({
        where,
        orderBy: options.orderBy ?? [{ createdAt: "asc" }, { id: "asc" }],
        ...(options.take === undefined ? {} : { take: options.take }),
        ...(options.skip === undefined ? {} : { skip: options.skip }),
      }),
    );
    return rows.map((raw) => this.decode(raw));
  }

  /** A row by id among those `access` may read, or null. */
  async findById(access: ProjectAccess, id: string): Promise<Row | null> {
    const fast = await this.tryRaw((t, db) => t.selectById(db, access, id), { id });
    if (fast !== undefined) return fast.value === null ? null : this.decode(fast.value);
    return this.findOne({ AND: [{ id }, this.visibleWhere(access)] });
  }

  /** A row by id among those `access` may read; throws NOT_FOUND. */
  async getById(access: ProjectAccess, id: string): Promise<Row> {
    const row = await this.findById(access, id);
    if (row === null) throw this.notFound({ id });
    return row;
  }

  /** The rows whose `field` is one of `values` that `access` may read, in creation order. */
  async findWhereIn(access: ProjectAccess, field: string, values: readonly string[]): Promise<Row[]> {
    if (values.length === 0) return [];
    const fast = await this.tryRaw((t, db) => t.selectWhereIn(db, access, field, values));
    if (fast !== undefined) return fast.value.map((raw) => this.decode(raw));
    const match = values.length === 1 ? values[0] : { in: [...values] };
    return this.findMany({ AND: [{ [field]: match }, this.visibleWhere(access)] });
  }

  /** The rows of a list endpoint. */
  async list(access: ProjectAccess, query: ListQuery = {}, extra?: Where): Promise<Row[]> {
    const compiled = compileListQuery(this.spec, query);
    const visible = this.visibleWhere(access);
    const and: Where[] = [compiled.where, visible];
    if (extra) and.push(extra);
    if (query.marker !== undefined && query.marker !== null && query.marker !== "") {
      const marker = await this.findRaw({ AND: [{ id: query.marker }, visible] });
      if (marker === null) throw this.notFound({ marker: query.marker });
      and.push(afterMarker(compiled, marker));
    }
    // With a post-filter the database cannot count the page: filter first, then take.
    const take = compiled.postFilter === undefined ? compiled.take : undefined;
    let rows = await this.run((d) =>
      d.findMany({ where: { AND: and }, orderBy: compiled.orderBy, ...(take === undefined ? {} : { take }) }),
    );
    if (compiled.postFilter !== undefined) {
      rows = rows.filter(compiled.postFilter);
      if (compiled.take !== undefined) rows = rows.slice(0, compiled.take);
    }
    return rows.map((raw) => this.decode(raw));
  }

  /** How many rows match the filters. */
  async count(
    access: ProjectAccess,
    filters: Readonly<Record<string, FilterInput | undefined>> = {},
  ): Promise<number> {
    const compiled = compileListQuery(this.spec, { filters });
    const where = { AND: [compiled.where, this.visibleWhere(access)] };
    if (compiled.postFilter === undefined) return this.run((d) => d.count({ where }));
    const rows = await this.run((d) => d.findMany({ where }));
    return rows.filter(compiled.postFilter).length;
  }

  /** Prisma data for a new row: id and created_at filled in, JSON encoded. */
  newRowData(values: object): Record<string, unknown> {
    const data = encodeValues(this.spec, values);
    data["id"] ??= this.environment.newId();
    data["createdAt"] ??= this.environment.now();
    return data;
  }

  async insert(values: object): Promise<Row> {
    const data = this.newRowData(values);
    const details = { id: data["id"], name: data["name"] };
    const fast = await this.tryRaw((t, db) => t.insertReturning(db, data), details);
    const raw = fast?.value ?? (await this.run((d) => d.create({ data }), details));
    return this.decode(raw);
  }

  async insertMany(values: readonly object[]): Promise<number> {
    if (values.length === 0) return 0;
    const data = values.map((v) => this.newRowData(v));
    const fast = await this.tryRaw(async (t, db) => {
      const statements = t.insertStatements(data);
      // Outside a transaction several statements would not be atomic, as Prisma's createMany is.
      if (statements.length > 1 && !this.sql!.inTransaction) return undefined;
      let count = 0;
      for (const statement of statements) count += await db.executeRaw(statement);
      return count;
    });
    if (fast?.value !== undefined) return fast.value;
    const { count } = await this.run((d) => d.createMany({ data }));
    return count;
  }

  /** Prisma data for a change: JSON encoded, updated_at now unless given. */
  patchData(patch: object): Record<string, unknown> {
    const data = encodeValues(this.spec, patch);
    delete data["id"];
    delete data["createdAt"];
    data["updatedAt"] ??= this.environment.now();
    return data;
  }

  async updateById(id: string, patch: object): Promise<Row> {
    const data = this.patchData(patch);
    const fast = await this.tryRaw((t, db) => t.updateReturning(db, id, data, { access: ALL_PROJECTS }), {
      id,
    });
    if (fast !== undefined) {
      if (fast.value === null) throw this.notFound({ id });
      return this.decode(fast.value);
    }
    const raw = await this.run((d) => d.update({ where: { id }, data }), { id });
    return this.decode(raw);
  }

  /** Changes the row without reading it back. @throws `WF_STORE_ERR_NOT_FOUND` */
  async updateByIdWithoutResult(id: string, patch: object): Promise<void> {
    const data = this.patchData(patch);
    const fast = await this.tryRaw((t, db) => t.updateCount(db, id, data), { id });
    if (fast === undefined) {
      await this.run((d) => d.update({ where: { id }, data, select: { id: true } }), { id });
    } else if (fast.value === 0) {
      throw this.notFound({ id });
    }
  }

  /**
   * Changes the row with this id only if `access` may read it and it has the `expected` values (a
   * value, or an array of allowed values): the changed row, or null.
   */
  async updateByIdIf(
    access: ProjectAccess,
    id: string,
    expected: ExpectedValues,
    patch: object,
  ): Promise<Row | null> {
    const data = this.patchData(patch);
    const fast = await this.tryRaw((t, db) => t.updateReturning(db, id, data, { access, expected }), { id });
    if (fast !== undefined) return fast.value === null ? null : this.decode(fast.value);
    const where: Where[] = [{ id }, this.visibleWhere(access)];
    for (const [field, value] of Object.entries(expected)) {
      if (value !== undefined) where.push({ [field]: Array.isArray(value) ? { in: [...value] } : value });
    }
    const { count } = await this.run((d) => d.updateMany({ where: { AND: where }, data }), { id });
    return count === 0 ? null : this.findOne({ id });
  }

  /** Changes the rows matching `where`; how many changed. */
  async updateWhere(where: Where, patch: object): Promise<number> {
    const data = this.patchData(patch);
    const { count } = await this.run((d) => d.updateMany({ where, data }));
    return count;
  }

  async deleteById(id: string): Promise<void> {
    await this.run((d) => d.delete({ where: { id } }), { id });
  }

  async deleteWhere(where: Where): Promise<number> {
    const { count } = await this.run((d) => d.deleteMany({ where }));
    return count;
  }
}

// The durable side of every timer (wait-before/after, retry delays, timeouts). A scheduler takes a
// due call by claiming it: one UPDATE that succeeds for exactly one scheduler, however many run.
// A claim older than `staleAfterSeconds` (its scheduler died) may be taken again.
import type { ListQuery } from "./list-query.js";
import { ALL_PROJECTS } from "./project-access.js";
import type { DelayedCallPatch, DelayedCallRow, NewDelayedCall } from "./row-types.js";
import type { TableGateway, Where } from "./table-gateway.js";

/** How due calls are found and claimed. */
export interface ClaimOptions {
  /** Calls due at this moment or before. @defaultValue the store's clock */
  readonly now?: Date;
  /** At most this many calls, earliest first. @defaultValue 100 */
  readonly limit?: number;
  /** A claim older than this is considered abandoned and may be taken again. @defaultValue 300 */
  readonly staleAfterSeconds?: number;
}

export class DelayedCallRepository {
  /** @internal */
  constructor(private readonly gateway: TableGateway<DelayedCallRow>) {}

  /**
   * Stores a call.
   * @throws `WF_STORE_ERR_DUPLICATE` when a call with the same `key` exists (see {@link schedule})
   */
  create(values: NewDelayedCall): Promise<DelayedCallRow> {
    return this.gateway.insert(values);
  }

  /**
   * Stores a call unless one with the same `key` exists; returns the stored one. Safe to repeat, so a
   * handler that runs twice schedules its timer once.
   */
  async schedule(values: NewDelayedCall): Promise<DelayedCallRow> {
    if (values.key === undefined || values.key === null) return this.create(values);
    const existing = await this.gateway.findOne({ key: values.key });
    if (existing !== null) return existing;
    const data = this.gateway.newRowData(values);
    const raw = await this.gateway.run(
      (d) => d.upsert({ where: { key: values.key }, create: data, update: {} }),
      {
        key: values.key,
      },
    );
    return this.gateway.decode(raw);
  }

  /** The call with this id, or null. */
  find(id: string): Promise<DelayedCallRow | null> {
    return this.gateway.findOne({ id });
  }

  /** The call with this key, or null. */
  findByKey(key: string): Promise<DelayedCallRow | null> {
    return this.gateway.findOne({ key });
  }

  /**
   * The call with this id.
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  get(id: string): Promise<DelayedCallRow> {
    return this.gateway.getById(ALL_PROJECTS, id);
  }

  /** Changes a call; `updatedAt` becomes now. */
  update(id: string, patch: DelayedCallPatch): Promise<DelayedCallRow> {
    return this.gateway.updateById(id, patch);
  }

  /** Deletes a call (done, or cancelled); whether it existed. */
  async delete(id: string): Promise<boolean> {
    return (await this.gateway.deleteWhere({ id })) > 0;
  }

  /** Deletes the call with this key; whether it existed. */
  async deleteByKey(key: string): Promise<boolean> {
    return (await this.gateway.deleteWhere({ key })) > 0;
  }

  /** Calls, filtered and sorted as list endpoints do. */
  list(query: ListQuery = {}): Promise<DelayedCallRow[]> {
    return this.gateway.list(ALL_PROJECTS, query);
  }

  private claimableWhere(now: Date, staleAfterSeconds: number): Where {
    const staleBefore = new Date(now.getTime() - staleAfterSeconds * 1000);
    return {
      executionTime: { lte: now },
      OR: [{ processing: false }, { capturedAt: null }, { capturedAt: { lt: staleBefore } }],
    };
  }

  /** Calls due and not claimed (or claimed too long ago), earliest first; claims nothing. */
  findDue(options: ClaimOptions = {}): Promise<DelayedCallRow[]> {
    const now = options.now ?? this.gateway.environment.now();
    return this.gateway.findMany(this.claimableWhere(now, options.staleAfterSeconds ?? 300), {
      orderBy: [{ executionTime: "asc" }, { id: "asc" }],
      take: options.limit ?? 100,
    });
  }

  /**
   * Claims one due call for this caller: the claimed row, or null when another scheduler has it (or it
   * is gone, or not due).
   */
  async claim(id: string, options: ClaimOptions = {}): Promise<DelayedCallRow | null> {
    const now = options.now ?? this.gateway.environment.now();
    const where = { AND: [{ id }, this.claimableWhere(now, options.staleAfterSeconds ?? 300)] };
    const changed = await this.gateway.updateWhere(where, {
      processing: true,
      capturedAt: now,
      updatedAt: now,
    });
    return changed === 0 ? null : this.gateway.findOne({ id });
  }

  /** Finds due calls and claims them one by one: the calls this caller now owns. */
  async claimDue(options: ClaimOptions = {}): Promise<DelayedCallRow[]> {
    const claimed: DelayedCallRow[] = [];
    for (const call of await this.findDue(options)) {
      const row = await this.claim(call.id, options);
      if (row !== null) claimed.push(row);
    }
    return claimed;
  }

  /** Gives a claimed call back (its work failed and should be tried again later). */
  async release(id: string, executionTime?: Date): Promise<boolean> {
    const patch: DelayedCallPatch = {
      processing: false,
      capturedAt: null,
      ...(executionTime ? { executionTime } : {}),
    };
    return (await this.gateway.updateWhere({ id }, patch)) > 0;
  }
}

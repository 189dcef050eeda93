// Resources that users name: workbooks, workflow and action definitions, environments, cron
// triggers. As in Mistral's API, a resource is addressed by name (within a namespace where it has
// one) or, for most, by id; the caller's own row wins over another project's public row of the same
// name.
import type { FilterInput, ListQuery } from "./list-query.js";
import { accessProjectId, type ProjectAccess } from "./project-access.js";
import type { RawRow } from "./row-codec.js";
import type { TableGateway, Where } from "./table-gateway.js";

/** How a named resource is addressed. */
export interface NamedResourceIdentity {
  /** The identifier may also be the row's id. */
  readonly byId: boolean;
  /** Names are unique per namespace (`""` is the default namespace). */
  readonly namespaced: boolean;
}

export class NamedResourceRepository<Row, New extends object, Patch extends object> {
  /** @internal */
  constructor(
    protected readonly gateway: TableGateway<Row>,
    private readonly identity: NamedResourceIdentity,
  ) {}

  private identityWhere(identifier: string, namespace: string | undefined): Where {
    const byName: Where = this.identity.namespaced
      ? { name: identifier, namespace: namespace ?? "" }
      : { name: identifier };
    return this.identity.byId ? { OR: [{ id: identifier }, byName] } : byName;
  }

  /** The raw row `access` would address with this identifier (its own first), or null. */
  protected async lookup(
    access: ProjectAccess,
    where: Where,
    orderBy?: Array<Record<string, unknown>>,
  ): Promise<RawRow | null> {
    const order = orderBy ?? [{ createdAt: "asc" }, { id: "asc" }];
    const projectId = accessProjectId(access);
    if (projectId !== undefined) {
      const own = await this.gateway.findRaw({ AND: [where, { projectId }] }, order);
      if (own !== null) return own;
    }
    return this.gateway.findRaw({ AND: [where, this.gateway.visibleWhere(access)] }, order);
  }

  private async lookupOrThrow(
    access: ProjectAccess,
    identifier: string,
    namespace?: string,
  ): Promise<RawRow> {
    const raw = await this.lookup(access, this.identityWhere(identifier, namespace));
    if (raw === null) {
      throw this.gateway.notFound(
        this.identity.namespaced ? { identifier, namespace: namespace ?? "" } : { identifier },
      );
    }
    return raw;
  }

  /**
   * Creates a row. `scope` defaults to `private`, `namespace` to `""`.
   * @throws `WF_STORE_ERR_DUPLICATE` when the name is taken (in that namespace and project)
   */
  create(values: New): Promise<Row> {
    return this.gateway.insert(values);
  }

  /** The row named `identifier` (or with that id) that `access` may read, or null. */
  async find(access: ProjectAccess, identifier: string, namespace?: string): Promise<Row | null> {
    const raw = await this.lookup(access, this.identityWhere(identifier, namespace));
    return raw === null ? null : this.gateway.decode(raw);
  }

  /**
   * The row named `identifier` (or with that id) that `access` may read.
   * @throws `WF_STORE_ERR_NOT_FOUND`
   */
  async get(access: ProjectAccess, identifier: string, namespace?: string): Promise<Row> {
    return this.gateway.decode(await this.lookupOrThrow(access, identifier, namespace));
  }

  /**
   * Changes the row named `identifier`; `updatedAt` becomes now.
   * @throws `WF_STORE_ERR_NOT_FOUND`; `WF_STORE_ERR_NOT_ALLOWED` for another project's public row;
   *   `WF_STORE_ERR_SYSTEM_RESOURCE` for a system row; `WF_STORE_ERR_DUPLICATE` when renamed onto another
   */
  async update(access: ProjectAccess, identifier: string, patch: Patch, namespace?: string): Promise<Row> {
    const raw = await this.lookupOrThrow(access, identifier, namespace);
    this.gateway.assertWritable(access, raw);
    return this.gateway.updateById(raw["id"] as string, patch);
  }

  /**
   * Deletes the row named `identifier`.
   * @throws `WF_STORE_ERR_NOT_FOUND`, `WF_STORE_ERR_NOT_ALLOWED`, `WF_STORE_ERR_SYSTEM_RESOURCE`;
   *   `WF_STORE_ERR_IN_USE` when other rows refer to it (a workflow with cron triggers)
   */
  async delete(access: ProjectAccess, identifier: string, namespace?: string): Promise<void> {
    const raw = await this.lookupOrThrow(access, identifier, namespace);
    this.gateway.assertWritable(access, raw);
    await this.gateway.deleteById(raw["id"] as string);
  }

  /** The rows of a list endpoint: filters, sort, limit and marker as in Mistral's API. */
  list(access: ProjectAccess, query: ListQuery = {}): Promise<Row[]> {
    return this.gateway.list(access, query);
  }

  /** How many rows `access` may read match `filters`. */
  count(access: ProjectAccess, filters?: Readonly<Record<string, FilterInput | undefined>>): Promise<number> {
    return this.gateway.count(access, filters);
  }
}

/**
 * Workflow and action definitions: what the engine resolves by name from a namespace, falling back to
 * the default namespace `""`, as Mistral's `load_workflow_definition` / `load_action_definition` do.
 */
export class NamespacedDefinitionRepository<
  Row,
  New extends object,
  Patch extends object,
> extends NamedResourceRepository<Row, New, Patch> {
  /**
   * The definition called `name` in `namespace`, else in the default namespace; null when neither has
   * it. The caller's own rows win over public ones.
   */
  async resolve(access: ProjectAccess, name: string, namespace = ""): Promise<Row | null> {
    const fast = await this.gateway.tryRaw((t, db) => t.resolveByName(db, access, name, namespace));
    if (fast !== undefined) return fast.value === null ? null : this.gateway.decode(fast.value);
    const raw = await this.lookup(access, { name, namespace: { in: [namespace, ""] } }, [
      // A named namespace sorts after "", so descending puts it first.
      { namespace: "desc" },
      { createdAt: "asc" },
      { id: "asc" },
    ]);
    return raw === null ? null : this.gateway.decode(raw);
  }
}

// `db populate`: the rows the service needs before its first request — today the std actions as
// system action definitions. Idempotent: rows that exist are updated, never duplicated.
import { STD_ACTION_CATALOG } from "./std-action-catalog.js";
import { openWorkflowStore, type WorkflowStore } from "./workflow-store.js";

/** Settings of `db populate`. */
export interface PopulateOptions {
  /** As for {@link openWorkflowStore}. */
  readonly databaseUrl: string;
  /** Where a relative SQLite path starts. @defaultValue `process.cwd()` */
  readonly baseDirectory?: string;
}

/** What `db populate` did to the std actions. */
export interface PopulateResult {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
}

/** Registers every std action of {@link STD_ACTION_CATALOG} in an open store. */
export async function registerStdActions(store: WorkflowStore): Promise<PopulateResult> {
  const { created, updated } = await store.actionDefinitions.registerSystemActions(STD_ACTION_CATALOG);
  const changed = new Set([...created, ...updated]);
  return {
    created,
    updated,
    unchanged: STD_ACTION_CATALOG.map((e) => e.name).filter((name) => !changed.has(name)),
  };
}

/** `db populate` on the database at `options.databaseUrl` (its schema must be up to date). */
export async function populateDatabase(options: PopulateOptions): Promise<PopulateResult> {
  const store = await openWorkflowStore(options);
  try {
    return await registerStdActions(store);
  } finally {
    await store.close();
  }
}

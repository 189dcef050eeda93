// `db upgrade` and `db status` without the Prisma CLI (whose schema engine does not run offline on
// every provider). Migrations are the committed SQL files in Prisma Migrate's layout,
// prisma/<provider>/migrations/<timestamp>_<name>/migration.sql; applied ones are recorded in
// `_prisma_migrations` exactly as `prisma migrate deploy` records them (same table, same columns,
// checksum = SHA-256 of the file), so a machine with Prisma's native engine sees the same history.
//
// Each migration runs in its own transaction together with its history row, so it is applied whole
// or not at all — on SQLite and PostgreSQL, whose DDL is transactional. MySQL commits at every DDL
// statement: there a failure leaves a row without `finished_at` and the error in `logs`, and upgrade
// refuses to go on until a person has repaired the schema and marked the row rolled back, as Prisma
// does. Two upgrades at once are safe: on PostgreSQL and MySQL the second waits for Prisma's own
// migration lock (advisory lock 72707369, GET_LOCK('prisma_migrate')); on SQLite each migration
// takes the write lock and checks again whether another process has applied it meanwhile.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeDatabaseTarget, parseDatabaseUrl, type DatabaseProvider } from "./database-target.js";
import { splitSqlScript } from "./sql-script.js";
import { createStoreClient, type RawSqlClient, type StoreClient } from "./store-client.js";
import { toWorkflowStoreError, WorkflowStoreError } from "./workflow-store-error.js";

/** Settings of `db upgrade` and `db status`. */
export interface DatabaseCommandOptions {
  /** As for {@link openWorkflowStore}. */
  readonly databaseUrl: string;
  /** Where a relative SQLite path starts. @defaultValue `process.cwd()` */
  readonly baseDirectory?: string;
  /** The folder holding `<provider>/migrations/`. @defaultValue this library's `prisma/` folder */
  readonly prismaDirectory?: string;
  /** Progress messages (one line each). @defaultValue none */
  readonly log?: (message: string) => void;
}

/** One migration folder. */
export interface MigrationFile {
  /** The folder's name, e.g. `20260101000000_init`. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 of migration.sql, hex: what Prisma stores as `checksum`. */
  readonly checksum: string;
}

/** What `db upgrade` did. */
export interface UpgradeResult {
  readonly provider: DatabaseProvider;
  /** Migrations this call applied, in order. */
  readonly applied: readonly string[];
  /** Migrations that were applied before. */
  readonly alreadyApplied: readonly string[];
}

/** The migration history compared with the migration files. */
export interface DatabaseStatus {
  readonly provider: DatabaseProvider;
  /** The database, without password. */
  readonly database: string;
  readonly applied: readonly string[];
  readonly pending: readonly string[];
  /** Started but not finished nor rolled back: needs a person. */
  readonly failed: readonly string[];
  /** Applied, but the file has changed since (checksum differs). */
  readonly modified: readonly string[];
  /** Recorded in the database but not among the files (applied by a newer version?). */
  readonly unknown: readonly string[];
}

const DEFAULT_PRISMA_DIRECTORY = fileURLToPath(new URL("../prisma/", import.meta.url));

// Prisma's own definitions of the history table, per provider (sql-schema-connector's flavours).
const MIGRATIONS_TABLE: Record<DatabaseProvider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`,
  mysql: `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
};

// The key Prisma Migrate locks on PostgreSQL, so that it and this runner exclude each other too.
const POSTGRES_MIGRATION_LOCK = 72707369;
const LONG_TRANSACTION = { maxWait: 120_000, timeout: 600_000 };

/**
 * The migration files of a provider, in the order they apply (by folder name).
 * @throws `WF_STORE_ERR_MIGRATION` when migration_lock.toml names another provider
 */
export function readMigrationFiles(
  provider: DatabaseProvider,
  prismaDirectory = DEFAULT_PRISMA_DIRECTORY,
): MigrationFile[] {
  const folder = join(prismaDirectory, provider, "migrations");
  if (!existsSync(folder)) return [];
  const lockFile = join(folder, "migration_lock.toml");
  if (existsSync(lockFile)) {
    const locked = /provider\s*=\s*"([^"]+)"/.exec(readFileSync(lockFile, "utf8"))?.[1];
    if (locked !== undefined && locked !== provider) {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_MIGRATION",
        `${lockFile} is for ${locked}, not ${provider}`,
        { provider, lockFile },
      );
    }
  }
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(folder, name, "migration.sql"));
      return {
        name,
        sql: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    });
}

interface HistoryRow {
  readonly name: string;
  readonly checksum: string;
  readonly finished: boolean;
  readonly rolledBack: boolean;
  readonly logs: string | null;
}

async function historyTableExists(client: RawSqlClient, provider: DatabaseProvider): Promise<boolean> {
  const sql = {
    sqlite: "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
    postgresql:
      "SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'",
    mysql:
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '_prisma_migrations'",
  }[provider];
  const rows = await client.$queryRawUnsafe<Array<{ n: unknown }>>(sql);
  return Number(rows[0]?.n ?? 0) > 0;
}

async function readHistory(client: RawSqlClient): Promise<HistoryRow[]> {
  const rows = await client.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT migration_name, checksum, logs,
            CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS finished,
            CASE WHEN rolled_back_at IS NULL THEN 0 ELSE 1 END AS rolled_back
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return rows.map((row) => ({
    name: String(row["migration_name"]),
    checksum: String(row["checksum"]),
    finished: Number(row["finished"]) === 1,
    rolledBack: Number(row["rolled_back"]) === 1,
    logs: row["logs"] === null || row["logs"] === undefined ? null : String(row["logs"]),
  }));
}

function isApplied(history: readonly HistoryRow[], name: string): boolean {
  return history.some((row) => row.name === name && row.finished && !row.rolledBack);
}

function failedMigrations(history: readonly HistoryRow[]): HistoryRow[] {
  return history.filter((row) => !row.finished && !row.rolledBack);
}

/** Timestamps written by this runner: what Prisma's engine writes through the libsql adapter on SQLite. */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

// PRAGMA foreign_keys cannot change inside a transaction, and Prisma's SQLite migrations that rebuild
// a table turn it off around the rebuild: run those two statements outside the transaction.
const FOREIGN_KEYS_PRAGMA = /^PRAGMA\s+foreign_keys\s*=\s*(ON|OFF|1|0|true|false)$/i;

async function applyInTransaction(
  client: StoreClient,
  provider: "sqlite" | "postgresql",
  migration: MigrationFile,
): Promise<boolean> {
  const statements = splitSqlScript(migration.sql);
  const pragmas = statements.filter((s) => FOREIGN_KEYS_PRAGMA.test(s));
  const body = statements.filter((s) => !FOREIGN_KEYS_PRAGMA.test(s));
  const turnsOff = pragmas.some((s) => /=\s*(OFF|0|false)$/i.test(s));
  if (provider === "sqlite" && turnsOff) await client.$executeRawUnsafe("PRAGMA foreign_keys = OFF");
  try {
    return await client.$transaction(async (tx) => {
      // SQLite has no migration lock: this transaction holds the write lock, so look again.
      if (provider === "sqlite" && isApplied(await readHistory(tx), migration.name)) return false;
      const started = new Date();
      for (const statement of body) await tx.$executeRawUnsafe(statement);
      const [id, checksum, name] = [randomUUID(), migration.checksum, migration.name];
      if (provider === "sqlite") {
        await tx.$executeRawUnsafe(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          id,
          checksum,
          sqliteTimestamp(new Date()),
          name,
          sqliteTimestamp(started),
        );
      } else {
        await tx.$executeRawUnsafe(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, transaction_timestamp(), 1)`,
          id,
          checksum,
          name,
        );
      }
      return true;
    }, LONG_TRANSACTION);
  } finally {
    if (provider === "sqlite" && turnsOff) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  }
}

async function applyOnMysql(client: StoreClient, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.$executeRawUnsafe(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES (?, ?, ?, CURRENT_TIMESTAMP(3), 0)`,
    id,
    migration.checksum,
    migration.name,
  );
  for (const statement of splitSqlScript(migration.sql)) {
    try {
      await client.$executeRawUnsafe(statement);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await client.$executeRawUnsafe("UPDATE _prisma_migrations SET logs = ? WHERE id = ?", message, id);
      throw error;
    }
  }
  await client.$executeRawUnsafe(
    "UPDATE _prisma_migrations SET finished_at = CURRENT_TIMESTAMP(3), applied_steps_count = 1 WHERE id = ?",
    id,
  );
}

/** Runs `work` holding the provider's migration lock (none on SQLite, see above). */
async function withMigrationLock<T>(
  client: StoreClient,
  provider: DatabaseProvider,
  work: () => Promise<T>,
): Promise<T> {
  if (provider === "sqlite") return work();
  if (provider === "postgresql") {
    return client.$transaction(async (lock) => {
      await lock.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${POSTGRES_MIGRATION_LOCK})`);
      return work();
    }, LONG_TRANSACTION);
  }
  return client.$transaction(async (lock) => {
    const rows = await lock.$queryRawUnsafe<Array<{ acquired: unknown }>>(
      "SELECT GET_LOCK('prisma_migrate', 600) AS acquired",
    );
    if (Number(rows[0]?.acquired) !== 1) {
      throw new WorkflowStoreError("WF_STORE_ERR_MIGRATION", "Timed out waiting for the migration lock", {});
    }
    try {
      return await work();
    } finally {
      await lock.$queryRawUnsafe("SELECT RELEASE_LOCK('prisma_migrate') AS released");
    }
  }, LONG_TRANSACTION);
}

function failedError(failed: readonly HistoryRow[]): WorkflowStoreError {
  const names = failed.map((row) => row.name).join(", ");
  return new WorkflowStoreError(
    "WF_STORE_ERR_MIGRATION",
    `Migration ${names} failed earlier and left the schema half-changed. Repair the database by hand, ` +
      `then mark it rolled back (UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP ` +
      `WHERE migration_name = '...' AND finished_at IS NULL) and run upgrade again.`,
    { migrations: failed.map((row) => row.name), logs: failed.map((row) => row.logs) },
  );
}

async function withClient<T>(
  options: DatabaseCommandOptions,
  work: (client: StoreClient, provider: DatabaseProvider, database: string) => Promise<T>,
): Promise<T> {
  const target = parseDatabaseUrl(options.databaseUrl, options.baseDirectory ?? process.cwd());
  const client = await createStoreClient(target, { poolSize: 3 });
  try {
    return await work(client, target.provider, describeDatabaseTarget(target));
  } catch (error) {
    throw toWorkflowStoreError(error);
  } finally {
    await client.$disconnect();
  }
}

/**
 * `db upgrade`: applies the pending migrations in order, each in a transaction with its history
 * row. Idempotent, and safe to run from several processes at once. Creates an SQLite file's folder.
 *
 * @throws {@link WorkflowStoreError} `WF_STORE_ERR_MIGRATION` when a migration fails or failed before
 */
export async function upgradeDatabase(options: DatabaseCommandOptions): Promise<UpgradeResult> {
  const log = options.log ?? (() => undefined);
  return withClient(options, async (client, provider, database) => {
    const migrations = readMigrationFiles(provider, options.prismaDirectory);
    return withMigrationLock(client, provider, async () => {
      await client.$executeRawUnsafe(MIGRATIONS_TABLE[provider]);
      const history = await readHistory(client);
      const failed = failedMigrations(history);
      if (failed.length > 0) throw failedError(failed);
      const applied: string[] = [];
      const alreadyApplied: string[] = [];
      for (const migration of migrations) {
        if (isApplied(history, migration.name)) {
          alreadyApplied.push(migration.name);
          continue;
        }
        log(`applying ${migration.name} to ${database}`);
        try {
          if (provider === "mysql") {
            await applyOnMysql(client, migration);
          } else if (!(await applyInTransaction(client, provider, migration))) {
            alreadyApplied.push(migration.name);
            continue;
          }
        } catch (error) {
          throw new WorkflowStoreError(
            "WF_STORE_ERR_MIGRATION",
            `Migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
            { migration: migration.name, provider },
            { cause: error },
          );
        }
        applied.push(migration.name);
      }
      return { provider, applied, alreadyApplied };
    });
  });
}

/** `db status`: which migrations are applied, pending, failed, modified or unknown. Changes nothing. */
export async function databaseStatus(options: DatabaseCommandOptions): Promise<DatabaseStatus> {
  return withClient(options, async (client, provider, database) => {
    const migrations = readMigrationFiles(provider, options.prismaDirectory);
    const history = (await historyTableExists(client, provider)) ? await readHistory(client) : [];
    const files = new Map(migrations.map((m) => [m.name, m]));
    const applied = history.filter((row) => row.finished && !row.rolledBack);
    return {
      provider,
      database,
      applied: applied.map((row) => row.name),
      pending: migrations.filter((m) => !isApplied(history, m.name)).map((m) => m.name),
      failed: failedMigrations(history).map((row) => row.name),
      modified: applied
        .filter((row) => files.has(row.name) && files.get(row.name)!.checksum !== row.checksum)
        .map((row) => row.name),
      unknown: applied.filter((row) => !files.has(row.name)).map((row) => row.name),
    };
  });
}

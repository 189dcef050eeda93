// The Prisma driver adapter of each provider, configured from a DatabaseTarget. The Rust-free Prisma
// client (engineType = "client") reaches the database only through one of these.
// Each adapter is imported when its provider is used: together they weigh ~40 MB of memory.
import type { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { PrismaMariaDb } from "@prisma/adapter-mariadb";
import type { PrismaPg } from "@prisma/adapter-pg";
import type { Client, Config } from "@libsql/client";
import type { DatabaseTarget, ServerTarget, SqliteTarget } from "./database-target.js";
import { SerialSqliteClient } from "./serial-sqlite-client.js";

/** What the Prisma client is constructed with (`new PrismaClient({ adapter })`). */
export type DriverAdapterFactory = PrismaLibSQL | PrismaPg | PrismaMariaDb;

/** Connection settings shared by every provider. */
export interface DriverAdapterOptions {
  /** Connections per pool on PostgreSQL and MySQL (SQLite uses one). @defaultValue 10 */
  readonly poolSize?: number;
  /** How long SQLite waits for another process's write lock. @defaultValue 10000 */
  readonly busyTimeoutMs?: number;
  /** How long PostgreSQL and MySQL wait for a new connection. @defaultValue 10000 */
  readonly connectTimeoutMs?: number;
}

async function sqliteFactory(target: SqliteTarget, options: DriverAdapterOptions): Promise<PrismaLibSQL> {
  const { PrismaLibSQL } = await import("@prisma/adapter-libsql");
  /** libsql's adapter with our SQLite client under it (see serial-sqlite-client.ts). */
  class SerialLibSQL extends PrismaLibSQL {
    override createClient(config: Config): Client {
      const settings = {
        lockKey: config.url,
        ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
      };
      return new SerialSqliteClient(super.createClient(config), settings);
    }
  }
  // A file: URL with an absolute path needs three slashes; encodeURI keeps spaces and such legal.
  return new SerialLibSQL({ url: `file://${encodeURI(target.file)}` });
}

async function postgresFactory(target: ServerTarget, options: DriverAdapterOptions): Promise<PrismaPg> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const ssl = target.params["sslmode"];
  return new PrismaPg(
    {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      ...(ssl && ssl !== "disable" ? { ssl: { rejectUnauthorized: ssl === "verify-full" } } : {}),
    },
    target.params["schema"] ? { schema: target.params["schema"] } : undefined,
  );
}

async function mysqlFactory(target: ServerTarget, options: DriverAdapterOptions): Promise<PrismaMariaDb> {
  const { PrismaMariaDb } = await import("@prisma/adapter-mariadb");
  return new PrismaMariaDb(
    {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      connectionLimit: options.poolSize ?? 10,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      acquireTimeout: options.connectTimeoutMs ?? 10_000,
      // Timestamps are UTC everywhere; CURRENT_TIMESTAMP defaults (in _prisma_migrations) too.
      initSql: "SET time_zone = '+00:00'",
    },
    { database: target.database },
  );
}

/** The driver adapter factory for `target`. */
export function createDriverAdapterFactory(
  target: DatabaseTarget,
  options: DriverAdapterOptions = {},
): Promise<DriverAdapterFactory> {
  switch (target.provider) {
    case "sqlite":
      return sqliteFactory(target, options);
    case "postgresql":
      return postgresFactory(target, options);
    case "mysql":
      return mysqlFactory(target, options);
  }
}

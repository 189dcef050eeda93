// Exported as @ops/workflow-store/testing for every Prisma library's provider suites.
// A fresh, empty database per provider and test run, and raw SQL on it for assertions the store API
// does not answer (the schema's columns, the migration history). PostgreSQL and MariaDB must be
// running (tools/bootstrap.mjs --services postgres,mariadb starts them): when one cannot be reached
// the suite fails with a message saying so — it never skips.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseDatabaseUrl, type DatabaseProvider, type ServerTarget } from "../index.js";

/** A database made for one test run. */
export interface TestDatabase {
  readonly provider: DatabaseProvider;
  readonly databaseUrl: string;
  /** Rows of a query on the database, as objects (column name → value). */
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Drops the database (or deletes the SQLite file). */
  drop(): Promise<void>;
}

// Admin connections tried in order; these machines trust local connections as postgres or root.
const SERVER_URLS = {
  postgresql: process.env["OPS_TEST_POSTGRES_URL"]
    ? [process.env["OPS_TEST_POSTGRES_URL"]]
    : ["postgresql://postgres@127.0.0.1:5432/postgres", "postgresql://root@127.0.0.1:5432/postgres"],
  mysql: [process.env["OPS_TEST_MYSQL_URL"] ?? "mysql://root@127.0.0.1:3306/mysql"],
};

const HOW_TO_START =
  "Start the local servers with `node tools/bootstrap.mjs --services postgres,mariadb` " +
  "(or set OPS_TEST_POSTGRES_URL / OPS_TEST_MYSQL_URL to an admin connection).";

/** What the three driver adapters have in common: raw SQL. */
interface Adapter {
  queryRaw(query: { sql: string; args: unknown[]; argTypes: [] }): Promise<{
    columnNames: string[];
    rows: unknown[][];
  }>;
  executeRaw(query: { sql: string; args: unknown[]; argTypes: [] }): Promise<number>;
  dispose(): Promise<void>;
}

async function connectAdapter(provider: DatabaseProvider, url: string): Promise<Adapter> {
  const target = parseDatabaseUrl(url, process.cwd());
  if (target.provider === "sqlite") return new PrismaLibSQL({ url: `file://${target.file}` }).connect();
  const server = target as ServerTarget;
  const connection = {
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: server.database,
  };
  if (provider === "postgresql") return new PrismaPg({ ...connection, max: 2 }).connect();
  return new PrismaMariaDb({
    ...connection,
    connectionLimit: 2,
    connectTimeout: 5000,
    acquireTimeout: 5000,
  }).connect();
}

async function rows(adapter: Adapter, sql: string): Promise<Array<Record<string, unknown>>> {
  const result = await adapter.queryRaw({ sql, args: [], argTypes: [] });
  return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
}

async function admin(provider: "postgresql" | "mysql"): Promise<{ adapter: Adapter; url: string }> {
  const failures: string[] = [];
  for (const url of SERVER_URLS[provider]) {
    let adapter: Adapter | undefined;
    try {
      adapter = await connectAdapter(provider, url);
      await adapter.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] });
      return { adapter, url };
    } catch (error) {
      await adapter?.dispose().catch(() => undefined);
      const target = parseDatabaseUrl(url, process.cwd()) as ServerTarget;
      failures.push(
        `as ${target.user} at ${target.host}:${target.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const name = provider === "postgresql" ? "PostgreSQL" : "MariaDB/MySQL";
  throw new Error(`${name} is not reachable (${failures.join("; ")}). ${HOW_TO_START}`);
}

/** A new empty database of `provider`, named `ops_store_test_<random>` on the servers. */
export async function createTestDatabase(provider: DatabaseProvider, label = "store"): Promise<TestDatabase> {
  const suffix = randomBytes(5).toString("hex");
  if (provider === "sqlite") {
    const folder = mkdtempSync(join(tmpdir(), `ops-${label}-test-`));
    // A folder that does not exist yet: upgrade must create it.
    const databaseUrl = `file:${join(folder, "nested", "workflow.sqlite")}`;
    let adapter: Adapter | undefined;
    return {
      provider,
      databaseUrl,
      async query(sql) {
        adapter ??= await connectAdapter(provider, databaseUrl);
        return rows(adapter, sql);
      },
      async drop() {
        await adapter?.dispose();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const name = `ops_${label}_test_${suffix}`;
  const { adapter: server, url: serverUrl } = await admin(provider);
  await server.executeRaw({
    sql: provider === "postgresql" ? `CREATE DATABASE "${name}"` : `CREATE DATABASE \`${name}\``,
    args: [],
    argTypes: [],
  });
  const base = new URL(serverUrl);
  base.pathname = `/${name}`;
  const databaseUrl = base.toString();
  let adapter: Adapter | undefined;
  return {
    provider,
    databaseUrl,
    async query(sql) {
      adapter ??= await connectAdapter(provider, databaseUrl);
      return rows(adapter, sql);
    },
    async drop() {
      await adapter?.dispose();
      await server.executeRaw({
        sql:
          provider === "postgresql"
            ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`
            : `DROP DATABASE IF EXISTS \`${name}\``,
        args: [],
        argTypes: [],
      });
      await server.dispose();
    },
  };
}

/**
 * Runs tools/prisma/make-migration.mjs --check on a Prisma library: its output when the migrations
 * produce exactly prisma/models.prisma on SQLite and PostgreSQL; throws with Prisma's words if not.
 */
export function checkMigrationsInSync(libraryRoot: string): string {
  const script = fileURLToPath(new URL("../../../../tools/prisma/make-migration.mjs", import.meta.url));
  try {
    return execFileSync(process.execPath, [script, "--library", libraryRoot, "--check"], {
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`make-migration.mjs --check failed:\n${failure.stdout ?? ""}${failure.stderr ?? ""}`);
  }
}

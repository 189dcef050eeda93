// Configuration of the Prisma CLI for a Prisma library (each library's prisma.config.ts exports
// `prismaCliConfig()`), used only by the scripts next to this file (the services never run the CLI).
// Prisma 6.19's CLI would download a native schema engine, which fails offline; with `engine: "js"` it runs the WebAssembly schema engine bundled in the `prisma` package over a driver
// adapter instead. That engine speaks SQLite and PostgreSQL only: on MySQL `prisma generate` works but
// every schema command fails, so MySQL migrations are written by hand.
//
// DATABASE_URL picks the provider (file: / postgresql: / mysql:) and so the schema folder. The
// adapters are wrapped to work around two bugs of 6.19's adapters seen by the CLI:
// - SQLite: the shadow database is `:memory:`, which @libsql/client forgets at every transaction, and
//   the engine replays each migration with one `executeRaw` that runs only its first statement. Here
//   the shadow database is a temporary file and a multi-statement script goes to `executeScript`.
// - PostgreSQL: the shadow database is dropped while its pool is still connected ("is being accessed
//   by other users") and a `connectionString` makes the replay run on the main database. Here the
//   connection is given as separate fields and the shadow database is dropped after its pool ends.
//   And the adapter refuses the catalog's own column types (`name`, `"char"`, ...) that the engine
//   reads when it describes a schema ("Column type 'name' could not be deserialized"): the pool
//   here reports them as text, which is what they are.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

type JsEngineConfig = Extract<Parameters<typeof defineConfig>[0], { engine: "js" }>;
type SqlMigrationAwareDriverAdapterFactory = Awaited<ReturnType<JsEngineConfig["adapter"]>>;
type SqlDriverAdapter = Awaited<ReturnType<SqlMigrationAwareDriverAdapterFactory["connect"]>>;

const databaseUrl = process.env["DATABASE_URL"] ?? "file:./var/workflow.sqlite";
const provider = databaseUrl.startsWith("file:")
  ? "sqlite"
  : /^postgres(ql)?:/.test(databaseUrl)
    ? "postgresql"
    : "mysql";

/** Routes a script of several statements, given to `executeRaw` without parameters, to `executeScript`. */
function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "executeRaw") {
        return async (query: Parameters<SqlDriverAdapter["executeRaw"]>[0]) => {
          if (query.args.length === 0 && query.sql.trim().replace(/;\s*$/, "").includes(";")) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function sqliteFactory(): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaLibSQL({ url: databaseUrl });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const folder = mkdtempSync(join(tmpdir(), "prisma-shadow-"));
      const adapter = await new PrismaLibSQL({ url: `file:${join(folder, "shadow.sqlite")}` }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        rmSync(folder, { recursive: true, force: true });
      };
      return runScriptsWhole(adapter);
    },
  };
}

// Catalog types @prisma/adapter-pg has no mapping for, and the text type it should use instead.
const CATALOG_TYPES_AS_TEXT = new Map([
  [18, 25], // "char"
  [19, 25], // name
  [24, 25], // regproc
  [28, 25], // xid
  [194, 25], // pg_node_tree
  [2205, 25], // regclass
  [1002, 1009], // "char"[]
  [1003, 1009], // name[]
]);

type PgResult = { fields?: Array<{ dataTypeID: number }> };

function reportCatalogTypesAsText<R>(result: R): R {
  for (const field of (result as PgResult).fields ?? []) {
    field.dataTypeID = CATALOG_TYPES_AS_TEXT.get(field.dataTypeID) ?? field.dataTypeID;
  }
  return result;
}

function catalogFriendlyPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const patchQuery = (target: { query: (...args: never[]) => unknown }) => {
    const query = target.query.bind(target) as (...args: unknown[]) => unknown;
    (target as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      return result instanceof Promise ? result.then(reportCatalogTypesAsText) : result;
    };
  };
  patchQuery(pool);
  pool.on("connect", (client) => patchQuery(client));
  return pool;
}

function postgresFactory(): SqlMigrationAwareDriverAdapterFactory {
  const url = new URL(databaseUrl);
  const connection = {
    host: url.hostname || "127.0.0.1",
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1) || "postgres"),
    // The CLI never closes the main adapter: idle connections must not keep it running for 10 s.
    allowExitOnIdle: true,
  };
  const main = new PrismaPg(catalogFriendlyPool(connection), { disposeExternalPool: true });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client(connection);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      await admin.end();
      const adapter = await new PrismaPg(catalogFriendlyPool({ ...connection, database }), {
        disposeExternalPool: true,
      }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const dropper = new pg.Client(connection);
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await dropper.end();
      };
      return adapter;
    },
  };
}

/** The CLI's configuration; schema and migration paths are relative to the library's root. */
export const prismaCliConfig = () =>
  defineConfig({
    experimental: { adapter: true },
    engine: "js",
    schema: join("prisma", provider, "schema"),
    migrations: { path: join("prisma", provider, "migrations") },
    async adapter() {
      if (provider === "sqlite") return sqliteFactory();
      if (provider === "postgresql") return postgresFactory();
      throw new Error(
        "Prisma's WebAssembly schema engine cannot work on MySQL: write MySQL migrations by hand " +
          "(see libs/workflow-store/README.md).",
      );
    },
  });

// DATABASE_URL, read once into the connection settings each driver adapter takes. PostgreSQL and
// MySQL get host, port, user and database as separate fields: a `connectionString` handed to
// @prisma/adapter-pg misbehaves in places (see ../../shared/STACK.md), and mariadb does not read
// `mysql://` URLs.
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WorkflowStoreError } from "./workflow-store-error.js";

/** The database products the store runs on. */
export type DatabaseProvider = "sqlite" | "postgresql" | "mysql";

/** Every provider, in the order the store documents them. */
export const DATABASE_PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql", "mysql"];

/** An SQLite database file. */
export interface SqliteTarget {
  readonly provider: "sqlite";
  /** Absolute path of the database file. */
  readonly file: string;
}

/** A PostgreSQL or MySQL/MariaDB database on a server. */
export interface ServerTarget {
  readonly provider: "postgresql" | "mysql";
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  /** Query parameters of the URL (`sslmode`, `schema`, `connection_limit`...). */
  readonly params: Readonly<Record<string, string>>;
}

/** Where the store's database is, read from a `DATABASE_URL`. */
export type DatabaseTarget = SqliteTarget | ServerTarget;

const DEFAULT_PORTS = { postgresql: 5432, mysql: 3306 } as const;

function badUrl(message: string): WorkflowStoreError {
  return new WorkflowStoreError("WF_STORE_ERR_BAD_DATABASE_URL", message);
}

/**
 * Reads a `DATABASE_URL`: `file:PATH` (SQLite; a relative PATH is taken from `baseDirectory`),
 * `postgresql://` or `postgres://` (PostgreSQL), `mysql://` or `mariadb://` (MySQL and MariaDB).
 *
 * @throws {@link WorkflowStoreError} `WF_STORE_ERR_BAD_DATABASE_URL`
 */
export function parseDatabaseUrl(databaseUrl: string, baseDirectory: string): DatabaseTarget {
  const text = databaseUrl.trim();
  if (text.startsWith("file:")) {
    let path: string;
    if (text.startsWith("file://")) {
      try {
        path = fileURLToPath(text.split("?")[0]!);
      } catch {
        throw badUrl(`DATABASE_URL ${JSON.stringify(text)} is not a file URL with an absolute path`);
      }
    } else {
      path = decodeURIComponent(text.slice("file:".length).split("?")[0]!);
    }
    if (path === "" || path.includes(":memory:")) {
      throw badUrl("DATABASE_URL must name an SQLite file (in-memory databases are not supported)");
    }
    return { provider: "sqlite", file: isAbsolute(path) ? path : resolve(baseDirectory, path) };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badUrl("DATABASE_URL is not a URL: expected file:, postgresql:// or mysql://");
  }
  const scheme = url.protocol.slice(0, -1);
  const provider =
    scheme === "postgresql" || scheme === "postgres"
      ? "postgresql"
      : scheme === "mysql" || scheme === "mariadb"
        ? "mysql"
        : undefined;
  if (provider === undefined) {
    throw badUrl(`DATABASE_URL has the scheme ${scheme}: expected file:, postgresql:// or mysql://`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "") throw badUrl(`DATABASE_URL names no database (${provider}://host/DATABASE)`);
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  return {
    provider,
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1",
    port: url.port ? Number(url.port) : DEFAULT_PORTS[provider],
    user: decodeURIComponent(url.username) || (provider === "postgresql" ? "postgres" : "root"),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    params,
  };
}

/** The target without its password, for logs and messages. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `sqlite ${target.file}`;
  return `${target.provider} ${target.user}@${target.host}:${target.port}/${target.database}`;
}

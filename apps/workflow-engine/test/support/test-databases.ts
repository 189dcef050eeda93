// A fresh database per test file and provider: an SQLite file in a temporary folder, or a new
// database on the local PostgreSQL / MariaDB servers (tools/bootstrap.mjs --services starts them).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Provider = "sqlite" | "postgresql" | "mysql";

export interface TestDatabase {
  readonly provider: Provider;
  readonly databaseUrl: string;
  drop(): void;
}

function sql(provider: "postgresql" | "mysql", statement: string): void {
  if (provider === "postgresql") {
    execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", statement], {
      stdio: "pipe",
    });
  } else {
    execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "-e", statement], { stdio: "pipe" });
  }
}

export function createTestDatabase(provider: Provider, label: string): TestDatabase {
  if (provider === "sqlite") {
    const folder = mkdtempSync(join(tmpdir(), `ops-${label}-`));
    return {
      provider,
      databaseUrl: `file:${join(folder, "workflow.sqlite")}`,
      drop: () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `ops_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  if (provider === "postgresql") {
    sql(provider, `CREATE DATABASE "${name}"`);
    return {
      provider,
      databaseUrl: `postgresql://postgres@127.0.0.1:5432/${name}`,
      drop: () => sql(provider, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  sql(provider, `CREATE DATABASE \`${name}\``);
  return {
    provider,
    databaseUrl: `mysql://root@127.0.0.1:3306/${name}`,
    drop: () => sql(provider, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}

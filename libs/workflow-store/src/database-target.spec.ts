import { describe, expect, it } from "vitest";
import { describeDatabaseTarget, parseDatabaseUrl } from "./database-target.js";
import { isWorkflowStoreError } from "./workflow-store-error.js";

describe("parseDatabaseUrl", () => {
  it("takes a relative SQLite path from the base directory", () => {
    expect(parseDatabaseUrl("file:var/workflow.sqlite", "/repo")).toEqual({
      provider: "sqlite",
      file: "/repo/var/workflow.sqlite",
    });
    expect(parseDatabaseUrl("file:/abs/db.sqlite", "/repo")).toEqual({
      provider: "sqlite",
      file: "/abs/db.sqlite",
    });
    expect(parseDatabaseUrl("file:///abs/my%20db.sqlite", "/repo")).toEqual({
      provider: "sqlite",
      file: "/abs/my db.sqlite",
    });
  });

  it("splits server URLs into the fields the drivers take", () => {
    expect(parseDatabaseUrl("postgresql://wf:s%40cret@db.example:6543/mistral?sslmode=require", "/")).toEqual(
      {
        provider: "postgresql",
        host: "db.example",
        port: 6543,
        user: "wf",
        password: "s@cret",
        database: "mistral",
        params: { sslmode: "require" },
      },
    );
    expect(parseDatabaseUrl("mysql://root@127.0.0.1/mistral", "/")).toMatchObject({
      provider: "mysql",
      port: 3306,
      user: "root",
      password: undefined,
    });
    expect(parseDatabaseUrl("mariadb://localhost/x", "/")).toMatchObject({
      provider: "mysql",
      host: "localhost",
    });
    expect(parseDatabaseUrl("postgres://localhost/x", "/")).toMatchObject({
      provider: "postgresql",
      port: 5432,
      user: "postgres",
    });
  });

  it("refuses what it cannot use, with WF_STORE_ERR_BAD_DATABASE_URL", () => {
    for (const url of [
      "redis://localhost/0",
      "nonsense",
      "postgresql://localhost",
      "file:",
      "file::memory:",
    ]) {
      let error: unknown;
      try {
        parseDatabaseUrl(url, "/");
      } catch (e) {
        error = e;
      }
      expect(isWorkflowStoreError(error, "WF_STORE_ERR_BAD_DATABASE_URL"), url).toBe(true);
    }
  });

  it("describes a target without its password", () => {
    const target = parseDatabaseUrl("postgresql://wf:secret@db:5432/mistral", "/");
    expect(describeDatabaseTarget(target)).toBe("postgresql wf@db:5432/mistral");
  });
});

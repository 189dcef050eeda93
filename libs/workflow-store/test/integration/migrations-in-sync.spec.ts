// Whether prisma/models.prisma has changes that no migration holds yet: Prisma's schema engine diffs
// the SQLite and PostgreSQL migrations (replayed in a scratch database) against the schema.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the migrations", () => {
  it("produce exactly the schema of prisma/models.prisma on SQLite and PostgreSQL", () => {
    const script = fileURLToPath(new URL("../../../../tools/prisma/make-migration.mjs", import.meta.url));
    const library = fileURLToPath(new URL("../..", import.meta.url));
    let output = "";
    try {
      output = execFileSync(process.execPath, [script, "--library", library, "--check"], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      throw new Error(`make-migration.mjs --check failed:\n${failure.stdout ?? ""}${failure.stderr ?? ""}`);
    }
    expect(output).toContain("up to date");
  }, 60_000);
});

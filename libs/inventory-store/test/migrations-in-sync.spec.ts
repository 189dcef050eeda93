// Whether prisma/models.prisma has changes that no migration holds yet: Prisma's schema engine diffs
// the SQLite and PostgreSQL migrations (replayed in a scratch database) against the schema.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkMigrationsInSync } from "@ops/workflow-store/testing";

describe("the migrations", () => {
  it("produce exactly the schema of prisma/models.prisma on SQLite and PostgreSQL", () => {
    expect(checkMigrationsInSync(fileURLToPath(new URL("..", import.meta.url)))).toContain("up to date");
  }, 60_000);
});

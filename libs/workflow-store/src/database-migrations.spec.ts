import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DATABASE_PROVIDERS } from "./database-target.js";
import { readMigrationFiles } from "./database-migrations.js";

const prismaDirectory = fileURLToPath(new URL("../prisma/", import.meta.url));

describe("the committed migrations", () => {
  it("are the same migrations for every provider (MySQL's are written by hand: none may be missing)", () => {
    const names = DATABASE_PROVIDERS.map((provider) => readMigrationFiles(provider).map((m) => m.name));
    expect(names[0]!.length).toBeGreaterThan(0);
    for (const list of names) expect(list).toEqual(names[0]);
  });

  it("carry Prisma's checksum, the SHA-256 of migration.sql", () => {
    for (const provider of DATABASE_PROVIDERS) {
      for (const migration of readMigrationFiles(provider)) {
        const bytes = readFileSync(
          `${prismaDirectory}${provider}/migrations/${migration.name}/migration.sql`,
        );
        expect(migration.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      }
    }
  });

  it("name their provider in migration_lock.toml", () => {
    for (const provider of DATABASE_PROVIDERS) {
      const lock = readFileSync(`${prismaDirectory}${provider}/migrations/migration_lock.toml`, "utf8");
      expect(lock).toContain(`provider = "${provider}"`);
    }
  });

  it("come with schema copies that match prisma/models.prisma", () => {
    const script = fileURLToPath(new URL("../../../tools/prisma/generate-clients.mjs", import.meta.url));
    const library = fileURLToPath(new URL("..", import.meta.url));
    expect(() =>
      execFileSync(process.execPath, [script, "--library", library, "--check"], { stdio: "pipe" }),
    ).not.toThrow();
  });
});

// The tar writer read back by GNU tar: contents, modes, and a name too long for ustar's field.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TarGzWriter } from "./tar-writer.js";

const run = promisify(execFile);

describe("TarGzWriter", () => {
  it("writes a .tgz GNU tar extracts, long names and modes included", async () => {
    const folder = mkdtempSync(join(tmpdir(), "tar-writer-"));
    try {
      const writer = new TarGzWriter();
      const bytes = buffer(writer.output);
      const long = `inventory/host_vars/${"h".repeat(180)}-é.yml`;
      await writer.add("inventory/hosts.yml", "all: {}\n");
      await writer.add(long, '{"a":1}\n');
      await writer.add("secrets/hosts/h1/key", Buffer.from([0, 1, 2, 255]), 0o600);
      await writer.add("empty", "");
      await writer.end();
      writeFileSync(join(folder, "b.tgz"), await bytes);
      await run("tar", ["-xzf", join(folder, "b.tgz"), "-C", folder]);
      expect(readFileSync(join(folder, "inventory", "hosts.yml"), "utf8")).toBe("all: {}\n");
      expect(readFileSync(join(folder, long), "utf8")).toBe('{"a":1}\n');
      expect([...readFileSync(join(folder, "secrets", "hosts", "h1", "key"))]).toEqual([0, 1, 2, 255]);
      expect(statSync(join(folder, "secrets", "hosts", "h1", "key")).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(folder, "empty"), "utf8")).toBe("");
      const { stdout } = await run("tar", ["-tzf", join(folder, "b.tgz")]);
      expect(stdout.trim().split("\n")).toEqual([
        "inventory/hosts.yml",
        long,
        "secrets/hosts/h1/key",
        "empty",
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

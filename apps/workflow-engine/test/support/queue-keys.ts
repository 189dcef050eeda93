// Cleaning up after tests that run against the machine's shared Redis.
import { execFileSync } from "node:child_process";

/** Deletes this run's keys from the shared Redis (its own prefix only: never a flush). */
export function deleteQueueKeys(prefix: string): void {
  try {
    const keys = execFileSync(
      "redis-cli",
      ["-h", "127.0.0.1", "-p", "6379", "--scan", "--pattern", `${prefix}:*`],
      {
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter((key) => key !== "");
    for (let at = 0; at < keys.length; at += 200) {
      execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "DEL", ...keys.slice(at, at + 200)], {
        stdio: "ignore",
      });
    }
  } catch {
    // Leftover keys of a unique prefix harm nothing.
  }
}

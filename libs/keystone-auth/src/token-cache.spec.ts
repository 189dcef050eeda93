import { describe, expect, it } from "vitest";
import type { Caller } from "./caller.js";
import { noAuthCaller } from "./caller.js";
import { TokenCache } from "./token-cache.js";

const T0 = new Date("2026-11-22T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const caller = (expiresInSeconds: number, userId = "u1"): Caller => ({
  ...noAuthCaller("p1"),
  userId,
  roles: ["member"],
  isAdmin: false,
  expiresAt: at(expiresInSeconds),
});

describe("the token cache", () => {
  it("serves a token until it expires, then forgets it", () => {
    const cache = new TokenCache();
    cache.set("tok", caller(60), T0);
    expect(cache.get("tok", at(59))?.caller.userId).toBe("u1");
    expect(cache.get("tok", at(60))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("marks an entry stale once the revocation check interval has passed", () => {
    const cache = new TokenCache({ revocationCheckSeconds: 10 });
    cache.set("tok", caller(3600), T0);
    expect(cache.get("tok", at(9))?.stale).toBe(false);
    expect(cache.get("tok", at(10))?.stale).toBe(true);
    cache.set("tok", caller(3600), at(10));
    expect(cache.get("tok", at(11))?.stale).toBe(false);
  });

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = new TokenCache({ maxEntries: 2 });
    cache.set("a", caller(60, "a"), T0);
    cache.set("b", caller(60, "b"), T0);
    cache.get("a", T0); // a is now more recent than b
    cache.set("c", caller(60, "c"), T0);
    expect(cache.size).toBe(2);
    expect(cache.get("b", T0)).toBeUndefined();
    expect(cache.get("a", T0)?.caller.userId).toBe("a");
    expect(cache.get("c", T0)?.caller.userId).toBe("c");
  });

  it("does not store an expired token, and forgets a deleted one", () => {
    const cache = new TokenCache();
    cache.set("old", caller(-1), T0);
    expect(cache.size).toBe(0);
    cache.set("tok", caller(60), T0);
    cache.delete("tok");
    expect(cache.get("tok", T0)).toBeUndefined();
  });
});

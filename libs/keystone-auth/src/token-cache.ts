// Validated tokens, kept until they expire, at most `maxEntries` (the least recently used go
// first). Keys are SHA-256 digests, so the cache holds no token. An entry validated longer ago than
// the revocation check interval is still served but marked for a fresh check (a revoked token
// stops working within that interval).
import { createHash } from "node:crypto";
import type { Caller } from "./caller.js";

export interface TokenCacheOptions {
  /** @defaultValue 10000 */
  readonly maxEntries?: number;
  /** Seconds after which a cached token is checked with Keystone again. @defaultValue 300 */
  readonly revocationCheckSeconds?: number;
}

export interface CachedCaller {
  readonly caller: Caller;
  /** Past the revocation check interval: check with Keystone before trusting it again. */
  readonly stale: boolean;
}

interface Entry {
  readonly caller: Caller;
  readonly validatedAt: number;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #recheckMs: number;

  constructor(options: TokenCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#recheckMs = (options.revocationCheckSeconds ?? 300) * 1000;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The caller of a cached, unexpired token. */
  get(token: string, now: Date): CachedCaller | undefined {
    const key = digest(token);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.caller.expiresAt.getTime() <= now.getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return { caller: entry.caller, stale: now.getTime() - entry.validatedAt >= this.#recheckMs };
  }

  set(token: string, caller: Caller, now: Date): void {
    if (caller.expiresAt.getTime() <= now.getTime()) return;
    const key = digest(token);
    this.#entries.delete(key);
    this.#entries.set(key, { caller, validatedAt: now.getTime() });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.#entries.delete(digest(token));
  }
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

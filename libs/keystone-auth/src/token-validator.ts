// What a service does with an incoming X-Auth-Token, as keystonemiddleware does: the cached caller
// when the token was validated recently, else Keystone's answer to `GET /v3/auth/tokens` asked with
// the service's own token (renewed once if Keystone refuses it). One request per token at a time.
import type { Caller } from "./caller.js";
import type { KeystoneClient } from "./keystone-client.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";
import type { ServiceSession } from "./service-session.js";
import { TokenCache, type TokenCacheOptions } from "./token-cache.js";

export interface TokenValidatorOptions extends TokenCacheOptions {
  readonly client: KeystoneClient;
  readonly session: ServiceSession;
  /** @defaultValue `() => new Date()` */
  readonly clock?: () => Date;
}

export class TokenValidator {
  readonly #client: KeystoneClient;
  readonly #session: ServiceSession;
  readonly #clock: () => Date;
  readonly #cache: TokenCache;
  readonly #inFlight = new Map<string, Promise<Caller>>();

  constructor(options: TokenValidatorOptions) {
    this.#client = options.client;
    this.#session = options.session;
    this.#clock = options.clock ?? (() => new Date());
    this.#cache = new TokenCache(options);
  }

  /** Tokens in the cache. */
  get cached(): number {
    return this.#cache.size;
  }

  /**
   * The caller of a token.
   * @throws KeystoneAuthError `KS_AUTH_ERR_INVALID_TOKEN` (unknown, expired or revoked),
   *   `KS_AUTH_ERR_UNREACHABLE`, `KS_AUTH_ERR_BAD_CREDENTIALS` (the service's own were refused)
   */
  async validate(token: string): Promise<Caller> {
    const cached = this.#cache.get(token, this.#clock());
    if (cached !== undefined && !cached.stale) return cached.caller;
    let pending = this.#inFlight.get(token);
    if (pending === undefined) {
      pending = this.#ask(token).finally(() => this.#inFlight.delete(token));
      this.#inFlight.set(token, pending);
    }
    return pending;
  }

  /** Forgets a token (after the service revoked it itself). */
  forget(token: string): void {
    this.#cache.delete(token);
  }

  async #ask(token: string): Promise<Caller> {
    let caller: Caller | null;
    try {
      caller = await this.#client.validate((await this.#session.token()).token, token);
    } catch (error) {
      if (!(error instanceof KeystoneAuthError) || error.code !== "KS_AUTH_ERR_BAD_CREDENTIALS") throw error;
      caller = await this.#client.validate((await this.#session.renew()).token, token);
    }
    const now = this.#clock();
    if (caller === null || caller.expiresAt.getTime() <= now.getTime()) {
      this.#cache.delete(token);
      throw new KeystoneAuthError("KS_AUTH_ERR_INVALID_TOKEN", "The token is unknown, expired or revoked.");
    }
    this.#cache.set(token, caller, now);
    return caller;
  }
}

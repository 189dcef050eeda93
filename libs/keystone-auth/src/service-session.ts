// The service's own token: issued from its credentials on first use, and issued again a margin
// before it expires (or at once when Keystone refuses it). Concurrent callers share one request.
import type { Credentials, IssuedToken, KeystoneClient, Scope } from "./keystone-client.js";

export interface ServiceSessionOptions {
  readonly client: KeystoneClient;
  readonly credentials: Credentials;
  readonly scope?: Scope;
  /** A token this close to its expiry is replaced. @defaultValue 120 */
  readonly refreshMarginSeconds?: number;
  /** @defaultValue `() => new Date()` */
  readonly clock?: () => Date;
}

export class ServiceSession {
  readonly #options: ServiceSessionOptions;
  readonly #clock: () => Date;
  #current: IssuedToken | null = null;
  #pending: Promise<IssuedToken> | null = null;

  constructor(options: ServiceSessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** A token valid for at least the refresh margin. */
  async token(): Promise<IssuedToken> {
    const current = this.#current;
    const margin = (this.#options.refreshMarginSeconds ?? 120) * 1000;
    if (current !== null && current.expiresAt.getTime() - margin > this.#clock().getTime()) return current;
    return this.renew();
  }

  /** Issues a new token now (after Keystone refused the current one). */
  renew(): Promise<IssuedToken> {
    this.#pending ??= this.#options.client
      .authenticate(this.#options.credentials, this.#options.scope)
      .then((issued) => {
        this.#current = issued;
        return issued;
      })
      .finally(() => {
        this.#pending = null;
      });
    return this.#pending;
  }
}

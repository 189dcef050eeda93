// A Keystone v3 client: issue tokens (password, token, application credential; project-, domain-
// or un-scoped), validate and revoke them, and read endpoints from the service catalog. It never
// puts a token, password or secret in an error or a log.
import { callerFromToken, type Caller } from "./caller.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";

/** A name or id, with the domain a name lives in (Keystone's `{name, domain: {name|id}}`). */
export type NamedRef = { readonly id: string } | { readonly name: string; readonly domain: DomainRef };
export type DomainRef = { readonly id: string } | { readonly name: string };

export type Credentials =
  | { readonly method: "password"; readonly user: NamedRef; readonly password: string }
  | { readonly method: "token"; readonly token: string }
  | {
      readonly method: "application_credential";
      readonly secret: string;
      /** By id, or by name with its user. */
      readonly id?: string;
      readonly name?: string;
      readonly user?: NamedRef;
    };

/** What a token is scoped to; none: unscoped (an application credential is scoped by itself). */
export type Scope =
  { readonly project: NamedRef } | { readonly domain: DomainRef } | { readonly system: "all" } | undefined;

/** An issued token. `token` is a secret: pass it on, never log it. */
export interface IssuedToken {
  readonly token: string;
  readonly caller: Caller;
  readonly expiresAt: Date;
  readonly catalog: readonly CatalogEntry[];
}

export interface CatalogEntry {
  readonly type: string;
  readonly name: string;
  readonly endpoints: readonly { interface: string; region_id?: string; region?: string; url: string }[];
}

export interface KeystoneClientOptions {
  /** Keystone's v3 root, e.g. `http://127.0.0.1:5000/v3`. */
  readonly authUrl: string;
  /** @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per request. @defaultValue 10000 */
  readonly timeoutMs?: number;
}

export class KeystoneClient {
  readonly authUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: KeystoneClientOptions) {
    this.authUrl = options.authUrl.replace(/\/+$/, "");
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /**
   * Issues a token (`POST /v3/auth/tokens`).
   * @throws KeystoneAuthError `KS_AUTH_ERR_BAD_CREDENTIALS` (401, or 400/403/404 on the request),
   *   `KS_AUTH_ERR_UNREACHABLE`, `KS_AUTH_ERR_BAD_RESPONSE`
   */
  async authenticate(credentials: Credentials, scope?: Scope): Promise<IssuedToken> {
    const response = await this.#request("POST", "/auth/tokens", {
      body: JSON.stringify({ auth: { identity: identity(credentials), ...(scope ? { scope } : {}) } }),
    });
    if (response.status !== 201) {
      throw new KeystoneAuthError(
        "KS_AUTH_ERR_BAD_CREDENTIALS",
        `Keystone refused the ${credentials.method} credentials (HTTP ${response.status}).`,
        { method: credentials.method, status: response.status },
      );
    }
    const token = response.headers.get("x-subject-token");
    if (token === null || token === "") {
      throw new KeystoneAuthError(
        "KS_AUTH_ERR_BAD_RESPONSE",
        "Keystone issued a token without X-Subject-Token.",
      );
    }
    const body = await readJson(response);
    const caller = callerFromToken(body);
    return { token, caller, expiresAt: caller.expiresAt, catalog: catalogOf(body) };
  }

  /**
   * Validates `subjectToken` with the service's own token (`GET /v3/auth/tokens`): its caller, or
   * null when Keystone does not recognise it (unknown, expired, revoked: 404).
   * @throws KeystoneAuthError `KS_AUTH_ERR_BAD_CREDENTIALS` when the service's token is refused
   *   (401; the caller should get a new one and try again), `KS_AUTH_ERR_UNREACHABLE`
   */
  async validate(serviceToken: string, subjectToken: string): Promise<Caller | null> {
    const response = await this.#request("GET", "/auth/tokens?nocatalog", {
      headers: { "x-auth-token": serviceToken, "x-subject-token": subjectToken },
    });
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      throw new KeystoneAuthError(
        "KS_AUTH_ERR_BAD_CREDENTIALS",
        `Keystone refused the service's token while validating (HTTP ${response.status}).`,
        { status: response.status },
      );
    }
    if (response.status !== 200) {
      throw new KeystoneAuthError("KS_AUTH_ERR_BAD_RESPONSE", `Keystone answered HTTP ${response.status}.`, {
        status: response.status,
      });
    }
    return callerFromToken(await readJson(response));
  }

  /** Revokes a token (`DELETE /v3/auth/tokens`); a token already gone is fine. */
  async revoke(authToken: string, subjectToken: string): Promise<void> {
    const response = await this.#request("DELETE", "/auth/tokens", {
      headers: { "x-auth-token": authToken, "x-subject-token": subjectToken },
    });
    if (response.status !== 204 && response.status !== 404) {
      throw new KeystoneAuthError("KS_AUTH_ERR_BAD_RESPONSE", `Keystone answered HTTP ${response.status}.`, {
        status: response.status,
      });
    }
  }

  async #request(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> },
  ): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.authUrl}${path}`, {
        method,
        headers: { "content-type": "application/json", accept: "application/json", ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new KeystoneAuthError(
        "KS_AUTH_ERR_UNREACHABLE",
        `Keystone at ${this.authUrl} could not be reached: ${(error as Error).message}`,
        { authUrl: this.authUrl },
        { cause: error },
      );
    }
    if (response.status >= 500) {
      throw new KeystoneAuthError(
        "KS_AUTH_ERR_UNREACHABLE",
        `Keystone at ${this.authUrl} answered HTTP ${response.status}.`,
        { authUrl: this.authUrl, status: response.status },
      );
    }
    return response;
  }
}

/**
 * The URL of a service in a catalog, by type (`workflowv2`), interface (`public`) and, when given,
 * region.
 * @throws KeystoneAuthError `KS_AUTH_ERR_NO_ENDPOINT`
 */
export function endpointFor(
  catalog: readonly CatalogEntry[],
  type: string,
  options: { interface?: string; region?: string } = {},
): string {
  const wanted = options.interface ?? "public";
  for (const entry of catalog) {
    if (entry.type !== type) continue;
    for (const endpoint of entry.endpoints) {
      if (endpoint.interface !== wanted) continue;
      const region = endpoint.region_id ?? endpoint.region;
      if (options.region !== undefined && region !== options.region) continue;
      return endpoint.url;
    }
  }
  throw new KeystoneAuthError(
    "KS_AUTH_ERR_NO_ENDPOINT",
    `The catalog has no ${wanted} endpoint of type ${type}${options.region ? ` in ${options.region}` : ""}.`,
    { type, interface: wanted, region: options.region ?? null },
  );
}

function identity(credentials: Credentials): Record<string, unknown> {
  switch (credentials.method) {
    case "password":
      return {
        methods: ["password"],
        password: { user: { ...credentials.user, password: credentials.password } },
      };
    case "token":
      return { methods: ["token"], token: { id: credentials.token } };
    case "application_credential": {
      const { secret, id, name, user } = credentials;
      return {
        methods: ["application_credential"],
        application_credential: { secret, ...(id ? { id } : { name, user }) },
      };
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    throw new KeystoneAuthError(
      "KS_AUTH_ERR_BAD_RESPONSE",
      "Keystone's answer is not JSON.",
      {},
      { cause: error },
    );
  }
}

function catalogOf(body: unknown): CatalogEntry[] {
  const token = (body as { token?: { catalog?: unknown } }).token;
  return Array.isArray(token?.catalog) ? (token.catalog as CatalogEntry[]) : [];
}

// The auth settings every app of the platform takes (OPS_AUTH, OPS_KEYSTONE_*), and the objects
// they make: the client, the service's session, the token validator and the policy.
import { KeystoneClient } from "./keystone-client.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";
import { RolePolicy, type PolicyRules } from "./role-policy.js";
import { ServiceSession } from "./service-session.js";
import { TokenValidator } from "./token-validator.js";

/** Validated auth settings (parsed by the app's config loader). */
export type AuthSettings =
  | { readonly mode: "none" }
  | {
      readonly mode: "keystone";
      /** e.g. `http://127.0.0.1:5000/v3`. */
      readonly url: string;
      /** The service's own user, its password, and the project its token is scoped to. */
      readonly user: string;
      readonly password: string;
      readonly project: string;
      /** Domain of the user and the project. @defaultValue "Default" */
      readonly domain: string;
      /** @defaultValue 10000 */
      readonly cacheSize: number;
      /** @defaultValue 300 */
      readonly revocationCheckSeconds: number;
      /** Roles per action. @defaultValue DEFAULT_POLICY_RULES */
      readonly policy?: Partial<PolicyRules>;
    };

/** What an app needs to authenticate its requests. */
export interface KeystoneAuth {
  readonly client: KeystoneClient;
  readonly session: ServiceSession;
  readonly validator: TokenValidator;
  readonly policy: RolePolicy;
  readonly authUrl: string;
}

/** Builds the auth objects of keystone mode (no request is made until the first token comes). */
export function createKeystoneAuth(
  settings: Extract<AuthSettings, { mode: "keystone" }>,
  options: { fetch?: typeof fetch; clock?: () => Date } = {},
): KeystoneAuth {
  if (!/^https?:\/\//.test(settings.url)) {
    throw new KeystoneAuthError(
      "KS_AUTH_ERR_BAD_CONFIG",
      `The Keystone URL must be http(s)://...; got ${settings.url}`,
      {
        key: "url",
      },
    );
  }
  const client = new KeystoneClient({
    authUrl: settings.url,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const domain = { name: settings.domain };
  const session = new ServiceSession({
    client,
    credentials: { method: "password", user: { name: settings.user, domain }, password: settings.password },
    scope: { project: { name: settings.project, domain } },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const validator = new TokenValidator({
    client,
    session,
    maxEntries: settings.cacheSize,
    revocationCheckSeconds: settings.revocationCheckSeconds,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    client,
    session,
    validator,
    policy: new RolePolicy(settings.policy ?? {}),
    authUrl: client.authUrl,
  };
}

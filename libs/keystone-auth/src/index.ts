// @ops/keystone-auth — Keystone v3 authentication for the platform's APIs: a client, token
// validation with a bounded cache, the role policy, request authentication for Fastify apps, and
// the no-auth mode's caller.
export { callerFromToken, noAuthCaller } from "./caller.js";
export type { Caller } from "./caller.js";
export { endpointFor, KeystoneClient } from "./keystone-client.js";
export type {
  CatalogEntry,
  Credentials,
  DomainRef,
  IssuedToken,
  KeystoneClientOptions,
  NamedRef,
  Scope,
} from "./keystone-client.js";
export { ServiceSession } from "./service-session.js";
export type { ServiceSessionOptions } from "./service-session.js";
export { TokenCache } from "./token-cache.js";
export type { CachedCaller, TokenCacheOptions } from "./token-cache.js";
export { TokenValidator } from "./token-validator.js";
export type { TokenValidatorOptions } from "./token-validator.js";
export { DEFAULT_POLICY_RULES, RolePolicy } from "./role-policy.js";
export type { PolicyAction, PolicyRules } from "./role-policy.js";
export { installRequestAuth } from "./request-auth.js";
export type { RequestAuthOptions } from "./request-auth.js";
export { createKeystoneAuth } from "./keystone-auth-settings.js";
export type { AuthSettings, KeystoneAuth } from "./keystone-auth-settings.js";
export { KeystoneAuthError, KS_AUTH_ERROR_CODES } from "./keystone-auth-error.js";
export type { KeystoneAuthErrorCode } from "./keystone-auth-error.js";

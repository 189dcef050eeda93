// Who is calling: what a validated Keystone token says about its holder, as the services use it
// (keystonemiddleware's X-User-Id, X-Project-Id, X-Roles... headers, as one typed object).
import { KeystoneAuthError } from "./keystone-auth-error.js";

export interface Caller {
  readonly userId: string;
  readonly userName: string;
  readonly userDomainId: string;
  /** The project the token is scoped to; null for a domain- or system-scoped token. */
  readonly projectId: string | null;
  readonly projectName: string | null;
  /** The domain of the project, or the domain a domain-scoped token is scoped to. */
  readonly domainId: string | null;
  /** Role names, lower case (Keystone expands implied roles: a member is also a reader). */
  readonly roles: readonly string[];
  /** Holds the `admin` role. */
  readonly isAdmin: boolean;
  readonly expiresAt: Date;
  /** The token's audit ids (safe to log; they identify the token without revealing it). */
  readonly auditIds: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * The caller of a token body (`{"token": {...}}` of `POST` or `GET /v3/auth/tokens`).
 * @throws KeystoneAuthError `KS_AUTH_ERR_BAD_RESPONSE` when it is not a v3 token
 */
export function callerFromToken(body: unknown): Caller {
  const token = isObject(body) ? body["token"] : undefined;
  if (!isObject(token) || !isObject(token["user"]) || typeof token["expires_at"] !== "string") {
    throw new KeystoneAuthError("KS_AUTH_ERR_BAD_RESPONSE", "Keystone's answer is not a v3 token.");
  }
  const user = token["user"];
  const project = isObject(token["project"]) ? token["project"] : null;
  const domain = isObject(token["domain"]) ? token["domain"] : null;
  const projectDomain = project !== null && isObject(project["domain"]) ? project["domain"] : null;
  const userDomain = isObject(user["domain"]) ? user["domain"] : null;
  const roles = (Array.isArray(token["roles"]) ? token["roles"] : [])
    .map((role) => (isObject(role) ? text(role["name"]) : null))
    .filter((name): name is string => name !== null)
    .map((name) => name.toLowerCase());
  const expiresAt = new Date(token["expires_at"]);
  if (Number.isNaN(expiresAt.getTime()) || text(user["id"]) === null) {
    throw new KeystoneAuthError("KS_AUTH_ERR_BAD_RESPONSE", "Keystone's token has no user id or expiry.");
  }
  return {
    userId: text(user["id"])!,
    userName: text(user["name"]) ?? "",
    userDomainId: (userDomain && text(userDomain["id"])) ?? "",
    projectId: project === null ? null : text(project["id"]),
    projectName: project === null ? null : text(project["name"]),
    domainId: (projectDomain && text(projectDomain["id"])) ?? (domain && text(domain["id"])) ?? null,
    roles: [...new Set(roles)],
    isAdmin: roles.includes("admin"),
    expiresAt,
    auditIds: (Array.isArray(token["audit_ids"]) ? token["audit_ids"] : []).filter(
      (id): id is string => typeof id === "string",
    ),
  };
}

/**
 * The caller of the no-auth mode (Mistral's `auth_enable = False`): acting for `projectId` with
 * every role, until `expiresAt` never comes.
 */
export function noAuthCaller(projectId: string): Caller {
  return {
    userId: "",
    userName: "",
    userDomainId: "",
    projectId,
    projectName: null,
    domainId: null,
    roles: ["admin", "member", "reader"],
    isAdmin: true,
    expiresAt: new Date(8.64e15),
    auditIds: [],
  };
}

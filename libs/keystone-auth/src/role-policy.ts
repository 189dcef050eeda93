// Which roles may do what, as OpenStack's default roles mean it: a reader may only read, a member
// may also write in its project, an admin may do anything, and only an admin may act on every
// project at once (`all_projects=true`). Rules are lists of roles, any of which allows.
import type { Caller } from "./caller.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";

/** What a request does, as far as the policy cares. */
export type PolicyAction = "read" | "write" | "all-projects";

export type PolicyRules = Readonly<Record<PolicyAction, readonly string[]>>;

/** OpenStack's defaults (admin implies member implies reader in Keystone, but a token may lack the expansion). */
export const DEFAULT_POLICY_RULES: PolicyRules = Object.freeze({
  read: ["reader", "member", "admin"],
  write: ["member", "admin"],
  "all-projects": ["admin"],
});

export class RolePolicy {
  readonly rules: PolicyRules;

  constructor(rules: Partial<PolicyRules> = {}) {
    this.rules = Object.freeze({ ...DEFAULT_POLICY_RULES, ...rules });
  }

  allows(caller: Caller, action: PolicyAction): boolean {
    return this.rules[action].some((role) => caller.roles.includes(role.toLowerCase()));
  }

  /**
   * @throws KeystoneAuthError `KS_AUTH_ERR_FORBIDDEN` naming the action (`target`, e.g.
   *   `workflows:create`) and never the token
   */
  enforce(caller: Caller, action: PolicyAction, target: string): void {
    if (!this.allows(caller, action)) {
      throw new KeystoneAuthError(
        "KS_AUTH_ERR_FORBIDDEN",
        `Policy doesn't allow ${target} to be performed.`,
        {
          action,
          target,
          userId: caller.userId,
        },
      );
    }
  }
}

import { describe, expect, it } from "vitest";
import { noAuthCaller, type Caller } from "./caller.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";
import { RolePolicy, type PolicyAction } from "./role-policy.js";

const withRoles = (...roles: string[]): Caller => ({
  ...noAuthCaller("p1"),
  roles,
  isAdmin: roles.includes("admin"),
});

describe("the role policy", () => {
  const policy = new RolePolicy();

  it.each<[string[], PolicyAction, boolean]>([
    [["reader"], "read", true],
    [["reader"], "write", false],
    [["reader"], "all-projects", false],
    [["member"], "read", true],
    [["member"], "write", true],
    [["member"], "all-projects", false],
    [["admin"], "read", true],
    [["admin"], "write", true],
    [["admin"], "all-projects", true],
    [["service"], "read", false],
    [[], "read", false],
  ])("roles %j may %s: %s", (roles, action, allowed) => {
    expect(policy.allows(withRoles(...roles), action)).toBe(allowed);
  });

  it("refuses with the target's name, Mistral's wording", () => {
    const enforce = () => policy.enforce(withRoles("reader"), "write", "workflows:create");
    expect(enforce).toThrow(KeystoneAuthError);
    expect(enforce).toThrow("Policy doesn't allow workflows:create to be performed.");
  });

  it("takes rules from config, role names in any case", () => {
    const custom = new RolePolicy({ write: ["Operator"] });
    expect(custom.allows(withRoles("operator"), "write")).toBe(true);
    expect(custom.allows(withRoles("member"), "write")).toBe(false);
    expect(custom.allows(withRoles("reader"), "read")).toBe(true);
  });
});

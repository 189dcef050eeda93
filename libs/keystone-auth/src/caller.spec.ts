import { describe, expect, it } from "vitest";
import { callerFromToken } from "./caller.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";

// The shape of a real Keystone 22 token (../shared/anchors/keystone/NOTES.md), trimmed.
const TOKEN = {
  token: {
    methods: ["password"],
    user: {
      domain: { id: "default", name: "Default" },
      id: "d902",
      name: "alice",
      password_expires_at: null,
    },
    audit_ids: ["fXceM6DoTCKJ0CB3VjuCRA"],
    expires_at: "2026-11-22T04:43:16.000000Z",
    issued_at: "2026-11-22T03:43:16.000000Z",
    project: { domain: { id: "default", name: "Default" }, id: "2c2e", name: "alpha" },
    is_domain: false,
    roles: [
      { id: "6e07", name: "reader" },
      { id: "1a68", name: "member" },
    ],
  },
};

describe("the caller of a token", () => {
  it("reads user, project, domain, roles and expiry", () => {
    expect(callerFromToken(TOKEN)).toEqual({
      userId: "d902",
      userName: "alice",
      userDomainId: "default",
      projectId: "2c2e",
      projectName: "alpha",
      domainId: "default",
      roles: ["reader", "member"],
      isAdmin: false,
      expiresAt: new Date("2026-11-22T04:43:16.000Z"),
      auditIds: ["fXceM6DoTCKJ0CB3VjuCRA"],
    });
  });

  it("knows an admin, and a domain-scoped token's domain", () => {
    const { project: _project, ...rest } = TOKEN.token;
    const caller = callerFromToken({
      token: { ...rest, domain: { id: "d1", name: "D1" }, roles: [{ id: "r", name: "Admin" }] },
    });
    expect(caller).toMatchObject({ projectId: null, domainId: "d1", roles: ["admin"], isAdmin: true });
  });

  it.each([
    null,
    {},
    { token: {} },
    { token: { user: { id: "u" } } },
    { token: { ...TOKEN.token, expires_at: "soon" } },
  ])("refuses %j", (body) => {
    expect(() => callerFromToken(body)).toThrow(KeystoneAuthError);
  });
});

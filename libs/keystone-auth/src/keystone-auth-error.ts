// Every error of libs/keystone-auth has a stable code from this registry. The lib knows nothing of
// HTTP statuses except where it plays keystonemiddleware (the 401 answer, see request-auth.ts);
// apps map the other codes in their error handlers.

/** Stable error codes of libs/keystone-auth, each with a one-line description. */
export const KS_AUTH_ERROR_CODES = {
  KS_AUTH_ERR_MISSING_TOKEN: "The request carries no X-Auth-Token.",
  KS_AUTH_ERR_INVALID_TOKEN: "Keystone does not recognise the token (unknown, expired or revoked).",
  KS_AUTH_ERR_FORBIDDEN: "The caller's roles do not allow the action (the policy's rule).",
  KS_AUTH_ERR_BAD_CREDENTIALS: "Keystone refused credentials (the service's own, or a user's).",
  KS_AUTH_ERR_UNREACHABLE: "Keystone could not be reached or answered with a server error.",
  KS_AUTH_ERR_BAD_RESPONSE: "Keystone answered with something that is not a v3 token.",
  KS_AUTH_ERR_NO_ENDPOINT: "The service catalog has no endpoint of that type, interface and region.",
  KS_AUTH_ERR_BAD_CONFIG: "An option of the auth configuration is missing or invalid.",
} as const;

export type KeystoneAuthErrorCode = keyof typeof KS_AUTH_ERROR_CODES;

/** An error of libs/keystone-auth. Its message never contains a token, password or secret. */
export class KeystoneAuthError extends Error {
  override readonly name = "KeystoneAuthError";

  constructor(
    readonly code: KeystoneAuthErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether trying again later may help (Keystone away), as opposed to a refusal. */
  get retryable(): boolean {
    return this.code === "KS_AUTH_ERR_UNREACHABLE";
  }
}

// Keystone authentication of a Fastify app's requests, as keystonemiddleware does in front of an
// OpenStack API: the X-Auth-Token of every request (but the public paths) is validated, and the
// caller is attached to the request. A missing or invalid token is answered here with
// keystonemiddleware's 401 (and its WWW-Authenticate header); Keystone away gives its 503.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Caller } from "./caller.js";
import { KeystoneAuthError } from "./keystone-auth-error.js";
import type { TokenValidator } from "./token-validator.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling; null until authenticated (and on public paths). */
    caller: Caller | null;
  }
}

export interface RequestAuthOptions {
  readonly validator: TokenValidator;
  /** Where clients get tokens: the `uri` of the WWW-Authenticate header. */
  readonly authUrl: string;
  /** Paths answered without a token (e.g. the version document at `/`). @defaultValue none */
  readonly isPublic?: (request: FastifyRequest) => boolean;
}

const UNAUTHORIZED = {
  error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." },
};
const UNAVAILABLE = {
  error: {
    code: 503,
    title: "Service Unavailable",
    message: "The server is currently unavailable. Please try again at a later time.",
  },
};

/** Adds the onRequest hook that authenticates every request of `app` (call before routes). */
export function installRequestAuth(app: FastifyInstance, options: RequestAuthOptions): void {
  const challenge = `Keystone uri="${options.authUrl}"`;
  app.decorateRequest("caller", null);
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.isPublic?.(request)) return;
    const header = request.headers["x-auth-token"];
    const token = Array.isArray(header) ? header[0] : header;
    if (token === undefined || token === "")
      return refuse(reply, 401, UNAUTHORIZED, challenge, "missing token");
    try {
      request.caller = await options.validator.validate(token);
    } catch (error) {
      if (!(error instanceof KeystoneAuthError)) throw error;
      request.log.warn({ code: error.code, err: error.message }, "authentication failed");
      if (error.code === "KS_AUTH_ERR_INVALID_TOKEN")
        return refuse(reply, 401, UNAUTHORIZED, challenge, "invalid token");
      return refuse(reply, 503, UNAVAILABLE, challenge, error.code);
    }
  });
}

function refuse(
  reply: FastifyReply,
  status: number,
  body: object,
  challenge: string,
  reason: string,
): FastifyReply {
  reply.request.log.info({ status, reason }, "request refused by authentication");
  return reply
    .code(status)
    .header("www-authenticate", challenge)
    .header("content-type", "application/json")
    .send(JSON.stringify(body));
}

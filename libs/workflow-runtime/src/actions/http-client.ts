// Sends a planned std.http request with Node's fetch, following redirects itself (so that each
// hop's body is kept for `history`, as requests keeps it) and releasing every socket when done.
import { readFile } from "node:fs/promises";
import { pyStr } from "@ops/dsl";
import { cancellationError } from "./action-cancellation.js";
import { ACTION_ERROR_CODES, describeError, StdActionError } from "./action-errors.js";
import { createOwnedDispatcher } from "./fetch-dispatcher.js";
import type { HttpRequest, HttpRequestPlan } from "./http-request-plan.js";
import { CookieJar, isRedirect, redirectRequest } from "./http-request-plan.js";
import type { HttpResponseParts } from "./http-result.js";

// Hop-by-hop headers are the connection's business; undici refuses them from callers.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

function sendError(detail: string, retryable: boolean, cause?: unknown): StdActionError {
  return new StdActionError(ACTION_ERROR_CODES.failed, `Failed to send HTTP request: ${detail}`, retryable, {
    cause,
  });
}

/**
 * Performs the exchange a plan describes and reports what came back.
 *
 * @throws StdActionError when no response could be had (connection refused, timeout, TLS
 *   failure, too many redirects) or with code `WF_ERR_ACTION_CANCELLED` when `signal` aborts.
 */
export async function performHttpExchange(
  plan: HttpRequestPlan,
  signal: AbortSignal,
  maxRedirects: number,
): Promise<HttpResponseParts> {
  // Mistral applies `verify` only when the URL it was given is https.
  const https = plan.request.url.startsWith("https:");
  const verify = https ? plan.tls.verify : true;
  let ca: Buffer | undefined;
  if (https && plan.tls.caFile) {
    try {
      ca = await readFile(plan.tls.caFile);
    } catch (error) {
      throw sendError(
        `cannot read the CA bundle '${plan.tls.caFile}': ${describeError(error)}`,
        false,
        error,
      );
    }
  }
  let owned;
  try {
    owned = await createOwnedDispatcher({ rejectUnauthorized: verify, ca });
  } catch (error) {
    throw sendError(describeError(error), false, error);
  }

  const deadline = new AbortController();
  const timer =
    plan.timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => deadline.abort(new Error("timed out")), plan.timeoutSeconds * 1000);
  const combined = AbortSignal.any([signal, deadline.signal]);
  try {
    const jar = new CookieJar(plan.cookies);
    const redirectBodies: Uint8Array[] = [];
    let request: HttpRequest = plan.request;
    for (;;) {
      const headers = jar
        .applyTo(request)
        .filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()))
        .map(([name, value]): [string, string] => [name, value]);
      const sentAt = performance.now();
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        redirect: "manual",
        signal: combined,
        ...(owned.dispatcher ? { dispatcher: owned.dispatcher } : {}),
      });
      const elapsedSeconds = (performance.now() - sentAt) / 1000;
      const body = new Uint8Array(await response.arrayBuffer());
      const setCookies = response.headers.getSetCookie();
      jar.store(request.url, setCookies);

      const location = response.headers.get("location");
      if (plan.followRedirects && isRedirect(response.status, location)) {
        if (redirectBodies.length >= maxRedirects)
          throw sendError(`Exceeded ${maxRedirects} redirects.`, false);
        redirectBodies.push(body);
        request = redirectRequest(request, response.status, location);
        continue;
      }
      return {
        status: response.status,
        reason: response.statusText,
        url: request.url,
        headers: joinedHeaders(response.headers),
        setCookies,
        body,
        elapsedSeconds,
        redirectBodies,
      };
    }
  } catch (error) {
    if (error instanceof StdActionError) throw error;
    if (signal.aborted) throw cancellationError(signal);
    if (deadline.signal.aborted) {
      throw sendError(`Read timed out. (timeout=${pyStr(plan.timeoutSeconds)})`, true, error);
    }
    throw fetchFailure(error);
  } finally {
    clearTimeout(timer);
    await owned.close();
  }
}

/** Repeated headers joined by ", " under one lower-case name, as requests' dict shows them. */
function joinedHeaders(headers: Headers): [string, string][] {
  const joined = new Map<string, string>();
  for (const [name, value] of headers) {
    const previous = joined.get(name);
    joined.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return [...joined];
}

/** fetch's "fetch failed" says nothing; the cause (ECONNREFUSED, a TLS error) does. */
function fetchFailure(error: unknown): StdActionError {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    // Network trouble may pass; a refused certificate or a malformed request will not.
    const retryable =
      typeof code === "string" &&
      /^(E[A-Z]+|UND_ERR_(SOCKET|CONNECT_TIMEOUT|HEADERS_TIMEOUT|BODY_TIMEOUT))$/.test(code);
    return sendError(describeError(cause), retryable, cause);
  }
  return sendError(describeError(error), false, error);
}

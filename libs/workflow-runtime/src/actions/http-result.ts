// The result std.http answers, shaped as Mistral's HTTPAction shapes a `requests` response:
// `{content, status, headers, url, history, encoding, reason, cookies, elapsed}`. Pure.
import { pyJsonLoads } from "@ops/dsl";
import { parseSetCookies } from "./http-request-plan.js";

/** What the client observed of the final response and the redirects before it. */
export interface HttpResponseParts {
  readonly status: number;
  readonly reason: string;
  /** The URL of the final request. */
  readonly url: string;
  /** Header names (lower case, as fetch gives them) and values; repeated headers joined by ", ". */
  readonly headers: readonly (readonly [string, string])[];
  /** Each Set-Cookie header of the final response. */
  readonly setCookies: readonly string[];
  readonly body: Uint8Array;
  /** Seconds from sending the final request to receiving its headers. */
  readonly elapsedSeconds: number;
  /** Bodies of the redirect responses followed before the final one, in order. */
  readonly redirectBodies: readonly Uint8Array[];
}

/** std.http's result. */
export interface HttpActionResult {
  /** The body parsed as JSON when it is JSON, else the body as text. */
  readonly content: unknown;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly url: string;
  /**
   * One entry per redirect followed. Mistral serialises each `requests` response of the history
   * by iterating it, which yields its body in 128-byte chunks; so does this.
   */
  readonly history: string[][];
  /** From the Content-Type charset; `ISO-8859-1` for text without one, `utf-8` for JSON. */
  readonly encoding: string | null;
  readonly reason: string;
  /** Cookies the final response set. */
  readonly cookies: Record<string, string>;
  readonly elapsed: number;
}

/** Mistral's rule: statuses 200 to 306 are a success, anything else makes the result an error. */
export function isHttpSuccess(status: number): boolean {
  return status >= 200 && status < 307;
}

/** Shapes the observed response into std.http's result. */
export function shapeHttpResult(parts: HttpResponseParts): HttpActionResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of parts.headers) headers[canonicalHeaderName(name)] = value;
  const contentType = parts.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1];
  const encoding = encodingFromContentType(contentType);
  const text = decodeBody(parts.body, encoding);
  let content: unknown = text;
  try {
    content = pyJsonLoads(text);
  } catch {
    // Not JSON: the content stays text, as Mistral falls back to the raw content.
  }
  return {
    content,
    status: parts.status,
    headers,
    url: parts.url,
    history: parts.redirectBodies.map((body) => chunks(body, 128).map((chunk) => decodeBody(chunk, null))),
    encoding,
    reason: parts.reason,
    cookies: parseSetCookies(parts.setCookies),
    // timedelta.total_seconds() has microsecond resolution.
    elapsed: Math.round(parts.elapsedSeconds * 1e6) / 1e6,
  };
}

/**
 * requests' `get_encoding_from_headers`: the charset parameter, else ISO-8859-1 for any text
 * type, utf-8 for JSON, and nothing otherwise.
 */
export function encodingFromContentType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const [type = "", ...params] = contentType.split(";");
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() === "charset") {
      return param
        .slice(eq + 1)
        .trim()
        .replace(/^["']+|["']+$/g, "");
    }
  }
  if (type.includes("text")) return "ISO-8859-1";
  if (type.includes("application/json")) return "utf-8";
  return null;
}

const LATIN1 = new Set(["iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"]);

/**
 * The body as text in the response's encoding, as Mistral ends up with it: decoded with that
 * encoding (so UTF-8 sent as text/plain without charset reads as Latin-1, as in Mistral), or as
 * UTF-8 when there is none or it is unknown.
 */
export function decodeBody(body: Uint8Array, encoding: string | null): string {
  const label = encoding?.toLowerCase() ?? "utf-8";
  // Buffer's latin1 is ISO-8859-1 itself; TextDecoder would read that label as windows-1252.
  if (LATIN1.has(label)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1");
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

// Header names whose usual spelling is not plain Title-Case (fetch gives every name in lower case).
const IRREGULAR_HEADER_NAMES = new Map(
  [
    "ETag",
    "WWW-Authenticate",
    "Content-MD5",
    "Content-ID",
    "TE",
    "DNT",
    "X-XSS-Protection",
    "X-OpenStack-Request-ID",
    "X-Compute-Request-ID",
    "X-OpenStack-Nova-API-Version",
    "OpenStack-API-Version",
  ].map((name) => [name.toLowerCase(), name]),
);

/**
 * The header name as servers usually spell it (`content-type` → `Content-Type`). Mistral keeps
 * the server's spelling, which Node's fetch does not expose; Title-Case plus a few well-known
 * exceptions matches what servers send in nearly every case.
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return (
    IRREGULAR_HEADER_NAMES.get(lower) ??
    lower
      .split("-")
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("-")
  );
}

function chunks(body: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.subarray(i, i + size));
  return out;
}

// Turns std.http's input into the request to send, and a redirect response into the next
// request, following what Mistral's HTTPAction and the `requests` library under it do. Pure: the
// sending is http-client.ts's job.
import { pyJsonDumps, pyStr } from "@ops/dsl";
import { ACTION_ERROR_CODES, StdActionError } from "./action-errors.js";
import { pyTruthy, pythonFloat } from "./python-coercions.js";

/** Header names and values in sending order; names compare case-insensitively. */
export type HeaderList = readonly (readonly [name: string, value: string])[];

/** TLS settings of an https request (`verify`); http requests ignore them as Mistral does. */
export interface HttpTlsSettings {
  /** Verify the server certificate. */
  readonly verify: boolean;
  /** A CA bundle file to verify against instead of the system's (verify given as a path). */
  readonly caFile: string | undefined;
}

/** One request to send. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body: Uint8Array | undefined;
}

/** Everything std.http will do, decided before anything is sent. */
export interface HttpRequestPlan {
  readonly request: HttpRequest;
  /** Cookies to send (the `cookies` input); responses add theirs while redirects are followed. */
  readonly cookies: Readonly<Record<string, string>>;
  /** Limit of the whole exchange in seconds, or undefined for none (Mistral's default). */
  readonly timeoutSeconds: number | undefined;
  readonly followRedirects: boolean;
  readonly tls: HttpTlsSettings;
}

/** The problem in a std.http input, worded as the `Failed to send HTTP request: ...` message. */
function requestError(detail: string): StdActionError {
  return new StdActionError(ACTION_ERROR_CODES.failed, `Failed to send HTTP request: ${detail}`, false);
}

/** The constructor check of Mistral's HTTPAction: `body` and `json` exclude each other. */
export function checkHttpInput(input: Readonly<Record<string, unknown>>): string | undefined {
  return pyTruthy(input["body"]) && pyTruthy(input["json"])
    ? "Only one of the parameters 'json' and 'body' can be passed"
    : undefined;
}

/**
 * Compiles std.http's input (defaults applied) into a plan. `extraHeaders` are set over the
 * input's headers (std.mistral_http's callback headers); null values are left out, as requests
 * leaves out headers whose value is None.
 *
 * @throws StdActionError for what requests would refuse (a URL without http(s) scheme, a bad
 *   timeout, proxies, which this executor cannot use).
 */
export function planHttpRequest(
  input: Readonly<Record<string, unknown>>,
  extraHeaders: Readonly<Record<string, string | null | undefined>> = {},
): HttpRequestPlan {
  const rawUrl = pyStr(input["url"]);
  // Messages (and so logs) show the URL without the password it may carry.
  const shownUrl = rawUrl.replace(/\/\/[^/@]*@/, "//***@");
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw requestError(`Invalid URL '${shownUrl}': no scheme or host`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw requestError(`No http or https scheme in URL '${shownUrl}'`);
  }

  const headers = new HeaderMap();
  const givenHeaders = input["headers"];
  if (isObject(givenHeaders)) {
    for (const [name, value] of Object.entries(givenHeaders)) {
      // requests drops None headers; Mistral turns numbers into strings, we do it for any value.
      if (value !== null && value !== undefined) headers.set(name, pyStr(value));
    }
  }
  for (const [name, value] of Object.entries(extraHeaders)) {
    if (value !== null && value !== undefined) headers.set(name, value);
  }

  // Credentials in the URL are requests' fallback for `auth`; fetch refuses such URLs.
  const urlUser = decodeURIComponent(url.username);
  const urlPassword = decodeURIComponent(url.password);
  url.username = "";
  url.password = "";
  const credentials =
    basicCredentials(input["auth"]) ?? (urlUser || urlPassword ? [urlUser, urlPassword] : undefined);
  if (credentials) {
    const token = Buffer.from(`${credentials[0]}:${credentials[1]}`, "utf8").toString("base64");
    headers.set("Authorization", `Basic ${token}`);
  }

  const query = encodeQuery(input["params"]);
  if (query) {
    const existing = url.search.slice(1);
    url.search = existing ? `${existing}&${query}` : query;
  }

  let body: Uint8Array | undefined;
  const data = bodyText(input["body"]);
  const json = input["json"];
  if (!pyTruthy(data) && json !== null && json !== undefined) {
    // requests serialises `json` with Python's json.dumps and sets the type unless given.
    body = Buffer.from(pyJsonDumps(json), "utf8");
    if (!headers.has("content-type")) headers.set("Content-Type", "application/json");
  } else if (data) {
    body = Buffer.from(data, "utf8");
  }

  const proxies = input["proxies"];
  if (isObject(proxies) && proxyFor(proxies, url)) {
    throw requestError("proxies are not supported by this executor");
  }

  return {
    request: {
      method: pyStr(input["method"] ?? "GET").toUpperCase(),
      url: url.href,
      headers: headers.list(),
      body,
    },
    cookies: cookieInput(input["cookies"]),
    timeoutSeconds: timeoutSeconds(input["timeout"]),
    followRedirects: pyTruthy(input["allow_redirects"]),
    tls: tlsSettings(input["verify"]),
  };
}

/** Statuses requests follows when it may redirect. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Whether a response is a redirect requests would follow. */
export function isRedirect(status: number, location: string | null): location is string {
  return REDIRECT_STATUSES.has(status) && location !== null;
}

/**
 * The request that follows a redirect response, as requests builds it: 301 (for POST), 302 and
 * 303 become GET without a body; 307 and 308 repeat method and body; the Authorization header is
 * dropped when the redirect leaves the host (except http to https on default ports).
 */
export function redirectRequest(previous: HttpRequest, status: number, location: string): HttpRequest {
  const target = new URL(location, previous.url);
  // A fragment of the original URL carries over when the redirect has none (RFC 7231 7.1.2).
  if (!target.hash && new URL(previous.url).hash) target.hash = new URL(previous.url).hash;

  let method = previous.method;
  if ((status === 303 || status === 302) && method !== "HEAD") method = "GET";
  if (status === 301 && method === "POST") method = "GET";

  const headers = new HeaderMap(previous.headers);
  let body = previous.body;
  if (status !== 307 && status !== 308) {
    body = undefined;
    for (const name of ["content-length", "content-type", "transfer-encoding"]) headers.delete(name);
  }
  if (headers.has("authorization") && shouldStripAuth(new URL(previous.url), target)) {
    headers.delete("authorization");
  }
  return { method, url: target.href, headers: headers.list(), body };
}

/**
 * The cookies of one exchange: those of the `cookies` input go to every host, as requests sends
 * them; those a response sets go back only to the host that set them.
 */
export class CookieJar {
  private readonly cookies = new Map<string, { readonly value: string; readonly host: string | undefined }>();

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [name, value] of Object.entries(initial)) this.cookies.set(name, { value, host: undefined });
  }

  /** Keeps the cookies a response from `url` set. */
  store(url: string, setCookieHeaders: readonly string[]): void {
    const host = new URL(url).hostname;
    for (const [name, value] of Object.entries(parseSetCookies(setCookieHeaders)))
      this.cookies.set(name, { value, host });
  }

  /** The request's headers with a Cookie header for its host (unchanged when no cookie applies). */
  applyTo(request: HttpRequest): HeaderList {
    const host = new URL(request.url).hostname;
    const pairs = [...this.cookies]
      .filter(([, cookie]) => cookie.host === undefined || cookie.host === host)
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    if (pairs.length === 0) return request.headers;
    const map = new HeaderMap(request.headers);
    map.set("Cookie", pairs.join("; "));
    return map.list();
  }
}

/** Name and value of each `Set-Cookie` header (attributes dropped). */
export function parseSetCookies(setCookieHeaders: readonly string[]): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const header of setCookieHeaders) {
    const pair = header.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    cookies[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return cookies;
}

function shouldStripAuth(from: URL, to: URL): boolean {
  if (from.hostname !== to.hostname) return true;
  // Upgrading http to https on the default ports keeps credentials, as requests allows.
  if (from.protocol === "http:" && from.port === "" && to.protocol === "https:" && to.port === "")
    return false;
  return from.protocol !== to.protocol || from.port !== to.port;
}

/**
 * `user:password` (split at the first colon, so a password may contain colons) or a
 * `[user, password]` pair; other truthy values are refused.
 */
function basicCredentials(auth: unknown): [string, string] | undefined {
  if (!pyTruthy(auth)) return undefined;
  if (typeof auth === "string") {
    const colon = auth.indexOf(":");
    if (colon >= 0) return [auth.slice(0, colon), auth.slice(colon + 1)];
  }
  if (Array.isArray(auth) && auth.length === 2) return [pyStr(auth[0]), pyStr(auth[1])];
  throw requestError("auth must be 'user:password' or a [user, password] pair");
}

/** requests' `urlencode(params, doseq=True)`: lists repeat the key, None values are left out. */
function encodeQuery(params: unknown): string {
  if (!pyTruthy(params)) return "";
  if (typeof params === "string") return params;
  const pairs: [string, unknown][] = Array.isArray(params)
    ? params
        .filter((item): item is unknown[] => Array.isArray(item) && item.length === 2)
        .map(([k, v]) => [pyStr(k), v])
    : isObject(params)
      ? Object.entries(params)
      : [];
  const parts: string[] = [];
  for (const [key, value] of pairs) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === null || item === undefined) continue;
      parts.push(`${quotePlus(key)}=${quotePlus(pyStr(item))}`);
    }
  }
  return parts.join("&");
}

/** Python's `quote_plus`: like encodeURIComponent, but `!'()*` are escaped and spaces are `+`. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Mistral sends a dict body as JSON text (without a Content-Type), anything else as text. */
function bodyText(body: unknown): string | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return body;
  if (isObject(body) || Array.isArray(body)) return pyJsonDumps(body);
  return pyStr(body);
}

function cookieInput(cookies: unknown): Record<string, string> {
  if (!pyTruthy(cookies)) return {};
  if (!isObject(cookies)) throw requestError("cookies must be a dict of names and values");
  const jar: Record<string, string> = {};
  for (const [name, value] of Object.entries(cookies))
    if (value !== null && value !== undefined) jar[name] = pyStr(value);
  return jar;
}

function timeoutSeconds(timeout: unknown): number | undefined {
  if (timeout === null || timeout === undefined) return undefined;
  const seconds =
    typeof timeout === "string" || typeof timeout === "boolean" ? undefined : pythonFloat(timeout);
  if (seconds === undefined || Number.isNaN(seconds)) {
    throw requestError(`Timeout value ${pyStr(timeout)} must be an int, float or None`);
  }
  if (seconds <= 0) throw requestError(`Timeout value ${pyStr(timeout)} must be greater than 0`);
  return Number.isFinite(seconds) ? seconds : undefined;
}

function tlsSettings(verify: unknown): HttpTlsSettings {
  if (verify === null || verify === undefined) return { verify: true, caFile: undefined };
  if (typeof verify === "string" && verify !== "") return { verify: true, caFile: verify };
  return { verify: pyTruthy(verify), caFile: undefined };
}

/** The proxy requests would pick for a URL: by scheme and host, by scheme, or for all. */
function proxyFor(proxies: Record<string, unknown>, url: URL): unknown {
  const scheme = url.protocol.slice(0, -1);
  for (const key of [`${scheme}://${url.hostname}`, scheme, `all://${url.hostname}`, "all"]) {
    if (pyTruthy(proxies[key])) return proxies[key];
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Headers keyed case-insensitively, keeping the first spelling and the order of insertion. */
class HeaderMap {
  private readonly entries = new Map<string, [string, string]>();

  constructor(initial: HeaderList = []) {
    for (const [name, value] of initial) this.set(name, value);
  }

  set(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.entries.get(key);
    this.entries.set(key, [existing ? existing[0] : name, value]);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.entries.delete(name.toLowerCase());
  }

  list(): HeaderList {
    return [...this.entries.values()].map(([name, value]) => [name, value] as const);
  }
}

// A real HTTP(S) server for the std.http tests. It records every request and answers by path:
//   /echo           200 JSON of the request (method, url, headers, body), sets cookies a=1, b=2
//   /redirect       a redirect (?code=302, ?to=/echo?from=redirect), sets cookie r=1
//   /loop           302 to itself, forever
//   /status/<n>     status n with a JSON body and an X-OpenStack-Request-ID header
//   /slow?ms=<n>    answers after n ms
//   /text           UTF-8 text sent as text/plain without charset
//   /empty          204
//   /raw            a body without Content-Type
//   /basic          401 unless the Basic credentials are user:pa:ss
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export interface HttpTestServer {
  /** Base URL without trailing slash. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
export const TEST_CA_FILE = join(FIXTURES, "localhost-cert.pem");

function handle(request: IncomingMessage, body: string, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://test");
  const send = (status: number, headers: Record<string, string | string[]>, text = "") => {
    response.writeHead(status, headers);
    response.end(text);
  };
  if (url.pathname === "/echo") {
    const echo = { method: request.method, url: request.url, headers: request.headers, body };
    return send(
      200,
      { "Content-Type": "application/json", "Set-Cookie": ["a=1; Path=/", "b=2"] },
      JSON.stringify(echo),
    );
  }
  if (url.pathname === "/redirect") {
    const code = Number(url.searchParams.get("code") ?? 302);
    const to = url.searchParams.get("to") ?? "/echo?from=redirect";
    return send(code, { Location: to, "Set-Cookie": "r=1" }, "moved");
  }
  if (url.pathname === "/loop") return send(302, { Location: "/loop" }, "again");
  if (url.pathname.startsWith("/status/")) {
    const status = Number(url.pathname.slice("/status/".length));
    return send(
      status,
      { "Content-Type": "application/json", "X-OpenStack-Request-ID": "req-42" },
      '{"error": true}',
    );
  }
  if (url.pathname === "/slow") {
    const timer = setTimeout(
      () => send(200, { "Content-Type": "text/plain" }, "late"),
      Number(url.searchParams.get("ms") ?? 2000),
    );
    response.on("close", () => clearTimeout(timer));
    return;
  }
  if (url.pathname === "/text") return send(200, { "Content-Type": "text/plain" }, "h\u00e9llo");
  if (url.pathname === "/empty") return send(204, {});
  if (url.pathname === "/raw") return send(200, {}, "plain");
  if (url.pathname === "/basic") {
    const expected = `Basic ${Buffer.from("user:pa:ss").toString("base64")}`;
    return request.headers.authorization === expected
      ? send(200, { "Content-Type": "application/json" }, '{"authenticated": true}')
      : send(401, { "WWW-Authenticate": 'Basic realm="test"' }, "no");
  }
  send(404, { "Content-Type": "text/plain" }, "not found");
}

async function listen(server: Server, scheme: "http" | "https"): Promise<HttpTestServer> {
  const requests: RecordedRequest[] = [];
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      handle(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startHttpTestServer(): Promise<HttpTestServer> {
  return listen(createHttpServer(), "http");
}

/** The same server over TLS, with the self-signed fixture certificate. */
export function startHttpsTestServer(): Promise<HttpTestServer> {
  const server = createHttpsServer({
    cert: readFileSync(TEST_CA_FILE),
    key: readFileSync(join(FIXTURES, "localhost-key.pem")),
  });
  return listen(server, "https");
}

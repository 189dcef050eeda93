// A minimal SMTP server (RFC 5321 subset) that accepts every message and records it: EHLO/HELO,
// optional STARTTLS (with the fixture certificate) and AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT. Enough for nodemailer, small enough to read.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { TLSSocket } from "node:tls";

export interface ReceivedMail {
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  /** The message as sent (headers and body, CRLF line ends, dot-stuffing removed). */
  readonly data: string;
  /** Header fields by lower-case name, unfolded. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Whether the message came over a STARTTLS-upgraded connection. */
  readonly tls: boolean;
  readonly auth: { readonly user: string; readonly pass: string } | undefined;
}

export interface SmtpSinkOptions {
  /** Offer STARTTLS and AUTH (after TLS). @defaultValue false */
  readonly startTls?: boolean;
  /** Accept connections but never greet (for cancellation tests). @defaultValue false */
  readonly silent?: boolean;
}

export interface SmtpSink {
  /** `127.0.0.1:<port>`, as std.email's smtp_server takes it. */
  readonly address: string;
  readonly messages: ReceivedMail[];
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

function parseMessage(data: string): { headers: Record<string, string>; body: string } {
  const split = data.indexOf("\r\n\r\n");
  const head = split < 0 ? data : data.slice(0, split);
  const body = split < 0 ? "" : data.slice(split + 4);
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of head.split("\r\n")) {
    if (/^[ \t]/.test(line) && last) headers[last] += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      headers[last] ??= line.slice(colon + 1).trim();
    }
  }
  return { headers, body };
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const tlsOptions = {
    isServer: true,
    cert: readFileSync(join(FIXTURES, "localhost-cert.pem")),
    key: readFileSync(join(FIXTURES, "localhost-key.pem")),
  };

  const server = createServer((raw) => {
    sockets.add(raw);
    raw.on("close", () => sockets.delete(raw));
    raw.on("error", () => undefined);
    if (options.silent) return;

    let stream: Socket = raw;
    let secure = false;
    let buffer = "";
    let inData = false;
    let dataLines: string[] = [];
    let mailFrom = "";
    let recipients: string[] = [];
    let auth: ReceivedMail["auth"];
    let pendingAuth:
      { kind: "plain" } | { kind: "login-user" } | { kind: "login-pass"; user: string } | undefined;
    const reply = (line: string): void => void stream.write(`${line}\r\n`);

    const command = (line: string): void => {
      if (pendingAuth) {
        const decoded = Buffer.from(line, "base64").toString("utf8");
        if (pendingAuth.kind === "plain") {
          const [, user = "", pass = ""] = decoded.split("\0");
          auth = { user, pass };
        } else if (pendingAuth.kind === "login-user") {
          pendingAuth = { kind: "login-pass", user: decoded };
          return reply("334 UGFzc3dvcmQ6");
        } else auth = { user: pendingAuth.user, pass: decoded };
        pendingAuth = undefined;
        return reply("235 2.7.0 Authentication successful");
      }
      const verb = line.split(" ", 1)[0]!.toUpperCase();
      const argument = line.slice(verb.length).trim();
      switch (verb) {
        case "EHLO": {
          const lines = ["sink.test"];
          if (options.startTls && !secure) lines.push("STARTTLS");
          if (options.startTls && secure) lines.push("AUTH PLAIN LOGIN");
          lines.push("8BITMIME");
          lines.forEach((text, i) => reply(`250${i === lines.length - 1 ? " " : "-"}${text}`));
          return;
        }
        case "HELO":
          return reply("250 sink.test");
        case "STARTTLS": {
          if (!options.startTls || secure) return reply("502 5.5.1 Not offered");
          reply("220 2.0.0 Ready to start TLS");
          raw.removeAllListeners("data");
          const upgraded = new TLSSocket(raw, tlsOptions);
          upgraded.on("error", () => undefined);
          upgraded.on("data", onData);
          stream = upgraded;
          secure = true;
          return;
        }
        case "AUTH": {
          const [mechanism = "", initial] = argument.split(" ");
          if (mechanism.toUpperCase() === "PLAIN") {
            pendingAuth = { kind: "plain" };
            return initial ? command(initial) : reply("334 ");
          }
          if (mechanism.toUpperCase() === "LOGIN") {
            pendingAuth = { kind: "login-user" };
            return initial ? command(initial) : reply("334 VXNlcm5hbWU6");
          }
          return reply("504 5.5.4 Unrecognized authentication type");
        }
        case "MAIL":
          mailFrom = /<([^>]*)>/.exec(argument)?.[1] ?? "";
          recipients = [];
          return reply("250 2.1.0 Ok");
        case "RCPT":
          recipients.push(/<([^>]*)>/.exec(argument)?.[1] ?? "");
          return reply("250 2.1.5 Ok");
        case "DATA":
          inData = true;
          dataLines = [];
          return reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
          mailFrom = "";
          recipients = [];
          return reply("250 2.0.0 Ok");
        case "NOOP":
          return reply("250 2.0.0 Ok");
        case "QUIT":
          reply("221 2.0.0 Bye");
          stream.end();
          return;
        default:
          return reply("502 5.5.2 Command not recognized");
      }
    };

    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!inData) {
          command(line);
          continue;
        }
        if (line === ".") {
          inData = false;
          const data = dataLines.join("\r\n");
          messages.push({ mailFrom, recipients, data, ...parseMessage(data), tls: secure, auth });
          reply("250 2.0.0 Ok: queued");
        } else dataLines.push(line.startsWith("..") ? line.slice(1) : line);
      }
    };
    raw.on("data", onData);
    reply("220 sink.test ESMTP");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

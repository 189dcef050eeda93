// What std.email sends, decided from its input as Mistral's SendEmailAction decides it: the
// message (plain text, or text and HTML alternatives), its headers, the SMTP envelope and server,
// and whether to log in after STARTTLS. Pure.
import { pyStr } from "@ops/dsl";

/** The SMTP server to talk to. */
export interface SmtpServerAddress {
  readonly host: string;
  readonly port: number;
}

/** One email to send. */
export interface EmailPlan {
  readonly server: SmtpServerAddress;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | undefined;
  /** Envelope recipients in Mistral's order: cc, bcc, then to. Bcc appears nowhere else. */
  readonly recipients: readonly string[];
  /**
   * With a password Mistral requires STARTTLS and logs in as `from_addr`; without one it sends in
   * the clear without authenticating.
   */
  readonly password: string | undefined;
}

/** Raised for a server address Python's smtplib would refuse. */
export class SmtpServerAddressError extends Error {
  override readonly name = "SmtpServerAddressError";
}

/**
 * Reads `host`, `host:port` or `[v6]:port` as smtplib does (the port after the last colon).
 *
 * @throws SmtpServerAddressError for a port that is not a number (smtplib's "nonnumeric port").
 */
export function parseSmtpServer(text: string, defaultPort: number): SmtpServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : text.lastIndexOf(":") >= 0
      ? [text.slice(0, text.lastIndexOf(":")), text.slice(text.lastIndexOf(":") + 1)]
      : [text, undefined];
  if (port === undefined) return { host, port: defaultPort };
  if (!/^\d+$/.test(port)) throw new SmtpServerAddressError("nonnumeric port");
  return { host, port: Number(port) };
}

/**
 * A list of addresses: Mistral takes lists; a single string is taken as one address here (Mistral
 * fails on it).
 */
function addressList(value: unknown): string[] {
  if (value === null || value === undefined || value === "") return [];
  if (Array.isArray(value)) return value.map((item) => pyStr(item));
  return [pyStr(value)];
}

/**
 * Builds the email of a std.email input (defaults applied).
 *
 * @throws SmtpServerAddressError for a bad `smtp_server`.
 */
export function planEmail(input: Readonly<Record<string, unknown>>, defaultPort: number): EmailPlan {
  const to = addressList(input["to_addrs"]);
  const cc = addressList(input["cc_addrs"]);
  const bcc = addressList(input["bcc_addrs"]);
  const subject = input["subject"];
  const body = input["body"];
  const html = input["html_body"];
  const password = input["smtp_password"];
  return {
    server: parseSmtpServer(pyStr(input["smtp_server"]), defaultPort),
    from: pyStr(input["from_addr"]),
    to,
    cc,
    replyTo: addressList(input["reply_to"]),
    // Mistral fills in an empty subject or body ("or" in Python, so "" counts as empty).
    subject: subject ? pyStr(subject) : "<No subject>",
    text: body ? pyStr(body) : "<No body>",
    html: html ? pyStr(html) : undefined,
    recipients: [...cc, ...bcc, ...to],
    password: password === null || password === undefined ? undefined : pyStr(password),
  };
}

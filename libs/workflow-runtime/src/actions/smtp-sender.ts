// Sends a planned std.email over SMTP with nodemailer: one connection per message, closed when
// the message is sent, failed or cancelled.
import type { EmailPlan } from "./email-message.js";

/** SMTP client settings from the executor's options. */
export interface SmtpClientSettings {
  readonly verifyTls: boolean;
  readonly connectionTimeoutMs: number;
  readonly greetingTimeoutMs: number;
  readonly socketTimeoutMs: number;
}

/**
 * Sends the email. With a password the connection must be upgraded with STARTTLS and the sender
 * logs in as `from`; without one nodemailer must not upgrade or log in, as smtplib does not.
 *
 * @throws nodemailer's error (`code` ECONNECTION, ETIMEDOUT, EAUTH, ETLS, EENVELOPE, EABORT...).
 */
export async function sendEmail(
  plan: EmailPlan,
  settings: SmtpClientSettings,
  signal: AbortSignal,
): Promise<void> {
  const secured = plan.password !== undefined;
  // Loaded on first use: most processes never send email, and nodemailer weighs ~15 MB.
  const { createTransport } = await import("nodemailer");
  const transport = createTransport({
    host: plan.server.host,
    port: plan.server.port,
    secure: false,
    ignoreTLS: !secured,
    requireTLS: secured,
    ...(secured ? { auth: { user: plan.from, pass: plan.password } } : {}),
    tls: { rejectUnauthorized: settings.verifyTls },
    connectionTimeout: settings.connectionTimeoutMs,
    greetingTimeout: settings.greetingTimeoutMs,
    socketTimeout: settings.socketTimeoutMs,
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({
      from: plan.from,
      to: [...plan.to],
      ...(plan.cc.length > 0 ? { cc: [...plan.cc] } : {}),
      ...(plan.replyTo.length > 0 ? { replyTo: [...plan.replyTo] } : {}),
      subject: plan.subject,
      text: plan.text,
      ...(plan.html === undefined ? {} : { html: plan.html }),
      envelope: { from: plan.from, to: [...plan.recipients] },
      signal,
    });
  } finally {
    transport.close();
  }
}

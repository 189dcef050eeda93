// std.email: sends an email over SMTP (real SMTP with nodemailer), as Mistral's SendEmailAction
// does. The result is null; any failure is `Failed to send an email message: ...`.
import { cancellationError } from "./action-cancellation.js";
import { ACTION_ERROR_CODES, describeError, StdActionError } from "./action-errors.js";
import type { ActionImplementation } from "./action-implementation.js";
import { defineStdAction } from "./define-std-action.js";
import { planEmail } from "./email-message.js";
import { sendEmail } from "./smtp-sender.js";
import type { ResolvedStdActionsOptions } from "./std-actions-options.js";

// nodemailer's codes for failures of the connection rather than of the message.
const TRANSIENT_SMTP_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS"]);

/** std.email with the given options. */
export function emailAction(options: ResolvedStdActionsOptions): ActionImplementation {
  return defineStdAction({
    name: "std.email",
    className: "mistral.actions.std_actions.SendEmailAction",
    description: "Sends an email over SMTP; the result is null.",
    signature:
      "from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, bcc_addrs=null, smtp_password=null, subject=null, body=null, html_body=null",
    logFields: (input) => ({
      smtpServer: input["smtp_server"],
      recipients: [input["to_addrs"], input["cc_addrs"], input["bcc_addrs"]]
        .flat()
        .filter((a) => a !== null && a !== undefined).length,
      authenticated: input["smtp_password"] !== null && input["smtp_password"] !== undefined,
    }),
    async execute(input, context) {
      const { signal } = context;
      try {
        await sendEmail(planEmail(input, options.email.defaultPort), options.email, signal);
      } catch (error) {
        if (signal.aborted) throw cancellationError(signal);
        const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
        const retryable =
          (typeof code === "string" && TRANSIENT_SMTP_CODES.has(code)) ||
          (typeof responseCode === "number" && responseCode >= 400 && responseCode < 500);
        throw new StdActionError(
          ACTION_ERROR_CODES.failed,
          `Failed to send an email message: ${describeError(error)}`,
          retryable,
          { cause: error },
        );
      }
      return { ok: true, output: null };
    },
  });
}

import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStdActions, stdActions } from "../../src/actions/index.js";
import { actionTestContext } from "./support/action-test-context.js";
import type { SmtpSink } from "./support/smtp-sink.js";
import { startSmtpSink } from "./support/smtp-sink.js";

let sink: SmtpSink;
let tlsSink: SmtpSink;

beforeAll(async () => {
  [sink, tlsSink] = await Promise.all([startSmtpSink(), startSmtpSink({ startTls: true })]);
});

afterAll(async () => {
  await Promise.all([sink.close(), tlsSink.close()]);
});

const email = (input: Record<string, unknown>) =>
  stdActions.get("std.email")!.run(input, actionTestContext().context);

describe("std.email", () => {
  it("sends a plain text message to To, Cc and Bcc recipients and answers null", async () => {
    const before = sink.messages.length;
    const result = await email({
      from_addr: "workflows@example.org",
      to_addrs: ["ops@example.org", "oncall@example.org"],
      cc_addrs: ["lead@example.org"],
      bcc_addrs: ["audit@example.org"],
      reply_to: ["noreply@example.org"],
      subject: "Backup finished",
      body: "All 3 databases were dumped.",
      smtp_server: sink.address,
    });
    expect(result).toEqual({ ok: true, output: null });
    const [mail] = sink.messages.slice(before);
    expect(mail).toMatchObject({
      mailFrom: "workflows@example.org",
      // Mistral's envelope order: cc, bcc, to.
      recipients: ["lead@example.org", "audit@example.org", "ops@example.org", "oncall@example.org"],
      tls: false,
      auth: undefined,
    });
    expect(mail!.headers).toMatchObject({
      from: "workflows@example.org",
      to: "ops@example.org, oncall@example.org",
      cc: "lead@example.org",
      "reply-to": "noreply@example.org",
      subject: "Backup finished",
    });
    expect(mail!.headers["content-type"]).toMatch(/^text\/plain; charset=utf-8/);
    expect(mail!.headers).not.toHaveProperty("bcc");
    expect(mail!.body).toContain("All 3 databases were dumped.");
  });

  it("fills in Mistral's subject and body when they are left out, and takes one address as a string", async () => {
    const before = sink.messages.length;
    await email({ from_addr: "a@example.org", to_addrs: "b@example.org", smtp_server: sink.address });
    const [mail] = sink.messages.slice(before);
    expect(mail!.recipients).toEqual(["b@example.org"]);
    expect(mail!.headers["subject"]).toBe("<No subject>");
    expect(mail!.body).toContain("<No body>");
  });

  it("sends text and HTML as alternatives when html_body is given", async () => {
    const before = sink.messages.length;
    await email({
      from_addr: "a@example.org",
      to_addrs: ["b@example.org"],
      body: "plain version",
      html_body: "<p>html version</p>",
      smtp_server: sink.address,
    });
    const [mail] = sink.messages.slice(before);
    expect(mail!.headers["content-type"]).toMatch(/^multipart\/alternative/);
    expect(mail!.body).toMatch(
      /Content-Type: text\/plain[\s\S]*plain version[\s\S]*Content-Type: text\/html[\s\S]*<p>html version<\/p>/,
    );
  });

  it("upgrades with STARTTLS and logs in as from_addr when smtp_password is given, never logging it", async () => {
    const { context, logLines } = actionTestContext();
    const before = tlsSink.messages.length;
    const result = await stdActions.get("std.email")!.run(
      {
        from_addr: "robot@example.org",
        to_addrs: ["b@example.org"],
        smtp_server: tlsSink.address,
        smtp_password: "smtp-secret-42",
      },
      context,
    );
    expect(result).toEqual({ ok: true, output: null });
    expect(tlsSink.messages.slice(before)[0]).toMatchObject({
      tls: true,
      auth: { user: "robot@example.org", pass: "smtp-secret-42" },
    });
    expect(logLines.join("\n")).not.toContain("smtp-secret-42");
  });

  it("sends in the clear without a password even where STARTTLS is offered, as smtplib does", async () => {
    const before = tlsSink.messages.length;
    await email({ from_addr: "a@example.org", to_addrs: ["b@example.org"], smtp_server: tlsSink.address });
    expect(tlsSink.messages.slice(before)[0]).toMatchObject({ tls: false, auth: undefined });
  });

  it("fails when a password is given but the server offers no STARTTLS", async () => {
    const result = await email({
      from_addr: "a@example.org",
      to_addrs: ["b@example.org"],
      smtp_server: sink.address,
      smtp_password: "pw",
    });
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_FAILED" });
    expect(result).toHaveProperty(
      "error",
      expect.stringMatching(
        /^The action raised an exception \[action=<mistral\.actions\.std_actions\.SendEmailAction object at 0x[0-9a-f]+>, action_ex_id=[0-9a-f-]+, msg='Failed to send an email message: .+'\]$/,
      ),
    );
  });

  it("fails, as retryable, when nothing listens at smtp_server", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = await email({
      from_addr: "a@example.org",
      to_addrs: ["b@example.org"],
      smtp_server: `127.0.0.1:${port}`,
    });
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining("msg='Failed to send an email message: connect ECONNREFUSED"),
    );
  });

  it("fails as smtplib does for a port that is not a number", async () => {
    expect(
      await email({ from_addr: "a@example.org", to_addrs: ["b@example.org"], smtp_server: "127.0.0.1:smtp" }),
    ).toHaveProperty(
      "error",
      expect.stringContaining("msg='Failed to send an email message: nonnumeric port'"),
    );
  });

  it("gives up when cancelled, closing the connection", async () => {
    const silent = await startSmtpSink({ silent: true });
    try {
      const { context, controller } = actionTestContext();
      setTimeout(() => controller.abort(new Error("task timed out")), 200);
      const started = Date.now();
      const actions = createStdActions({ email: { greetingTimeoutMs: 20_000 } });
      const result = await actions
        .get("std.email")!
        .run(
          { from_addr: "a@example.org", to_addrs: ["b@example.org"], smtp_server: silent.address },
          context,
        );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_CANCELLED" });
    } finally {
      await silent.close();
    }
  });
});

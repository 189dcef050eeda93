import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStdActions } from "../../src/actions/index.js";
import type { ActionImplementation } from "../../src/actions/index.js";
import { actionTestContext } from "./support/action-test-context.js";
import type { SshdFixture } from "./support/sshd-fixture.js";
import { PASSWORD_USER, SSHD_PORT, startSshd } from "./support/sshd-fixture.js";

let sshd: SshdFixture;
let ssh: ActionImplementation;
let sshProxied: ActionImplementation;

beforeAll(async () => {
  sshd = await startSshd();
  // Relative key names and default identities are looked up in the fixture's key directory.
  const actions = createStdActions({ ssh: { keyDirectory: sshd.keyDirectory, readyTimeoutMs: 5000 } });
  ssh = actions.get("std.ssh")!;
  sshProxied = actions.get("std.ssh_proxied")!;
}, 120_000);

afterAll(async () => {
  await sshd?.stop();
});

const FAILURE =
  /^The action raised an exception \[action=<mistral\.actions\.std_actions\.SSH(Proxied)?Action object at 0x[0-9a-f]+>, action_ex_id=[0-9a-f-]+, msg='Failed to execute ssh cmd '(.*)' on \[(.*)\]'\]$/;

describe("std.ssh", () => {
  it("runs a command with password authentication and answers its stdout (not stderr)", async () => {
    const result = await ssh.run(
      {
        cmd: "id -un; echo to-stderr >&2",
        host: sshd.hosts[0],
        username: PASSWORD_USER.name,
        password: PASSWORD_USER.password,
      },
      actionTestContext().context,
    );
    expect(result).toEqual({ ok: true, output: `${PASSWORD_USER.name}\n` });
  });

  it("authenticates with a private key given as text", async () => {
    const result = await ssh.run(
      { cmd: "echo $SSH_CONNECTION", host: sshd.hosts[1], username: "root", private_key: sshd.privateKey },
      actionTestContext().context,
    );
    expect(result).toMatchObject({
      ok: true,
      output: expect.stringMatching(new RegExp(` ${sshd.addresses[1]} ${SSHD_PORT}\\n$`)),
    });
  });

  it("decrypts a key file with the password, as Mistral does", async () => {
    const result = await ssh.run(
      {
        cmd: "id -un",
        host: sshd.hosts[0],
        username: "root",
        private_key_filename: sshd.encryptedKeyPath,
        password: sshd.keyPassphrase,
      },
      actionTestContext().context,
    );
    expect(result).toEqual({ ok: true, output: "root\n" });
  });

  it("finds a relative key file name in the key directory, and the default identity when no key is given", async () => {
    const named = await ssh.run(
      { cmd: "echo named", host: sshd.hosts[0], username: "root", private_key_filename: "id_ed25519" },
      actionTestContext().context,
    );
    expect(named).toEqual({ ok: true, output: "named\n" });
    const fallback = await ssh.run(
      { cmd: "echo default", host: sshd.hosts[0], username: "root" },
      actionTestContext().context,
    );
    expect(fallback).toEqual({ ok: true, output: "default\n" });
  });

  it("answers a list of outputs, in order, for a list of hosts", async () => {
    const result = await ssh.run(
      {
        cmd: "echo $SSH_CONNECTION | cut -d' ' -f3",
        host: [...sshd.hosts],
        username: "root",
        private_key: sshd.privateKey,
      },
      actionTestContext().context,
    );
    expect(result).toEqual({ ok: true, output: sshd.addresses.map((address) => `${address}\n`) });
  });

  it("fails a command with a non-zero exit status with Mistral's message", async () => {
    const result = await ssh.run(
      { cmd: "echo partial; exit 3", host: sshd.hosts[0], username: "root", private_key: sshd.privateKey },
      actionTestContext().context,
    );
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_FAILED", retryable: false });
    const match = FAILURE.exec((result as { error: string }).error);
    expect(match?.[2]).toBe("echo partial; exit 3");
    expect(match?.[3]).toBe(`'${sshd.hosts[0]}'`);
  });

  it("stops at the first failing host of a list", async () => {
    const result = await ssh.run(
      {
        cmd: "test $(echo $SSH_CONNECTION | cut -d' ' -f3) != " + sshd.addresses[1],
        host: [...sshd.hosts],
        username: "root",
        private_key: sshd.privateKey,
      },
      actionTestContext().context,
    );
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining(`on ['${sshd.hosts[0]}', '${sshd.hosts[1]}', '${sshd.hosts[2]}']`),
    );
  });

  it("fails with the same terse message for a wrong password, logging the cause but not the password", async () => {
    const { context, logLines } = actionTestContext();
    const result = await ssh.run(
      { cmd: "true", host: sshd.hosts[0], username: PASSWORD_USER.name, password: "not-the-password-123" },
      context,
    );
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_FAILED", retryable: false });
    expect(result).toHaveProperty("error", expect.stringMatching(FAILURE));
    const logs = logLines.join("\n");
    expect(logs).toContain("All configured authentication methods failed");
    expect(logs).not.toContain("not-the-password-123");
  });

  it("fails for a host where nothing listens, as retryable", async () => {
    const unused = `127.0.0.${Number(sshd.addresses[2]!.split(".")[3]) + 1}:${SSHD_PORT}`;
    const result = await ssh.run(
      { cmd: "true", host: unused, username: "root", private_key: sshd.privateKey },
      actionTestContext().context,
    );
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result).toHaveProperty(
      "error",
      expect.stringContaining(`msg='Failed to execute ssh cmd 'true' on ['${unused}']'`),
    );
  });

  it("refuses key file names that leave the key directory", async () => {
    const { context, logLines } = actionTestContext();
    const result = await ssh.run(
      { cmd: "true", host: sshd.hosts[0], username: "root", private_key_filename: "../etc/key" },
      context,
    );
    expect(result).toHaveProperty("error", expect.stringMatching(FAILURE));
    expect(logLines.join("\n")).toContain("Private key filename must not contain '..'");
  });

  it("never logs keys or passwords", async () => {
    const { context, logLines } = actionTestContext();
    await ssh.run(
      {
        cmd: "true",
        host: sshd.hosts[0],
        username: "root",
        private_key_filename: sshd.encryptedKeyPath,
        password: sshd.keyPassphrase,
      },
      context,
    );
    await ssh.run(
      { cmd: "true", host: sshd.hosts[0], username: "root", private_key: sshd.privateKey },
      context,
    );
    const logs = logLines.join("\n");
    expect(logs).not.toContain(sshd.keyPassphrase);
    expect(logs).not.toContain("PRIVATE KEY");
  });

  it("kills the command and ends the session when cancelled", async () => {
    const { context, controller } = actionTestContext();
    setTimeout(() => controller.abort(new Error("task timed out")), 500);
    const started = Date.now();
    // sshd honours the kill request for unprivileged users only (see SshConnection.exec).
    const result = await ssh.run(
      {
        cmd: "sleep 30",
        host: sshd.hosts[2],
        username: PASSWORD_USER.name,
        password: PASSWORD_USER.password,
      },
      context,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ ok: false, code: "WF_ERR_ACTION_CANCELLED" });
    await expect.poll(() => sshd.sessionCommands(), { timeout: 3000, interval: 100 }).toEqual([]);
  }, 10_000);
});

describe("std.ssh_proxied", () => {
  it("runs the command on the host through the gateway", async () => {
    const result = await sshProxied.run(
      {
        cmd: "echo $SSH_CONNECTION",
        host: sshd.hosts[1],
        username: "root",
        private_key_filename: sshd.privateKeyPath,
        gateway_host: sshd.hosts[0],
      },
      actionTestContext().context,
    );
    expect(result).toMatchObject({
      ok: true,
      output: expect.stringMatching(new RegExp(` ${sshd.addresses[1]} ${SSHD_PORT}\\n$`)),
    });
  });

  it("reaches the gateway through a proxy command", async () => {
    const gateway = sshd.addresses[0]!;
    const proxyCommand =
      `ssh -q -i ${sshd.privateKeyPath} -p ${SSHD_PORT} -o BatchMode=yes -o StrictHostKeyChecking=no ` +
      `-o UserKnownHostsFile=/dev/null -W ${gateway}:${SSHD_PORT} root@${gateway}`;
    const result = await sshProxied.run(
      {
        cmd: "echo $SSH_CONNECTION | cut -d' ' -f3",
        host: [sshd.hosts[1], sshd.hosts[2]],
        username: "root",
        private_key_filename: "id_ed25519",
        gateway_host: sshd.hosts[0],
        gateway_username: "root",
        proxy_command: proxyCommand,
      },
      actionTestContext().context,
    );
    expect(result).toEqual({ ok: true, output: [`${sshd.addresses[1]}\n`, `${sshd.addresses[2]}\n`] });
  });

  it("fails with Mistral's message when the command fails on the host", async () => {
    const result = await sshProxied.run(
      {
        cmd: "false",
        host: sshd.hosts[2],
        username: "root",
        private_key_filename: sshd.privateKeyPath,
        gateway_host: sshd.hosts[0],
      },
      actionTestContext().context,
    );
    expect(result).toHaveProperty("error", expect.stringMatching(FAILURE));
    expect(result).toHaveProperty("error", expect.stringContaining("SSHProxiedAction"));
  });
});

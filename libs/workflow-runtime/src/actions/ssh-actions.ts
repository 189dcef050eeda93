// std.ssh and std.ssh_proxied: run a command over SSH on one host or on each of a list of hosts
// (directly, or through a gateway host). The result is the command's stdout, or a list of them
// for a list of hosts; a non-zero exit or any connection problem fails the action with Mistral's
// terse message, the real cause going to the log only.
import type { Duplex } from "node:stream";
import { pyStr } from "@ops/dsl";
import { ACTION_ERROR_CODES, StdActionError } from "./action-errors.js";
import type { ActionImplementation } from "./action-implementation.js";
import { defineStdAction } from "./define-std-action.js";
import type { SshCommandOutcome, SshCredentials } from "./ssh-session.js";
import { loadPrivateKeys, SshConnection, startProxyCommand } from "./ssh-session.js";
import type { SshAddress } from "./ssh-target.js";
import { parseSshAddress, sshFailureMessage, sshHosts } from "./ssh-target.js";
import type { ResolvedStdActionsOptions } from "./std-actions-options.js";

/** A failure a later attempt could get past: the network, not the credentials or the command. */
function isTransient(error: unknown): boolean {
  const { code, level } = (error ?? {}) as { code?: unknown; level?: unknown };
  return (
    (typeof code === "string" && code.startsWith("E")) ||
    level === "client-timeout" ||
    level === "client-socket"
  );
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : pyStr(value);
}

/**
 * Runs `runOne` for each host in turn as Mistral's SSHAction does: stops at the first failure,
 * answers one stdout for one host and the list for several.
 */
async function runOnHosts(
  input: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
  runOne: (host: string) => Promise<SshCommandOutcome>,
): Promise<unknown> {
  const hosts = sshHosts(input["host"]);
  const results: string[] = [];
  try {
    for (const host of hosts) {
      const outcome = await runOne(pyStr(host));
      if (outcome.exitCode !== 0) {
        throw new Error(`exit status ${outcome.exitCode ?? `signal ${outcome.exitSignal ?? "unknown"}`}`);
      }
      results.push(outcome.stdout);
    }
    if (results.length === 0) throw new Error("no host given");
  } catch (error) {
    if (error instanceof StdActionError && error.code === ACTION_ERROR_CODES.cancelled) throw error;
    if (signal.aborted) throw error;
    throw new StdActionError(
      ACTION_ERROR_CODES.failed,
      sshFailureMessage(input["cmd"], hosts),
      isTransient(error),
      {
        cause: error,
      },
    );
  }
  return results.length > 1 ? results : results[0];
}

/** Runs one command on one connection and closes it. */
async function runCommand(
  connection: SshConnection,
  command: string,
  signal: AbortSignal,
): Promise<SshCommandOutcome> {
  try {
    return await connection.exec(command, signal);
  } finally {
    await connection.close();
  }
}

function sshLogFields(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    hosts: sshHosts(input["host"]).map((host) => pyStr(host)),
    username: input["username"],
    gatewayHost: input["gateway_host"],
    keyGiven: Boolean(input["private_key"] || input["private_key_filename"]),
  };
}

/** std.ssh and std.ssh_proxied with the given options. */
export function sshActions(options: ResolvedStdActionsOptions): ActionImplementation[] {
  const { ssh } = options;
  const connect = (address: SshAddress, credentials: SshCredentials, signal: AbortSignal, sock?: Duplex) =>
    SshConnection.connect(
      {
        address,
        credentials,
        readyTimeoutMs: ssh.readyTimeoutMs,
        hostKeyVerifier: ssh.hostKeyVerifier,
        sock,
      },
      signal,
    );
  const keysFor = (input: Readonly<Record<string, unknown>>) =>
    loadPrivateKeys({
      privateKey: optionalString(input["private_key"]),
      privateKeyFilename: optionalString(input["private_key_filename"]),
      // Mistral decrypts keys with the login password.
      passphrase: optionalString(input["password"]) || undefined,
      keyDirectory: ssh.keyDirectory,
      lookForKeys: ssh.lookForKeys,
    });

  const sshAction = defineStdAction({
    name: "std.ssh",
    className: "mistral.actions.std_actions.SSHAction",
    description: "Runs a command over SSH on a host or on each host of a list; the result is its stdout.",
    signature: 'cmd, host, username, password="", private_key_filename=null, private_key=null',
    logFields: sshLogFields,
    async execute(input, context) {
      const { signal } = context;
      const command = pyStr(input["cmd"]);
      let credentials: SshCredentials | undefined;
      const output = await runOnHosts(input, signal, async (host) => {
        credentials ??= {
          username: pyStr(input["username"]),
          keys: await keysFor(input),
          password: optionalString(input["password"]),
        };
        const connection = await connect(parseSshAddress(host, ssh.defaultPort), credentials, signal);
        return runCommand(connection, command, signal);
      });
      return { ok: true, output };
    },
  });

  const sshProxiedAction = defineStdAction({
    name: "std.ssh_proxied",
    className: "mistral.actions.std_actions.SSHProxiedAction",
    description:
      "Runs a command over SSH on a host or on each host of a list, reached through a gateway host; the result is its stdout.",
    signature:
      "cmd, host, username, private_key_filename, gateway_host, gateway_username=null, password=null, proxy_command=null, private_key=null",
    logFields: sshLogFields,
    async execute(input, context) {
      const { signal } = context;
      const command = pyStr(input["cmd"]);
      const username = pyStr(input["username"]);
      const gatewayUsername = optionalString(input["gateway_username"]) || username;
      const gateway = parseSshAddress(pyStr(input["gateway_host"]), ssh.defaultPort);
      const proxyCommand = optionalString(input["proxy_command"]);
      let keys: Awaited<ReturnType<typeof keysFor>> | undefined;
      const output = await runOnHosts(input, signal, async (host) => {
        // Through a gateway Mistral logs in with the key only, on both hops.
        keys ??= await keysFor(input);
        const proxy = proxyCommand ? startProxyCommand(proxyCommand) : undefined;
        let gatewayConnection: SshConnection | undefined;
        try {
          gatewayConnection = await connect(
            gateway,
            { username: gatewayUsername, keys },
            signal,
            proxy?.socket,
          );
          const target = parseSshAddress(host, ssh.defaultPort);
          // Mistral runs `nc <host> 22` on the gateway; a direct-tcpip channel is the same tunnel
          // without needing nc there.
          const tunnel = await gatewayConnection.forwardOut(target);
          const connection = await connect(target, { username, keys }, signal, tunnel);
          return await runCommand(connection, command, signal);
        } finally {
          await gatewayConnection?.close();
          proxy?.stop();
        }
      });
      return { ok: true, output };
    },
  });

  return [sshAction, sshProxiedAction];
}

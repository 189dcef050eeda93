// What std.ssh and std.ssh_proxied decide before connecting: which hosts and ports, where a key
// file is, and how a failure reads. Pure.
import { isAbsolute, join } from "node:path";
import { pyRepr, pyStr } from "@ops/dsl";

/** A host to connect to. */
export interface SshAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads `host`, `host:port`, `[v6]:port` or a bare IPv6 address. Mistral takes a host name only
 * (port 22); the `:port` suffix is ours, for sshd on other ports.
 */
export function parseSshAddress(text: string, defaultPort: number): SshAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : defaultPort };
  const withPort = /^([^:]+):(\d+)$/.exec(text);
  if (withPort) return { host: withPort[1]!, port: Number(withPort[2]) };
  return { host: text, port: defaultPort };
}

/** `host` as Mistral takes it: one host or a list, each run in turn. */
export function sshHosts(host: unknown): unknown[] {
  return Array.isArray(host) ? host : [host];
}

/** Raised for a key file name that tries to leave the key directory. */
export class SshKeyPathError extends Error {
  override readonly name = "SshKeyPathError";
}

/**
 * The path of `private_key_filename`: absolute names as they are, relative ones in the key
 * directory; names containing `../` are refused as Mistral refuses them.
 *
 * @throws SshKeyPathError for a name with `..`.
 */
export function privateKeyPath(filename: string, keyDirectory: string): string {
  if (filename.includes("../") || filename.includes("..\\")) {
    throw new SshKeyPathError(`Private key filename must not contain '..'. Actual: ${filename}`);
  }
  return isAbsolute(filename) ? filename : join(keyDirectory, filename);
}

/**
 * Mistral's message for any std.ssh failure. It deliberately omits the cause (which could leak
 * details to API users); the cause is logged instead. Mistral prints the host list it made of
 * `host`, so a single host reads `['10.0.0.1']`.
 */
export function sshFailureMessage(cmd: unknown, hosts: readonly unknown[]): string {
  return `Failed to execute ssh cmd '${pyStr(cmd)}' on ${pyRepr([...hosts])}`;
}

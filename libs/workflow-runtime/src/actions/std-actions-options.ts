// Executor-side settings of the std actions: limits and defaults that Mistral takes from its
// config file or leaves to its libraries. Compiled once into a frozen, complete form.
import { homedir } from "node:os";
import { join } from "node:path";

/** Limits of `std.javascript` / `std.js`. */
export interface JavaScriptActionOptions {
  /** Wall-clock limit of one script; the worker running it is terminated. @defaultValue 30000 */
  readonly timeLimitMs?: number;
  /** V8 old-generation heap limit of the worker running a script. @defaultValue 64 */
  readonly memoryLimitMb?: number;
  /** V8 stack size of the worker. @defaultValue 4 */
  readonly stackSizeMb?: number;
}

/** Settings of `std.ssh` / `std.ssh_proxied`. */
export interface SshActionOptions {
  /**
   * Where a relative `private_key_filename` and the default identity files are looked up
   * (Mistral: `~/.ssh/`). @defaultValue `~/.ssh`
   */
  readonly keyDirectory?: string;
  /**
   * Also try `id_rsa`, `id_ecdsa` and `id_ed25519` from `keyDirectory` when the input names no
   * key, as paramiko does for Mistral. @defaultValue true
   */
  readonly lookForKeys?: boolean;
  /** Port used when a host has no `:port` suffix. @defaultValue 22 */
  readonly defaultPort?: number;
  /** Limit of connecting and authenticating to one host. @defaultValue 20000 */
  readonly readyTimeoutMs?: number;
  /**
   * Decides whether to trust a host key. Mistral accepts every host key (paramiko's
   * AutoAddPolicy), which is the default here too. @defaultValue accept all
   */
  readonly hostKeyVerifier?: (host: string, port: number, key: Buffer) => boolean;
}

/** Settings of `std.email`. */
export interface EmailActionOptions {
  /** SMTP port when `smtp_server` has no `:port`. @defaultValue 25 */
  readonly defaultPort?: number;
  /**
   * Verify the server certificate after STARTTLS. Mistral's smtplib does not, hence the
   * default. @defaultValue false
   */
  readonly verifyTls?: boolean;
  /** Limit of establishing the TCP connection. @defaultValue 30000 */
  readonly connectionTimeoutMs?: number;
  /** Limit of waiting for the server's greeting. @defaultValue 30000 */
  readonly greetingTimeoutMs?: number;
  /** Limit of socket inactivity. @defaultValue 120000 */
  readonly socketTimeoutMs?: number;
}

/** Settings of `std.http` / `std.mistral_http`. */
export interface HttpActionOptions {
  /** Redirects followed with `allow_redirects: true` (requests' limit). @defaultValue 30 */
  readonly maxRedirects?: number;
}

export interface StdActionsOptions {
  readonly javascript?: JavaScriptActionOptions;
  readonly ssh?: SshActionOptions;
  readonly email?: EmailActionOptions;
  readonly http?: HttpActionOptions;
}

/** Options with every default filled in. */
export interface ResolvedStdActionsOptions {
  readonly javascript: Required<JavaScriptActionOptions>;
  readonly ssh: Required<SshActionOptions>;
  readonly email: Required<EmailActionOptions>;
  readonly http: Required<HttpActionOptions>;
}

/**
 * Fills in defaults and checks numbers once.
 *
 * @throws RangeError naming the option when a limit is not a positive number.
 */
export function resolveStdActionsOptions(options: StdActionsOptions = {}): ResolvedStdActionsOptions {
  const positive = (path: string, value: number): number => {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${path} must be a positive number`);
    return value;
  };
  const js = options.javascript ?? {};
  const ssh = options.ssh ?? {};
  const email = options.email ?? {};
  const http = options.http ?? {};
  return Object.freeze({
    javascript: Object.freeze({
      timeLimitMs: positive("javascript.timeLimitMs", js.timeLimitMs ?? 30_000),
      memoryLimitMb: positive("javascript.memoryLimitMb", js.memoryLimitMb ?? 64),
      stackSizeMb: positive("javascript.stackSizeMb", js.stackSizeMb ?? 4),
    }),
    ssh: Object.freeze({
      keyDirectory: ssh.keyDirectory ?? join(homedir(), ".ssh"),
      lookForKeys: ssh.lookForKeys ?? true,
      defaultPort: positive("ssh.defaultPort", ssh.defaultPort ?? 22),
      readyTimeoutMs: positive("ssh.readyTimeoutMs", ssh.readyTimeoutMs ?? 20_000),
      hostKeyVerifier: ssh.hostKeyVerifier ?? (() => true),
    }),
    email: Object.freeze({
      defaultPort: positive("email.defaultPort", email.defaultPort ?? 25),
      verifyTls: email.verifyTls ?? false,
      connectionTimeoutMs: positive("email.connectionTimeoutMs", email.connectionTimeoutMs ?? 30_000),
      greetingTimeoutMs: positive("email.greetingTimeoutMs", email.greetingTimeoutMs ?? 30_000),
      socketTimeoutMs: positive("email.socketTimeoutMs", email.socketTimeoutMs ?? 120_000),
    }),
    http: Object.freeze({
      maxRedirects: positive("http.maxRedirects", http.maxRedirects ?? 30),
    }),
  });
}

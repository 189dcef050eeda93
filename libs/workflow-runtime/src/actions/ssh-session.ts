// SSH connections for std.ssh and std.ssh_proxied, over ssh2: connect (directly, through a
// stream such as a gateway's tunnel, or through a local proxy command), run one command, open a
// tunnel, and close everything, also when the context's signal aborts.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Duplex } from "node:stream";
import type Ssh2 from "ssh2";
import type { AnyAuthMethod, Client, ClientChannel, ParsedKey } from "ssh2";
import { cancellationError } from "./action-cancellation.js";
import { privateKeyPath } from "./ssh-target.js";
import type { SshAddress } from "./ssh-target.js";

/** How to log in. Keys are tried in order, then the password. */
export interface SshCredentials {
  readonly username: string;
  readonly keys: readonly ParsedKey[];
  /** Tried after the keys when non-empty. */
  readonly password?: string | undefined;
}

export interface SshConnectOptions {
  readonly address: SshAddress;
  readonly credentials: SshCredentials;
  readonly readyTimeoutMs: number;
  readonly hostKeyVerifier: (host: string, port: number, key: Buffer) => boolean;
  /** A stream to the server instead of a TCP connection (a gateway's tunnel, a proxy command). */
  readonly sock?: Duplex | undefined;
}

/** What a command did. */
export interface SshCommandOutcome {
  /** Null when the command ended by a signal or reported no status. */
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  readonly stdout: string;
}

/** An authenticated SSH connection. */
export class SshConnection {
  private closed = false;
  private readonly closedPromise: Promise<void>;
  private lastError: Error | undefined;

  private constructor(private readonly client: Client) {
    this.closedPromise = new Promise((resolve) =>
      client.once("close", () => {
        this.closed = true;
        resolve();
      }),
    );
    // An 'error' without a listener would throw from the EventEmitter and crash the executor.
    client.on("error", (error) => {
      this.lastError = error;
    });
  }

  /**
   * Connects and authenticates.
   *
   * @throws the connection's error (refused, timed out, authentication failed), or the
   *   cancellation error when `signal` aborts.
   */
  static async connect(options: SshConnectOptions, signal: AbortSignal): Promise<SshConnection> {
    if (signal.aborted) throw cancellationError(signal);
    const ssh2 = await loadSsh2();
    const client = new ssh2.Client();
    const connection = new SshConnection(client);
    const { host, port } = options.address;
    const { username, keys, password } = options.credentials;
    const attempts: AnyAuthMethod[] = keys.map((key) => ({ type: "publickey", username, key }));
    if (password) attempts.push({ type: "password", username, password });
    if (attempts.length === 0) attempts.push({ type: "none", username });

    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        signal.removeEventListener("abort", onAbort);
        client.off("ready", onReady);
        client.off("error", onError);
        client.off("close", onClose);
      };
      const onReady = () => {
        cleanup();
        resolve();
      };
      const onError = (error: Error) => {
        cleanup();
        client.destroy();
        reject(error);
      };
      const onClose = () => {
        cleanup();
        reject(connection.lastError ?? new Error("the connection closed during the SSH handshake"));
      };
      const onAbort = () => {
        cleanup();
        client.destroy();
        reject(cancellationError(signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      client.on("ready", onReady).on("error", onError).on("close", onClose);
      client.connect({
        host,
        port,
        username,
        authHandler: attempts,
        readyTimeout: options.readyTimeoutMs,
        hostVerifier: (key: Buffer) => options.hostKeyVerifier(host, port, key),
        ...(options.sock ? { sock: options.sock } : {}),
      });
    });
    return connection;
  }

  /**
   * Runs a command and collects its stdout (stderr is read and dropped, as Mistral drops it).
   *
   * @throws when the connection fails meanwhile, or the cancellation error when `signal` aborts
   *   (the command is then killed through the channel and the connection ended).
   */
  exec(command: string, signal: AbortSignal): Promise<SshCommandOutcome> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(cancellationError(signal));
      let channel: ClientChannel | undefined;
      const onAbort = () => {
        // Dropping the connection alone would leave the command running on the server: ask sshd
        // to kill its process group first (the "signal" channel request), then end the
        // connection. OpenSSH refuses the request in root sessions (they run without privilege
        // separation), where the command runs on until it ends by itself, as under Mistral.
        try {
          channel?.signal("KILL");
        } catch {
          // The channel may already be closing.
        }
        this.client.end();
        reject(cancellationError(signal));
      };
      const onClose = () =>
        reject(this.lastError ?? new Error("the connection closed while the command ran"));
      signal.addEventListener("abort", onAbort, { once: true });
      this.client.once("close", onClose);
      const done = () => {
        signal.removeEventListener("abort", onAbort);
        this.client.off("close", onClose);
      };
      this.client.exec(command, (error, stream) => {
        if (error) {
          done();
          return reject(error);
        }
        channel = stream;
        const chunks: Buffer[] = [];
        let exitCode: number | null = null;
        let exitSignal: string | null = null;
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.stderr.resume();
        stream.on("exit", (code: number | null, signalName?: string) => {
          exitCode = typeof code === "number" ? code : null;
          exitSignal = signalName ?? null;
        });
        stream.on("close", () => {
          done();
          resolve({ exitCode, exitSignal, stdout: Buffer.concat(chunks).toString("utf8") });
        });
      });
    });
  }

  /** Opens a TCP tunnel through this connection (`direct-tcpip`) to another host. */
  forwardOut(address: SshAddress): Promise<ClientChannel> {
    return new Promise((resolve, reject) =>
      this.client.forwardOut("127.0.0.1", 0, address.host, address.port, (error, channel) =>
        error ? reject(error) : resolve(channel),
      ),
    );
  }

  /** Ends the connection, waiting briefly for a clean close before destroying the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.client.end();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2000);
    });
    await Promise.race([this.closedPromise, grace]);
    clearTimeout(timer);
    if (!this.closed) this.client.destroy();
  }
}

/** A local command whose stdin/stdout carry the SSH connection (paramiko's ProxyCommand). */
export interface ProxyCommandStream {
  readonly socket: Duplex;
  /** Kills the command if it still runs. */
  stop(): void;
}

/** Starts a proxy command through the shell, as Mistral's `proxy_command` does. */
export function startProxyCommand(command: string): ProxyCommandStream {
  const child = spawn(command, { shell: true, stdio: ["pipe", "pipe", "ignore"] });
  const socket = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.once("error", (error) => socket.destroy(error));
  child.once("exit", () => socket.push(null));
  return {
    socket,
    stop() {
      socket.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** Where keys come from for one action run. */
export interface PrivateKeySource {
  /** `private_key`: the key's text. */
  readonly privateKey?: string | null | undefined;
  /** `private_key_filename`: absolute, or relative to the key directory. */
  readonly privateKeyFilename?: string | null | undefined;
  /** Decrypts encrypted keys (Mistral passes its `password` for this too). */
  readonly passphrase?: string | undefined;
  readonly keyDirectory: string;
  /** Try the default identity files when no key is given. */
  readonly lookForKeys: boolean;
}

/** ssh2, loaded on first use: most processes never run std.ssh, and it weighs ~15 MB. */
async function loadSsh2(): Promise<typeof Ssh2> {
  return (await import("ssh2")).default;
}

const DEFAULT_IDENTITY_FILES = ["id_rsa", "id_ecdsa", "id_ed25519"];

/**
 * Loads the keys to log in with: the given key text, else the given key file, else (when looking
 * for keys) whichever default identity files exist and can be read.
 *
 * @throws when a given key cannot be read or decrypted, or its file name contains `..`.
 */
export async function loadPrivateKeys(source: PrivateKeySource): Promise<ParsedKey[]> {
  const ssh2 = await loadSsh2();
  const parse = (data: string | Buffer): ParsedKey => {
    const parsed = ssh2.utils.parseKey(data, source.passphrase);
    const key = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
    if (!key || key instanceof Error) throw key ?? new Error("no key found in the private key");
    return key;
  };
  if (source.privateKey) return [parse(source.privateKey)];
  if (source.privateKeyFilename) {
    return [parse(await readFile(privateKeyPath(source.privateKeyFilename, source.keyDirectory)))];
  }
  if (!source.lookForKeys) return [];
  const keys: ParsedKey[] = [];
  for (const name of DEFAULT_IDENTITY_FILES) {
    try {
      keys.push(parse(await readFile(join(source.keyDirectory, name))));
    } catch {
      // A missing or unreadable default identity is skipped, as paramiko skips it.
    }
  }
  return keys;
}

// A real OpenSSH sshd for the std.ssh tests, started as ../shared/anchors/ssh/NOTES.md describes
// (sshd -D -e with its own host key and config, on loopback addresses 127.0.0.x port 2222), but
// with its own addresses so that it never collides with the shared anchor (127.0.0.1-5) or with
// another run of these tests. Installs openssh-server with apt when sshd is missing.
//
// Two users: root, key-only (an unencrypted and a passphrase-protected ed25519 key), and a test
// user `wfaction-ssh` with a password, created on first use (password logins need a system
// account; the account is kept for later runs).
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const SSHD = "/usr/sbin/sshd";
export const SSHD_PORT = 2222;
export const PASSWORD_USER = { name: "wfaction-ssh", password: "wf-actions-Test-pw-7" } as const;

export interface SshdFixture {
  /** Three distinct "hosts" served by this sshd, e.g. `127.0.0.57`. */
  readonly addresses: readonly string[];
  /** The same with the port, as the actions take them (`127.0.0.57:2222`). */
  readonly hosts: readonly string[];
  /** A directory holding the client keys (usable as the actions' key directory). */
  readonly keyDirectory: string;
  /** Unencrypted ed25519 key of root, as `id_ed25519` in keyDirectory. */
  readonly privateKey: string;
  readonly privateKeyPath: string;
  /** Passphrase-protected ed25519 key of root (`encrypted_ed25519`). */
  readonly encryptedKeyPath: string;
  readonly keyPassphrase: string;
  /** Pids of commands still running in sessions of this sshd. */
  sessionCommands(): Promise<number[]>;
  stop(): Promise<void>;
}

/** Installs openssh-server when sshd is missing (an apt index refresh only if the first try fails). */
async function ensureSshdInstalled(): Promise<void> {
  if (existsSync(SSHD)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("apt-get", ["install", "-y", "openssh-server"], { env, timeout: 180_000 });
  } catch {
    await run("apt-get", ["update"], { env, timeout: 180_000 });
    await run("apt-get", ["install", "-y", "openssh-server"], { env, timeout: 180_000 });
  }
  if (!existsSync(SSHD)) throw new Error("openssh-server was installed but /usr/sbin/sshd is still missing");
}

async function ensurePasswordUser(): Promise<void> {
  try {
    await run("id", ["-u", PASSWORD_USER.name]);
  } catch {
    await run("useradd", ["-M", "-d", "/tmp", "-s", "/bin/sh", PASSWORD_USER.name]).catch(async (error) => {
      // Another test run may have created it meanwhile.
      await run("id", ["-u", PASSWORD_USER.name]).catch(() => Promise.reject(error));
    });
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn("chpasswd", { stdio: ["pipe", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`chpasswd exited with ${code}`))));
    child.stdin.end(`${PASSWORD_USER.name}:${PASSWORD_USER.password}\n`);
  });
}

function sshdConfig(dir: string, addresses: readonly string[]): string {
  return [
    ...addresses.map((address) => `ListenAddress ${address}:${SSHD_PORT}`),
    `HostKey ${join(dir, "ssh_host_ed25519_key")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    `AllowUsers root ${PASSWORD_USER.name}`,
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication yes",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    // Keys under /tmp (mode 1777) would otherwise be refused.
    "StrictModes no",
    "UseDNS no",
    "AllowTcpForwarding yes",
    "MaxStartups 100:30:200",
    "MaxSessions 50",
    "",
  ].join("\n");
}

/** Starts sshd and resolves once it listens on every address, or rejects with its stderr. */
function launch(configPath: string, marker: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(SSHD, ["-D", "-e", "-f", configPath], {
      stdio: ["ignore", "ignore", "pipe"],
      // Every sshd process (listener and per-connection children) inherits this, which lets stop()
      // find exactly the processes this fixture started.
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", WF_ACTIONS_SSHD_MARKER: marker },
    });
    let stderr = "";
    let listening = 0;
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      listening = (stderr.match(/Server listening on/g) ?? []).length;
      if (listening >= 3) resolve(child);
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`sshd exited with ${code}: ${stderr.trim()}`)));
  });
}

/** Processes this sshd started: its own (marker, when given) and the commands of its sessions. */
async function leftoverProcesses(marker: string | undefined, hosts: readonly string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = await readFile(`/proc/${entry}/environ`, "latin1");
    } catch {
      continue;
    }
    const vars = environ.split("\0");
    const ours =
      (marker !== undefined && vars.includes(`WF_ACTIONS_SSHD_MARKER=${marker}`)) ||
      vars.some(
        (v) => v.startsWith("SSH_CONNECTION=") && hosts.some((h) => v.endsWith(` ${h} ${SSHD_PORT}`)),
      );
    if (ours) pids.push(Number(entry));
  }
  return pids;
}

export async function startSshd(): Promise<SshdFixture> {
  await ensureSshdInstalled();
  await Promise.all([mkdir("/run/sshd", { recursive: true }), ensurePasswordUser()]);

  const dir = await mkdtemp(join(tmpdir(), "wf-actions-sshd-"));
  const keyPassphrase = "key-pass-phrase";
  await Promise.all([
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "ssh_host_ed25519_key")]),
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "wf-actions", "-f", join(dir, "id_ed25519")]),
    // Few KDF rounds: the test is about decrypting, not about brute-force resistance.
    run("ssh-keygen", [
      "-q",
      "-t",
      "ed25519",
      "-a",
      "2",
      "-N",
      keyPassphrase,
      "-f",
      join(dir, "encrypted_ed25519"),
    ]),
  ]);
  const publicKeys = await Promise.all(
    ["id_ed25519.pub", "encrypted_ed25519.pub"].map((name) => readFile(join(dir, name), "utf8")),
  );
  await writeFile(join(dir, "authorized_keys"), publicKeys.join(""));

  const marker = randomUUID();
  let child: ChildProcess | undefined;
  let addresses: string[] = [];
  let lastError: unknown;
  for (let attempt = 0; attempt < 6 && !child; attempt++) {
    // Random 127.0.0.x above the shared anchor's 127.0.0.1-5: another run may hold some.
    const base = 20 + Math.floor(Math.random() * 230);
    addresses = [base, base + 1, base + 2].map((x) => `127.0.0.${x}`);
    const configPath = join(dir, "sshd_config");
    await writeFile(configPath, sshdConfig(dir, addresses));
    try {
      child = await launch(configPath, marker);
    } catch (error) {
      lastError = error;
    }
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }
  const sshd = child;
  const hosts = addresses.map((address) => `${address}:${SSHD_PORT}`);

  return {
    addresses,
    hosts,
    keyDirectory: dir,
    privateKey: await readFile(join(dir, "id_ed25519"), "utf8"),
    privateKeyPath: join(dir, "id_ed25519"),
    encryptedKeyPath: join(dir, "encrypted_ed25519"),
    keyPassphrase,
    sessionCommands: () => leftoverProcesses(undefined, addresses),
    async stop() {
      // Session processes first, while the listener still lives to reap them (the machine's
      // init does not reap orphans, which would stay as zombies).
      const kill = (pid: number) => {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      };
      const sessions = (await leftoverProcesses(marker, addresses)).filter((pid) => pid !== sshd.pid);
      sessions.forEach(kill);
      if (sessions.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      if (sshd.exitCode === null && sshd.signalCode === null) {
        const exited = new Promise((resolve) => sshd.once("exit", resolve));
        sshd.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
        if (sshd.exitCode === null && sshd.signalCode === null) sshd.kill("SIGKILL");
      }
      // Anything that appeared meanwhile.
      (await leftoverProcesses(marker, addresses)).forEach(kill);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

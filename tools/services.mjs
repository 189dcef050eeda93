// Makes sure the local servers the platform needs are running: Redis for `npm start`, and also
// PostgreSQL and MariaDB for `npm test`. A server that answers is left alone; one that is installed
// but stopped is started; one that is missing is installed from Debian's packages, started, and
// (only then, since we own it) opened to passwordless local connections the way these development
// machines are set up: PostgreSQL trusts 127.0.0.1, MariaDB's root has an empty password.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { connect } from "node:net";

const SERVICES = {
  redis: { port: 6379, packages: ["redis-server"], start: startRedis },
  postgres: { port: 5432, packages: ["postgresql"], start: startPostgres, afterInstall: openPostgres },
  mariadb: { port: 3306, packages: ["mariadb-server"], start: startMariadb, afterInstall: openMariadb },
};

function log(message) {
  process.stderr.write(`[services] ${message}\n`);
}

function listening(port, host = "127.0.0.1", timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitForPort(name, port, seconds = 60) {
  for (let i = 0; i < seconds * 5; i++) {
    if (await listening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not start listening on 127.0.0.1:${port} within ${seconds} s`);
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"], ...options });
}

function installed(packages) {
  return packages.every((name) => {
    try {
      const status = execFileSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
      return status.includes("install ok installed");
    } catch {
      return false;
    }
  });
}

function aptInstall(packages) {
  log(`installing ${packages.join(" ")} from Debian's packages ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    run("apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", ...packages], { env });
  } catch {
    run("apt-get", ["update"], { env });
    run("apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", ...packages], { env });
  }
}

function startRedis() {
  run("redis-server", [
    "--daemonize",
    "yes",
    "--port",
    "6379",
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
}

function postgresVersion() {
  const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
  if (versions.length === 0) throw new Error("PostgreSQL is installed but has no cluster in /etc/postgresql");
  return versions.sort().at(-1);
}

function startPostgres() {
  run("pg_ctlcluster", ["--skip-systemctl-redirect", postgresVersion(), "main", "start"]);
}

function openPostgres() {
  const hba = `/etc/postgresql/${postgresVersion()}/main/pg_hba.conf`;
  const text = readFileSync(hba, "utf8");
  if (!text.startsWith("host all all 127.0.0.1/32 trust")) {
    writeFileSync(hba, `host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n${text}`);
    run("pg_ctlcluster", ["--skip-systemctl-redirect", postgresVersion(), "main", "reload"]);
  }
  // Tests connect as the current user (root in CI) and create their own databases.
  run("su", [
    "postgres",
    "-c",
    "psql -qc \"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'root') THEN CREATE ROLE root SUPERUSER LOGIN; END IF; END$$\"",
  ]);
}

function startMariadb() {
  mkdirSync("/run/mysqld", { recursive: true });
  run("chown", ["mysql:mysql", "/run/mysqld"]);
  const child = spawn("/usr/sbin/mariadbd", ["--user=mysql", "--bind-address=127.0.0.1", "--port=3306"], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
}

function openMariadb() {
  run("mariadb", [
    "-uroot",
    "-e",
    "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')",
  ]);
}

/** Ensures each named service answers on its port, starting or installing it when needed. */
export async function ensureServices(names) {
  for (const name of names) {
    const service = SERVICES[name];
    if (!service) throw new Error(`unknown service ${name} (known: ${Object.keys(SERVICES).join(", ")})`);
    if (await listening(service.port)) continue;
    const fresh = !installed(service.packages);
    if (fresh) aptInstall(service.packages);
    log(`starting ${name} on 127.0.0.1:${service.port}`);
    service.start();
    await waitForPort(name, service.port);
    if (fresh && service.afterInstall) service.afterInstall();
  }
}

/** Installs Debian packages that tests drive as real peers (the `mistral` CLI), when missing. */
export function ensurePackages(packages) {
  const missing = packages.filter((name) => !installed([name]));
  if (missing.length > 0) aptInstall(missing);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureServices(
    process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["redis", "postgres", "mariadb"],
  ).catch((error) => {
    log(error.message);
    process.exit(1);
  });
}

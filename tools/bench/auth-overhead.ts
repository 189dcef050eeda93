// What Keystone authentication costs the workflow API (not run in CI; build first with
// `npx nx run-many -t build`): two API processes of the built service on SQLite, one without auth
// and one with OPS_AUTH=keystone against the real Keystone of tools/keystone, each driven with
// GET /v2/workflows at a fixed concurrency; the keystone one with a token it has already validated
// (cached). Then the cold path: the first request with a fresh token, which the API validates with
// Keystone. Rounds alternate between the two so that the machine's load hits both alike.
//
//   npx tsx tools/bench/auth-overhead.ts [--requests 3000] [--concurrency 16] [--rounds 3] [--cold 40]
//
// Prints one JSON report.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KeystoneClient } from "@ops/keystone-auth";

const root = join(import.meta.dirname, "..", "..");
const launcher = join(root, "apps", "workflow-engine", "bin", "workflow-engine");

const WORKFLOW = `version: '2.0'
auth_bench:
  tasks:
    hello:
      action: std.echo output="hi"
`;

function log(message: string): void {
  process.stderr.write(`[auth-overhead] ${message}\n`);
}

async function startApi(name: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const database = join(root, "var", `bench-auth-${name}.sqlite`);
  rmSync(database, { force: true });
  const child = spawn(launcher, ["--server", "api"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${database}`,
      OPS_API_PORT: String(port),
      OPS_LOG_LEVEL: "warn",
      OPS_QUEUE_PREFIX: `bench-auth-${name}`,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/v2`)).ok) return child;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the ${name} API did not start on port ${port}`);
}

/** `requests` GETs with `concurrency` in flight: requests per second and the median latency. */
async function drive(url: string, headers: Record<string, string>, requests: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const begin = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: requests / seconds, medianMs: median(latencies) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "3000" },
      concurrency: { type: "string", default: "16" },
      rounds: { type: "string", default: "3" },
      cold: { type: "string", default: "40" },
    },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const rounds = Number(values.rounds);
  const coldCount = Number(values.cold);

  const keystone = JSON.parse(
    execFileSync(process.execPath, [join(root, "tools", "keystone", "keystone.mjs"), "start"], {
      encoding: "utf8",
    }),
  ) as { url: string };
  const noAuth = await startApi("none", 18989, { OPS_AUTH: "none" });
  const withAuth = await startApi("keystone", 18990, {
    OPS_AUTH: "keystone",
    OPS_KEYSTONE_URL: keystone.url,
    OPS_KEYSTONE_USER: "workflow",
    OPS_KEYSTONE_PASSWORD: "workflow-secret",
    OPS_KEYSTONE_PROJECT: "service",
  });
  try {
    const client = new KeystoneClient({ authUrl: keystone.url });
    const domain = { name: "Default" };
    const aliceToken = async () =>
      (
        await client.authenticate(
          { method: "password", user: { name: "alice", domain }, password: "alice-secret" },
          { project: { name: "alpha", domain } },
        )
      ).token;
    const token = await aliceToken();
    const create = (port: number, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/v2/workflows`, {
        method: "POST",
        headers: { ...headers, "content-type": "text/plain" },
        body: WORKFLOW,
      });
    await create(18989, {});
    await create(18990, { "x-auth-token": token });

    const targets: { name: string; url: string; headers: Record<string, string> }[] = [
      { name: "none", url: "http://127.0.0.1:18989/v2/workflows", headers: {} },
      { name: "keystone", url: "http://127.0.0.1:18990/v2/workflows", headers: { "x-auth-token": token } },
    ];
    for (const target of targets) await drive(target.url, target.headers, 500, concurrency); // warm-up
    const results: Record<string, { requestsPerSecond: number; medianMs: number }[]> = {
      none: [],
      keystone: [],
    };
    for (let r = 0; r < rounds; r++) {
      for (const target of targets) {
        const measured = await drive(target.url, target.headers, requests, concurrency);
        results[target.name]!.push(measured);
        log(`round ${r + 1} ${target.name}: ${round(measured.requestsPerSecond)} req/s`);
      }
    }

    // Cold: a token the API has never seen, validated with Keystone on its first request.
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < coldCount; i++) {
      const fresh = await aliceToken();
      const headers = { "x-auth-token": fresh };
      for (const into of [cold, warm]) {
        const begin = performance.now();
        const response = await fetch(targets[1]!.url, { headers });
        await response.arrayBuffer();
        into.push(performance.now() - begin);
      }
    }

    const rps = (name: string) => median(results[name]!.map((result) => result.requestsPerSecond));
    const latency = (name: string) => median(results[name]!.map((result) => result.medianMs));
    const report = {
      date_utc: new Date().toISOString().slice(0, 19) + "Z",
      requests_per_round: requests,
      concurrency,
      rounds,
      no_auth: { requests_per_s: round(rps("none")), median_ms: round(latency("none"), 2) },
      keystone_cached_token: {
        requests_per_s: round(rps("keystone")),
        median_ms: round(latency("keystone"), 2),
      },
      overhead_pct: round((1 - rps("keystone") / rps("none")) * 100),
      cold_validation: {
        tokens: coldCount,
        first_request_median_ms: round(median(cold), 2),
        second_request_median_ms: round(median(warm), 2),
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    noAuth.kill("SIGTERM");
    withAuth.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[auth-overhead] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

// The inventory at fleet scale: 10,000 hosts in 20 cells with 20 variables each, variables at every
// level, 200 groups (hosts, labels and subgroups), 20,000 labels. Seeds a fresh database through the
// store, starts the inventory service as its own process, and prints one JSON object: the time and
// the service's peak memory (VmHWM) to produce the Ansible inventory JSON and the region's .tgz, and
// hosts listed per second with resolved values. Progress goes to stderr.
//
//   npx nx run-many -t build && npx tsx tools/bench/inventory-scale.ts [--hosts 10000] [--runs 3]
//     [--database-url postgresql://postgres@127.0.0.1:5432/inventory_bench]  (default: a temp SQLite)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openInventoryStore, upgradeInventoryDatabase, type InventoryStore } from "@ops/inventory-store";

const root = join(import.meta.dirname, "..", "..");
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const HOSTS = Number(option("--hosts", "10000"));
const RUNS = Number(option("--runs", "3"));
const CELLS = 20;
const GROUPS = 200;
const PROJECT = "bench";
const PORT = 7791;
const log = (message: string) => process.stderr.write(`[inventory-scale] ${message}\n`);

const twentyVars = (prefix: string, n: number) =>
  Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [
      `${prefix}_var_${i}`,
      i % 3 === 0 ? { nested: [n, i] } : `${prefix}-${n}-${i}`,
    ]),
  );

async function inChunks<T>(items: readonly T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < items.length; start += size) await write(items.slice(start, start + size));
}

async function seed(store: InventoryStore): Promise<void> {
  const db = store.client;
  const now = new Date();
  await db.project.create({ data: { id: PROJECT, name: PROJECT, createdAt: now } });
  await db.cloud.create({ data: { id: 1, projectId: PROJECT, name: "cloud", createdAt: now } });
  await db.region.create({
    data: { id: 1, projectId: PROJECT, cloudId: 1, name: "region-one", createdAt: now },
  });
  await db.cell.createMany({
    data: Array.from({ length: CELLS }, (_, i) => ({
      id: i + 1,
      projectId: PROJECT,
      cloudId: 1,
      regionId: 1,
      name: `cell-${i + 1}`,
      createdAt: now,
    })),
  });
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({
    id: i + 1,
    projectId: PROJECT,
    kind: "host",
    cloudId: 1,
    regionId: 1,
    cellId: (i % CELLS) + 1,
    name: `host-${String(i + 1).padStart(5, "0")}`,
    ipAddress: `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}`,
    deviceType: "server",
    active: true,
    createdAt: now,
  }));
  await inChunks(hosts, 500, (data) => db.device.createMany({ data }));
  const sets = [
    { ownerKind: "projects", ownerId: PROJECT, data: twentyVars("project", 0) },
    { ownerKind: "clouds", ownerId: "1", data: twentyVars("cloud", 1) },
    { ownerKind: "regions", ownerId: "1", data: twentyVars("region", 1) },
    ...Array.from({ length: CELLS }, (_, i) => ({
      ownerKind: "cells",
      ownerId: String(i + 1),
      data: twentyVars("cell", i + 1),
    })),
    ...hosts.map((h) => ({ ownerKind: "devices", ownerId: String(h.id), data: twentyVars("host", h.id) })),
    ...Array.from({ length: GROUPS }, (_, i) => ({
      ownerKind: "groups",
      ownerId: String(i + 1),
      data: { group_index: i + 1, tier: `t${i % 5}` },
    })),
  ].map((set) => ({
    projectId: PROJECT,
    ownerKind: set.ownerKind,
    ownerId: set.ownerId,
    data: JSON.stringify(set.data),
    version: 1,
  }));
  await inChunks(sets, 500, (data) => db.variableSet.createMany({ data }));
  const labels = hosts.flatMap((h) => [
    { projectId: PROJECT, deviceId: h.id, label: `rack-${h.id % 50}` },
    { projectId: PROJECT, deviceId: h.id, label: h.id % 2 === 0 ? "even" : "odd" },
  ]);
  await inChunks(labels, 1000, (data) => db.label.createMany({ data }));
  await db.group.createMany({
    data: Array.from({ length: GROUPS }, (_, i) => ({
      id: i + 1,
      projectId: PROJECT,
      name: `group-${i + 1}`,
      createdAt: now,
    })),
  });
  // Each group: 50 hosts of its own; every 4th also a label; a binary tree of subgroups.
  const members = Array.from({ length: GROUPS }, (_, g) =>
    Array.from({ length: 50 }, (_, k) => ({ groupId: g + 1, deviceId: ((g * 50 + k) % HOSTS) + 1 })),
  ).flat();
  await inChunks(members, 1000, (data) => db.groupHost.createMany({ data }));
  await db.groupLabel.createMany({
    data: Array.from({ length: GROUPS / 4 }, (_, i) => ({ groupId: i * 4 + 1, label: `rack-${i % 50}` })),
  });
  await db.groupChild.createMany({
    data: Array.from({ length: GROUPS - 1 }, (_, i) => ({
      parentId: Math.floor((i + 2) / 2),
      childId: i + 2,
    })),
  });
}

function vmHwmMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 102.4) / 10;
}

function vmRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 102.4) / 10;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const headers = { "x-project-id": PROJECT };

/** Reads a whole response body chunk by chunk, counting bytes (nothing is kept). */
async function drain(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body!) bytes += (chunk as Uint8Array).length;
  return { ms: performance.now() - started, bytes };
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "inventory-scale-"));
  const databaseUrl = option("--database-url", `file:${join(folder, "inventory.sqlite")}`);
  log(`seeding ${HOSTS} hosts into ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}`);
  await upgradeInventoryDatabase({ databaseUrl });
  if (process.env["KEEP_DB"]) log(`database ${databaseUrl}`);
  const store = await openInventoryStore({ databaseUrl });
  const seedStarted = performance.now();
  if ((await store.client.device.count({ where: { projectId: PROJECT } })) === 0) await seed(store);
  const seedMs = performance.now() - seedStarted;
  await store.close();

  const built = join(root, "apps", "inventory", "dist", "main.js");
  // bin/inventory runs dist/main.js with the service's memory flags, as in production.
  const command = existsSync(built)
    ? [join(root, "apps", "inventory", "bin", "inventory"), []]
    : [
        join(root, "node_modules", ".bin", "tsx"),
        ["--conditions=development", join(root, "apps", "inventory", "src", "main.ts")],
      ];
  log(
    `starting the inventory (${existsSync(built) ? "dist" : "tsx: run npx nx run-many -t build for real numbers"})`,
  );
  const server = spawn(command[0] as string, command[1] as string[], {
    env: {
      ...process.env,
      OPS_INVENTORY_DATABASE_URL: databaseUrl,
      OPS_INVENTORY_PORT: String(PORT),
      OPS_INVENTORY_SECRET_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      OPS_LOG_LEVEL: "warn",
      MALLOC_ARENA_MAX: "2",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${PORT}/v1`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${base}/tenants`, { headers })).ok) break;
    } catch {
      if (tries > 300) throw new Error("the inventory did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const pid = server.pid!;
  const rssAfterStart = vmRssMb(pid);
  try {
    const jsonRuns = [];
    for (let i = 0; i < RUNS; i++) jsonRuns.push(await drain(`${base}/ansible-inventory`));
    const hwmAfterJson = vmHwmMb(pid);
    const tgzRuns = [];
    for (let i = 0; i < RUNS; i++) tgzRuns.push(await drain(`${base}/inventory/1.tgz`));
    const hwmAfterTgz = vmHwmMb(pid);
    log("listing every host with resolved values, 100 per page");
    const listStarted = performance.now();
    let listed = 0;
    let next: string | undefined = `${base}/hosts?details=true&limit=100`;
    while (next) {
      const response = await fetch(next, { headers });
      const page = (await response.json()) as {
        hosts: unknown[];
        links: Array<{ rel: string; href: string }>;
      };
      listed += page.hosts.length;
      next = page.links.find((link) => link.rel === "next")?.href;
    }
    const listSeconds = (performance.now() - listStarted) / 1000;
    const result = {
      hosts: HOSTS,
      cells: CELLS,
      groups: GROUPS,
      database: databaseUrl.split(":")[0],
      seed_s: Math.round(seedMs / 100) / 10,
      ansible_json: {
        median_ms: Math.round(median(jsonRuns.map((r) => r.ms))),
        runs_ms: jsonRuns.map((r) => Math.round(r.ms)),
        bytes: jsonRuns[0]!.bytes,
      },
      region_tgz: {
        median_ms: Math.round(median(tgzRuns.map((r) => r.ms))),
        runs_ms: tgzRuns.map((r) => Math.round(r.ms)),
        bytes: tgzRuns[0]!.bytes,
      },
      list_resolved: {
        hosts: listed,
        seconds: Math.round(listSeconds * 10) / 10,
        hosts_per_s: Math.round(listed / listSeconds),
      },
      memory_mb: {
        rss_after_start: rssAfterStart,
        peak_after_json: hwmAfterJson,
        peak_after_tgz: hwmAfterTgz,
        peak_overall: vmHwmMb(pid),
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    server.kill("SIGTERM");
    if (databaseUrl.startsWith("file:") && !process.env["KEEP_DB"])
      rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`inventory-scale: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

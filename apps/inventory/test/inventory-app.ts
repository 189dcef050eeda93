// The inventory app on a fresh SQLite database (or DATABASE_URL's provider), answered through
// Fastify's inject (real routes, real store) or over HTTP when a test needs a real client.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openInventoryStore, upgradeInventoryDatabase, type InventoryStore } from "@ops/inventory-store";
import type { KeystoneAuth } from "@ops/keystone-auth";
import type { FastifyInstance } from "fastify";
import { buildInventoryApp } from "../src/build-app.js";

/** A parsed JSON answer: tests read into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface TestInventory {
  readonly app: FastifyInstance;
  readonly store: InventoryStore;
  readonly folder: string;
  readonly referenceRoot: string;
  /** A JSON request as the project `project` (X-Project-Id). */
  call(
    method: string,
    url: string,
    body?: unknown,
    project?: string,
  ): Promise<{ status: number; body: Json; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startTestInventory(
  options: { auth?: Pick<KeystoneAuth, "validator" | "policy" | "authUrl"> } = {},
): Promise<TestInventory> {
  const folder = mkdtempSync(join(tmpdir(), "inventory-app-"));
  const databaseUrl = `file:${join(folder, "inventory.sqlite")}`;
  await upgradeInventoryDatabase({ databaseUrl });
  const referenceRoot = join(folder, "references");
  const store = await openInventoryStore({
    databaseUrl,
    secretKeys: [{ id: "test", key: randomBytes(32) }],
    references: { fileRoot: referenceRoot },
  });
  const app = buildInventoryApp({ store, logger: false, ...(options.auth ? { auth: options.auth } : {}) });
  await app.ready();
  return {
    app,
    store,
    folder,
    referenceRoot,
    async call(method, url, body, project = "alpha") {
      const response = await app.inject({
        method: method as "GET",
        url,
        headers: {
          "x-project-id": project,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = response.body;
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.statusCode, body: parsed, headers: response.headers };
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A small inventory: one cloud, region, two cells, hosts, a switch parent, labels, groups, variables. */
export async function seedInventory(inventory: TestInventory, hosts = 6): Promise<void> {
  const ok = async (method: string, url: string, body: unknown) => {
    const response = await inventory.call(method, url, body);
    if (response.status >= 300)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  await ok("PUT", "/v1/projects/alpha/variables", { dns: "project-dns", ntp: "project-ntp" });
  await ok("POST", "/v1/clouds", { name: "cloud1", variables: { cloud_tier: "gold" } });
  await ok("POST", "/v1/regions", { name: "east", cloud_id: 1, variables: { ntp: "east-ntp" } });
  await ok("POST", "/v1/cells", { name: "c1", region_id: 1, variables: { rack_row: "A" } });
  await ok("POST", "/v1/cells", { name: "c2", region_id: 1 });
  await ok("POST", "/v1/network-devices", {
    name: "sw1",
    region_id: 1,
    ip_address: "10.1.0.1",
    device_type: "switch",
    variables: { uplink: "sw1-up" },
  });
  for (let i = 1; i <= hosts; i++)
    await ok("POST", "/v1/hosts", {
      name: `node${i}`,
      region_id: 1,
      cell_id: i % 2 === 0 ? 2 : 1,
      parent_id: 1,
      ip_address: "127.0.0.1",
      device_type: "server",
      labels: i <= 2 ? ["db"] : ["web"],
      variables: { index: i, role: i <= 2 ? "db" : "web" },
    });
  await ok("POST", "/v1/groups", {
    name: "databases",
    labels: ["db"],
    variables: { group_var: "from-databases" },
  });
  await ok("POST", "/v1/groups", {
    name: "everything",
    children: [1],
    hosts: [3],
    variables: { group_var: "from-everything", fleet: true },
  });
}

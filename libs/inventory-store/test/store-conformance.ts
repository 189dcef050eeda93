// The inventory store's behaviour on one provider, on a database made for the run and migrated by
// the same runner the service uses: hierarchy checks, duplicate names, paging, variable merges under
// concurrency, cycles, secrets with key rotation, references. Run once per provider (sqlite.spec.ts,
// postgresql.spec.ts, mysql.spec.ts).
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { InventoryError } from "@ops/inventory-core";
import { createTestDatabase, type TestDatabase } from "@ops/workflow-store/testing";
import type { DatabaseProvider } from "@ops/workflow-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openInventoryStore,
  readPageRequest,
  readResourceInput,
  RESOURCES,
  sortKeysOf,
  upgradeInventoryDatabase,
  type InventoryStore,
  type SecretKey,
} from "../src/index.js";

const key = (id: string): SecretKey => ({ id, key: randomBytes(32) });

async function rejection(promise: Promise<unknown>): Promise<InventoryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InventoryError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

export function describeInventoryStore(provider: DatabaseProvider): void {
  describe(`the inventory store on ${provider}`, () => {
    let database: TestDatabase;
    let store: InventoryStore;
    let referenceRoot: string;
    const k1 = key("k1");
    const project = "p-alpha";
    const create = (resource: keyof typeof RESOURCES, body: object) =>
      store.resources.create(
        project,
        RESOURCES[resource],
        readResourceInput(RESOURCES[resource], body, false),
      );

    beforeAll(async () => {
      database = await createTestDatabase(provider, "inventory");
      const first = await upgradeInventoryDatabase({ databaseUrl: database.databaseUrl });
      expect(first.applied.length).toBeGreaterThan(0);
      const again = await upgradeInventoryDatabase({ databaseUrl: database.databaseUrl });
      expect(again.applied).toEqual([]);
      referenceRoot = mkdtempSync(join(tmpdir(), "inventory-references-"));
      store = await openInventoryStore({
        databaseUrl: database.databaseUrl,
        secretKeys: [k1],
        references: { fileRoot: referenceRoot },
        poolSize: 4,
      });
      await create("clouds", { name: "cloud-1" });
      await create("regions", { name: "region-1", cloud_id: 1 });
      await create("cells", { name: "cell-1", region_id: 1 });
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
      rmSync(referenceRoot, { recursive: true, force: true });
    });

    it("derives a device's cloud from its region and refuses unknown parents and duplicates", async () => {
      const host = await create("hosts", {
        name: "h-0",
        region_id: 1,
        cell_id: 1,
        ip_address: "10.0.0.1",
        device_type: "server",
      });
      expect(host["cloudId"]).toBe(1);
      const unknown = await rejection(
        create("hosts", { name: "h-x", region_id: 99, ip_address: "10.0.0.2", device_type: "server" }),
      );
      expect(unknown.code).toBe("INV_ERR_BAD_REQUEST");
      expect(unknown.message).toBe("region_id: region 99 does not exist");
      const duplicate = await rejection(
        create("hosts", { name: "h-0", region_id: 1, ip_address: "10.0.0.3", device_type: "server" }),
      );
      expect(duplicate.code).toBe("INV_ERR_DUPLICATE");
      // Another project has its own names and does not see this one's objects.
      await expect(store.resources.find("p-beta", RESOURCES.hosts, host.id)).rejects.toMatchObject({
        code: "INV_ERR_NOT_FOUND",
      });
    });

    it("pages with markers in any order, prev and next included", async () => {
      for (let i = 1; i <= 24; i++)
        await create("hosts", {
          name: `h-${String(i).padStart(2, "0")}`,
          region_id: 1,
          ...(i % 2 === 0 ? { cell_id: 1 } : {}),
          ip_address: `10.0.1.${i}`,
          device_type: "server",
        });
      for (const sort of [
        { sort_keys: "name", sort_dir: "desc" },
        { sort_keys: "created_at" },
        { sort_keys: "cell_id,name" }, // a nullable key: ordered in memory
      ]) {
        const seen: string[] = [];
        const markers: Array<number | undefined> = [undefined];
        let marker: number | undefined;
        for (;;) {
          const page = await store.resources.list(project, RESOURCES.hosts, {
            page: readPageRequest(
              { ...sort, limit: "10", ...(marker ? { marker: String(marker) } : {}) },
              sortKeysOf(RESOURCES.hosts),
            ),
            filters: {},
          });
          seen.push(...page.items.map((row) => row["name"] as string));
          // The previous page's marker is the one used to reach it.
          if (marker !== undefined) expect(page.prevMarker ?? undefined).toBe(markers.at(-2));
          if (page.nextMarker === undefined) break;
          marker = page.nextMarker;
          markers.push(marker);
        }
        expect(seen).toHaveLength(25);
        expect(new Set(seen).size).toBe(25);
        if (sort.sort_dir === "desc") expect(seen).toEqual([...seen].sort().reverse());
      }
    });

    it("keeps every key when many merges of variables race", async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.variables.change(project, "regions", 1, (current) => ({ ...current, [`k${i}`]: i })),
        ),
      );
      const variables = await store.variables.of("regions", 1);
      expect(Object.keys(variables).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `k${i}`).sort());
    });

    it("refuses a device parent cycle, a group cycle, and deleting what is still used", async () => {
      const a = await create("network-devices", {
        name: "sw-a",
        region_id: 1,
        ip_address: "10.0.2.1",
        device_type: "switch",
      });
      const b = await create("network-devices", {
        name: "sw-b",
        region_id: 1,
        ip_address: "10.0.2.2",
        device_type: "switch",
        parent_id: a.id,
      });
      const cycle = await rejection(
        store.resources.update(
          project,
          RESOURCES["network-devices"],
          a.id,
          readResourceInput(RESOURCES["network-devices"], { parent_id: b.id }, true),
        ),
      );
      expect(cycle.code).toBe("INV_ERR_PARENT_CYCLE");
      const inUse = await rejection(store.resources.remove(project, RESOURCES.regions, 1));
      expect(inUse.code).toBe("INV_ERR_IN_USE");
      const g1 = await create("groups", { name: "g1" });
      const g2 = await create("groups", { name: "g2", children: [g1.id] });
      const loop = await rejection(
        store.resources.update(
          project,
          RESOURCES.groups,
          g1.id,
          readResourceInput(RESOURCES.groups, { children: [g2.id] }, true),
        ),
      );
      expect(loop.code).toBe("INV_ERR_GROUP_CYCLE");
    });

    it("seals secrets, lists them without values, and re-seals them under a new key", async () => {
      const secrets = store.secrets!;
      const stored = await secrets.create(project, {
        ownerKind: "hosts",
        ownerId: 1,
        name: "tls.pem",
        value: "-----BEGIN KEY-----",
      });
      expect(stored).not.toHaveProperty("ciphertext");
      const rows = await database.query("SELECT ciphertext FROM secrets");
      expect(String(rows[0]!["ciphertext"])).not.toContain("BEGIN");
      const k2 = key("k2");
      const rotating = await openInventoryStore({ databaseUrl: database.databaseUrl, secretKeys: [k2, k1] });
      try {
        expect(await rotating.secrets!.rekey()).toBe(1);
      } finally {
        await rotating.close();
      }
      const onlyNew = await openInventoryStore({ databaseUrl: database.databaseUrl, secretKeys: [k2] });
      try {
        const { value, metadata } = await onlyNew.secrets!.reveal(project, stored.id);
        expect(value.toString()).toBe("-----BEGIN KEY-----");
        expect(metadata.keyId).toBe("k2");
      } finally {
        await onlyNew.close();
      }
      expect((await rejection(secrets.reveal(project, stored.id))).code).toBe("INV_ERR_SECRET_KEY");
    });

    it("fetches references, reports failures on them and keeps the last good copy", async () => {
      const group = await create("groups", { name: "with-refs" });
      const file = join(referenceRoot, "vars.yml");
      writeFileSync(file, "ntp_server: 10.0.0.9\nlist: [1, 2]\n");
      const reference = await store.references.create(project, {
        name: "ntp",
        groupId: group.id,
        url: pathToFileURL(file).href,
      });
      expect(reference.status).toBe("ok");
      expect(reference.digest).toMatch(/^[0-9a-f]{64}$/);
      writeFileSync(file, "- not\n- a mapping\n");
      const failed = await store.references.refresh(project, reference.id);
      expect(failed.status).toBe("error");
      expect(failed.error).toContain("not a mapping");
      expect((await store.references.variablesByGroup(project)).get(group.id)).toEqual({
        ntp_server: "10.0.0.9",
        list: [1, 2],
      });
      const outside = await rejection(
        store.references.create(project, { name: "etc", groupId: group.id, url: "file:///etc/hostname" }),
      );
      expect(outside.message).toContain("must be inside");
      mkdirSync(join(referenceRoot, "sub"));
      symlinkSync("/etc/hostname", join(referenceRoot, "sub", "link.yml"));
      const escaped = await store.references.create(project, {
        name: "link",
        groupId: group.id,
        url: pathToFileURL(join(referenceRoot, "sub", "link.yml")).href,
      });
      expect(escaped.status).toBe("error");
    });
  });
}

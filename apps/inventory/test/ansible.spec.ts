// The inventory through real Ansible (Debian's ansible-core): the dynamic-inventory script against
// the running service, the region's .tgz extracted, and a playbook run with `-c local` on loopback
// hosts, all agreeing with GET /v1/ansible-inventory.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AnsibleInventoryJson } from "@ops/inventory-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInventory, startTestInventory, type TestInventory } from "./inventory-app.js";

const run = promisify(execFile);
const repositoryRoot = join(import.meta.dirname, "..", "..", "..");
const script = join(repositoryRoot, "tools", "inventory", "ansible-inventory-script");

type Listed = Record<string, { hosts?: string[]; children?: string[]; vars?: object }> & {
  _meta: { hostvars: Record<string, object> };
};

/** Ansible's view equals ours: same hostvars, and each group's hosts, children and vars. */
function expectSameInventory(listed: Listed, ours: AnsibleInventoryJson): void {
  expect(listed._meta.hostvars).toEqual(ours._meta.hostvars);
  for (const [name, group] of Object.entries(ours)) {
    if (name === "_meta") continue;
    const seen = listed[name];
    expect(seen, name).toBeDefined();
    if ("hosts" in group) expect([...(seen!.hosts ?? [])].sort(), name).toEqual([...group.hosts!].sort());
    if ("children" in group)
      expect([...(seen!.children ?? [])].sort(), name).toEqual([...group.children!].sort());
    if ("vars" in group) expect(seen!.vars, name).toEqual(group.vars);
  }
}

describe("the inventory through real Ansible", { timeout: 180_000 }, () => {
  let inventory: TestInventory;
  let url: string;
  let folder: string;
  let env: NodeJS.ProcessEnv;
  let ours: AnsibleInventoryJson;

  beforeAll(async () => {
    const packages = join(repositoryRoot, "tools", "services.mjs");
    await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import(${JSON.stringify(packages)}).then((m) => m.ensurePackages(["ansible"]))`,
      ],
      { timeout: 600_000 },
    );
    inventory = await startTestInventory();
    await seedInventory(inventory, 4);
    await inventory.call("POST", "/v1/secrets", {
      owner_type: "hosts",
      owner_id: 2,
      name: "id_rsa",
      value: "KEY",
    });
    url = await inventory.app.listen({ host: "127.0.0.1", port: 0 });
    folder = mkdtempSync(join(tmpdir(), "inventory-ansible-"));
    env = {
      ...process.env,
      PATH: `${join(process.execPath, "..")}:/usr/bin:${process.env["PATH"] ?? ""}`,
      ANSIBLE_HOST_KEY_CHECKING: "False",
      ANSIBLE_INVENTORY_UNPARSED_FAILED: "true",
      OPS_INVENTORY_URL: url,
      OPS_INVENTORY_PROJECT: "alpha",
    };
    ours = (await inventory.call("GET", "/v1/ansible-inventory")).body as AnsibleInventoryJson;
  }, 600_000);

  afterAll(async () => {
    await inventory?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("lists through the script what the API says (ansible-inventory --list --export)", async () => {
    const { stdout } = await run("/usr/bin/ansible-inventory", ["-i", script, "--list", "--export"], { env });
    expectSameInventory(JSON.parse(stdout) as Listed, ours);
    expect(Object.keys(ours._meta.hostvars).sort()).toEqual(["node1", "node2", "node3", "node4"]);
    expect(ours["databases"]!.vars).toEqual({ group_var: "from-databases" });
  });

  it("reads the same inventory from the region's extracted .tgz, secrets at mode 0600", async () => {
    const response = await fetch(`${url}/v1/inventory/1.tgz`, { headers: { "x-project-id": "alpha" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/gzip");
    const archive = join(folder, "east.tgz");
    writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    const extracted = join(folder, "tgz");
    mkdirSync(extracted);
    await run("tar", ["-xzf", archive, "-C", extracted]);
    const { stdout } = await run(
      "/usr/bin/ansible-inventory",
      ["-i", join(extracted, "inventory"), "--list", "--export"],
      { env },
    );
    expectSameInventory(JSON.parse(stdout) as Listed, ours);
    const secret = join(extracted, "secrets", "hosts", "node1", "id_rsa");
    expect(readFileSync(secret, "utf8")).toBe("KEY");
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(join(extracted, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ hosts: 4, secrets: 1, region: { id: 1, name: "east" } });
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain("inventory/hosts.yml");
  });

  it("filters a bundle and makes the same files as a .zip", async () => {
    const response = await fetch(`${url}/v1/inventory/1.zip?label=db`, {
      headers: { "x-project-id": "alpha" },
    });
    expect(response.status).toBe(200);
    const archive = join(folder, "db.zip");
    writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    const extracted = join(folder, "zip");
    await run("unzip", ["-q", archive, "-d", extracted]);
    expect(readdirSync(join(extracted, "inventory", "host_vars")).sort()).toEqual(["node1.yml", "node2.yml"]);
    const { stdout } = await run(
      "/usr/bin/ansible-inventory",
      ["-i", join(extracted, "inventory"), "--list", "--export"],
      { env },
    );
    expect(Object.keys((JSON.parse(stdout) as Listed)._meta.hostvars).sort()).toEqual(["node1", "node2"]);
    const hostBundle = await fetch(`${url}/v1/inventory/hosts/3.tgz`, {
      headers: { "x-project-id": "alpha" },
    });
    expect(hostBundle.status).toBe(200);
    expect((await fetch(`${url}/v1/inventory/1.rar`, { headers: { "x-project-id": "alpha" } })).status).toBe(
      404,
    );
    expect((await fetch(`${url}/v1/inventory/99.tgz`, { headers: { "x-project-id": "alpha" } })).status).toBe(
      404,
    );
  });

  it("runs a playbook on the loopback hosts, which see a group variable and a host variable", async () => {
    const out = join(folder, "out");
    const playbook = join(folder, "play.yml");
    writeFileSync(
      playbook,
      [
        "- hosts: databases",
        "  gather_facts: false",
        "  tasks:",
        "    - copy:",
        `        dest: "${out}-{{ inventory_hostname }}.txt"`,
        '        content: "{{ group_var }} {{ role }} {{ index }} {{ ntp }}"',
        "",
      ].join("\n"),
    );
    await run(
      "/usr/bin/ansible-playbook",
      ["-i", script, "-c", "local", "-e", "ansible_python_interpreter=/usr/bin/python3", playbook],
      { env },
    );
    expect(readFileSync(`${out}-node1.txt`, "utf8")).toBe("from-databases db 1 east-ntp");
    expect(readFileSync(`${out}-node2.txt`, "utf8")).toBe("from-databases db 2 east-ntp");
  });

  it("reports an unreachable service on stderr with a non-zero exit", async () => {
    const failure = await run("node", [`${script}.mjs`, "--list"], {
      env: { ...env, OPS_INVENTORY_URL: "http://127.0.0.1:9" },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain("cannot reach http://127.0.0.1:9");
  });
});

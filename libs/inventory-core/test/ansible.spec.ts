// The inventory JSON through the real Ansible (Debian's ansible-core 2.14): `ansible-inventory`
// reads it as a dynamic inventory script and lists the same hosts, groups, children and variables,
// and `ansible-playbook -c local` runs on its loopback hosts and sees a group and a host variable.
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ansibleInventory } from "../src/index.js";
import { SNAPSHOT } from "./inventory-fixture.js";

const run = promisify(execFile);
const env = {
  ...process.env,
  PATH: `/usr/bin:${process.env["PATH"] ?? ""}`,
  ANSIBLE_HOST_KEY_CHECKING: "False",
};

describe("the inventory through real Ansible", { timeout: 120_000 }, () => {
  let folder: string;
  let script: string;
  const inventory = ansibleInventory(SNAPSHOT);

  beforeAll(async () => {
    const packages = join(import.meta.dirname, "..", "..", "..", "tools", "services.mjs");
    await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import(${JSON.stringify(packages)}).then((m) => m.ensurePackages(["ansible"]))`,
      ],
      {
        timeout: 600_000,
      },
    );
    folder = mkdtempSync(join(tmpdir(), "inventory-ansible-"));
    script = join(folder, "inventory.mjs");
    writeFileSync(join(folder, "inventory.json"), JSON.stringify(inventory));
    writeFileSync(
      script,
      `#!${process.execPath}\nimport { readFileSync } from "node:fs";\nconst inventory = JSON.parse(readFileSync(${JSON.stringify(join(folder, "inventory.json"))}, "utf8"));\nif (process.argv[2] === "--host") console.log("{}"); else console.log(JSON.stringify(inventory));\n`,
    );
    chmodSync(script, 0o755);
  }, 600_000);

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("lists the same hosts, groups, children and variables (ansible-inventory --list --export)", async () => {
    const { stdout } = await run("/usr/bin/ansible-inventory", ["-i", script, "--list", "--export"], { env });
    const listed = JSON.parse(stdout) as Record<
      string,
      { hosts?: string[]; children?: string[]; vars?: object }
    > & {
      _meta: { hostvars: Record<string, object> };
    };
    expect(listed._meta.hostvars).toEqual(inventory._meta.hostvars);
    for (const [name, group] of Object.entries(inventory)) {
      if (name === "_meta") continue;
      const seen = listed[name]!;
      expect(seen, name).toBeDefined();
      if ("hosts" in group) expect([...(seen.hosts ?? [])].sort(), name).toEqual(group.hosts);
      if ("children" in group) expect([...(seen.children ?? [])].sort(), name).toEqual(group.children);
      if ("vars" in group) expect(seen.vars, name).toEqual(group.vars);
    }
  });

  it("runs a playbook on the loopback hosts, which see a group variable and a host variable", async () => {
    const out = join(folder, "out");
    const playbook = join(folder, "play.yml");
    writeFileSync(
      playbook,
      [
        "- hosts: webfarm",
        "  gather_facts: false",
        "  tasks:",
        "    - copy:",
        `        dest: "${out}-{{ inventory_hostname }}.txt"`,
        "        content: \"{{ http_port }} {{ role }} {{ rack | default('none') }}\"",
        "",
      ].join("\n"),
    );
    await run(
      "/usr/bin/ansible-playbook",
      ["-i", script, "-c", "local", "-e", "ansible_python_interpreter=/usr/bin/python3", playbook],
      {
        env,
      },
    );
    // webfarm holds compute1 (label gpu) and, through its child group, db1.
    expect(readFileSync(`${out}-compute1.txt`, "utf8")).toBe("8080 compute r12");
    expect(readFileSync(`${out}-db1.txt`, "utf8")).toBe("8080 database none");
  });
});

// An inventory as a directory Ansible reads, streamed into a .tgz or .zip entry by entry (never
// built whole in memory):
//   inventory/hosts.yml               every group with its hosts and child groups (YAML inventory)
//   inventory/host_vars/<host>.yml    a host's resolved variables, ansible_host included
//   inventory/group_vars/<group>.yml  a group's variables
//   secrets/<owner>/<name>            secret values, mode 0600 (only for callers who may read them)
//   manifest.json                     what is inside, with each file's SHA-256
// `ansible-inventory -i <extracted>/inventory --list --export` gives what /v1/ansible-inventory says.
import { createHash } from "node:crypto";
import type { AnsibleInventoryJson } from "@ops/inventory-core";
import { TarArchive, ZipArchive } from "archiver";
import { dump } from "js-yaml";

export type BundleFormat = "tgz" | "zip";

export interface BundleSecret {
  readonly path: string;
  readonly value: Buffer;
}

export interface BundleContents {
  readonly inventory: AnsibleInventoryJson;
  /** Secrets to include, opened lazily one by one. */
  readonly secrets: AsyncIterable<BundleSecret>;
  readonly description: Record<string, unknown>;
}

const yaml = (value: unknown) => dump(value, { noRefs: true, lineWidth: -1 });

/** A file name that stays one path segment. */
export function safeFileName(name: string): string {
  return name.replace(/[/\\\0]/g, "_").replace(/^\.+/, "_");
}

/** Starts streaming the bundle; the returned archive is the response body. */
export function streamBundle(format: BundleFormat, contents: BundleContents) {
  const archive =
    format === "tgz"
      ? new TarArchive({ gzip: true, gzipOptions: { level: 6 } })
      : new ZipArchive({ zlib: { level: 6 } });
  const date = new Date();
  const files: Array<{ path: string; sha256: string; mode: string }> = [];
  const add = (path: string, content: string | Buffer, mode = 0o644) => {
    files.push({ path, sha256: createHash("sha256").update(content).digest("hex"), mode: mode.toString(8) });
    archive.append(content, { name: path, mode, date });
  };
  void (async () => {
    try {
      const { _meta: meta, ...groups } = contents.inventory;
      const all: Record<string, unknown> = {};
      for (const [name, group] of Object.entries(groups)) {
        all[name] = {
          ...(group.hosts ? { hosts: Object.fromEntries(group.hosts.map((host) => [host, null])) } : {}),
          ...(group.children
            ? { children: Object.fromEntries(group.children.map((child) => [child, null])) }
            : {}),
        };
      }
      // Hosts in no group are still hosts of the inventory.
      const grouped = new Set(Object.values(groups).flatMap((group) => group.hosts ?? []));
      const ungrouped = Object.keys(meta.hostvars).filter((host) => !grouped.has(host));
      add(
        "inventory/hosts.yml",
        yaml({
          all: {
            ...(ungrouped.length > 0 ? { hosts: Object.fromEntries(ungrouped.map((h) => [h, null])) } : {}),
            children: all,
          },
        }),
      );
      for (const [host, vars] of Object.entries(meta.hostvars))
        add(`inventory/host_vars/${safeFileName(host)}.yml`, yaml(vars));
      for (const [name, group] of Object.entries(groups))
        if (group.vars && Object.keys(group.vars).length > 0)
          add(`inventory/group_vars/${safeFileName(name)}.yml`, yaml(group.vars));
      let secretCount = 0;
      for await (const secret of contents.secrets) {
        add(secret.path, secret.value, 0o600);
        secretCount++;
      }
      add(
        "manifest.json",
        JSON.stringify(
          {
            ...contents.description,
            generated_at: date.toISOString(),
            hosts: Object.keys(meta.hostvars).length,
            groups: Object.keys(groups).length,
            secrets: secretCount,
            files,
          },
          null,
          2,
        ) + "\n",
      );
      await archive.finalize();
    } catch (error) {
      archive.destroy(error as Error);
    }
  })();
  return archive;
}

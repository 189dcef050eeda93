// An inventory as a directory Ansible reads, streamed into a .tgz or .zip entry by entry (never
// built whole in memory):
//   inventory/hosts.yml               every group with its hosts and child groups (YAML inventory)
//   inventory/host_vars/<host>.yml    a host's resolved variables, ansible_host included
//   inventory/group_vars/<group>.yml  a group's variables
//   secrets/<owner>/<name>            secret values, mode 0600 (only for callers who may read them)
//   manifest.json                     what is inside, with each file's SHA-256
// `ansible-inventory -i <extracted>/inventory --list --export` gives what /v1/ansible-inventory says.
// Variables files hold JSON (a subset of YAML): see variablesFile.
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { AnsibleInventoryPlan } from "@ops/inventory-core";
import type { Readable } from "node:stream";
import { ZipArchive } from "archiver";
import { dump } from "js-yaml";
import { TarGzWriter } from "./tar-writer.js";

export type BundleFormat = "tgz" | "zip";

export interface BundleSecret {
  readonly path: string;
  readonly value: Buffer;
}

export interface BundleContents {
  readonly inventory: AnsibleInventoryPlan;
  /** Secrets to include, opened lazily one by one. */
  readonly secrets: AsyncIterable<BundleSecret>;
  readonly description: Record<string, unknown>;
}

const MAX_QUEUED_ENTRIES = 32;
// zlib's level 1 compresses these repetitive files almost as well as 6, several times faster.
const COMPRESSION = 1;

const yaml = (value: unknown) => dump(value, { noRefs: true, lineWidth: -1 });

/** Whether JSON would write a number in exponent form, which YAML 1.1 (PyYAML) reads as a string. */
function hasExponentNumber(value: unknown): boolean {
  if (typeof value === "number") return /e/i.test(String(value));
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some(hasExponentNumber);
}

/**
 * A variables file: JSON, which is YAML that Ansible reads and which is written ten times faster
 * than js-yaml's block style; js-yaml only for the rare value JSON would write as `1e+21`.
 */
export function variablesFile(value: Record<string, unknown>): string {
  return hasExponentNumber(value) ? yaml(value) : `${JSON.stringify(value)}\n`;
}

/** A host's variables file from its JSON text (a digit, e, digit anywhere: checked properly). */
function hostVariablesFile(plan: AnsibleInventoryPlan, deviceId: string): string {
  const json = plan.hostvarsJson(deviceId);
  return /\de[+-]?\d/i.test(json) ? variablesFile(plan.hostvars(deviceId)) : `${json}\n`;
}

/** A file name that stays one path segment. */
export function safeFileName(name: string): string {
  return name.replace(/[/\\\0]/g, "_").replace(/^\.+/, "_");
}

/** Where the entries go: a .tgz or a .zip stream. */
interface BundleSink {
  readonly output: Readable;
  add(path: string, content: string | Buffer, mode: number): Promise<void>;
  end(): Promise<void>;
  fail(error: Error): void;
}

function tgzSink(date: Date): BundleSink {
  const writer = new TarGzWriter(COMPRESSION);
  return {
    output: writer.output,
    add: (path, content, mode) => writer.add(path, content, mode, date),
    end: () => writer.end(),
    fail: (error) => writer.output.destroy(error),
  };
}

function zipSink(date: Date): BundleSink {
  const archive = new ZipArchive({ zlib: { level: COMPRESSION } });
  // archiver queues what is appended: waiting while many entries are queued keeps the memory to a
  // few entries however large the inventory is, and lets a slow client slow the writing down.
  let queued = 0;
  archive.on("entry", () => queued--);
  return {
    output: archive,
    async add(path, content, mode) {
      archive.append(content, { name: path, mode, date });
      queued++;
      while (queued > MAX_QUEUED_ENTRIES) await once(archive, "entry");
    },
    end: () => archive.finalize(),
    fail: (error) => archive.destroy(error),
  };
}

/** Starts streaming the bundle; the returned stream is the response body. */
export function streamBundle(format: BundleFormat, contents: BundleContents): Readable {
  const date = new Date();
  const sink = format === "tgz" ? tgzSink(date) : zipSink(date);
  const files: Array<{ path: string; sha256: string; mode: string }> = [];
  const add = async (path: string, content: string | Buffer, mode = 0o644) => {
    files.push({ path, sha256: createHash("sha256").update(content).digest("hex"), mode: mode.toString(8) });
    await sink.add(path, content, mode);
  };
  void (async () => {
    try {
      const { groups, hosts } = contents.inventory;
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
      const ungrouped = hosts.map(([key]) => key).filter((host) => !grouped.has(host));
      await add(
        "inventory/hosts.yml",
        yaml({
          all: {
            ...(ungrouped.length > 0 ? { hosts: Object.fromEntries(ungrouped.map((h) => [h, null])) } : {}),
            children: all,
          },
        }),
      );
      for (const [host, id] of hosts)
        await add(`inventory/host_vars/${safeFileName(host)}.yml`, hostVariablesFile(contents.inventory, id));
      for (const [name, group] of Object.entries(groups))
        if (group.vars && Object.keys(group.vars).length > 0)
          await add(`inventory/group_vars/${safeFileName(name)}.yml`, variablesFile(group.vars));
      let secretCount = 0;
      for await (const secret of contents.secrets) {
        await add(secret.path, secret.value, 0o600);
        secretCount++;
      }
      await add(
        "manifest.json",
        JSON.stringify(
          {
            ...contents.description,
            generated_at: date.toISOString(),
            hosts: hosts.length,
            groups: Object.keys(groups).length,
            secrets: secretCount,
            files,
          },
          null,
          2,
        ) + "\n",
      );
      await sink.end();
    } catch (error) {
      sink.fail(error as Error);
    }
  })();
  return sink.output;
}

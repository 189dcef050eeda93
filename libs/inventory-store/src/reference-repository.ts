// References: URLs of YAML files holding a group's variables (file:// under a configured folder,
// http:// and https://). Each fetch is validated as a YAML mapping and cached with its SHA-256;
// a failed fetch is recorded on the reference (status "error" and why) and the last good copy
// keeps serving, so an unreachable file server never breaks an inventory.
import { createHash } from "node:crypto";
import { readFile, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InventoryError } from "@ops/inventory-core";
import { load } from "js-yaml";
import type { InventoryClient } from "./inventory-client.js";
import type { Variables } from "./variable-sets.js";

export interface ReferenceSettings {
  /** The folder file:// references must be inside; none: file:// is refused. */
  readonly fileRoot?: string;
  /** @defaultValue 10000 */
  readonly fetchTimeoutMs?: number;
  /** @defaultValue 1 MiB */
  readonly maxBytes?: number;
}

export interface ReferenceInput {
  readonly name: string;
  readonly groupId: number;
  readonly url: string;
}

const FIELDS = ["name", "group_id", "url"];

/** Reads a POST /v1/references body. */
export function readReferenceInput(body: unknown): ReferenceInput {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new InventoryError(
      "INV_ERR_BAD_REQUEST",
      "the body must be a JSON object with name, group_id and url",
    );
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields))
    if (!FIELDS.includes(key))
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        `${key} is not a field of a reference; known: ${FIELDS.join(", ")}`,
        { field: key },
      );
  const { name, group_id: groupId, url } = fields;
  if (typeof name !== "string" || name.trim() === "" || name.length > 255)
    throw new InventoryError(
      "INV_ERR_BAD_REQUEST",
      "name must be a non-empty string of at most 255 characters",
      { field: "name" },
    );
  if (!Number.isSafeInteger(groupId) || (groupId as number) < 1)
    throw new InventoryError("INV_ERR_BAD_REQUEST", "group_id must be the id of a group", {
      field: "group_id",
    });
  if (typeof url !== "string" || url.length > 2048 || !/^(file|https?):\/\//.test(url))
    throw new InventoryError("INV_ERR_BAD_REQUEST", "url must be a file://, http:// or https:// URL", {
      field: "url",
    });
  try {
    new URL(url);
  } catch {
    throw new InventoryError("INV_ERR_BAD_REQUEST", `url is not a valid URL: ${url}`, { field: "url" });
  }
  return { name, groupId: groupId as number, url };
}

type Fetched = { ok: true; content: string; digest: string } | { ok: false; error: string };

export class ReferenceRepository {
  constructor(
    private readonly client: InventoryClient,
    private readonly settings: ReferenceSettings,
  ) {}

  async create(projectId: string, input: ReferenceInput) {
    const group = await this.client.group.findFirst({ where: { projectId, id: input.groupId } });
    if (group === null)
      throw new InventoryError("INV_ERR_BAD_REQUEST", `group_id: group ${input.groupId} does not exist`, {
        field: "group_id",
      });
    if (input.url.startsWith("file:")) this.checkFileUrl(input.url);
    const existing = await this.client.reference.findFirst({ where: { projectId, name: input.name } });
    if (existing !== null)
      throw new InventoryError(
        "INV_ERR_DUPLICATE",
        `A reference named ${JSON.stringify(input.name)} already exists in this project`,
      );
    const fetched = await this.fetch(input.url);
    const now = new Date();
    return this.client.reference.create({
      data: {
        projectId,
        groupId: input.groupId,
        name: input.name,
        url: input.url,
        createdAt: now,
        fetchedAt: now,
        ...(fetched.ok
          ? { status: "ok", content: fetched.content, digest: fetched.digest }
          : { status: "error", error: fetched.error }),
      },
    });
  }

  async list(projectId: string, groupId?: number) {
    return this.client.reference.findMany({
      where: { projectId, ...(groupId === undefined ? {} : { groupId }) },
      orderBy: { id: "asc" },
    });
  }

  async find(projectId: string, id: number) {
    const row = await this.client.reference.findFirst({ where: { projectId, id } });
    if (row === null) throw new InventoryError("INV_ERR_NOT_FOUND", `reference ${id} does not exist`, { id });
    return row;
  }

  /** Fetches again; a failure keeps the last good copy. */
  async refresh(projectId: string, id: number) {
    const row = await this.find(projectId, id);
    const fetched = await this.fetch(row.url);
    return this.client.reference.update({
      where: { id },
      data: {
        fetchedAt: new Date(),
        updatedAt: new Date(),
        ...(fetched.ok
          ? { status: "ok", content: fetched.content, digest: fetched.digest, error: null }
          : { status: "error", error: fetched.error }),
      },
    });
  }

  async remove(projectId: string, id: number) {
    await this.find(projectId, id);
    await this.client.reference.delete({ where: { id } });
  }

  /** Each group's variables from its references' last good copies (earlier references win). */
  async variablesByGroup(projectId: string): Promise<Map<number, Variables>> {
    const rows = await this.client.reference.findMany({
      where: { projectId, content: { not: null } },
      orderBy: { id: "desc" },
      select: { groupId: true, content: true },
    });
    const result = new Map<number, Variables>();
    for (const row of rows) {
      const variables = parseMapping(row.content!);
      if (variables !== undefined)
        result.set(row.groupId, { ...(result.get(row.groupId) ?? {}), ...variables });
    }
    return result;
  }

  private checkFileUrl(url: string): string {
    const root = this.settings.fileRoot;
    if (root === undefined)
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        "url: file:// references are disabled (no reference folder is configured)",
        { field: "url" },
      );
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      throw new InventoryError("INV_ERR_BAD_REQUEST", `url is not a file URL with an absolute path: ${url}`, {
        field: "url",
      });
    }
    const inside = relative(resolve(root), resolve(path));
    if (inside.startsWith("..") || isAbsolute(inside))
      throw new InventoryError("INV_ERR_BAD_REQUEST", `url: file:// references must be inside ${root}`, {
        field: "url",
      });
    return path;
  }

  private async fetch(url: string): Promise<Fetched> {
    const maxBytes = this.settings.maxBytes ?? 1024 * 1024;
    let text: string;
    try {
      if (url.startsWith("file:")) {
        const path = this.checkFileUrl(url);
        // A symbolic link must not lead out of the folder either.
        this.checkFileUrl(`file://${await realpath(path)}`);
        const buffer = await readFile(path);
        if (buffer.length > maxBytes)
          return { ok: false, error: `the file is larger than ${maxBytes} bytes` };
        text = buffer.toString("utf8");
      } else {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(this.settings.fetchTimeoutMs ?? 10_000),
        });
        if (!response.ok)
          return { ok: false, error: `GET ${url} answered ${response.status} ${response.statusText}` };
        text = await response.text();
        if (Buffer.byteLength(text) > maxBytes)
          return { ok: false, error: `the file is larger than ${maxBytes} bytes` };
      }
    } catch (error) {
      if (error instanceof InventoryError) return { ok: false, error: error.message };
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return {
        ok: false,
        error: `fetching ${url} failed: ${(error as Error).message}${cause ? ` (${cause})` : ""}`,
      };
    }
    let parsed: unknown;
    try {
      parsed = load(text);
    } catch (error) {
      return { ok: false, error: `not valid YAML: ${(error as Error).message.split("\n")[0]}` };
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      return { ok: false, error: "the YAML document is not a mapping of variables" };
    return { ok: true, content: text, digest: createHash("sha256").update(text).digest("hex") };
  }
}

function parseMapping(text: string): Variables | undefined {
  try {
    const value = load(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Variables)
      : undefined;
  } catch {
    return undefined;
  }
}

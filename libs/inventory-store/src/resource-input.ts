// Request bodies and filter values checked against a resource's fields: unknown fields, wrong
// types, over-long strings and bad IP addresses are refused with the field's name.
import { isIP } from "node:net";
import { InventoryError } from "@ops/inventory-core";
import type { FieldSpec, ResourceSpec } from "./resource-specs.js";
import { checkVariablesBody, type Variables } from "./variable-sets.js";

/** Members of a group, by id (hosts, child groups) or name (labels). */
export interface GroupMembers {
  readonly hosts?: number[];
  readonly labels?: string[];
  readonly children?: number[];
}

export interface ResourceInput {
  /** Prisma columns to write. */
  readonly data: Record<string, unknown>;
  readonly variables?: Variables;
  readonly labels?: string[];
  readonly members?: GroupMembers;
}

function bad(message: string, field: string): InventoryError {
  return new InventoryError("INV_ERR_BAD_REQUEST", message, { field });
}

function checkValue(key: string, field: FieldSpec, value: unknown): unknown {
  if (value === null) {
    if (field.required) throw bad(`${key} must not be null`, key);
    return null;
  }
  switch (field.type) {
    case "string":
      if (typeof value !== "string") throw bad(`${key} must be a string; got ${JSON.stringify(value)}`, key);
      if (field.required && value.trim() === "") throw bad(`${key} must not be empty`, key);
      if (value.length > (field.maxLength ?? 255))
        throw bad(`${key} must have at most ${field.maxLength ?? 255} characters`, key);
      return value;
    case "ip":
      if (typeof value !== "string" || isIP(value) === 0)
        throw bad(`${key} must be an IPv4 or IPv6 address; got ${JSON.stringify(value)}`, key);
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
        throw bad(`${key} must be a non-negative integer; got ${JSON.stringify(value)}`, key);
      return value;
    case "boolean":
      if (typeof value !== "boolean")
        throw bad(`${key} must be true or false; got ${JSON.stringify(value)}`, key);
      return value;
    case "json":
      return JSON.stringify(value);
  }
}

function stringList(key: string, value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== "string" || item === "" || item.length > 255)
  )
    throw bad(`${key} must be a list of non-empty strings (at most 255 characters each)`, key);
  return [...new Set(value as string[])];
}

function idList(key: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.some((item) => !Number.isSafeInteger(item) || (item as number) < 1))
    throw bad(`${key} must be a list of ids (positive integers)`, key);
  return [...new Set(value as number[])];
}

/**
 * Reads a create (`partial` false) or update (`partial` true) body. Besides the fields, hosts and
 * network devices take `labels` and `variables`, groups `hosts`, `labels`, `children` and
 * `variables`, every other resource `variables` (on create only).
 */
export function readResourceInput(spec: ResourceSpec, body: unknown, partial: boolean): ResourceInput {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new InventoryError(
      "INV_ERR_BAD_REQUEST",
      `the body must be a JSON object of ${spec.singular} fields`,
    );
  const data: Record<string, unknown> = {};
  let variables: Variables | undefined;
  let labels: string[] | undefined;
  const members: { hosts?: number[]; labels?: string[]; children?: number[] } = {};
  const isDevice = spec.model === "device";
  const isGroup = spec.model === "group";
  for (const [key, value] of Object.entries(body)) {
    const field = spec.fields[key];
    if (field !== undefined && !field.derived) {
      if (partial && field.fixed)
        throw bad(`${key} cannot be changed; create the ${spec.singular} again`, key);
      data[field.column] = checkValue(key, field, value);
    } else if (field?.derived && key === "cloud_id") {
      // Accepted when it matches the parent's cloud (checked by the repository).
      data["cloudId"] = checkValue(key, { ...field, derived: false }, value);
    } else if (key === "variables" && !partial) {
      variables = checkVariablesBody(value, "variables");
    } else if (key === "labels" && isDevice) {
      labels = stringList(key, value);
    } else if (isGroup && key === "labels") {
      members.labels = stringList(key, value);
    } else if (isGroup && (key === "hosts" || key === "children")) {
      members[key] = idList(key, value);
    } else {
      const known = Object.keys(spec.fields).filter(
        (name) => !spec.fields[name]!.derived || name === "cloud_id",
      );
      const extras = [
        ...(partial ? [] : ["variables"]),
        ...(isDevice ? ["labels"] : []),
        ...(isGroup ? ["hosts", "labels", "children"] : []),
      ];
      throw bad(
        `${key} is not a field of a ${spec.singular}${key === "variables" ? " update (use /variables)" : ""}; ` +
          `known: ${[...known, ...extras].join(", ")}`,
        key,
      );
    }
  }
  if (!partial) {
    for (const [key, field] of Object.entries(spec.fields)) {
      if (field.required && data[field.column] === undefined) throw bad(`${key} is required`, key);
    }
  }
  return {
    data,
    ...(variables ? { variables } : {}),
    ...(labels ? { labels } : {}),
    ...(isGroup ? { members } : {}),
  };
}

/** A filter's query value as the field's type. */
export function readFilterValue(key: string, field: FieldSpec, text: string): unknown {
  switch (field.type) {
    case "integer":
      if (!/^\d+$/.test(text))
        throw new InventoryError("INV_ERR_BAD_REQUEST", `${key} must be an integer; got ${text}`, {
          parameter: key,
        });
      return Number(text);
    case "boolean":
      if (!["true", "false"].includes(text.toLowerCase()))
        throw new InventoryError("INV_ERR_BAD_REQUEST", `${key} must be true or false; got ${text}`, {
          parameter: key,
        });
      return text.toLowerCase() === "true";
    default:
      return text;
  }
}

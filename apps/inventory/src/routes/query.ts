// Query strings checked before use: every parameter must be one the route knows, given once.
import { InventoryError } from "@ops/inventory-core";

export type Query = Record<string, string | undefined>;

export function readQuery(raw: unknown, known: readonly string[]): Query {
  const query: Query = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (!known.includes(key))
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        `${key} is not a parameter of this request; known: ${known.join(", ")}`,
        {
          parameter: key,
        },
      );
    if (typeof value !== "string")
      throw new InventoryError("INV_ERR_BAD_REQUEST", `${key} must be given once`, { parameter: key });
    query[key] = value;
  }
  return query;
}

export function readFlag(query: Query, key: string, fallback: boolean): boolean {
  const value = query[key];
  if (value === undefined) return fallback;
  if (!["true", "false"].includes(value.toLowerCase()))
    throw new InventoryError("INV_ERR_BAD_REQUEST", `${key} must be true or false; got ${value}`, {
      parameter: key,
    });
  return value.toLowerCase() === "true";
}

export function readId(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
    throw new InventoryError("INV_ERR_NOT_FOUND", `${what} ${text} does not exist`, { id: text });
  return Number(text);
}

export function readOptionalId(query: Query, key: string): number | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value))
    throw new InventoryError("INV_ERR_BAD_REQUEST", `${key} must be an id; got ${value}`, { parameter: key });
  return Number(value);
}

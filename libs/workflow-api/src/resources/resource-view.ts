// Helpers the resource views share: which variant of a resource an endpoint answers with, and the
// `fields` projection of list endpoints.
import { pyJsonDumps } from "@ops/dsl";

/**
 * Which form of a resource an answer carries, as Mistral's controllers produce them: `get` (every
 * field), `list` (big fields left out unless asked for), `created` (what was just inserted: columns
 * not written are absent, e.g. `updated_at`), `updated` (PUT answers).
 */
export type ViewVariant = "get" | "list" | "created" | "updated";

/** A resource as it goes on the wire. */
export type ResourceView = Record<string, unknown>;

/** JSON-encodes a JSON column for the wire (`input`, `params`...), null staying null. */
export function jsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : pyJsonDumps(value);
}

/**
 * Keeps only `fields` (for `?fields=`): Mistral builds such resources from the selected columns only,
 * so fields that are not columns (`result` of a task...) are left out.
 */
export function projectFields(
  view: ResourceView,
  fields: readonly string[],
  columns: readonly string[],
): ResourceView {
  if (fields.length === 0) return view;
  const out: ResourceView = {};
  for (const field of fields) {
    if (columns.includes(field) && field in view) out[field] = view[field];
  }
  return out;
}

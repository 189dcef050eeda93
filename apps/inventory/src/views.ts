// Rows as the API shows them: Craton's snake_case field names, ISO timestamps, JSON columns decoded.
import type { ResourceSpec } from "@ops/inventory-store";

type Row = Record<string, unknown>;

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

export function resourceView(spec: ResourceSpec, row: Row): Record<string, unknown> {
  const view: Record<string, unknown> = { id: row["id"], project_id: row["projectId"] };
  for (const [key, field] of Object.entries(spec.fields)) {
    const value = row[field.column];
    view[key] = field.type === "json" && typeof value === "string" ? JSON.parse(value) : (value ?? null);
  }
  if (spec.model === "device") view["type"] = row["kind"];
  view["created_at"] = iso(row["createdAt"]);
  view["updated_at"] = iso(row["updatedAt"]);
  return view;
}

export function timestamps(row: { createdAt: Date; updatedAt: Date | null }) {
  return { created_at: iso(row.createdAt), updated_at: iso(row.updatedAt) };
}

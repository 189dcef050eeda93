// Every error of the inventory (libs/inventory-core, libs/inventory-store, apps/inventory) has a
// stable code from this registry; the inventory app maps them to HTTP statuses.

export const INVENTORY_ERROR_CODES = {
  INV_ERR_VARS_QUERY:
    "A `vars` filter is not `path:value[,path:value...]` with a JSON path subset and a JSON value.",
  INV_ERR_PARENT_CYCLE: "Making a device the parent of another would make it its own ancestor.",
  INV_ERR_GROUP_CYCLE: "Adding a group to another would make it contain itself.",
  INV_ERR_BAD_REQUEST: "A body or query parameter is malformed, unknown or of the wrong type.",
  INV_ERR_NOT_FOUND: "No such object in the caller's project.",
  INV_ERR_DUPLICATE: "An object with the same name already exists where names must be unique.",
  INV_ERR_IN_USE: "The object still has children or members that depend on it.",
  INV_ERR_CONFLICT: "Concurrent changes kept colliding; the request may be retried.",
  INV_ERR_SECRET_KEY: "No configured key can open a secret, or the key configuration is invalid.",
  INV_ERR_NOT_ALLOWED: "The caller's roles do not allow this.",
} as const;

export type InventoryErrorCode = keyof typeof INVENTORY_ERROR_CODES;

export class InventoryError extends Error {
  override readonly name = "InventoryError";

  constructor(
    readonly code: InventoryErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

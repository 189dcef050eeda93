// Every error of libs/inventory-core has a stable code from this registry; the inventory app maps
// them to HTTP statuses (a cycle or a bad query is the caller's 400).

export const INVENTORY_ERROR_CODES = {
  INV_ERR_VARS_QUERY:
    "A `vars` filter is not `path:value[,path:value...]` with a JSON path subset and a JSON value.",
  INV_ERR_PARENT_CYCLE: "Making a device the parent of another would make it its own ancestor.",
  INV_ERR_GROUP_CYCLE: "Adding a group to another would make it contain itself.",
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

// @ops/inventory-store — the inventory's database (Prisma on SQLite, PostgreSQL or MySQL/MariaDB)
// and its repositories: projects, clouds, regions, cells, devices, networks, interfaces, groups,
// variables, labels, secrets and references, plus the snapshot the Ansible inventory is made from.
export {
  INVENTORY_PRISMA_DIRECTORY,
  InventoryStore,
  inventoryDatabaseStatus,
  openInventoryStore,
  upgradeInventoryDatabase,
} from "./inventory-store.js";
export type { InventoryStoreOptions } from "./inventory-store.js";
export type { InventoryClient, InventoryTransaction } from "./inventory-client.js";
export { COMMON_SORT_KEYS, RESOURCES, sortKeysOf } from "./resource-specs.js";
export type { FieldSpec, FieldType, OwnerKind, ResourceName, ResourceSpec } from "./resource-specs.js";
export { readFilterValue, readResourceInput } from "./resource-input.js";
export type { GroupMembers, ResourceInput } from "./resource-input.js";
export { ResourceRepository } from "./resource-repository.js";
export type { ListRequest } from "./resource-repository.js";
export { DEFAULT_LIMIT, MAX_LIMIT, MIN_LIMIT, readPageRequest } from "./pagination.js";
export type { Page, PageRequest } from "./pagination.js";
export { checkVariablesBody, VariableSets } from "./variable-sets.js";
export type { Variables } from "./variable-sets.js";
export { SnapshotLoader } from "./snapshot-loader.js";
export type { HostSelection } from "./snapshot-loader.js";
export { readReferenceInput, ReferenceRepository } from "./reference-repository.js";
export type { ReferenceInput, ReferenceSettings } from "./reference-repository.js";
export { parseSecretKeys, SecretBox } from "./secret-box.js";
export type { SecretKey } from "./secret-box.js";
export { readSecretInput, SECRET_OWNER_KINDS, SecretRepository } from "./secret-repository.js";
export type { SecretInput, SecretMetadata, SecretOwnerKind } from "./secret-repository.js";

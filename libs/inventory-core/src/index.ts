// @ops/inventory-core — the inventory's rules, pure (no I/O): Craton's variable resolution with
// blame, device ancestry and group graphs without cycles, and the `vars=path:value` filter.
export { resolvedValues, resolveVariables } from "./variable-resolution.js";
export type { ResolvedVariables, VariableLayer, VariableSource } from "./variable-resolution.js";
export { ancestorsOf, checkParent } from "./device-ancestry.js";
export type { ParentOf } from "./device-ancestry.js";
export { checkChildGroup, descendantGroups, groupHosts } from "./group-graph.js";
export type { ChildGroupsOf, GroupMembership } from "./group-graph.js";
export { jsonContains, matchesVars, parseVarsQuery, valuesAt } from "./vars-query.js";
export type { PathLeg, VarsCondition } from "./vars-query.js";
export {
  ansibleGroupName,
  ansibleInventory,
  deviceLayers,
  indexSnapshot,
  planAnsibleInventory,
} from "./ansible-inventory.js";
export type {
  AnsibleGroup,
  AnsibleInventoryJson,
  AnsibleInventoryPlan,
  InventorySnapshot,
  SnapshotIndex,
} from "./ansible-inventory.js";
export { INVENTORY_ERROR_CODES, InventoryError } from "./inventory-error.js";
export type { InventoryErrorCode } from "./inventory-error.js";

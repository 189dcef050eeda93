// Groups hold hosts, labels (every host with the label is a member) and other groups. A group may
// not contain itself, however deep: adding a child that would close a loop is refused.
import { InventoryError } from "./inventory-error.js";

/** The direct child groups of a group. */
export type ChildGroupsOf = (groupId: string) => readonly string[];

/** Every group below `groupId` (children, their children...), each once, nearest first. */
export function descendantGroups(groupId: string, childGroupsOf: ChildGroupsOf): string[] {
  const found: string[] = [];
  const seen = new Set<string>([groupId]);
  const queue = [groupId];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of childGroupsOf(next)) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Checks that `childId` may be added to `parentId`.
 * @throws InventoryError `INV_ERR_GROUP_CYCLE` when the parent is the child or lies below it
 */
export function checkChildGroup(parentId: string, childId: string, childGroupsOf: ChildGroupsOf): void {
  if (parentId === childId || descendantGroups(childId, childGroupsOf).includes(parentId)) {
    throw new InventoryError(
      "INV_ERR_GROUP_CYCLE",
      `Group ${childId} cannot be added to group ${parentId}: ${parentId} would then contain itself.`,
      { parentId, childId },
    );
  }
}

/** How a group's members are found. */
export interface GroupMembership {
  readonly childGroupsOf: ChildGroupsOf;
  /** Hosts added to the group itself. */
  readonly hostsOf: (groupId: string) => readonly string[];
  /** Labels added to the group itself (their hosts are members). */
  readonly labelsOf: (groupId: string) => readonly string[];
  readonly hostsWithLabel: (label: string) => readonly string[];
}

/** The hosts of a group and of every group below it, direct or through labels, each once. */
export function groupHosts(groupId: string, membership: GroupMembership): string[] {
  const hosts = new Set<string>();
  for (const group of [groupId, ...descendantGroups(groupId, membership.childGroupsOf)]) {
    for (const host of membership.hostsOf(group)) hosts.add(host);
    for (const label of membership.labelsOf(group))
      for (const host of membership.hostsWithLabel(label)) hosts.add(host);
  }
  return [...hosts];
}

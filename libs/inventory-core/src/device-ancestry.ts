// Devices may have a parent device (a host in a chassis, a switch in a rack); the chain of parents
// is part of a device's variable resolution order, so it must never loop.
import { InventoryError } from "./inventory-error.js";

/** A device's parent, as far as ancestry is concerned. */
export type ParentOf = (deviceId: string) => string | null | undefined;

/** The device's ancestors, nearest first. Stops (rather than loops) at a cycle already stored. */
export function ancestorsOf(deviceId: string, parentOf: ParentOf): string[] {
  const ancestors: string[] = [];
  const seen = new Set<string>([deviceId]);
  for (let parent = parentOf(deviceId); parent; parent = parentOf(parent)) {
    if (seen.has(parent)) break;
    seen.add(parent);
    ancestors.push(parent);
  }
  return ancestors;
}

/**
 * Checks that `parentId` may become the parent of `deviceId`.
 * @throws InventoryError `INV_ERR_PARENT_CYCLE` naming the chain that would loop
 */
export function checkParent(deviceId: string, parentId: string | null, parentOf: ParentOf): void {
  if (parentId === null) return;
  const chain = [parentId, ...ancestorsOf(parentId, parentOf)];
  const at = chain.indexOf(deviceId);
  if (parentId === deviceId || at >= 0) {
    const loop = [deviceId, ...chain.slice(0, at < 0 ? 0 : at + 1)];
    throw new InventoryError(
      "INV_ERR_PARENT_CYCLE",
      `Device ${parentId} cannot be the parent of device ${deviceId}: ${loop.join(" → ")} would be a cycle.`,
      { deviceId, parentId },
    );
  }
}

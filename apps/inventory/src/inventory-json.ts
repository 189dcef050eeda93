// Ansible's inventory JSON written out host by host: groups first, then `_meta.hostvars`, each
// host's variables resolved only when its turn comes, so the service never holds the whole
// document (tens of megabytes for 10,000 hosts) in memory at once.
import { Readable } from "node:stream";
import type { AnsibleInventoryPlan } from "@ops/inventory-core";

const HOSTS_PER_CHUNK = 100;

function* chunks(plan: AnsibleInventoryPlan): Generator<string> {
  let text = "{";
  for (const [name, group] of Object.entries(plan.groups))
    text += `${JSON.stringify(name)}:${JSON.stringify(group)},`;
  text += '"_meta":{"hostvars":{';
  let count = 0;
  for (const [key, id] of plan.hosts) {
    text += `${count === 0 ? "" : ","}${JSON.stringify(key)}:${plan.hostvarsJson(id)}`;
    if (++count % HOSTS_PER_CHUNK === 0) {
      yield text;
      text = "";
    }
  }
  yield `${text}}}}`;
}

/** The inventory JSON as a stream of text chunks. */
export function inventoryJsonStream(plan: AnsibleInventoryPlan): Readable {
  return Readable.from(chunks(plan), { objectMode: false });
}

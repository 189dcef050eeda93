// Where the parts of a built spec were written, so that checks made on the spec (unknown tasks, joins,
// cycles) can point at the source. Kept beside the spec, not in it: specs stay plain data.
import type { Located, Where } from "./spec-reader.js";

/** Source places of spec objects and of their keys. */
export class SpecLocations {
  private readonly places = new WeakMap<object, Where>();
  private readonly keyPlaces = new WeakMap<object, Map<string, Where>>();

  /** Records where `object` (a task, a transition, a workflow...) was written. */
  set(object: object, where: Where): void {
    this.places.set(object, where);
  }

  /** Where `object` was written. */
  get(object: object): Where | undefined {
    return this.places.get(object);
  }

  /** Records where a key (or `key[index]`) of `object` was written. */
  setKey(object: object, key: string, where: Where): void {
    let keys = this.keyPlaces.get(object);
    if (keys === undefined) {
      keys = new Map();
      this.keyPlaces.set(object, keys);
    }
    keys.set(key, where);
  }

  /** Records where each item of a list (or a lone string standing for one) was written, as `key[i]`. */
  setListKeys(object: object, key: string, at: Located): void {
    if (at.node.kind === "sequence") {
      at.node.items.forEach((item, index) => {
        this.setKey(object, `${key}[${index}]`, { position: item.position, path: [...at.path, index] });
      });
    } else {
      this.setKey(object, `${key}[0]`, { position: at.node.position, path: at.path });
    }
  }

  /** Where a key of `object` was written, or else `object` itself. */
  key(object: object, key: string): Where | undefined {
    return this.keyPlaces.get(object)?.get(key) ?? this.places.get(object);
  }
}

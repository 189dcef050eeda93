// Craton's variable resolution: an object's resolved variables are its own, then those of each
// object further up its resolution order (a host: itself, its parent devices nearest first, its
// cell, region, cloud, project). The first object that has a key supplies its whole value — no
// deep merge — and `blame` says which object that was.

/** Which object a resolved value came from. */
export interface VariableSource {
  readonly kind:
    | "project"
    | "cloud"
    | "region"
    | "cell"
    | "device"
    | "host"
    | "network-device"
    | "network"
    | "network-interface"
    | "group"
    | "reference";
  readonly id: string;
  readonly name?: string;
}

/** One object of a resolution order, with its own variables. */
export interface VariableLayer {
  readonly source: VariableSource;
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface ResolvedVariables {
  readonly values: Record<string, unknown>;
  /** For each key of `values`, the object that supplied it. */
  readonly blame: Record<string, VariableSource>;
}

/** Resolves variables over layers given nearest first. */
export function resolveVariables(layers: readonly VariableLayer[]): ResolvedVariables {
  const values: Record<string, unknown> = {};
  const blame: Record<string, VariableSource> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.variables)) {
      if (Object.hasOwn(values, key)) continue;
      Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
      blame[key] = layer.source;
    }
  }
  return { values, blame };
}

/**
 * The values of {@link resolveVariables} without the blame, for bulk output: the nearest layer is
 * assigned last so that it wins. The object has no prototype, so a key named `__proto__` is a key.
 */
export function resolvedValues(layers: readonly VariableLayer[]): Record<string, unknown> {
  const values = Object.create(null) as Record<string, unknown>;
  for (let at = layers.length - 1; at >= 0; at--) Object.assign(values, layers[at]!.variables);
  return values;
}

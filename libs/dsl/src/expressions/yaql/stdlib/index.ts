// YAQL's standard library as Mistral loads it (yaql.create_context() with every module), plus
// Mistral's own functions. Overloads are tried in registration order, first fit wins, so modules
// keep their overloads disjoint.
import { YaqlFunctionRegistry } from "../yaql-functions.js";
import { registerCollections } from "./collections.js";
import { registerCore } from "./core.js";
import { registerMath } from "./math.js";
import { registerMistralFunctions } from "./mistral.js";
import { registerStrings } from "./strings.js";

/** A registry with every standard function. */
export function createStandardLibrary(): YaqlFunctionRegistry {
  const registry = new YaqlFunctionRegistry();
  registerCore(registry);
  registerMath(registry);
  registerStrings(registry);
  registerCollections(registry);
  registerMistralFunctions(registry);
  return registry;
}

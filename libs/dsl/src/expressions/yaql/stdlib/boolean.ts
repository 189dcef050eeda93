// yaql's boolean.py: bool() and isBoolean(). The operators and/or/not are built into the evaluator.
import { defineFunction, param, type YaqlFunctionRegistry } from "../yaql-functions.js";
import { truthy } from "../yaql-values.js";

export function registerBoolean(registry: YaqlFunctionRegistry): void {
  registry.register(
    // Python truthiness: bool('false') is true, bool([]) and bool(0.0) are false.
    defineFunction("bool", "function", [param.any("value")], ([value]) => truthy(value)),
    defineFunction("isBoolean", "function", [param.any("value")], ([value]) => typeof value === "boolean"),
  );
}

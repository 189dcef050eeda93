// yaql's common.py: comparisons with null, which never fail. null is below every other value
// (`null < 1` and `null < 'a'` are true) and equal to itself (`null <= null` is true).
// Equality (`=`, `!=`) lives with the evaluator's core functions.
import { defineFunction, param, type YaqlFunctionRegistry } from "../yaql-functions.js";

/** Any value but null. */
const someValue = (name: string) => param.of(name, () => true);
/** Only null. */
const onlyNull = (name: string) => param.of(name, () => false, { nullable: true });

const OPERATORS = ["<", "<=", ">", ">="] as const;

/** The answer of each operator for (value, null), (null, value) and (null, null). */
const ANSWERS: Record<(typeof OPERATORS)[number], [boolean, boolean, boolean]> = {
  "<": [false, true, false],
  "<=": [false, true, true],
  ">": [true, false, false],
  ">=": [true, false, true],
};

export function registerCommon(registry: YaqlFunctionRegistry): void {
  const sides = [
    [someValue("left"), onlyNull("right")],
    [onlyNull("left"), someValue("right")],
    [onlyNull("left"), onlyNull("right")],
  ];
  // Registered in common.py's order: value-null for each operator, then null-value, then null-null.
  for (let kind = 0; kind < 3; kind++) {
    for (const op of OPERATORS) {
      const answer = ANSWERS[op][kind]!;
      registry.register(defineFunction(`#operator_${op}`, "function", sides[kind]!, () => answer));
    }
  }
}

// yaql's branching.py: switch(), selectCase(), switchCase(), selectAllCases(), examine() and
// coalesce(). Conditions and results are lazy: only the branches needed are evaluated.
import {
  defineFunction,
  param,
  type YaqlFunctionRegistry,
  type YaqlLambda,
  type YaqlMappingRule,
} from "../yaql-functions.js";
import { isYaqlInt, lazy, truthy } from "../yaql-values.js";

export function registerBranching(registry: YaqlFunctionRegistry): void {
  const lambdas = { rest: param.lambda("args") };
  registry.register(
    // switch(cond1 => value1, cond2 => value2, ...): the value of the first true condition, else null.
    defineFunction(
      "switch",
      "function",
      [],
      ([rules]) => {
        for (const rule of rules as YaqlMappingRule[]) if (truthy(rule.source())) return rule.destination();
        return null;
      },
      { rest: param.mappingRule("args"), positionalMappings: true },
    ),
    // selectCase(cond, ...): the index of the first true condition, or the number of conditions.
    defineFunction(
      "selectCase",
      "function",
      [],
      ([conditions]) => {
        const list = conditions as YaqlLambda[];
        const index = list.findIndex((condition) => truthy(condition()));
        return index < 0 ? list.length : index;
      },
      lambdas,
    ),
    // n.switchCase(value0, value1, ...): the n-th value; the last one when n is out of range.
    defineFunction(
      "switchCase",
      "method",
      [param.of("case", (v) => typeof v === "boolean" || isYaqlInt(v))],
      ([index, cases]) => {
        const list = cases as YaqlLambda[];
        const n = Number(index);
        if (n >= 0 && n < list.length) return list[n]!();
        return list.length === 0 ? null : list[list.length - 1]!();
      },
      lambdas,
    ),
    defineFunction(
      "selectAllCases",
      "function",
      [],
      ([conditions]) =>
        lazy(function* () {
          const list = conditions as YaqlLambda[];
          for (let i = 0; i < list.length; i++) if (truthy(list[i]!())) yield i;
        }),
      lambdas,
    ),
    defineFunction(
      "examine",
      "function",
      [],
      ([conditions]) =>
        lazy(function* () {
          for (const condition of conditions as YaqlLambda[]) yield truthy(condition());
        }),
      lambdas,
    ),
    // coalesce(a, b, ...): the first value that is not null.
    defineFunction(
      "coalesce",
      "function",
      [],
      ([values]) => {
        for (const value of values as YaqlLambda[]) {
          const result = value();
          if (result !== null && result !== undefined) return result;
        }
        return null;
      },
      lambdas,
    ),
  );
}

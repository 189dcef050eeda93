// The functions behind YAQL's syntax: list and map literals, the indexer, equality, and the
// context functions let/with/def/unpack used with `->` (yaql's system.py and parts of
// collections.py and common.py).
import { pyEquals } from "../../../python/py-compare.js";
import { pyRepr } from "../../../python/py-repr.js";
import { toJsNumber, setDictItem } from "../../../python/py-types.js";
import { yaqlError } from "../yaql-errors.js";
import {
  defineFunction,
  optional,
  param,
  type YaqlFunctionRegistry,
  type YaqlLambda,
  type YaqlMappingRule,
} from "../yaql-functions.js";
import { dictKey, iterate, truthy, type YaqlIterator } from "../yaql-values.js";

/** Python indexing of a sequence: negative indexes count from the end; out of range raises. */
export function indexSequence(items: readonly unknown[], index: number | bigint): unknown {
  const i = toJsNumber(index);
  const resolved = i < 0 ? items.length + i : i;
  if (resolved < 0 || resolved >= items.length) throw yaqlError("IndexError", "tuple index out of range");
  return items[resolved];
}

export function registerCore(registry: YaqlFunctionRegistry): void {
  registry.register(
    defineFunction("#list", "function", [], ([items]) => [...(items as unknown[])], {
      rest: param.any("args"),
    }),

    defineFunction(
      "#map",
      "function",
      [],
      ([rules]) => {
        const result: Record<string, unknown> = {};
        for (const rule of rules as YaqlMappingRule[])
          setDictItem(result, dictKey(rule.source()), rule.destination());
        return result;
      },
      { rest: param.mappingRule("args"), positionalMappings: true },
    ),

    defineFunction("#indexer", "function", [param.sequence("list"), param.int("index")], ([items, index]) =>
      indexSequence(items, index),
    ),
    defineFunction("#indexer", "function", [param.dict("dict"), param.any("key")], ([dict, key]) => {
      const k = dictKey(key);
      if (!Object.hasOwn(dict, k)) throw yaqlError("KeyError", pyRepr(key));
      return dict[k];
    }),
    defineFunction(
      "#indexer",
      "function",
      [param.dict("dict"), param.any("key"), param.any("default")],
      ([dict, key, fallback]) => {
        const k = dictKey(key);
        return Object.hasOwn(dict, k) ? dict[k] : fallback;
      },
    ),

    defineFunction("#operator_=", "function", [param.any("left"), param.any("right")], ([a, b]) =>
      pyEquals(a, b),
    ),
    defineFunction(
      "#operator_!=",
      "function",
      [param.any("left"), param.any("right")],
      ([a, b]) => !pyEquals(a, b),
    ),

    // let(1, 2, a => 3) -> $1 + $2 + $a: a scope with the values bound, for `->` to evaluate in.
    defineFunction(
      "let",
      "function",
      [],
      ([args, kwargs], call) =>
        call.scope.withVariables([
          ...(args as unknown[]).map((value, i): [string, unknown] => [String(i + 1), value]),
          ...Object.entries(kwargs as Record<string, unknown>),
        ]),
      { rest: param.any("args"), restKeywords: param.any("kwargs") },
    ),
    defineFunction(
      "with",
      "function",
      [],
      ([args], call) =>
        call.scope.withVariables(
          (args as unknown[]).map((value, i): [string, unknown] => [String(i + 1), value]),
        ),
      { rest: param.any("args") },
    ),
    // def(name, body) -> name(...): a function of $1, $2, ... defined in the scope that follows.
    defineFunction("def", "function", [param.string("name"), param.lambda("func")], ([name, body], call) =>
      call.scope.withFunction(
        defineFunction(
          name as string,
          "function",
          [],
          ([args]) => (body as YaqlLambda)(...(args as unknown[])),
          {
            rest: param.any("args"),
          },
        ),
      ),
    ),
    defineFunction(
      "unpack",
      "method",
      [param.iterable("sequence")],
      ([sequence, names], call) => {
        const items = [...iterate(sequence as unknown[] | YaqlIterator)];
        const keys = names as string[];
        if (keys.length > 0 && keys.length !== items.length) {
          throw yaqlError("ValueError", `Cannot unpack ${items.length} elements into ${keys.length}`);
        }
        return call.scope.withVariables(
          items.map((value, i): [string, unknown] => [keys.length > 0 ? keys[i]! : String(i + 1), value]),
        );
      },
      { rest: param.string("args") },
    ),
    defineFunction(
      "assert",
      "method",
      [param.any("obj"), param.lambda("condition"), optional(param.string("message"), "Assertion failed")],
      ([obj, condition, message]) => {
        if (!truthy((condition as YaqlLambda)(obj))) throw yaqlError("AssertionError", message as string);
        return obj;
      },
    ),
  );
}

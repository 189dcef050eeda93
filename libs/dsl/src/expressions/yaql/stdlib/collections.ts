// Lists, dicts and sets: yaql's collections.py (queries over any collection are in queries.ts).
// yaql's data is immutable, so every "change" (set, delete, insert, add) returns a new value.
//
// Dict views follow Python: `dict.keys()` and `dict.items()` are sets (len(), `<`, `in` and
// isSet() work on them, union() and the other set methods do not), `dict.values()` is an iterable
// that is neither a list, a set nor an iterator.
import { isSubset, pyEquals } from "../../../python/py-compare.js";
import { isList, isNumber, markList, PySet, type PyDict, setDictItem } from "../../../python/py-types.js";
import { yaqlError } from "../yaql-errors.js";
import {
  optional,
  param,
  type YaqlFunctionRegistry,
  type YaqlLambda,
  type YaqlMappingRule,
  defineFunction,
  type PythonInt,
} from "../yaql-functions.js";
import {
  dictKey,
  isDict,
  isIterable,
  isSequence,
  iterate,
  lazy,
  MAX_COLLECTION_SIZE,
  toArray,
} from "../yaql-values.js";
import {
  fitsSsize,
  isIterator,
  pythonIterable,
  registerQueries,
  toIndex,
  YaqlIterableView,
  type Collection,
} from "./queries.js";

/** Python's `dict.keys()` / `dict.items()`: sets, but without frozenset's methods (union, ...). */
export class DictSetView extends PySet {
  constructor(
    values: Iterable<unknown>,
    /** The Python class, for messages. */
    readonly pythonClass: "KeysView" | "ItemsView",
  ) {
    super(values);
  }
}

/** yaql's set type (Python's collections.abc.Set): frozensets and the keys/items views. */
const isSetType = (value: unknown): value is PySet => value instanceof PySet;

/** The receiver of union(), add(), ...: a frozenset; a dict view has no such method in Python. */
function frozenset(value: PySet, method: string): PySet {
  if (value instanceof DictSetView) {
    throw yaqlError("TypeError", `'${value.pythonClass}' object has no attribute '${method}'`);
  }
  return value;
}

/**
 * The dict key a value looks up, or undefined where no string key can match. Keys are strings
 * here, as the evaluator's dicts hold them (`{1 => 'a'}` has the key "1").
 */
function lookupKey(key: unknown): string | undefined {
  const scalar = key === null || typeof key === "string" || typeof key === "boolean" || isNumber(key);
  return scalar ? dictKey(key) : undefined;
}

function copyDict(dict: PyDict): PyDict {
  const copy: PyDict = {};
  for (const key of Object.keys(dict)) setDictItem(copy, key, dict[key]);
  return copy;
}

/** Python's `value in collection`. */
function contains(collection: Collection, value: unknown): boolean {
  if (collection instanceof PySet) return collection.has(value);
  for (const item of iterate(collection)) if (pyEquals(item, value)) return true;
  return false;
}

/** The arguments of list() and set(), with iterators among them flattened (recursively). */
function flattenIterators(args: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const add = (items: Iterable<unknown>): void => {
    for (const item of items) {
      if (isIterator(item)) add(item);
      else {
        if (out.length >= MAX_COLLECTION_SIZE) {
          throw yaqlError("CollectionTooLarge", `collection has more than ${MAX_COLLECTION_SIZE} items`);
        }
        out.push(item);
      }
    }
  };
  add(args);
  return out;
}

function* flatten(items: Iterable<unknown>): Generator<unknown> {
  for (const item of items) {
    if (isIterable(item)) yield* flatten(iterate(item));
    else yield item;
  }
}

/** `sequence * times`, as Python repeats a tuple. */
function repeatSequence(items: readonly unknown[], times: PythonInt): unknown[] {
  const n = toIndex(times);
  if (n <= 0 || items.length === 0) return isList(items) ? markList([]) : [];
  if (items.length * n > MAX_COLLECTION_SIZE) {
    throw yaqlError("CollectionTooLarge", `collection has more than ${MAX_COLLECTION_SIZE} items`);
  }
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) for (const item of items) out.push(item);
  return isList(items) ? markList(out) : out;
}

/**
 * Whether item `i` is in the range delete() and replace() act on: [position, position + count),
 * or everything from position on when count is negative.
 */
function inRange(i: number, position: number, count: number): boolean {
  return count >= 0 ? position <= i && i < position + count : i >= position;
}

function registerLists(registry: YaqlFunctionRegistry): void {
  registry.register(
    defineFunction("list", "function", [], ([args]: [unknown[]]) => flattenIterators(args), {
      rest: param.any("args"),
    }),
    // A tuple as it is; anything else (a Python list included) copied into a tuple.
    defineFunction("toList", "method", [param.iterable("collection")], ([collection]: [Collection]) =>
      Array.isArray(collection) ? (isList(collection) ? [...collection] : collection) : toArray(collection),
    ),
    defineFunction("flatten", "method", [param.iterable("collection")], ([collection]: [Collection]) =>
      lazy(() => flatten(iterate(collection))),
    ),
    defineFunction("isList", "function", [param.any("arg")], ([value]) => isSequence(value)),
    defineFunction("len", "both", [param.sequence("sequence")], ([items]: [unknown[]]) => items.length),
    defineFunction(
      "#operator_in",
      "function",
      [param.any("value"), param.iterable("collection")],
      ([value, collection]: [unknown, Collection]) => contains(collection, value),
    ),
    defineFunction(
      "contains",
      "method",
      [param.iterable("collection"), param.any("value")],
      ([collection, value]: [Collection, unknown]) => contains(collection, value),
    ),
    defineFunction(
      "#operator_+",
      "function",
      [param.iterable("left"), param.iterable("right")],
      ([left, right]: [Collection, Collection]) => {
        // Only tuple + tuple stays a tuple in yaql; Python lists (from split(), insert(), ...) chain.
        if (Array.isArray(left) && Array.isArray(right) && !isList(left) && !isList(right)) {
          return [...left, ...right];
        }
        if (left instanceof PySet && right instanceof PySet && !(left instanceof DictSetView)) {
          return new PySet([...iterate(left), ...iterate(right)]);
        }
        return lazy(function* () {
          yield* iterate(left);
          yield* iterate(right);
        });
      },
    ),
    defineFunction(
      "#operator_*",
      "function",
      [param.sequence("left"), param.pythonInt("right")],
      ([items, times]: [unknown[], PythonInt]) => repeatSequence(items, times),
    ),
    defineFunction(
      "#operator_*",
      "function",
      [param.pythonInt("left"), param.sequence("right")],
      ([times, items]: [PythonInt, unknown[]]) => repeatSequence(items, times),
    ),
    defineFunction(
      "delete",
      "method",
      [param.iterable("collection"), param.pythonInt("position"), optional(param.pythonInt("count"), 1)],
      ([collection, position, count]: [Collection, PythonInt, PythonInt]) => {
        const [p, n] = [toIndex(position), toIndex(count)];
        return lazy(function* () {
          let i = 0;
          for (const item of iterate(collection)) if (!inRange(i++, p, n)) yield item;
        });
      },
    ),
    // insert() into a list follows Python's list.insert (a negative position counts from the end);
    // into another iterable, the value goes where the position is reached, or at the end.
    defineFunction(
      "insert",
      "method",
      [param.sequence("collection"), param.pythonInt("position"), param.any("value")],
      ([items, position, value]: [unknown[], PythonInt, unknown]) => {
        if (!fitsSsize(position))
          throw yaqlError("OverflowError", "Python int too large to convert to C ssize_t");
        const p = toIndex(position);
        const at = p < 0 ? Math.max(0, items.length + p) : Math.min(p, items.length);
        return markList([...items.slice(0, at), value, ...items.slice(at)]);
      },
    ),
    defineFunction(
      "insert",
      "method",
      [
        param.of("collection", (v) => isIterable(v) && !(v instanceof PySet)),
        param.pythonInt("position"),
        param.any("value"),
      ],
      ([collection, position, value]: [Collection, PythonInt, unknown]) => {
        const p = toIndex(position);
        return lazy(function* () {
          let i = 0;
          for (const item of iterate(collection)) {
            if (i++ === p) yield value;
            yield item;
          }
          if (p >= i) yield value;
        });
      },
    ),
    defineFunction(
      "insertMany",
      "method",
      [param.iterable("collection"), param.pythonInt("position"), param.iterable("values")],
      ([collection, position, values]: [Collection, PythonInt, Collection]) => {
        const p = toIndex(position);
        return lazy(function* () {
          if (p < 0) yield* iterate(values);
          let i = 0;
          for (const item of iterate(collection)) {
            if (i++ === p) yield* iterate(values);
            yield item;
          }
          if (p >= i) yield* iterate(values);
        });
      },
    ),
    defineFunction(
      "replace",
      "method",
      [
        param.iterable("collection"),
        param.pythonInt("position"),
        param.any("value"),
        optional(param.pythonInt("count"), 1),
      ],
      ([collection, position, value, count]: [Collection, PythonInt, unknown, PythonInt]) => {
        const [p, n] = [toIndex(position), toIndex(count)];
        return lazy(function* () {
          let i = 0;
          let replaced = false;
          for (const item of iterate(collection)) {
            if (!inRange(i++, p, n)) yield item;
            else if (!replaced) {
              replaced = true;
              yield value;
            }
          }
        });
      },
    ),
    defineFunction(
      "replaceMany",
      "method",
      [
        param.iterable("collection"),
        param.pythonInt("position"),
        param.iterable("values"),
        optional(param.pythonInt("count"), 1),
      ],
      ([collection, position, values, count]: [Collection, PythonInt, Collection, PythonInt]) => {
        const [p, n] = [toIndex(position), toIndex(count)];
        return lazy(function* () {
          let i = 0;
          let replaced = false;
          for (const item of iterate(collection)) {
            if (!inRange(i++, p, n)) yield item;
            else if (!replaced) {
              replaced = true;
              yield* iterate(values);
            }
          }
        });
      },
    ),
  );
}

function registerDicts(registry: YaqlFunctionRegistry): void {
  registry.register(
    // dict(a => 1, b => 2) and dict([[a, 1], [b, 2]]); `=>` makes entries, not keyword arguments.
    defineFunction(
      "dict",
      "function",
      [],
      ([rules]: [YaqlMappingRule[]]) => {
        const result: PyDict = {};
        for (const rule of rules) {
          const key = dictKey(rule.source());
          setDictItem(result, key, rule.destination());
        }
        return result;
      },
      { rest: param.mappingRule("args"), positionalMappings: true },
    ),
    defineFunction(
      "dict",
      "function",
      [param.iterable("items")],
      ([items]: [Collection]) => {
        const result: PyDict = {};
        for (const pair of iterate(items)) {
          // As Python's dict construction in yaql: the first two items of each pair, more are ignored.
          const it = pythonIterable(pair)[Symbol.iterator]();
          const key = it.next();
          const value = it.next();
          if (key.done || value.done) throw yaqlError("StopIteration", "");
          setDictItem(result, dictKey(key.value), value.value);
        }
        return result;
      },
      { positionalMappings: true },
    ),
    defineFunction(
      "toDict",
      "method",
      [
        param.iterable("collection"),
        param.lambda("keySelector"),
        optional(param.lambda("valueSelector"), null),
      ],
      ([collection, keySelector, valueSelector]: [Collection, YaqlLambda, YaqlLambda | null]) => {
        const result: PyDict = {};
        for (const item of iterate(collection)) {
          const key = dictKey(keySelector(item));
          setDictItem(result, key, valueSelector === null ? item : valueSelector(item));
        }
        return result;
      },
    ),
    defineFunction(
      "get",
      "method",
      [param.dict("dict"), param.any("key"), optional(param.any("default"), null)],
      ([dict, key, fallback]: [PyDict, unknown, unknown]) => {
        const k = lookupKey(key);
        return k !== undefined && Object.hasOwn(dict, k) ? dict[k] : fallback;
      },
    ),
    defineFunction(
      "set",
      "method",
      [param.dict("dict"), param.any("key"), param.any("value")],
      ([dict, key, value]: [PyDict, unknown, unknown]) => {
        const result = copyDict(dict);
        setDictItem(result, dictKey(key), value);
        return result;
      },
      { positionalMappings: true },
    ),
    defineFunction(
      "set",
      "method",
      [param.dict("dict"), param.dict("replacements")],
      ([dict, replacements]: [PyDict, PyDict]) => {
        const result = copyDict(dict);
        for (const key of Object.keys(replacements)) setDictItem(result, key, replacements[key]);
        return result;
      },
      { positionalMappings: true },
    ),
    defineFunction(
      "set",
      "method",
      [param.dict("dict")],
      ([dict, rules]: [PyDict, YaqlMappingRule[]]) => {
        const result = copyDict(dict);
        for (const rule of rules) {
          const key = dictKey(rule.source());
          setDictItem(result, key, rule.destination());
        }
        return result;
      },
      { rest: param.mappingRule("args"), positionalMappings: true },
    ),
    defineFunction(
      "keys",
      "method",
      [param.dict("dict")],
      ([dict]: [PyDict]) => new DictSetView(Object.keys(dict), "KeysView"),
    ),
    defineFunction("values", "method", [param.dict("dict")], ([dict]: [PyDict]) => {
      const values = Object.values(dict);
      return new YaqlIterableView(() => values[Symbol.iterator]());
    }),
    defineFunction(
      "items",
      "method",
      [param.dict("dict")],
      ([dict]: [PyDict]) => new DictSetView(Object.entries(dict), "ItemsView"),
    ),
    defineFunction(
      "containsKey",
      "method",
      [param.dict("dict"), param.any("key")],
      ([dict, key]: [PyDict, unknown]) => {
        const k = lookupKey(key);
        return k !== undefined && Object.hasOwn(dict, k);
      },
    ),
    defineFunction(
      "containsValue",
      "method",
      [param.dict("dict"), param.any("value")],
      ([dict, value]: [PyDict, unknown]) => Object.values(dict).some((item) => pyEquals(item, value)),
    ),
    defineFunction(
      "#operator_+",
      "function",
      [param.dict("left"), param.dict("right")],
      ([left, right]: [PyDict, PyDict]) => {
        const result = copyDict(left);
        for (const key of Object.keys(right)) setDictItem(result, key, right[key]);
        return result;
      },
    ),
    defineFunction("isDict", "function", [param.any("arg")], ([value]) => isDict(value)),
    defineFunction("len", "both", [param.dict("dict")], ([dict]: [PyDict]) => Object.keys(dict).length),
    defineFunction(
      "delete",
      "method",
      [param.dict("dict")],
      ([dict, keys]: [PyDict, unknown[]]) => deleteKeys(dict, keys),
      {
        rest: param.any("keys"),
      },
    ),
    defineFunction(
      "deleteAll",
      "method",
      [param.dict("dict"), param.iterable("keys")],
      ([dict, keys]: [PyDict, Collection]) => deleteKeys(dict, iterate(keys)),
    ),
  );
}

function deleteKeys(dict: PyDict, keys: Iterable<unknown>): PyDict {
  const result = copyDict(dict);
  for (const key of keys) {
    const k = lookupKey(key);
    if (k !== undefined) delete result[k];
  }
  return result;
}

function registerSets(registry: YaqlFunctionRegistry): void {
  const setParam = (name: string) => param.of(name, isSetType);
  const comparison = (operator: string, test: (left: PySet, right: PySet) => boolean) =>
    defineFunction(
      `#operator_${operator}`,
      "function",
      [setParam("left"), setParam("right")],
      ([left, right]: [PySet, PySet]) => test(left, right),
    );
  const difference = defineFunction(
    "difference",
    "method",
    [setParam("left"), setParam("right")],
    ([left, right]: [PySet, PySet]) =>
      new PySet(
        frozenset(left, "difference")
          .values()
          .filter((v) => !right.has(v)),
      ),
  );

  registry.register(
    defineFunction("isSet", "function", [param.any("arg")], ([value]) => isSetType(value)),
    defineFunction("set", "function", [], ([args]: [unknown[]]) => new PySet(flattenIterators(args)), {
      rest: param.any("args"),
    }),
    defineFunction(
      "toSet",
      "method",
      [param.iterable("collection")],
      ([collection]: [Collection]) => new PySet(iterate(collection)),
    ),
    defineFunction("len", "both", [setParam("set")], ([set]: [PySet]) => set.size),
    comparison("<", (left, right) => left.size < right.size && isSubset(left, right)),
    comparison("<=", (left, right) => isSubset(left, right)),
    comparison(">", (left, right) => right.size < left.size && isSubset(right, left)),
    comparison(">=", (left, right) => isSubset(right, left)),
    defineFunction(
      "add",
      "method",
      [setParam("set")],
      ([set, values]: [PySet, unknown[]]) => new PySet([...iterate(frozenset(set, "union")), ...values]),
      { rest: param.any("values") },
    ),
    defineFunction(
      "remove",
      "method",
      [setParam("set")],
      ([set, values]: [PySet, unknown[]]) => {
        const removed = new PySet(values);
        return new PySet(
          frozenset(set, "difference")
            .values()
            .filter((v) => !removed.has(v)),
        );
      },
      { rest: param.any("values") },
    ),
    defineFunction(
      "union",
      "method",
      [setParam("left"), setParam("right")],
      ([left, right]: [PySet, PySet]) => new PySet([...iterate(frozenset(left, "union")), ...iterate(right)]),
    ),
    defineFunction(
      "intersect",
      "method",
      [setParam("left"), setParam("right")],
      ([left, right]: [PySet, PySet]) =>
        new PySet(
          frozenset(left, "intersection")
            .values()
            .filter((v) => right.has(v)),
        ),
    ),
    difference,
    { ...difference, name: "#operator_-", isMethod: false, isFunction: true },
    defineFunction(
      "symmetricDifference",
      "method",
      [setParam("left"), setParam("right")],
      ([left, right]: [PySet, PySet]) =>
        new PySet([
          ...frozenset(left, "symmetric_difference")
            .values()
            .filter((v) => !right.has(v)),
          ...right.values().filter((v) => !left.has(v)),
        ]),
    ),
  );
}

/** Registers collections.py's functions, then queries.py's. */
export function registerCollections(registry: YaqlFunctionRegistry): void {
  registerLists(registry);
  registerDicts(registry);
  registerSets(registry);
  registerQueries(registry);
}

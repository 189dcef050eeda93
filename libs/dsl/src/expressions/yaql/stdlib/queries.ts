// Queries over collections: yaql's queries.py. As in yaql, most queries are lazy: where yaql
// returns a Python iterator (map, filter, a generator, itertools), these return a YaqlIterator,
// which reads its source only as far as it is read itself. So infinite sequences work
// (`sequence().where($ mod 7 = 0).take(3)`), and results are not indexable (`l.where(...)[0]`
// fails). Lambda arguments see the item as $ ($1), and accumulators as $1 and $2.
//
// Comparisons and sums go through the operator overloads (`#operator_<`, `#operator_+`), as
// yaql's delegates do, so they work for every type another module defines.
import { pyEquals } from "../../../python/py-compare.js";
import { pyAdd } from "../../../python/py-numbers.js";
import { codePoints, pyLen } from "../../../python/py-string.js";
import {
  hashKey,
  isDict,
  markList,
  PySet,
  pyTypeName,
  type PyDict,
  setDictItem,
} from "../../../python/py-types.js";
import { YaqlEvaluationError, yaqlError } from "../yaql-errors.js";
import {
  defineFunction,
  optional,
  param,
  type YaqlCallScope,
  type YaqlFunctionRegistry,
  type YaqlLambda,
  type YaqlParam,
  type PythonInt,
} from "../yaql-functions.js";
import {
  isIterable,
  isSequence,
  iterate,
  lazy,
  MAX_COLLECTION_SIZE,
  toArray,
  truthy,
  YaqlIterator,
} from "../yaql-values.js";

/** What yaql's Iterable parameters receive: lists, sets and iterators. */
export type Collection = unknown[] | PySet | YaqlIterator;

/** An argument that was left out, where yaql tells it apart from null (sum's initial, first's default). */
const NO_VALUE = Symbol("NoValue");

/**
 * An iterable that is not an iterator: Python's `dict.values()` view and the result of orderBy().
 * yaql tells them apart from iterators: len() counts iterators only and list() flattens only
 * iterators, so `[3, 1].orderBy($).len()` fails in yaql, while `.count()` works.
 */
export class YaqlIterableView extends YaqlIterator {}

/** An iterator proper: what yaql's Python iterators (map, filter, generators) are here. */
export function isIterator(value: unknown): value is YaqlIterator {
  return value instanceof YaqlIterator && !(value instanceof YaqlIterableView);
}

/** The JS number of a yaql int argument (positions and counts; huge ints lose precision harmlessly). */
export function toIndex(value: PythonInt): number {
  return typeof value === "boolean" ? (value ? 1 : 0) : Number(value);
}

/**
 * Python's iter() of any value: yaql hands some values to Python code that iterates whatever it
 * gets (dict(items), generateMany's producer), where strings give their characters and dicts
 * their keys.
 */
export function pythonIterable(value: unknown): Iterable<unknown> {
  if (isIterable(value)) return iterate(value);
  if (typeof value === "string") return codePoints(value);
  if (isDict(value)) return Object.keys(value);
  throw yaqlError("TypeError", `'${pyTypeName(value)}' object is not iterable`);
}

/** Counts the items of a collection (refusing infinite ones beyond MAX_COLLECTION_SIZE). */
function countItems(collection: Collection): number {
  if (Array.isArray(collection)) return collection.length;
  if (collection instanceof PySet) return collection.size;
  let count = 0;
  for (const _ of collection) {
    if (++count > MAX_COLLECTION_SIZE) {
      throw yaqlError("CollectionTooLarge", `collection has more than ${MAX_COLLECTION_SIZE} items`);
    }
  }
  return count;
}

/** The items of distinct(): the first item of each key, in order. */
function distinctItems(collection: Collection, keySelector: YaqlLambda | null): YaqlIterator {
  return lazy(function* () {
    const seen = new Set<string>();
    for (const item of iterate(collection)) {
      const key = hashKey(keySelector === null ? item : keySelector(item));
      if (!seen.has(key)) {
        seen.add(key);
        yield item;
      }
    }
  });
}

/**
 * yaql's memorize(): lists and sets as they are; anything else becomes an iterator that reads its
 * source once and replays what it has read.
 */
function memorize(collection: Collection): Collection {
  if (Array.isArray(collection) || collection instanceof PySet) return collection;
  const seen: unknown[] = [];
  let source: Iterator<unknown> | undefined;
  let exhausted = false;
  return lazy(function* () {
    for (let i = 0; ; i++) {
      if (i < seen.length) {
        yield seen[i];
        continue;
      }
      if (exhausted) return;
      source ??= collection[Symbol.iterator]();
      const next = source.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      seen.push(next.value);
      yield next.value;
    }
  });
}

function stopIteration(message = ""): YaqlEvaluationError {
  return yaqlError("StopIteration", message);
}

/** functools.reduce: a TypeError for an empty collection without a seed. */
function reduce(
  collection: Collection,
  fn: (acc: unknown, item: unknown) => unknown,
  seed: unknown,
): unknown {
  let acc = seed;
  for (const item of iterate(collection)) acc = acc === NO_VALUE ? item : fn(acc, item);
  if (acc === NO_VALUE) throw yaqlError("TypeError", "reduce() of empty iterable with no initial value");
  return acc;
}

const SSIZE_MAX = 2n ** 63n - 1n;

/** Whether an int fits the C ssize_t that Python's builtins take counts and positions as. */
export function fitsSsize(value: PythonInt): boolean {
  return typeof value !== "bigint" || (value <= SSIZE_MAX && value >= -SSIZE_MAX - 1n);
}

/** The count of itertools.islice(), which must be from 0 to sys.maxsize. */
function isliceCount(value: PythonInt, what: "Stop argument" | "Indices"): number {
  const n = toIndex(value);
  if (n < 0 || !fitsSsize(value)) {
    throw yaqlError("ValueError", `${what} for islice() must be None or an integer: 0 <= x <= sys.maxsize.`);
  }
  return n;
}

/** Python's range() as an iterator. */
function range(start: PythonInt, stop: PythonInt, step: PythonInt): YaqlIterator {
  const [a, b, s] = [start, stop, step].map((v) => (typeof v === "boolean" ? Number(v) : v)) as Array<
    number | bigint
  >;
  if (s == 0) throw yaqlError("ValueError", "range() arg 3 must not be zero");
  if (typeof a === "number" && typeof b === "number" && typeof s === "number") {
    return lazy(function* () {
      if (s > 0) for (let i = a; i < b; i += s) yield i;
      else for (let i = a; i > b; i += s) yield i;
    });
  }
  return lazy(function* () {
    const up = s! > 0;
    for (let i = a!; up ? i < b! : i > b!; i = pyAdd(i, s!) as number | bigint) yield i;
  });
}

// ---------------------------------------------------------------------------------------------
// orderBy / thenBy

interface OrderField {
  readonly selector: YaqlLambda;
  readonly ascending: boolean;
}

const NOT_COMPUTED = Symbol("not computed");

/**
 * The result of orderBy(): sorted when first read (then kept), and the only receiver thenBy()
 * accepts. Like yaql's OrderingIterable it is iterable but not an iterator.
 */
class OrderedCollection extends YaqlIterableView {
  private sorted: unknown[] | undefined;

  constructor(
    readonly source: Collection,
    readonly fields: readonly OrderField[],
    private readonly scope: YaqlCallScope,
  ) {
    super(() => [][Symbol.iterator]());
  }

  /** A new ordering with one more key (yaql adds it to the same object; values are immutable here). */
  thenBy(field: OrderField): OrderedCollection {
    return new OrderedCollection(this.source, [...this.fields, field], this.scope);
  }

  override [Symbol.iterator](): Iterator<unknown> {
    this.sorted ??= this.sort();
    return this.sorted[Symbol.iterator]();
  }

  private sort(): unknown[] {
    const items = toArray(this.source);
    // Python's sort makes no comparison for fewer than two items, so no key is computed either.
    if (items.length < 2) return [...items];
    // Keys are computed when first compared, once per item and field (yaql recomputes them on
    // every comparison, with the same results).
    const keys = this.fields.map(() => new Array<unknown>(items.length).fill(NOT_COMPUTED));
    const keyOf = (field: number, index: number): unknown => {
      const column = keys[field]!;
      let key = column[index];
      if (key === NOT_COMPUTED) key = column[index] = this.fields[field]!.selector(items[index]);
      return key;
    };
    const order = items.map((_, i) => i);
    // Array.prototype.sort is stable, as Python's sorted() is.
    order.sort((i, j) => {
      for (let f = 0; f < this.fields.length; f++) {
        const result = this.compare(keyOf(f, i), keyOf(f, j));
        if (result !== 0) return this.fields[f]!.ascending ? result : -result;
      }
      return 0;
    });
    return order.map((i) => items[i]);
  }

  /** yaql's comparator: -1 when `a < b`, else 1 when `a > b`, else 0. */
  private compare(a: unknown, b: unknown): number {
    if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    if (truthy(this.scope.callOperator("#operator_<", a, b))) return -1;
    return truthy(this.scope.callOperator("#operator_>", a, b)) ? 1 : 0;
  }
}

// ---------------------------------------------------------------------------------------------
// groupBy

/** Errors after which groupBy retries an aggregator in yaql 1.1.1's style (see aggregateGroups). */
function invitesFallback(error: unknown): boolean {
  return (
    error instanceof YaqlEvaluationError &&
    (error.kind === "NoMatchingMethodException" ||
      error.kind === "NoMatchingFunctionException" ||
      error.kind === "IndexError")
  );
}

/** Python's len() where it exists, undefined where it would raise. */
function pyLength(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (typeof value === "string") return pyLen(value);
  if (value instanceof PySet) return value.size;
  if (isDict(value)) return Object.keys(value).length;
  return undefined;
}

/**
 * Applies groupBy's aggregator to each (key, values) group. yaql 2.0 calls it with the values;
 * yaql 1.1.1 called it with the whole [key, values] pair and used its result as the pair. Like
 * yaql with Mistral's group_by_agg_fallback, when the new style fails with no matching function
 * or an IndexError, the old style is tried (unless an earlier group showed the new style works),
 * and if that fails too the first error is raised.
 */
function* aggregateGroups(
  groups: Iterable<[unknown, unknown[]]>,
  aggregator: YaqlLambda | null,
): Generator<unknown> {
  let failure: unknown = undefined;
  let allowFallback = true;
  for (const [key, values] of groups) {
    if (aggregator === null) {
      yield [key, values];
      continue;
    }
    if (failure === undefined) {
      let result: unknown;
      try {
        result = aggregator(values);
      } catch (error) {
        if (!invitesFallback(error)) throw error;
        failure = error;
      }
      if (failure === undefined) {
        const looksOldStyle =
          values.length === 2 &&
          Array.isArray(result) &&
          result.length === 2 &&
          pyEquals(result[0], values[0]);
        if (!looksOldStyle) allowFallback = false;
        yield [key, result];
        continue;
      }
    }
    if (allowFallback) {
      let result: unknown = undefined;
      try {
        result = aggregator([key, values]);
      } catch {
        // As in yaql: the error reported is the first one, from the new-style call.
      }
      if (pyLength(result) === 2) {
        yield result;
        continue;
      }
    }
    throw failure;
  }
}

// ---------------------------------------------------------------------------------------------

const collectionParam = (name = "collection"): YaqlParam => param.iterable(name);

export function registerQueries(registry: YaqlFunctionRegistry): void {
  const where = defineFunction(
    "where",
    "method",
    [collectionParam(), param.lambda("predicate")],
    ([collection, predicate]: [Collection, YaqlLambda]) =>
      lazy(function* () {
        for (const item of iterate(collection)) if (truthy(predicate(item))) yield item;
      }),
  );
  const select = defineFunction(
    "select",
    "method",
    [collectionParam(), param.lambda("selector")],
    ([collection, selector]: [Collection, YaqlLambda]) =>
      lazy(function* () {
        for (const item of iterate(collection)) yield selector(item);
      }),
  );
  const limit = defineFunction(
    "limit",
    "method",
    [collectionParam(), param.pythonInt("count")],
    ([collection, count]: [Collection, PythonInt]) => {
      const n = isliceCount(count, "Stop argument");
      return lazy(function* () {
        if (n === 0) return;
        let taken = 0;
        for (const item of iterate(collection)) {
          yield item;
          // Stop without reading one item too many (the source may be infinite or costly).
          if (++taken >= n) return;
        }
      });
    },
  );
  const aggregate = defineFunction(
    "aggregate",
    "method",
    [collectionParam(), param.lambda("selector"), optional(param.any("seed"), NO_VALUE)],
    ([collection, selector, seed]: [Collection, YaqlLambda, unknown]) =>
      reduce(collection, (acc, item) => selector(acc, item), seed),
  );

  registry.register(where, select, limit);
  registry.alias("filter", where);
  registry.alias("map", select);
  registry.alias("take", limit);
  registry.register(
    defineFunction(
      "skip",
      "method",
      [collectionParam(), param.pythonInt("count")],
      ([collection, count]: [Collection, PythonInt]) => {
        const n = isliceCount(count, "Indices");
        return lazy(function* () {
          let skipped = 0;
          for (const item of iterate(collection)) {
            if (skipped < n) skipped++;
            else yield item;
          }
        });
      },
    ),
    defineFunction(
      "append",
      "both",
      [collectionParam()],
      ([collection, args]: [Collection, unknown[]]) =>
        lazy(function* () {
          yield* iterate(collection);
          yield* args;
        }),
      { rest: param.any("args") },
    ),
    defineFunction(
      "distinct",
      "both",
      [collectionParam(), optional(param.lambda("keySelector"), null)],
      ([collection, keySelector]: [Collection, YaqlLambda | null]) => distinctItems(collection, keySelector),
    ),
    defineFunction(
      "enumerate",
      "both",
      [collectionParam(), optional(param.pythonInt("start", { nullable: true }), 0)],
      ([collection, start]: [Collection, PythonInt | null]) =>
        lazy(function* () {
          if (start === null)
            throw yaqlError("TypeError", "'NoneType' object cannot be interpreted as an integer");
          let i: number | bigint = typeof start === "boolean" ? Number(start) : start;
          for (const item of iterate(collection)) {
            yield markList([i, item]);
            i = pyAdd(i, 1) as number | bigint;
          }
        }),
    ),
    defineFunction(
      "any",
      "both",
      [collectionParam(), optional(param.lambda("predicate"), null)],
      ([collection, predicate]: [Collection, YaqlLambda | null]) => {
        for (const item of iterate(collection))
          if (predicate === null || truthy(predicate(item))) return true;
        return false;
      },
    ),
    defineFunction(
      "all",
      "both",
      [collectionParam(), optional(param.lambda("predicate"), null)],
      ([collection, predicate]: [Collection, YaqlLambda | null]) => {
        for (const item of iterate(collection))
          if (!truthy(predicate === null ? item : predicate(item))) return false;
        return true;
      },
    ),
    defineFunction(
      "concat",
      "both",
      [],
      ([collections]: [Collection[]]) =>
        lazy(function* () {
          for (const collection of collections) yield* iterate(collection);
        }),
      { rest: collectionParam("collections") },
    ),
    // len() of lists, dicts and sets is in collections.ts; this one counts an iterator's items.
    defineFunction("len", "both", [param.of("collection", isIterator)], ([collection]: [Collection]) =>
      countItems(collection),
    ),
    defineFunction("count", "method", [collectionParam()], ([collection]: [Collection]) =>
      countItems(collection),
    ),
    defineFunction("memorize", "method", [collectionParam()], ([collection]: [Collection]) =>
      memorize(collection),
    ),
    defineFunction(
      "sum",
      "method",
      [collectionParam(), optional(param.any("initial"), NO_VALUE)],
      ([collection, initial]: [Collection, unknown], call) =>
        reduce(collection, (acc, item) => call.scope.callOperator("#operator_+", acc, item), initial),
    ),
    // max() and min() fold with yaql's max(a, b) / min(a, b), which compare with `>`.
    defineFunction(
      "max",
      "method",
      [collectionParam(), optional(param.any("initial"), NO_VALUE)],
      ([collection, initial]: [Collection, unknown], call) =>
        reduce(
          collection,
          (acc, item) => (truthy(call.scope.callOperator("#operator_>", item, acc)) ? item : acc),
          initial,
        ),
    ),
    defineFunction(
      "min",
      "method",
      [collectionParam(), optional(param.any("initial"), NO_VALUE)],
      ([collection, initial]: [Collection, unknown], call) =>
        reduce(
          collection,
          (acc, item) => (truthy(call.scope.callOperator("#operator_>", item, acc)) ? acc : item),
          initial,
        ),
    ),
    defineFunction(
      "first",
      "method",
      [collectionParam(), optional(param.any("default"), NO_VALUE)],
      ([collection, fallback]: [Collection, unknown]) => {
        for (const item of iterate(collection)) return item;
        if (fallback === NO_VALUE) throw stopIteration();
        return fallback;
      },
    ),
    defineFunction("single", "method", [collectionParam()], ([collection]: [Collection]) => {
      const it = iterate(collection)[Symbol.iterator]();
      const first = it.next();
      if (first.done) throw stopIteration();
      if (!it.next().done) throw stopIteration("Collection contains more than one item");
      return first.value;
    }),
    defineFunction(
      "last",
      "method",
      [collectionParam(), optional(param.any("default"), NO_VALUE)],
      ([collection, fallback]: [Collection, unknown]) => {
        if (Array.isArray(collection)) {
          if (collection.length > 0) return collection[collection.length - 1];
        } else {
          let last: unknown = fallback;
          for (const item of iterate(collection)) last = item;
          if (last !== NO_VALUE) return last;
        }
        if (fallback === NO_VALUE) throw stopIteration();
        return fallback;
      },
    ),
    defineFunction(
      "selectMany",
      "method",
      [collectionParam(), param.lambda("selector")],
      ([collection, selector]: [Collection, YaqlLambda]) =>
        lazy(function* () {
          for (const item of iterate(collection)) {
            const inner = selector(item);
            if (isIterable(inner)) yield* iterate(inner);
            else yield inner;
          }
        }),
    ),
    defineFunction("range", "function", [param.pythonInt("stop")], ([stop]: [PythonInt]) =>
      range(0, stop, 1),
    ),
    defineFunction(
      "range",
      "function",
      [param.pythonInt("start"), param.pythonInt("stop"), optional(param.pythonInt("step"), 1)],
      ([start, stop, step]: [PythonInt, PythonInt, PythonInt]) => range(start, stop, step),
    ),
    defineFunction(
      "orderBy",
      "method",
      [collectionParam(), param.lambda("selector")],
      ([collection, selector]: [Collection, YaqlLambda], call) =>
        new OrderedCollection(collection, [{ selector, ascending: true }], call.scope),
    ),
    defineFunction(
      "orderByDescending",
      "method",
      [collectionParam(), param.lambda("selector")],
      ([collection, selector]: [Collection, YaqlLambda], call) =>
        new OrderedCollection(collection, [{ selector, ascending: false }], call.scope),
    ),
    defineFunction(
      "thenBy",
      "method",
      [param.of("collection", (v) => v instanceof OrderedCollection), param.lambda("selector")],
      ([collection, selector]: [OrderedCollection, YaqlLambda]) =>
        collection.thenBy({ selector, ascending: true }),
    ),
    defineFunction(
      "thenByDescending",
      "method",
      [param.of("collection", (v) => v instanceof OrderedCollection), param.lambda("selector")],
      ([collection, selector]: [OrderedCollection, YaqlLambda]) =>
        collection.thenBy({ selector, ascending: false }),
    ),
    defineFunction(
      "groupBy",
      "method",
      [
        collectionParam(),
        param.lambda("keySelector"),
        optional(param.lambda("valueSelector"), null),
        optional(param.lambda("aggregator"), null),
      ],
      ([collection, keySelector, valueSelector, aggregator]: [
        Collection,
        YaqlLambda,
        YaqlLambda | null,
        YaqlLambda | null,
      ]) => {
        // Grouping happens now; aggregating happens as the result is read.
        const groups = new Map<string, [unknown, unknown[]]>();
        for (const item of iterate(collection)) {
          const value = valueSelector === null ? item : valueSelector(item);
          const key = keySelector(item);
          const hash = hashKey(key);
          const group = groups.get(hash);
          if (group) group[1].push(value);
          else groups.set(hash, [key, markList([value])]);
        }
        return lazy(() => aggregateGroups(groups.values(), aggregator));
      },
    ),
    defineFunction(
      "join",
      "method",
      [
        collectionParam("collection1"),
        collectionParam("collection2"),
        param.lambda("predicate"),
        param.lambda("selector"),
      ],
      ([left, right, predicate, selector]: [Collection, Collection, YaqlLambda, YaqlLambda]) =>
        lazy(function* () {
          const others = memorize(right);
          for (const item of iterate(left)) {
            for (const other of iterate(others))
              if (truthy(predicate(item, other))) yield selector(item, other);
          }
        }),
    ),
    defineFunction(
      "zip",
      "method",
      [],
      ([collections]: [Collection[]]) =>
        lazy(function* () {
          const iterators = collections.map((c) => iterate(c)[Symbol.iterator]());
          for (;;) {
            const row: unknown[] = [];
            for (const it of iterators) {
              const next = it.next();
              if (next.done) return;
              row.push(next.value);
            }
            yield row;
          }
        }),
      { rest: collectionParam("collections") },
    ),
    defineFunction(
      "zipLongest",
      "method",
      [],
      ([collections, options]: [Collection[], PyDict]) => {
        const fill = Object.hasOwn(options, "default") ? options["default"] : null;
        return lazy(function* () {
          const iterators: Array<Iterator<unknown> | undefined> = collections.map((c) =>
            iterate(c)[Symbol.iterator](),
          );
          for (;;) {
            let active = 0;
            const row = iterators.map((it, i) => {
              const next = it?.next();
              if (!next || next.done) {
                iterators[i] = undefined;
                return fill;
              }
              active++;
              return next.value;
            });
            if (active === 0) return;
            yield row;
          }
        });
      },
      { rest: collectionParam("collections"), restKeywords: param.any("kwargs") },
    ),
    defineFunction(
      "repeat",
      "method",
      [param.any("value"), optional(param.pythonInt("times"), -1)],
      ([value, times]: [unknown, PythonInt]) => {
        if (typeof times === "bigint" && times > SSIZE_MAX) {
          throw yaqlError("OverflowError", "Python int too large to convert to C ssize_t");
        }
        const n = toIndex(times);
        return lazy(function* () {
          if (n < 0) for (;;) yield value;
          for (let i = 0; i < n; i++) yield value;
        });
      },
    ),
    defineFunction("cycle", "method", [collectionParam()], ([collection]: [Collection]) =>
      lazy(function* () {
        const saved: unknown[] = [];
        for (const item of iterate(collection)) {
          saved.push(item);
          yield item;
        }
        if (saved.length === 0) return;
        for (;;) yield* saved;
      }),
    ),
    defineFunction(
      "takeWhile",
      "method",
      [collectionParam(), param.lambda("predicate")],
      ([collection, predicate]: [Collection, YaqlLambda]) =>
        lazy(function* () {
          for (const item of iterate(collection)) {
            if (!truthy(predicate(item))) return;
            yield item;
          }
        }),
    ),
    defineFunction(
      "skipWhile",
      "method",
      [collectionParam(), param.lambda("predicate")],
      ([collection, predicate]: [Collection, YaqlLambda]) =>
        lazy(function* () {
          let skipping = true;
          for (const item of iterate(collection)) {
            if (skipping && truthy(predicate(item))) continue;
            skipping = false;
            yield item;
          }
        }),
    ),
    defineFunction(
      "indexOf",
      "method",
      [collectionParam(), param.any("item")],
      ([collection, wanted]: [Collection, unknown]) => {
        let i = 0;
        for (const item of iterate(collection)) {
          if (pyEquals(item, wanted)) return i;
          i++;
        }
        return -1;
      },
    ),
    defineFunction(
      "lastIndexOf",
      "method",
      [collectionParam(), param.any("item")],
      ([collection, wanted]: [Collection, unknown]) => {
        let found = -1;
        let i = 0;
        for (const item of iterate(collection)) {
          if (pyEquals(item, wanted)) found = i;
          i++;
        }
        return found;
      },
    ),
    defineFunction(
      "indexWhere",
      "method",
      [collectionParam(), param.lambda("predicate")],
      ([collection, predicate]: [Collection, YaqlLambda]) => {
        let i = 0;
        for (const item of iterate(collection)) {
          if (truthy(predicate(item))) return i;
          i++;
        }
        return -1;
      },
    ),
    defineFunction(
      "lastIndexWhere",
      "method",
      [collectionParam(), param.lambda("predicate")],
      ([collection, predicate]: [Collection, YaqlLambda]) => {
        let found = -1;
        let i = 0;
        for (const item of iterate(collection)) {
          if (truthy(predicate(item))) found = i;
          i++;
        }
        return found;
      },
    ),
    defineFunction(
      "slice",
      "method",
      [collectionParam(), param.pythonInt("length")],
      ([collection, length]: [Collection, PythonInt]) => {
        return lazy(function* () {
          const n = isliceCount(length, "Stop argument");
          const it = iterate(collection)[Symbol.iterator]();
          for (;;) {
            const chunk: unknown[] = [];
            while (chunk.length < n) {
              const next = it.next();
              if (next.done) break;
              chunk.push(next.value);
            }
            if (chunk.length === 0) return;
            yield chunk;
          }
        });
      },
    ),
    defineFunction(
      "splitWhere",
      "method",
      [collectionParam(), param.lambda("predicate")],
      ([collection, predicate]: [Collection, YaqlLambda]) =>
        lazy(function* () {
          const items = toArray(collection);
          let start = 0;
          for (let end = 0; end < items.length; end++) {
            if (truthy(predicate(items[end]))) {
              yield items.slice(start, end);
              start = end + 1;
            }
          }
          if (start !== items.length) yield items.slice(start);
        }),
    ),
    defineFunction(
      "sliceWhere",
      "method",
      [collectionParam(), param.lambda("predicate")],
      ([collection, predicate]: [Collection, YaqlLambda]) =>
        lazy(function* () {
          const items = toArray(collection);
          let start = 0;
          let previous: unknown = NO_VALUE;
          for (let end = 0; end < items.length; end++) {
            const current = predicate(items[end]);
            if (previous !== NO_VALUE && !pyEquals(current, previous)) {
              yield items.slice(start, end);
              start = end;
            }
            previous = current;
          }
          if (start !== items.length) yield items.slice(start);
        }),
    ),
    defineFunction(
      "splitAt",
      "method",
      [collectionParam(), param.pythonInt("index")],
      ([collection, index]: [Collection, PythonInt]) => {
        const items = toArray(collection);
        const i = toIndex(index);
        // Python slicing: a negative index counts from the end; out-of-range indexes clamp.
        const at = i < 0 ? Math.max(0, items.length + i) : Math.min(i, items.length);
        return markList([items.slice(0, at), items.slice(at)]);
      },
    ),
    aggregate,
  );
  registry.alias("reduce", aggregate);
  registry.register(
    defineFunction(
      "accumulate",
      "method",
      [collectionParam(), param.lambda("selector"), optional(param.any("seed"), NO_VALUE)],
      ([collection, selector, seed]: [Collection, YaqlLambda, unknown]) =>
        lazy(function* () {
          const it = iterate(collection)[Symbol.iterator]();
          let total = seed;
          if (total === NO_VALUE) {
            const first = it.next();
            if (first.done)
              throw yaqlError("TypeError", "accumulate() of empty sequence with no initial value");
            total = first.value;
          }
          yield total;
          for (let next = it.next(); !next.done; next = it.next()) {
            total = selector(total, next.value);
            yield total;
          }
        }),
    ),
    defineFunction("reverse", "method", [collectionParam()], ([collection]: [Collection]) => {
      const items = toArray(collection);
      return lazy(function* () {
        for (let i = items.length - 1; i >= 0; i--) yield items[i];
      });
    }),
    defineFunction(
      "mergeWith",
      "method",
      [
        param.dict("dict"),
        param.dict("another"),
        optional(param.lambda("listMerger"), null),
        optional(param.lambda("itemMerger"), null),
        optional(param.pythonInt("maxLevels"), 0),
      ],
      ([dict, another, listMerger, itemMerger, maxLevels]: [
        PyDict,
        PyDict,
        YaqlLambda | null,
        YaqlLambda | null,
        PythonInt,
      ]) =>
        mergeDicts(
          dict,
          another,
          listMerger ?? ((a, b) => toArray(distinctItems([...(a as unknown[]), ...(b as unknown[])], null))),
          itemMerger ?? ((_, b) => b),
          toIndex(maxLevels),
        ),
    ),
    defineFunction("isIterable", "function", [param.any("value")], ([value]) => isIterable(value)),
    defineFunction(
      "sequence",
      "function",
      [optional(param.pythonInt("start"), 0), optional(param.pythonInt("step"), 1)],
      ([start, step]: [PythonInt, PythonInt]) =>
        lazy(function* () {
          const s = typeof step === "boolean" ? Number(step) : step;
          for (
            let i: number | bigint = typeof start === "boolean" ? Number(start) : start;
            ;
            i = pyAdd(i, s) as number | bigint
          ) {
            yield i;
          }
        }),
    ),
    defineFunction(
      "generate",
      "function",
      [
        param.any("initial"),
        param.lambda("predicate"),
        param.lambda("producer"),
        optional(param.lambda("selector"), null),
        optional(param.bool("decycle"), false),
      ],
      ([initial, predicate, producer, selector, decycle]: [
        unknown,
        YaqlLambda,
        YaqlLambda,
        YaqlLambda | null,
        boolean,
      ]) =>
        lazy(function* () {
          const seen = decycle ? new Set<string>() : undefined;
          for (let value = initial; truthy(predicate(value)); value = producer(value)) {
            if (seen) {
              const key = hashKey(value);
              if (seen.has(key)) return;
              seen.add(key);
            }
            yield selector === null ? value : selector(value);
          }
        }),
    ),
    defineFunction(
      "generateMany",
      "function",
      [
        param.any("initial"),
        param.lambda("producer"),
        optional(param.lambda("selector"), null),
        optional(param.bool("decycle"), false),
        optional(param.bool("depthFirst"), false),
      ],
      ([initial, producer, selector, decycle, depthFirst]: [
        unknown,
        YaqlLambda,
        YaqlLambda | null,
        boolean,
        boolean,
      ]) =>
        lazy(function* () {
          const seen = decycle ? new Set<string>() : undefined;
          // Breadth-first: a queue read from `head`. Depth-first: a stack whose top is the end,
          // so that what an item produces is visited next, in the order it was produced.
          const pending: unknown[] = [initial];
          let head = 0;
          while (head < pending.length) {
            const item = depthFirst ? pending.pop() : pending[head++];
            if (seen) {
              const key = hashKey(item);
              if (seen.has(key)) continue;
              seen.add(key);
            }
            yield selector === null ? item : selector(item);
            const produced = [...pythonIterable(producer(item))];
            if (depthFirst) for (let i = produced.length - 1; i >= 0; i--) pending.push(produced[i]);
            else for (const next of produced) pending.push(next);
            if (!depthFirst && head > 1024 && head * 2 > pending.length) {
              pending.splice(0, head);
              head = 0;
            }
          }
        }),
    ),
    defineFunction(
      "defaultIfEmpty",
      "method",
      [collectionParam(), collectionParam("default")],
      ([collection, fallback]: [Collection, Collection]) => {
        if (Array.isArray(collection) || collection instanceof PySet)
          return countItems(collection) === 0 ? fallback : collection;
        const remembered = memorize(collection);
        for (const _ of iterate(remembered)) return remembered;
        return fallback;
      },
    ),
  );
}

/** mergeWith(): a deep merge of two dicts (yaql's _merge_dicts). */
function mergeDicts(
  left: PyDict,
  right: PyDict,
  listMerger: (a: unknown, b: unknown) => unknown,
  itemMerger: (a: unknown, b: unknown) => unknown,
  maxLevels: number,
): PyDict {
  const result: PyDict = {};
  for (const key of Object.keys(left)) {
    const a = left[key];
    let merged = a;
    if (Object.hasOwn(right, key)) {
      const b = right[key];
      if (maxLevels !== 1 && isDict(b)) {
        if (!isDict(a)) throw cannotMerge(a, b);
        merged = mergeDicts(a, b, listMerger, itemMerger, maxLevels === 0 ? 0 : maxLevels - 1);
      } else if (maxLevels !== 1 && isSequence(b)) {
        if (!isSequence(a)) throw cannotMerge(a, b);
        merged = listMerger(a, b);
      } else {
        merged = itemMerger(a, b);
      }
    }
    setDictItem(result, key, merged);
  }
  for (const key of Object.keys(right)) if (!Object.hasOwn(result, key)) setDictItem(result, key, right[key]);
  return result;
}

function cannotMerge(a: unknown, b: unknown): YaqlEvaluationError {
  return yaqlError("TypeError", `Cannot merge ${pyTypeName(a)} with ${pyTypeName(b)}`);
}

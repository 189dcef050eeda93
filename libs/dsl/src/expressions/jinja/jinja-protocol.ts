// Python's object protocol over Jinja values: truth, str(), iteration, len(), ==, ordering, `in`,
// hashing and subscription. StrictUndefined raises on each of them, as in Jinja2.
import { pyCompare, pyEquals, pyLessOrEqual, pyLessThan, PyTypeError } from "../../python/py-compare.js";
import { pyRepr, pyStr } from "../../python/py-repr.js";
import {
  codePoints,
  hasSurrogates,
  pyCharAt,
  pyLen,
  pySlice,
  pySliceString,
  sliceIndices,
} from "../../python/py-string.js";
import {
  hashKey,
  isDict,
  isTuple,
  markTuple,
  PyFloat,
  PySet,
  toJsNumber,
  setDictItem,
} from "../../python/py-types.js";
import { jinjaError } from "./jinja-errors.js";
import {
  DictView,
  isGroupTuple,
  isStr,
  Markup,
  MISSING,
  PyIterator,
  PyRange,
  strValue,
  typeName,
  Undefined,
  type Runtime,
} from "./jinja-values.js";

/** Python's slice object, the argument of `x[a:b:c]`. */
export class PySliceValue {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}

  pyRepr(): string {
    return `slice(${pyRepr(this.start)}, ${pyRepr(this.stop)}, ${pyRepr(this.step)})`;
  }
}

/** Raises for a strict undefined value (and a lenient one where Undefined itself would). */
export function checkDefined(value: unknown): void {
  if (value instanceof Undefined && value.strict) value.fail();
}

/** Python's bool(value). */
export function truthy(value: unknown): boolean {
  switch (typeof value) {
    case "boolean":
      return value;
    case "string":
      return value.length > 0;
    case "number":
      return value !== 0;
    case "bigint":
      return value !== 0n;
    case "undefined":
      return false;
  }
  if (value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Undefined) {
    if (value.strict) value.fail();
    return false;
  }
  if (value instanceof Markup) return value.value.length > 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (isDict(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) return true;
    return false;
  }
  if (value instanceof PySet) return value.size > 0;
  if (value instanceof PyRange || value instanceof DictView) return value.length > 0;
  return true;
}

/** Python 3.11 refuses to turn ints of more than 4300 digits into text (sys.int_info.default_max_str_digits). */
const MAX_STR_DIGITS = 4300;
const INT_STR_LIMIT = 10n ** BigInt(MAX_STR_DIGITS);

export function checkIntDigits(value: bigint): void {
  if (value >= INT_STR_LIMIT || -value >= INT_STR_LIMIT) {
    throw jinjaError(
      "ValueError",
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
}

/** Checks the digits of a decimal text that int() is about to read. */
export function checkIntTextDigits(digits: number): void {
  if (digits > MAX_STR_DIGITS) {
    throw jinjaError(
      "ValueError",
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
}

/** Python's str(value). */
export function toStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint") checkIntDigits(value);
  return pyStr(value);
}

/** Python's repr(value). */
export function toRepr(value: unknown): string {
  return pyRepr(value);
}

function notIterable(value: unknown): Error {
  return jinjaError("TypeError", `'${typeName(value)}' object is not iterable`);
}

/** Python's iter(value). A generator is consumed as it is iterated. */
export function iterate(value: unknown): Iterable<unknown> {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return codePoints(value);
  if (value instanceof Markup) return codePoints(value.value);
  if (isDict(value)) return Object.keys(value);
  if (value instanceof PyIterator || value instanceof PyRange || value instanceof DictView) return value;
  if (value instanceof PySet) return value.values();
  if (value instanceof Undefined) {
    if (value.strict) value.fail();
    return [];
  }
  throw notIterable(value);
}

/** Python's list(value), counted against the evaluation's budget. */
export function toArray(value: unknown, runtime?: Runtime): unknown[] {
  const items = Array.isArray(value) ? value.slice() : [...iterate(value)];
  runtime?.tick(items.length);
  return items;
}

/** Python's len(value). */
export function length(value: unknown): number {
  if (typeof value === "string") return pyLen(value);
  if (Array.isArray(value)) return value.length;
  if (value instanceof Markup) return pyLen(value.value);
  if (isDict(value)) return Object.keys(value).length;
  if (value instanceof PySet) return value.size;
  if (value instanceof PyRange || value instanceof DictView) return value.length;
  if (value instanceof Undefined) {
    if (value.strict) value.fail();
    return 0;
  }
  throw jinjaError("TypeError", `object of type '${typeName(value)}' has no len()`);
}

function unwrap(value: unknown): unknown {
  return value instanceof Markup ? value.value : value;
}

/** How deep comparisons and conversions recurse into nested data (Python stops near 1000). */
const MAX_DEPTH = 1000;

/** Python's `a == b`. */
export function equals(a: unknown, b: unknown, depth = 0): boolean {
  if (a instanceof Undefined) {
    if (a.strict) a.fail();
    return b instanceof Undefined && !b.strict;
  }
  if (b instanceof Undefined) {
    if (b.strict) b.fail();
    return false;
  }
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (depth > MAX_DEPTH) throw jinjaError("RecursionError", "maximum recursion depth exceeded in comparison");
  const x = unwrap(a);
  const y = unwrap(b);
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || isTuple(x) !== isTuple(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equals(x[i], y[i], depth + 1)) return false;
    return true;
  }
  if (isDict(x)) {
    if (!isDict(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    return keys.every((key) => Object.hasOwn(y, key) && equals(x[key], y[key], depth + 1));
  }
  if (x instanceof PyRange) {
    if (!(y instanceof PyRange) || x.length !== y.length) return false;
    return x.length === 0 || (x.start === y.start && (x.length === 1 || x.step === y.step));
  }
  if (x instanceof DictView) {
    if (x.kind === "values") return x === y;
    const other = y instanceof DictView && y.kind === x.kind ? y : y instanceof PySet ? y : undefined;
    if (!other) return false;
    const left = new PySet([...x].map(hashable));
    const right = new PySet([...iterate(other)].map(hashable));
    return left.size === right.size && left.values().every((item) => right.has(item));
  }
  if (typeof x === "object" && x !== null && !(x instanceof PyFloat) && !(x instanceof PySet)) return x === y;
  return pyEquals(x, y);
}

/** Python's ordering `a < b` etc.: -1, 0 or 1; raises TypeError for values without an order. */
export function compare(a: unknown, b: unknown, op: "<" | "<=" | ">" | ">="): boolean {
  checkDefined(a);
  checkDefined(b);
  const x = unwrap(a);
  const y = unwrap(b);
  if (x instanceof PySet && y instanceof PySet) {
    if (op === "<") return pyLessThan(x, y);
    if (op === "<=") return pyLessOrEqual(x, y);
    if (op === ">") return pyLessThan(y, x);
    return pyLessOrEqual(y, x);
  }
  const order = orderOf(x, y, op);
  switch (op) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
}

/** Python's three-way ordering, with sequences compared item by item using Jinja's equality. */
function orderOf(a: unknown, b: unknown, op: string, depth = 0): number {
  checkDefined(a);
  checkDefined(b);
  const x = unwrap(a);
  const y = unwrap(b);
  if (Array.isArray(x) && Array.isArray(y) && isTuple(x) === isTuple(y)) {
    if (depth > MAX_DEPTH)
      throw jinjaError("RecursionError", "maximum recursion depth exceeded in comparison");
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      if (!equals(x[i], y[i])) return orderOf(x[i], y[i], op, depth + 1);
    }
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
  }
  try {
    return pyCompare(x, y, op);
  } catch (error) {
    if (!(error instanceof PyTypeError)) throw error;
    throw jinjaError(
      "TypeError",
      `'${op}' not supported between instances of '${typeName(x)}' and '${typeName(y)}'`,
    );
  }
}

/** The value a hash-based lookup uses; raises TypeError for unhashable values, as Python does. */
export function hashable(value: unknown): unknown {
  if (value instanceof Undefined) {
    if (value.strict) value.fail();
    return value;
  }
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) {
    if (!isTuple(value)) throw jinjaError("TypeError", "unhashable type: 'list'");
    return value.map(hashable);
  }
  if (isDict(value)) throw jinjaError("TypeError", "unhashable type: 'dict'");
  if (value instanceof PySet && !value.frozen) throw jinjaError("TypeError", "unhashable type: 'set'");
  if (value instanceof DictView) throw jinjaError("TypeError", `unhashable type: 'dict_${value.kind}'`);
  return value;
}

/** A key that identifies a hashable value up to Python equality (1, 1.0 and True share one). */
export function keyOf(value: unknown): string {
  const plain = hashable(value);
  if (typeof plain === "object" && plain !== null && !Array.isArray(plain) && !(plain instanceof PyFloat)) {
    if (plain instanceof PySet) return hashKey(plain);
    return `o${identityOf(plain)}`;
  }
  return hashKey(plain);
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

/** Python's `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Undefined) {
    if (container.strict) container.fail();
    return false;
  }
  if (isStr(container)) {
    if (!isStr(item)) {
      throw jinjaError("TypeError", `'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return strValue(container).includes(strValue(item));
  }
  if (Array.isArray(container)) return container.some((element) => element === item || equals(element, item));
  if (isDict(container)) {
    const key = hashable(item);
    return typeof key === "string" && Object.hasOwn(container, key);
  }
  if (container instanceof PySet) return container.has(hashable(item));
  if (container instanceof PyRange) {
    const x = unwrap(item);
    const n =
      typeof x === "boolean"
        ? Number(x)
        : typeof x === "number" || x instanceof PyFloat
          ? toJsNumber(x)
          : NaN;
    if (!Number.isInteger(n)) return false;
    const index = (n - container.start) / container.step;
    return Number.isInteger(index) && index >= 0 && index < container.length;
  }
  if (container instanceof DictView) {
    if (container.kind === "keys") return contains(container.dict, item);
    if (container.kind === "items") {
      if (!Array.isArray(item) || item.length !== 2) return false;
      const key = hashable(item[0]);
      return (
        typeof key === "string" && Object.hasOwn(container.dict, key) && equals(container.dict[key], item[1])
      );
    }
    return [...container].some((element) => equals(element, item));
  }
  if (container instanceof PyIterator) {
    for (const element of container) if (element === item || equals(element, item)) return true;
    return false;
  }
  throw jinjaError("TypeError", `argument of type '${typeName(container)}' is not iterable`);
}

/** An index argument as a JS number: ints and bools; undefined for anything else. */
export function indexValue(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return value > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  return undefined;
}

function sliceBound(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  return indexValue(value);
}

/** Resolves a slice against a length; undefined when a bound is not an int or None. */
export function resolveSlice(
  slice: PySliceValue,
): { start: number | null; stop: number | null; step: number | null } | undefined {
  const start = sliceBound(slice.start);
  const stop = sliceBound(slice.stop);
  const step = sliceBound(slice.step);
  if (start === undefined || stop === undefined || step === undefined) return undefined;
  return { start, stop, step };
}

function sliceSequence(container: unknown, slice: PySliceValue): unknown {
  const bounds = resolveSlice(slice);
  if (!bounds) return MISSING;
  if (bounds.step === 0) throw jinjaError("ValueError", "slice step cannot be zero");
  if (typeof container === "string") return pySliceString(container, bounds.start, bounds.stop, bounds.step);
  if (container instanceof Markup)
    return new Markup(pySliceString(container.value, bounds.start, bounds.stop, bounds.step));
  if (Array.isArray(container)) {
    const items = pySlice(container, bounds.start, bounds.stop, bounds.step);
    return isTuple(container) ? markTuple(items) : items;
  }
  if (container instanceof PyRange) {
    const resolved = sliceIndices(container.length, bounds.start, bounds.stop, bounds.step);
    return new PyRange(
      container.at(resolved.start),
      container.at(resolved.stop),
      container.step * resolved.step,
    );
  }
  return MISSING;
}

/**
 * Python's `container[key]`, or MISSING where Python raises TypeError or LookupError (the sandbox
 * then tries an attribute, then gives an undefined value).
 */
export function subscript(container: unknown, key: unknown): unknown {
  if (container instanceof Undefined) container.fail();
  if (key instanceof PySliceValue) return sliceSequence(container, key);
  if (isDict(container)) {
    checkDefined(key);
    const plain = typeof key === "string" ? key : key instanceof Markup ? key.value : undefined;
    if (plain === undefined) return MISSING;
    return Object.hasOwn(container, plain) ? container[plain] : MISSING;
  }
  if (Array.isArray(container)) {
    const index = indexValue(key);
    if (index === undefined) return MISSING;
    const at = index < 0 ? index + container.length : index;
    return at >= 0 && at < container.length ? container[at] : MISSING;
  }
  if (typeof container === "string" || container instanceof Markup) {
    const index = indexValue(key);
    if (index === undefined) return MISSING;
    const text = strValue(container);
    const ch = hasSurrogates(text) ? pyCharAt(text, index) : text[index < 0 ? index + text.length : index];
    if (ch === undefined) return MISSING;
    return container instanceof Markup ? new Markup(ch) : ch;
  }
  if (container instanceof PyRange) {
    const index = indexValue(key);
    if (index === undefined) return MISSING;
    const at = index < 0 ? index + container.length : index;
    return at >= 0 && at < container.length ? container.at(at) : MISSING;
  }
  return MISSING;
}

/**
 * Python's sorted(items, key=..., reverse=...): a stable sort on `keys` (one per item) using `<`
 * only, so mixed types raise TypeError as in Python.
 */
export function sortItems(
  items: readonly unknown[],
  keys: readonly unknown[],
  reverse: boolean,
  runtime?: Runtime,
): unknown[] {
  runtime?.tick(items.length);
  const order = items.map((_, i) => i);
  const less = (i: number, j: number) => compare(keys[i], keys[j], "<");
  order.sort((i, j) => {
    const [a, b] = reverse ? [j, i] : [i, j];
    if (less(a, b)) return -1;
    if (less(b, a)) return 1;
    return i - j;
  });
  return order.map((i) => items[i]);
}

/**
 * A value as plain data of the shared model, as Mistral's JSON conversion (oslo's to_primitive)
 * leaves it: Markup becomes str, generators, ranges and dict views become lists, Jinja's objects
 * their repr(). Unchanged parts keep their identity, so returning big inputs costs no copy.
 */
export function toPlainData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH)
    throw jinjaError("RecursionError", "maximum recursion depth exceeded while converting the result");
  if (value instanceof PyFloat) return value;
  if (value instanceof Markup) return value.value;
  if (value instanceof Undefined) {
    if (value.strict) value.fail();
    return null;
  }
  if (Array.isArray(value)) {
    // groupby's named tuples become plain tuples.
    let changed = isGroupTuple(value);
    const items = value.map((item) => {
      const plain = toPlainData(item, depth + 1);
      if (plain !== item) changed = true;
      return plain;
    });
    if (!changed) return value;
    return isTuple(value) ? markTuple(items) : items;
  }
  if (isDict(value)) {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = value[key];
      const plain = toPlainData(item, depth + 1);
      if (plain !== item && !out) {
        out = {};
        for (const earlier of Object.keys(value)) {
          if (earlier === key) break;
          setDictItem(out, earlier, value[earlier]);
        }
      }
      if (out) setDictItem(out, key, plain);
    }
    return out ?? value;
  }
  if (value instanceof PyIterator || value instanceof PyRange || value instanceof DictView) {
    return [...value].map((item) => toPlainData(item, depth + 1));
  }
  if (value instanceof PySet)
    return new PySet(
      value.values().map((item) => toPlainData(item, depth + 1)),
      value.frozen,
    );
  return toRepr(value);
}

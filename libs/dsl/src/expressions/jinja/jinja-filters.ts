// Jinja2 3.1's builtin filters (jinja2/filters.py) with their Python signatures and behaviour,
// as they run in Mistral's sandboxed, non-autoescaping environment. Generators stay lazy (map,
// select, unique, batch, ...), so `| list` is needed where Python needs it.
import { formatValue } from "../../python/py-format.js";
import { pyJsonDumps } from "../../python/py-json.js";
import {
  parsePyFloat,
  parsePyInt,
  pyAbs,
  pyRound,
  truncateFloat,
  type PyNumber,
} from "../../python/py-numbers.js";
import {
  codePoints,
  pyCapitalize,
  pyLen,
  pyPad,
  pyReplace,
  pyRSplit,
  pySplit,
  pySplitLines,
  pyStrip,
} from "../../python/py-string.js";
import {
  isDict,
  isFloat,
  isInt,
  markTuple,
  pyFloat,
  pyInt,
  PyFloat,
  toJsNumber,
  setDictItem,
} from "../../python/py-types.js";
import { getItem, safeAttribute } from "./jinja-access.js";
import { jinjaError, pythonKind } from "./jinja-errors.js";
import { checkStringSize, escapeValue, needInt, needStr, stripTags } from "./jinja-methods.js";
import { asNumber, binaryOp } from "./jinja-operators.js";
import { prettyFormat } from "./jinja-pprint.js";
import {
  checkDefined,
  checkIntTextDigits,
  compare,
  equals,
  iterate,
  keyOf,
  length,
  sortItems,
  toArray,
  toStr,
  truthy,
} from "./jinja-protocol.js";
import { signature, type Signature } from "./jinja-signature.js";
import { wrapText } from "./jinja-textwrap.js";
import { urlize } from "./jinja-urlize.js";
import {
  DictView,
  generator,
  groupTuple,
  isStr,
  Markup,
  MISSING,
  PyIterator,
  PyRange,
  strValue,
  typeName,
  Undefined,
  type Kwargs,
  type Runtime,
} from "./jinja-values.js";

/** A filter: its Python signature (the filtered value first) and implementation. */
export interface FilterDef {
  readonly sig: Signature;
  readonly impl: (args: unknown[], runtime: Runtime) => unknown;
}

export type FilterTable = Map<string, FilterDef>;

// ---- shared helpers -------------------------------------------------------------------------

/** markupsafe.soft_str: str() unless it is already a str (Markup stays Markup). */
function softStr(value: unknown): string | Markup {
  if (typeof value === "string" || value instanceof Markup) return value;
  return toStr(value);
}

/** Applies a str -> str function, keeping Markup as Markup (as Markup's own methods do). */
function mapStr(value: unknown, fn: (text: string) => string): string | Markup {
  const text = softStr(value);
  return text instanceof Markup ? new Markup(fn(text.value)) : fn(text);
}

function ignoreCase(value: unknown): unknown {
  if (typeof value === "string") return value.toLowerCase();
  if (value instanceof Markup) return new Markup(value.value.toLowerCase());
  return value;
}

function attributeParts(attribute: unknown): unknown[] {
  if (attribute === null || attribute === undefined) return [];
  if (isStr(attribute)) {
    return strValue(attribute)
      .split(".")
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  }
  return [attribute];
}

/** filters.make_attrgetter: looks up a dotted attribute path with environment.getitem. */
function attrGetter(
  attribute: unknown,
  postprocess?: (value: unknown) => unknown,
  fallback: unknown = null,
): (item: unknown) => unknown {
  const parts = attributeParts(attribute);
  return (item) => {
    for (const part of parts) {
      item = getItem(item, part);
      if (fallback !== null && item instanceof Undefined) item = fallback;
    }
    return postprocess ? postprocess(item) : item;
  };
}

/** filters.make_multi_attrgetter: "age,name" gives a list of values per item. */
function multiAttrGetter(
  attribute: unknown,
  postprocess?: (value: unknown) => unknown,
): (item: unknown) => unknown[] {
  const split = isStr(attribute) ? strValue(attribute).split(",") : [attribute];
  const getters = split.map((part) => attrGetter(part, postprocess));
  return (item) => getters.map((getter) => getter(item));
}

function builtinNumber(value: unknown, what: string): PyNumber {
  const number = asNumber(value);
  if (number === undefined)
    throw jinjaError("TypeError", `bad operand type for ${what}: '${typeName(value)}'`);
  return number;
}

/** Python's float(value). */
function pyFloatOf(value: unknown): number | PyFloat {
  if (isStr(value)) return parsePyFloat(strValue(value));
  const number = asNumber(value);
  if (number !== undefined) {
    const x = toJsNumber(number);
    if (typeof number === "bigint" && !Number.isFinite(x))
      throw jinjaError("OverflowError", "int too large to convert to float");
    return pyFloat(x);
  }
  if (value instanceof Undefined) value.fail();
  throw jinjaError(
    "TypeError",
    `float() argument must be a string or a real number, not '${typeName(value)}'`,
  );
}

/** Python's int(value) (or int(value, base) for a str). */
function pyIntOf(value: unknown, base: unknown = null): number | bigint {
  if (isStr(value)) {
    const radix = base === null ? 10 : needInt(base);
    const text = strValue(value);
    // Python limits the digits it reads for bases that are not powers of two.
    if (![2, 4, 8, 16, 32].includes(radix)) checkIntTextDigits(text.replace(/[^0-9a-zA-Z]/g, "").length);
    return parsePyInt(text, radix);
  }
  if (value instanceof Undefined) value.fail();
  if (base !== null) throw jinjaError("TypeError", "int() can't convert non-string with explicit base");
  const number = asNumber(value);
  if (number === undefined) {
    throw jinjaError(
      "TypeError",
      `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`,
    );
  }
  return isFloat(number) ? truncateFloat(number) : (number as number | bigint);
}

function isCaught(error: unknown, kinds: string[]): boolean {
  return kinds.includes(pythonKind(error));
}

function firstItem(value: unknown): unknown {
  for (const item of iterate(value)) return item;
  return MISSING;
}

/** Python's reversed(value): sequences and dicts only. */
function reversedItems(value: unknown): unknown[] {
  if (isStr(value)) return codePoints(strValue(value)).reverse();
  if (Array.isArray(value)) return value.slice().reverse();
  if (isDict(value)) return Object.keys(value).reverse();
  if (value instanceof PyRange || value instanceof DictView) return [...value].reverse();
  checkDefined(value);
  throw jinjaError("TypeError", `'${typeName(value)}' object is not reversible`);
}

const URL_SAFE = /[A-Za-z0-9_.\-~]/;

/** jinja2.utils.url_quote. */
function urlQuote(value: unknown, forQueryString: boolean): string {
  const text = toStr(value);
  const safe = forQueryString ? "" : "/";
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out +=
      byte < 0x80 && (URL_SAFE.test(ch) || safe.includes(ch))
        ? ch
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return forQueryString ? out.replaceAll("%20", "+") : out;
}

/** utils.htmlsafe_json_dumps with the environment's json.dumps_kwargs ({"sort_keys": True}). */
/** A value as json.dumps sees it: Markup is a str, Jinja's other objects are not serializable. */
function jsonReady(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || value instanceof PyFloat) return value;
  if (value instanceof Markup) return value.value;
  if (depth > 1000)
    throw jinjaError("RecursionError", "maximum recursion depth exceeded while encoding a JSON object");
  if (Array.isArray(value)) return value.map((item) => jsonReady(item, depth + 1));
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setDictItem(out, key, jsonReady(value[key], depth + 1));
    return out;
  }
  throw jinjaError("TypeError", `Object of type ${typeName(value)} is not JSON serializable`);
}

function htmlSafeJson(value: unknown, indent: unknown): Markup {
  const plain = jsonReady(value);
  const text = pyJsonDumps(plain, {
    indent: indent === null ? undefined : needInt(indent),
    sortKeys: true,
    ensureAscii: true,
  });
  return new Markup(
    text
      .replaceAll("<", "\\u003c")
      .replaceAll(">", "\\u003e")
      .replaceAll("&", "\\u0026")
      .replaceAll("'", "\\u0027"),
  );
}

function minOrMax(
  value: unknown,
  caseSensitive: unknown,
  attribute: unknown,
  wantMax: boolean,
  runtime: Runtime,
): unknown {
  const items = toArray(value, runtime);
  if (items.length === 0) return new Undefined("No aggregated item, sequence was empty.");
  const key = attrGetter(attribute, caseSensitive ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const itemKey = key(item);
    if (wantMax ? compare(itemKey, bestKey, ">") : compare(itemKey, bestKey, "<")) {
      best = item;
      bestKey = itemKey;
    }
  }
  return best;
}

function selectOrReject(
  value: unknown,
  args: unknown[],
  kwargs: Kwargs,
  select: boolean,
  lookupAttribute: boolean,
  runtime: Runtime,
): PyIterator {
  const name = lookupAttribute ? "select_or_reject" : "select_or_reject";
  if (!truthy(value)) return generator(name, []);
  let transform: (item: unknown) => unknown = (item) => item;
  let offset = 0;
  if (lookupAttribute) {
    if (args.length === 0) throw jinjaError("FilterArgumentError", "Missing parameter for attribute name");
    transform = attrGetter(args[0]);
    offset = 1;
  }
  const testName = args[offset];
  const testArgs = args.slice(offset + 1);
  const check =
    testName === undefined
      ? (item: unknown) => truthy(item)
      : (item: unknown) => truthy(runtime.callTest(toStr(testName), item, testArgs, kwargs));
  return generator(
    name,
    selectItems(value, (item) => check(transform(item)) === select, runtime),
  );
}

// Generators are module-level functions: a `function*` created per call is many times slower in V8.

function* selectItems(
  value: unknown,
  keep: (item: unknown) => boolean,
  runtime: Runtime,
): Generator<unknown> {
  for (const item of iterate(value)) {
    runtime.tick();
    if (keep(item)) yield item;
  }
}

function* mapItems(value: unknown, fn: (item: unknown) => unknown, runtime: Runtime): Generator<unknown> {
  for (const item of iterate(value)) {
    runtime.tick();
    yield fn(item);
  }
}

function doMap(value: unknown, args: unknown[], kwargs: Kwargs, runtime: Runtime): PyIterator {
  if (!truthy(value)) return generator("sync_do_map", []);
  let fn: (item: unknown) => unknown;
  if (args.length === 0 && kwargs.has("attribute")) {
    const rest = new Map(kwargs);
    const attribute = rest.get("attribute");
    const fallback = rest.has("default") ? rest.get("default") : null;
    rest.delete("attribute");
    rest.delete("default");
    if (rest.size > 0)
      throw jinjaError("FilterArgumentError", `Unexpected keyword argument '${[...rest.keys()][0]}'`);
    fn = attrGetter(attribute, undefined, fallback);
  } else {
    if (args.length === 0) throw jinjaError("FilterArgumentError", "map requires a filter argument");
    const name = toStr(args[0]);
    const rest = args.slice(1);
    fn = (item) => runtime.callFilter(name, item, rest, kwargs);
  }
  return generator("sync_do_map", mapItems(value, fn, runtime));
}

function doSum(value: unknown, attribute: unknown, start: unknown, runtime: Runtime): unknown {
  if (isStr(start)) throw jinjaError("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
  const getter = attribute === null ? undefined : attrGetter(attribute);
  let total = start;
  for (const item of iterate(value)) {
    runtime.tick();
    total = binaryOp("add", total, getter ? getter(item) : item);
  }
  return total;
}

function doRound(value: unknown, precision: unknown, method: unknown): unknown {
  if (method !== "common" && method !== "ceil" && method !== "floor") {
    throw jinjaError("FilterArgumentError", "method must be common, ceil or floor");
  }
  if (method === "common") {
    const number = asNumber(value);
    if (number === undefined)
      throw jinjaError("TypeError", `type ${typeName(value)} doesn't define __round__ method`);
    return pyRound(number, needInt(precision));
  }
  const factor = binaryOp("pow", 10, precision);
  const scaled = asNumber(binaryOp("mul", value, factor))!;
  const rounded = isInt(scaled) ? scaled : pyInt(Math[method](toJsNumber(scaled)));
  return binaryOp("div", rounded, factor);
}

function doIndent(value: unknown, width: unknown, first: unknown, blank: unknown): unknown {
  const indention = isStr(width) ? strValue(width) : " ".repeat(Math.max(0, needInt(width)));
  if (!isStr(value)) {
    checkDefined(value);
    throw jinjaError("TypeError", `unsupported operand type(s) for +=: '${typeName(value)}' and 'str'`);
  }
  const text = strValue(value) + "\n";
  let result: string;
  if (truthy(blank)) result = pySplitLines(text).join(`\n${indention}`);
  else {
    const lines = pySplitLines(text);
    result = lines.shift() ?? "";
    if (lines.length > 0) result += `\n${lines.map((line) => (line ? indention + line : line)).join("\n")}`;
  }
  if (truthy(first)) result = indention + result;
  checkStringSize(result.length);
  return value instanceof Markup ? new Markup(result) : result;
}

function doTruncate(
  value: unknown,
  lengthArg: unknown,
  killwords: unknown,
  end: unknown,
  leewayArg: unknown,
): unknown {
  const limit = needInt(lengthArg);
  const leeway = leewayArg === null ? 5 : needInt(leewayArg);
  const ending = toStr(end);
  if (limit < pyLen(ending))
    throw jinjaError("AssertionError", `expected length >= ${pyLen(ending)}, got ${limit}`);
  if (leeway < 0) throw jinjaError("AssertionError", `expected leeway >= 0, got ${leeway}`);
  if (length(value) <= limit + leeway) return value;
  const text = codePoints(needStr(value, () => `'${typeName(value)}' object is not subscriptable`));
  const head = text.slice(0, Math.max(0, limit - pyLen(ending))).join("");
  if (truthy(killwords)) return head + ending;
  return pyRSplit(head, " ", 1)[0]! + ending;
}

function doFilesizeformat(value: unknown, binary: unknown): string {
  const bytes = toJsNumber(pyFloatOf(value));
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary)
    ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  if (bytes === 1) return "1 Byte";
  if (bytes < base) return `${toStr(truncateFloat(bytes))} Bytes`;
  let unit = 0;
  let prefix = "";
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i]!;
    if (bytes < unit) break;
  }
  return `${formatValue((base * bytes) / unit, ".1f")} ${prefix}`;
}

function doDictsort(
  value: unknown,
  caseSensitive: unknown,
  by: unknown,
  reverse: unknown,
  runtime: Runtime,
): unknown[] {
  const position = by === "key" ? 0 : by === "value" ? 1 : -1;
  if (position < 0) throw jinjaError("FilterArgumentError", 'You can only sort by either "key" or "value"');
  if (!isDict(value)) {
    checkDefined(value);
    throw jinjaError("AttributeError", `'${typeName(value)}' object has no attribute 'items'`);
  }
  const items = Object.keys(value).map((key) => markTuple([key, value[key]]));
  const keys = items.map((item) => (truthy(caseSensitive) ? item[position] : ignoreCase(item[position])));
  return sortItems(items, keys, truthy(reverse), runtime);
}

function doGroupby(
  value: unknown,
  attribute: unknown,
  fallback: unknown,
  caseSensitive: unknown,
  runtime: Runtime,
): unknown[] {
  const key = attrGetter(attribute, truthy(caseSensitive) ? undefined : ignoreCase, fallback);
  const items = toArray(value, runtime);
  const sorted = sortItems(items, items.map(key), false, runtime);
  const groups: Array<{ key: unknown; items: unknown[] }> = [];
  for (const item of sorted) {
    const itemKey = key(item);
    const last = groups[groups.length - 1];
    if (last && equals(last.key, itemKey)) last.items.push(item);
    else groups.push({ key: itemKey, items: [item] });
  }
  const output = truthy(caseSensitive) ? undefined : attrGetter(attribute, undefined, fallback);
  return groups.map((group) => groupTuple(output ? output(group.items[0]) : group.key, group.items));
}

function doUrlencode(value: unknown, runtime: Runtime): string {
  if (isStr(value) || !isIterableValue(value)) return urlQuote(value, false);
  const pairs = isDict(value) ? Object.keys(value).map((key) => [key, value[key]]) : toArray(value, runtime);
  return pairs
    .map((pair) => {
      const items = toArray(pair, runtime);
      if (items.length !== 2) {
        throw jinjaError(
          "ValueError",
          `${items.length > 2 ? "too many values to unpack" : "not enough values to unpack"} (expected 2, got ${items.length})`,
        );
      }
      return `${urlQuote(items[0], true)}=${urlQuote(items[1], true)}`;
    })
    .join("&");
}

function isIterableValue(value: unknown): boolean {
  if (value instanceof Undefined) return true;
  try {
    iterate(value);
    return true;
  } catch (error) {
    if (pythonKind(error) === "TypeError") return false;
    throw error;
  }
}

function doWordwrap(
  value: unknown,
  width: unknown,
  breakLongWords: unknown,
  wrapstring: unknown,
  breakOnHyphens: unknown,
): string {
  const separator = wrapstring === null ? "\n" : toStr(wrapstring);
  const text = needStr(value, () => `'${typeName(value)}' object has no attribute 'splitlines'`);
  const options = {
    width: needInt(width),
    breakLongWords: truthy(breakLongWords),
    breakOnHyphens: truthy(breakOnHyphens),
  };
  return pySplitLines(text)
    .map((line) => wrapText(line, options).join(separator))
    .join(separator);
}

function doXmlattr(value: unknown, autospace: unknown): string {
  if (!isDict(value)) {
    checkDefined(value);
    throw jinjaError("AttributeError", `'${typeName(value)}' object has no attribute 'items'`);
  }
  const items: string[] = [];
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === null || item instanceof Undefined) continue;
    if (/[\s/>=]/.test(key))
      throw jinjaError(
        "ValueError",
        `Invalid character in attribute name: ${toStr(markTuple([key])).slice(1, -2)}`,
      );
    items.push(`${escapeValue(key).value}="${escapeValue(item).value}"`);
  }
  const joined = items.join(" ");
  return truthy(autospace) && joined ? ` ${joined}` : joined;
}

function doReplace(value: unknown, old: unknown, replacement: unknown, count: unknown): string {
  const text = toStr(value);
  const from = toStr(old);
  const to = toStr(replacement);
  const n = count === null ? -1 : needInt(count);
  if (to.length > from.length) checkStringSize(text.length + (text.length + 1) * (to.length - from.length));
  return pyReplace(text, from, to, n);
}

function doTitle(value: unknown): string {
  return strValue(softStr(value))
    .split(/([-\s({[<]+)/u)
    .filter((item) => item !== "")
    .map((item) => {
      const [first, ...rest] = codePoints(item);
      return first!.toUpperCase() + rest.join("").toLowerCase();
    })
    .join("");
}

function doBatch(value: unknown, linecount: unknown, fillWith: unknown, runtime: Runtime): PyIterator {
  return generator("do_batch", batchItems(value, needInt(linecount), fillWith, runtime));
}

function* batchItems(
  value: unknown,
  size: number,
  fillWith: unknown,
  runtime: Runtime,
): Generator<unknown[]> {
  let batch: unknown[] = [];
  for (const item of iterate(value)) {
    runtime.tick();
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
    batch.push(item);
  }
  if (batch.length > 0) {
    if (fillWith !== null && batch.length < size) {
      runtime.tick(size - batch.length);
      while (batch.length < size) batch.push(fillWith);
    }
    yield batch;
  }
}

function doSlice(value: unknown, slicesArg: unknown, fillWith: unknown, runtime: Runtime): PyIterator {
  const items = toArray(value, runtime);
  const slices = needInt(slicesArg);
  if (slices === 0) throw jinjaError("ZeroDivisionError", "integer division or modulo by zero");
  return generator("sync_do_slice", sliceItems(items, slices, fillWith, runtime));
}

function* sliceItems(
  items: unknown[],
  slices: number,
  fillWith: unknown,
  runtime: Runtime,
): Generator<unknown[]> {
  const perSlice = Math.floor(items.length / slices);
  const withExtra = ((items.length % slices) + slices) % slices;
  let offset = 0;
  for (let n = 0; n < slices; n++) {
    runtime.tick();
    const start = offset + n * perSlice;
    if (n < withExtra) offset += 1;
    const end = offset + (n + 1) * perSlice;
    const part = items.slice(Math.max(0, start), Math.max(0, end));
    if (fillWith !== null && n >= withExtra) part.push(fillWith);
    yield part;
  }
}

function doUnique(value: unknown, caseSensitive: unknown, attribute: unknown, runtime: Runtime): PyIterator {
  const key = attrGetter(attribute, truthy(caseSensitive) ? undefined : ignoreCase);
  const seen = new Set<string>();
  return generator(
    "do_unique",
    selectItems(
      value,
      (item) => {
        const itemKey = keyOf(key(item));
        if (seen.has(itemKey)) return false;
        seen.add(itemKey);
        return true;
      },
      runtime,
    ),
  );
}

function doReverse(value: unknown, runtime: Runtime): unknown {
  if (isStr(value)) return mapStr(value, (text) => codePoints(text).reverse().join(""));
  if (Array.isArray(value) || value instanceof PyRange || isDict(value) || value instanceof DictView) {
    const items = reversedItems(value);
    const typeNameOf = Array.isArray(value)
      ? "list_reverseiterator"
      : value instanceof PyRange
        ? "range_iterator"
        : isDict(value) || value instanceof DictView
          ? "dict_reversekeyiterator"
          : "reversed";
    return new PyIterator(typeNameOf, null, items[Symbol.iterator]());
  }
  checkDefined(value);
  try {
    const items = toArray(value, runtime);
    return items.reverse();
  } catch (error) {
    if (pythonKind(error) === "TypeError")
      throw jinjaError("FilterArgumentError", "argument must be iterable");
    throw error;
  }
}

function doAbs(value: unknown): unknown {
  return pyAbs(builtinNumber(value, "abs()"));
}

function doInt(value: unknown, fallback: unknown, base: unknown): unknown {
  try {
    return isStr(value) ? pyIntOf(value, base) : pyIntOf(value);
  } catch (error) {
    if (!isCaught(error, ["TypeError", "ValueError"])) throw error;
    try {
      return truncateFloat(pyFloatOf(value));
    } catch (inner) {
      if (!isCaught(inner, ["TypeError", "ValueError"])) throw inner;
      return fallback;
    }
  }
}

function doFloat(value: unknown, fallback: unknown): unknown {
  try {
    return pyFloatOf(value);
  } catch (error) {
    if (!isCaught(error, ["TypeError", "ValueError"])) throw error;
    return fallback;
  }
}

function doFormat(value: unknown, args: unknown[], kwargs: Kwargs): unknown {
  if (args.length > 0 && kwargs.size > 0) {
    throw jinjaError("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
  }
  const values = kwargs.size > 0 ? Object.fromEntries(kwargs) : markTuple(args.slice());
  return binaryOp("mod", softStr(value), values);
}

function doJoin(value: unknown, separator: unknown, attribute: unknown, runtime: Runtime): string {
  let items = toArray(value, runtime);
  if (attribute !== null) items = items.map(attrGetter(attribute));
  const sep = toStr(separator);
  const parts = items.map(toStr);
  checkStringSize(parts.reduce((sum, part) => sum + part.length, sep.length * Math.max(0, parts.length - 1)));
  return parts.join(sep);
}

function doSort(
  value: unknown,
  reverse: unknown,
  caseSensitive: unknown,
  attribute: unknown,
  runtime: Runtime,
): unknown[] {
  const items = toArray(value, runtime);
  const key = multiAttrGetter(attribute, truthy(caseSensitive) ? undefined : ignoreCase);
  return sortItems(items, items.map(key), truthy(reverse), runtime);
}

function doAttr(value: unknown, name: unknown): unknown {
  if (value instanceof Undefined) value.fail();
  const attribute = toStr(name);
  const found = safeAttribute(value, attribute);
  return found === MISSING ? new Undefined(null, value, attribute) : found;
}

function* dictItems(value: unknown): Generator<unknown> {
  if (value instanceof Undefined) return;
  if (!isDict(value)) throw jinjaError("TypeError", "Can only get item pairs from a mapping.");
  yield* new DictView("items", value);
}

function doItems(value: unknown): PyIterator {
  return generator("do_items", dictItems(value));
}

function doCenter(value: unknown, width: unknown): string | Markup {
  const size = needInt(width);
  checkStringSize(size);
  return mapStr(value, (text) => pyPad(text, size, " ", "center"));
}

function doLast(value: unknown): unknown {
  const items = reversedItems(value);
  return items.length > 0 ? items[0] : new Undefined("No last item, sequence was empty.");
}

function doRandom(value: unknown, runtime: Runtime): unknown {
  const items = Array.isArray(value)
    ? value
    : isStr(value)
      ? codePoints(strValue(value))
      : toArray(value, runtime);
  if (items.length === 0) return new Undefined("No random item, sequence was empty.");
  return items[Math.floor(Math.random() * items.length)];
}

function doUrlize(
  value: unknown,
  limit: unknown,
  nofollow: unknown,
  target: unknown,
  rel: unknown,
  schemes: unknown,
  runtime: Runtime,
): string {
  // The environment's policies: urlize.rel is "noopener", urlize.target and extra_schemes unset.
  const relParts = new Set(pySplit(rel === null ? "" : toStr(rel)));
  if (truthy(nofollow)) relParts.add("nofollow");
  relParts.add("noopener");
  const extraSchemes = schemes === null ? null : toArray(schemes, runtime).map(toStr);
  for (const scheme of extraSchemes ?? []) {
    if (!/^[\p{L}\p{N}_.+-]{2,}:\/{0,2}$/u.test(scheme)) {
      throw jinjaError("FilterArgumentError", `'${scheme}' is not a valid URI scheme prefix.`);
    }
  }
  return urlize(toStr(value), {
    trimUrlLimit: limit === null ? null : needInt(limit),
    rel: [...relParts].sort().join(" ") || null,
    target: target === null ? null : toStr(target),
    extraSchemes,
  });
}

type FilterImpl = (args: unknown[], runtime: Runtime) => unknown;

function define(table: FilterTable, name: string, params: string, impl: FilterImpl): void {
  table.set(name, { sig: signature(`do_${name}`, params), impl });
}

/** The builtin filters of Jinja2 3.1 (DEFAULT_FILTERS). */
export function builtinFilters(): FilterTable {
  const filters: FilterTable = new Map();
  define(filters, "abs", "x, /", ([x]) => doAbs(x));
  define(filters, "attr", "obj, name", ([obj, name]) => doAttr(obj, name));
  define(filters, "batch", "value, linecount, fill_with=None", ([value, count, fill], rt) =>
    doBatch(value, count, fill, rt),
  );
  define(filters, "capitalize", "s", ([s]) => mapStr(s, pyCapitalize));
  define(filters, "center", "value, width=80", ([value, width]) => doCenter(value, width));
  define(filters, "count", "obj, /", ([obj]) => length(obj));
  define(filters, "length", "obj, /", ([obj]) => length(obj));
  for (const name of ["d", "default"]) {
    define(filters, name, "value, default_value='', boolean=False", ([value, fallback, boolean]) =>
      value instanceof Undefined || (truthy(boolean) && !truthy(value)) ? fallback : value,
    );
  }
  define(
    filters,
    "dictsort",
    "value, case_sensitive=False, by='key', reverse=False",
    ([value, cs, by, reverse], rt) => doDictsort(value, cs, by, reverse, rt),
  );
  for (const name of ["e", "escape"]) define(filters, name, "s, /", ([s]) => escapeValue(s));
  define(filters, "filesizeformat", "value, binary=False", ([value, binary]) =>
    doFilesizeformat(value, binary),
  );
  define(filters, "first", "seq", ([seq]) => {
    const item = firstItem(seq);
    return item === MISSING ? new Undefined("No first item, sequence was empty.") : item;
  });
  define(filters, "float", "value, default=0.0", ([value, fallback]) => doFloat(value, fallback));
  define(filters, "forceescape", "value", ([value]) => escapeValue(toStr(value)));
  define(filters, "format", "value, *args, **kwargs", ([value, args, kwargs]) =>
    doFormat(value, args as unknown[], kwargs as Kwargs),
  );
  define(
    filters,
    "groupby",
    "value, attribute, default=None, case_sensitive=False",
    ([value, attribute, fallback, cs], rt) => doGroupby(value, attribute, fallback, cs, rt),
  );
  define(filters, "indent", "s, width=4, first=False, blank=False", ([s, width, first, blank]) =>
    doIndent(s, width, first, blank),
  );
  define(filters, "int", "value, default=0, base=10", ([value, fallback, base]) =>
    doInt(value, fallback, base),
  );
  define(filters, "items", "value", ([value]) => doItems(value));
  define(filters, "join", "value, d='', attribute=None", ([value, d, attribute], rt) =>
    doJoin(value, d, attribute, rt),
  );
  define(filters, "last", "seq", ([seq]) => doLast(seq));
  define(filters, "list", "value", ([value], rt) => toArray(value, rt));
  define(filters, "lower", "s", ([s]) => mapStr(s, (text) => text.toLowerCase()));
  define(filters, "upper", "s", ([s]) => mapStr(s, (text) => text.toUpperCase()));
  define(filters, "map", "value, *args, **kwargs", ([value, args, kwargs], rt) =>
    doMap(value, args as unknown[], kwargs as Kwargs, rt),
  );
  define(filters, "max", "value, case_sensitive=False, attribute=None", ([value, cs, attribute], rt) =>
    minOrMax(value, cs, attribute, true, rt),
  );
  define(filters, "min", "value, case_sensitive=False, attribute=None", ([value, cs, attribute], rt) =>
    minOrMax(value, cs, attribute, false, rt),
  );
  define(filters, "pprint", "value", ([value]) => prettyFormat(value));
  define(filters, "random", "seq", ([seq], rt) => doRandom(seq, rt));
  for (const [name, select, lookup] of [
    ["select", true, false],
    ["reject", false, false],
    ["selectattr", true, true],
    ["rejectattr", false, true],
  ] as const) {
    define(filters, name, "value, *args, **kwargs", ([value, args, kwargs], rt) =>
      selectOrReject(value, args as unknown[], kwargs as Kwargs, select, lookup, rt),
    );
  }
  define(filters, "replace", "s, old, new, count=None", ([s, old, replacement, count]) =>
    doReplace(s, old, replacement, count),
  );
  define(filters, "reverse", "value", ([value], rt) => doReverse(value, rt));
  define(filters, "round", "value, precision=0, method='common'", ([value, precision, method]) =>
    doRound(value, precision, method),
  );
  define(filters, "safe", "value", ([value]) => new Markup(toStr(value)));
  define(filters, "slice", "value, slices, fill_with=None", ([value, slices, fill], rt) =>
    doSlice(value, slices, fill, rt),
  );
  define(
    filters,
    "sort",
    "value, reverse=False, case_sensitive=False, attribute=None",
    ([value, reverse, cs, attribute], rt) => doSort(value, reverse, cs, attribute, rt),
  );
  define(filters, "string", "s", ([s]) => softStr(s));
  define(filters, "striptags", "value", ([value]) => stripTags(toStr(value)));
  define(filters, "sum", "iterable, attribute=None, start=0", ([iterable, attribute, start], rt) =>
    doSum(iterable, attribute, start, rt),
  );
  define(filters, "title", "s", ([s]) => doTitle(s));
  define(filters, "trim", "value, chars=None", ([value, chars]) =>
    mapStr(value, (text) => pyStrip(text, chars === null ? null : toStr(chars))),
  );
  define(
    filters,
    "truncate",
    "s, length=255, killwords=False, end='...', leeway=None",
    ([s, len, kill, end, leeway]) => doTruncate(s, len, kill, end, leeway),
  );
  define(filters, "unique", "value, case_sensitive=False, attribute=None", ([value, cs, attribute], rt) =>
    doUnique(value, cs, attribute, rt),
  );
  define(filters, "urlencode", "value", ([value], rt) => doUrlencode(value, rt));
  define(
    filters,
    "urlize",
    "value, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None",
    ([value, limit, nofollow, target, rel, schemes], rt) =>
      doUrlize(value, limit, nofollow, target, rel, schemes, rt),
  );
  define(
    filters,
    "wordcount",
    "s",
    ([s]) => (toStr(softStr(s)).match(/[\p{L}\p{N}_\p{Mn}\p{Mc}\p{Pc}]+/gu) ?? []).length,
  );
  define(
    filters,
    "wordwrap",
    "s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True",
    ([s, width, breakLong, wrapstring, hyphens]) => doWordwrap(s, width, breakLong, wrapstring, hyphens),
  );
  define(filters, "xmlattr", "d, autospace=True", ([d, autospace]) => doXmlattr(d, autospace));
  define(filters, "tojson", "value, indent=None", ([value, indent]) => htmlSafeJson(value, indent));
  return filters;
}

// The attributes Python objects have, as templates reach them with `x.name`: the methods of str,
// list, tuple and dict (the sandbox allows them all, including the mutating ones), numbers'
// attributes, and those of Jinja's own objects (loop, namespace, cycler, joiner, range, groupby's
// tuples). Markup's methods escape their str arguments and return Markup, as markupsafe's do.
import { pyFloorDiv } from "../../python/py-numbers.js";
import { pyStrFormat } from "../../python/py-format.js";
import {
  codePoints,
  pyCapitalize,
  pyCount,
  pyFind,
  pyIsAlnum,
  pyIsAlpha,
  pyIsDecimal,
  pyIsDigit,
  pyIsLower,
  pyIsNumeric,
  pyIsSpace,
  pyIsTitle,
  pyIsUpper,
  pyLen,
  pyPad,
  pyReplace,
  pyRFind,
  pyRSplit,
  pySliceString,
  pySplit,
  pySplitLines,
  pyStrip,
  pySwapCase,
  pyTitle,
  isPrintable,
} from "../../python/py-string.js";
import {
  isDict,
  isFloat,
  isInt,
  isTuple,
  markTuple,
  PyFloat,
  PySet,
  toJsNumber,
  type PyDict,
  setDictItem,
} from "../../python/py-types.js";
import { jinjaError } from "./jinja-errors.js";
import { contains, equals, indexValue, keyOf, sortItems, toArray, toStr } from "./jinja-protocol.js";
import { signature, type Signature } from "./jinja-signature.js";
import {
  boundMethod,
  Cycler,
  DictView,
  isGroupTuple,
  isStr,
  Joiner,
  LoopContext,
  Markup,
  MISSING,
  Namespace,
  PyRange,
  strValue,
  typeName,
  Undefined,
  type Kwargs,
  type Runtime,
} from "./jinja-values.js";

/** Marks an attribute that exists but that the sandbox does not allow. */
export const UNSAFE: unique symbol = Symbol("unsafe");

/** Longest string a template may build (repeat, pad, join), so hostile input cannot exhaust memory. */
export const MAX_STRING_LENGTH = 10_000_000;

export function checkStringSize(size: number): void {
  if (size > MAX_STRING_LENGTH) {
    throw jinjaError("MemoryError", `result of ${size} characters exceeds the limit of ${MAX_STRING_LENGTH}`);
  }
}

// ---- argument helpers ---------------------------------------------------------------------

export function needStr(value: unknown, message: () => string): string {
  if (isStr(value)) return strValue(value);
  if (value instanceof Undefined) value.fail();
  throw jinjaError("TypeError", message());
}

/** An int argument (bool counts), as Python's __index__ takes it. */
export function needInt(value: unknown): number {
  const index = indexValue(value);
  if (index === undefined) {
    if (value instanceof Undefined) value.fail();
    throw jinjaError("TypeError", `'${typeName(value)}' object cannot be interpreted as an integer`);
  }
  return index;
}

function optionalInt(value: unknown): number | null {
  return value === null || value === undefined ? null : needInt(value);
}

function optionalStr(value: unknown, method: string): string | null {
  if (value === null || value === undefined) return null;
  return needStr(value, () => `${method} arg must be None or str`);
}

// ---- method tables ------------------------------------------------------------------------

type MethodImpl<T> = (self: T, args: unknown[], runtime: Runtime) => unknown;

interface MethodDef<T> {
  readonly sig: Signature;
  readonly impl: MethodImpl<T>;
}

type MethodTable<T> = ReadonlyMap<string, MethodDef<T>>;

function table<T>(entries: Array<[string, string, MethodImpl<T>]>): MethodTable<T> {
  return new Map(entries.map(([name, params, impl]) => [name, { sig: signature(name, params), impl }]));
}

function bind<T>(owner: unknown, self: T, name: string, def: MethodDef<T>): unknown {
  return boundMethod(owner, name, (args, kwargs, runtime) =>
    def.impl(self, def.sig.bind(args, kwargs), runtime),
  );
}

function escapeText(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll(">", "&gt;")
    .replaceAll("<", "&lt;")
    .replaceAll("'", "&#39;")
    .replaceAll('"', "&#34;");
}

/** markupsafe.escape(value): Markup stays as it is, anything else is str()'d and escaped. */
export function escapeValue(value: unknown): Markup {
  if (value instanceof Markup) return value;
  return new Markup(escapeText(toStr(value)));
}

function prefixArg(value: unknown, method: string): string[] {
  if (isTuple(value)) {
    return value.map((item) =>
      needStr(item, () => `tuple for ${method} must only contain str, not ${typeName(item)}`),
    );
  }
  return [needStr(value, () => `${method} first arg must be str or a tuple of str, not ${typeName(value)}`)];
}

function findOrFail(found: number): number {
  if (found < 0) throw jinjaError("ValueError", "substring not found");
  return found;
}

function padArgs(args: unknown[], method: string): [number, string] {
  const width = needInt(args[0]);
  const fill = needStr(args[1], () => `${method}() argument 2 must be str, not ${typeName(args[1])}`);
  if (pyLen(fill) !== 1)
    throw jinjaError("TypeError", "The fill character must be exactly one character long");
  checkStringSize(width);
  return [width, fill];
}

function expandTabs(text: string, size: number): string {
  let out = "";
  let column = 0;
  for (const ch of codePoints(text)) {
    if (ch === "\t") {
      const spaces = size > 0 ? size - (column % size) : 0;
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}

function zfill(text: string, width: number): string {
  const length = pyLen(text);
  if (width <= length) return text;
  checkStringSize(width);
  const sign = text[0] === "+" || text[0] === "-" ? text[0] : "";
  return sign + "0".repeat(width - length) + text.slice(sign.length);
}

function splitSep(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const sep = needStr(value, () => `must be str or None, not ${typeName(value)}`);
  if (sep === "") throw jinjaError("ValueError", "empty separator");
  return sep;
}

function joinStrings(separator: string, iterable: unknown, runtime: Runtime): string {
  const items = toArray(iterable, runtime);
  const parts = items.map((item, i) =>
    needStr(item, () => `sequence item ${i}: expected str instance, ${typeName(item)} found`),
  );
  const size = parts.reduce(
    (sum, part) => sum + part.length,
    separator.length * Math.max(0, parts.length - 1),
  );
  checkStringSize(size);
  return parts.join(separator);
}

const STR_METHODS: MethodTable<string> = table<string>([
  ["capitalize", "", (s) => pyCapitalize(s)],
  ["casefold", "", (s) => s.toUpperCase().toLowerCase()],
  ["lower", "", (s) => s.toLowerCase()],
  ["upper", "", (s) => s.toUpperCase()],
  ["swapcase", "", (s) => pySwapCase(s)],
  ["title", "", (s) => pyTitle(s)],
  ["isalnum", "", (s) => pyIsAlnum(s)],
  ["isalpha", "", (s) => pyIsAlpha(s)],
  ["isascii", "", (s) => !/[\u0080-\uffff]/.test(s)],
  ["isdecimal", "", (s) => pyIsDecimal(s)],
  ["isdigit", "", (s) => pyIsDigit(s)],
  ["isnumeric", "", (s) => pyIsNumeric(s)],
  ["isidentifier", "", (s) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*$/u.test(s)],
  ["islower", "", (s) => pyIsLower(s)],
  ["isupper", "", (s) => pyIsUpper(s)],
  ["isspace", "", (s) => pyIsSpace(s)],
  ["istitle", "", (s) => pyIsTitle(s)],
  ["isprintable", "", (s) => codePoints(s).every(isPrintable)],
  ["center", "width, fillchar=' ', /", (s, a) => pyPad(s, ...padArgs(a, "center"), "center")],
  ["ljust", "width, fillchar=' ', /", (s, a) => pyPad(s, ...padArgs(a, "ljust"), "left")],
  ["rjust", "width, fillchar=' ', /", (s, a) => pyPad(s, ...padArgs(a, "rjust"), "right")],
  ["zfill", "width, /", (s, [width]) => zfill(s, needInt(width))],
  ["expandtabs", "tabsize=8", (s, [size]) => expandTabs(s, needInt(size))],
  [
    "count",
    "sub, start=None, end=None, /",
    (s, [sub, start, end]) => {
      const needle = needStr(sub, () => `must be str, not ${typeName(sub)}`);
      if (start === null && end === null) return pyCount(s, needle);
      return pyCount(pySliceString(s, optionalInt(start), optionalInt(end)), needle);
    },
  ],
  [
    "find",
    "sub, start=None, end=None, /",
    (s, [sub, start, end]) =>
      pyFind(
        s,
        needStr(sub, () => `must be str, not ${typeName(sub)}`),
        optionalInt(start),
        optionalInt(end),
      ),
  ],
  [
    "rfind",
    "sub, start=None, end=None, /",
    (s, [sub, start, end]) =>
      pyRFind(
        s,
        needStr(sub, () => `must be str, not ${typeName(sub)}`),
        optionalInt(start),
        optionalInt(end),
      ),
  ],
  [
    "index",
    "sub, start=None, end=None, /",
    (s, [sub, start, end]) =>
      findOrFail(
        pyFind(
          s,
          needStr(sub, () => `must be str, not ${typeName(sub)}`),
          optionalInt(start),
          optionalInt(end),
        ),
      ),
  ],
  [
    "rindex",
    "sub, start=None, end=None, /",
    (s, [sub, start, end]) =>
      findOrFail(
        pyRFind(
          s,
          needStr(sub, () => `must be str, not ${typeName(sub)}`),
          optionalInt(start),
          optionalInt(end),
        ),
      ),
  ],
  [
    "startswith",
    "prefix, start=None, end=None, /",
    (s, [prefix, start, end]) => {
      const text =
        start === null && end === null ? s : pySliceString(s, optionalInt(start), optionalInt(end));
      return prefixArg(prefix, "startswith").some((p) => text.startsWith(p));
    },
  ],
  [
    "endswith",
    "suffix, start=None, end=None, /",
    (s, [suffix, start, end]) => {
      const text =
        start === null && end === null ? s : pySliceString(s, optionalInt(start), optionalInt(end));
      return prefixArg(suffix, "endswith").some((p) => text.endsWith(p));
    },
  ],
  ["strip", "chars=None, /", (s, [chars]) => pyStrip(s, optionalStr(chars, "strip"), "both")],
  ["lstrip", "chars=None, /", (s, [chars]) => pyStrip(s, optionalStr(chars, "lstrip"), "left")],
  ["rstrip", "chars=None, /", (s, [chars]) => pyStrip(s, optionalStr(chars, "rstrip"), "right")],
  [
    "removeprefix",
    "prefix, /",
    (s, [prefix]) => {
      const p = needStr(prefix, () => `removeprefix() argument must be str, not ${typeName(prefix)}`);
      return p && s.startsWith(p) ? s.slice(p.length) : s;
    },
  ],
  [
    "removesuffix",
    "suffix, /",
    (s, [suffix]) => {
      const p = needStr(suffix, () => `removesuffix() argument must be str, not ${typeName(suffix)}`);
      return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
    },
  ],
  [
    "replace",
    "old, new, count=-1, /",
    (s, [old, replacement, count]) => {
      const from = needStr(old, () => `replace() argument 1 must be str, not ${typeName(old)}`);
      const to = needStr(replacement, () => `replace() argument 2 must be str, not ${typeName(replacement)}`);
      const n = needInt(count);
      if (to.length > from.length && from !== "") {
        const occurrences = n < 0 ? pyCount(s, from) : Math.min(n, pyCount(s, from));
        checkStringSize(s.length + occurrences * (to.length - from.length));
      } else if (from === "") checkStringSize(s.length + (s.length + 1) * to.length);
      return pyReplace(s, from, to, n);
    },
  ],
  ["split", "sep=None, maxsplit=-1", (s, [sep, maxsplit]) => pySplit(s, splitSep(sep), needInt(maxsplit))],
  ["rsplit", "sep=None, maxsplit=-1", (s, [sep, maxsplit]) => pyRSplit(s, splitSep(sep), needInt(maxsplit))],
  ["splitlines", "keepends=False", (s, [keepends]) => pySplitLines(s, Boolean(keepends))],
  [
    "partition",
    "sep, /",
    (s, [sep]) => {
      const separator = needStr(sep, () => `must be str, not ${typeName(sep)}`);
      if (separator === "") throw jinjaError("ValueError", "empty separator");
      const at = s.indexOf(separator);
      return markTuple(at < 0 ? [s, "", ""] : [s.slice(0, at), separator, s.slice(at + separator.length)]);
    },
  ],
  [
    "rpartition",
    "sep, /",
    (s, [sep]) => {
      const separator = needStr(sep, () => `must be str, not ${typeName(sep)}`);
      if (separator === "") throw jinjaError("ValueError", "empty separator");
      const at = s.lastIndexOf(separator);
      return markTuple(at < 0 ? ["", "", s] : [s.slice(0, at), separator, s.slice(at + separator.length)]);
    },
  ],
  ["join", "iterable, /", (s, [iterable], runtime) => joinStrings(s, iterable, runtime)],
  [
    "format",
    "*args, **kwargs",
    (s, [args, kwargs]) => pyStrFormat(s, args as unknown[], Object.fromEntries(kwargs as Kwargs)),
  ],
  [
    "format_map",
    "mapping, /",
    (s, [mapping]) => {
      if (!isDict(mapping))
        throw jinjaError("TypeError", `'${typeName(mapping)}' object is not subscriptable`);
      return pyStrFormat(s, [], mapping);
    },
  ],
]);

/** Markup's methods that return Markup (escaping their str arguments). */
const MARKUP_WRAPPED = new Set([
  "capitalize",
  "title",
  "lower",
  "upper",
  "replace",
  "ljust",
  "rjust",
  "lstrip",
  "rstrip",
  "center",
  "strip",
  "expandtabs",
  "swapcase",
  "zfill",
  "format",
]);

function escapeArg(value: unknown): unknown {
  return typeof value === "string" ? escapeText(value) : value instanceof Markup ? value.value : value;
}

function markupMethod(owner: Markup, name: string): unknown {
  const text = owner.value;
  if (name === "unescape") return boundMethod(owner, name, () => unescapeHtml(text));
  if (name === "striptags") return boundMethod(owner, name, () => stripTags(text));
  const def = STR_METHODS.get(name);
  if (!def) return MISSING;
  if (name === "join") {
    return boundMethod(owner, name, (args, kwargs, runtime) => {
      const [iterable] = def.sig.bind(args, kwargs);
      const items = toArray(iterable, runtime).map((item) => escapeValue(item).value);
      return new Markup(joinStrings(text, items, runtime));
    });
  }
  if (
    name === "split" ||
    name === "rsplit" ||
    name === "splitlines" ||
    name === "partition" ||
    name === "rpartition"
  ) {
    return boundMethod(owner, name, (args, kwargs, runtime) => {
      const bound = def.sig.bind(args, kwargs);
      const parts = def.impl(
        text,
        name.endsWith("partition") ? bound.map(escapeArg) : bound,
        runtime,
      ) as string[];
      const wrapped = parts.map((part) => new Markup(part));
      return name.endsWith("partition") ? markTuple(wrapped) : wrapped;
    });
  }
  if (MARKUP_WRAPPED.has(name)) {
    return boundMethod(owner, name, (args, kwargs, runtime) => {
      if (name === "format") {
        const escapedArgs = args.map((arg) => escapeValue(arg));
        const escapedKwargs = new Map([...kwargs].map(([key, value]) => [key, escapeValue(value)]));
        return new Markup(def.impl(text, def.sig.bind(escapedArgs, escapedKwargs), runtime) as string);
      }
      const bound = def.sig.bind(
        args.map(escapeArg),
        new Map([...kwargs].map(([key, value]) => [key, escapeArg(value)])),
      );
      return new Markup(def.impl(text, bound, runtime) as string);
    });
  }
  return bind(owner, text, name, def);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  laquo: "«",
  raquo: "»",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  euro: "€",
  trade: "™",
  deg: "°",
  middot: "·",
  bull: "•",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** html.unescape for numeric references and the common named entities. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?/g, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code =
        entity[1] === "x" || entity[1] === "X"
          ? parseInt(entity.slice(2), 16)
          : parseInt(entity.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[entity];
    return named !== undefined && (whole.endsWith(";") || entity in NAMED_ENTITIES) ? named : whole;
  });
}

/** Markup.striptags(): drops comments and tags, collapses whitespace, unescapes entities. */
export function stripTags(text: string): string {
  const stripped = text.replace(/<!--[\s\S]*?-->/g, "").replace(/<[\s\S]*?>/g, "");
  return unescapeHtml(pySplit(stripped).join(" "));
}

// ---- lists, tuples, dicts ------------------------------------------------------------------

function listIndex(list: unknown[], value: unknown, start: unknown, stop: unknown): number {
  const length = list.length;
  const clamp = (bound: unknown, fallback: number) => {
    if (bound === null || bound === undefined) return fallback;
    const n = needInt(bound);
    return Math.min(Math.max(n < 0 ? n + length : n, 0), length);
  };
  const from = clamp(start, 0);
  const to = clamp(stop, length);
  for (let i = from; i < to; i++) if (list[i] === value || equals(list[i], value)) return i;
  throw jinjaError("ValueError", `${typeof value === "string" ? `'${value}'` : toStr(value)} is not in list`);
}

function countIn(list: readonly unknown[], value: unknown): number {
  let count = 0;
  for (const item of list) if (item === value || equals(item, value)) count++;
  return count;
}

function sortList(list: unknown[], key: unknown, reverse: unknown, runtime: Runtime): null {
  const keys = key === null ? list : list.map((item) => runtime.call(key, [item], new Map()));
  const sorted = sortItems(list, keys, Boolean(reverse), runtime);
  list.splice(0, list.length, ...sorted);
  return null;
}

const TUPLE_METHODS: MethodTable<unknown[]> = table<unknown[]>([
  ["count", "value, /", (l, [value]) => countIn(l, value)],
  ["index", "value, start=None, stop=None, /", (l, [value, start, stop]) => listIndex(l, value, start, stop)],
]);

const LIST_METHODS: MethodTable<unknown[]> = table<unknown[]>([
  ["count", "value, /", (l, [value]) => countIn(l, value)],
  ["index", "value, start=None, stop=None, /", (l, [value, start, stop]) => listIndex(l, value, start, stop)],
  ["copy", "", (l) => l.slice()],
  [
    "append",
    "object, /",
    (l, [item], runtime) => {
      runtime.tick();
      l.push(item);
      return null;
    },
  ],
  [
    "extend",
    "iterable, /",
    (l, [iterable], runtime) => {
      l.push(...toArray(iterable, runtime));
      return null;
    },
  ],
  [
    "insert",
    "index, object, /",
    (l, [index, item], runtime) => {
      runtime.tick();
      const n = needInt(index);
      const at = n < 0 ? Math.max(0, n + l.length) : Math.min(n, l.length);
      l.splice(at, 0, item);
      return null;
    },
  ],
  [
    "pop",
    "index=-1, /",
    (l, [index]) => {
      if (l.length === 0) throw jinjaError("IndexError", "pop from empty list");
      const n = needInt(index);
      const at = n < 0 ? n + l.length : n;
      if (at < 0 || at >= l.length) throw jinjaError("IndexError", "pop index out of range");
      return l.splice(at, 1)[0];
    },
  ],
  [
    "remove",
    "value, /",
    (l, [value]) => {
      const at = l.findIndex((item) => item === value || equals(item, value));
      if (at < 0) throw jinjaError("ValueError", "list.remove(x): x not in list");
      l.splice(at, 1);
      return null;
    },
  ],
  [
    "clear",
    "",
    (l) => {
      l.length = 0;
      return null;
    },
  ],
  [
    "reverse",
    "",
    (l) => {
      l.reverse();
      return null;
    },
  ],
  ["sort", "*, key=None, reverse=False", (l, [key, reverse], runtime) => sortList(l, key, reverse, runtime)],
]);

function dictKey(key: unknown): string {
  if (isStr(key)) return strValue(key);
  keyOf(key);
  throw jinjaError("TypeError", `dict keys other than str are not supported here (got ${typeName(key)})`);
}

/** Python's dict.update(other, **kwargs): `other` is a dict or an iterable of key-value pairs. */
export function updateDict(dict: PyDict, other: unknown, kwargs: Kwargs, runtime: Runtime): null {
  if (other !== null && other !== undefined) {
    if (isDict(other)) for (const key of Object.keys(other)) setDictItem(dict, key, other[key]);
    else {
      toArray(other, runtime).forEach((pair, i) => {
        const items = toArray(pair, runtime);
        if (items.length !== 2) {
          throw jinjaError(
            "ValueError",
            `dictionary update sequence element #${i} has length ${items.length}; 2 is required`,
          );
        }
        setDictItem(dict, dictKey(items[0]), items[1]);
      });
    }
  }
  for (const [key, value] of kwargs) setDictItem(dict, key, value);
  return null;
}

function lookupKey(dict: PyDict, key: unknown): string | undefined {
  const plain = isStr(key) ? strValue(key) : undefined;
  if (plain === undefined) keyOf(key);
  return plain !== undefined && Object.hasOwn(dict, plain) ? plain : undefined;
}

const DICT_METHODS: MethodTable<PyDict> = table<PyDict>([
  [
    "get",
    "key, default=None, /",
    (d, [key, fallback]) => {
      const found = lookupKey(d, key);
      return found === undefined ? fallback : d[found];
    },
  ],
  ["keys", "", (d) => new DictView("keys", d)],
  ["values", "", (d) => new DictView("values", d)],
  ["items", "", (d) => new DictView("items", d)],
  ["copy", "", (d) => Object.assign({}, d)],
  [
    "clear",
    "",
    (d) => {
      for (const key of Object.keys(d)) delete d[key];
      return null;
    },
  ],
  [
    "pop",
    "key, *default",
    (d, [key, fallback]) => {
      const found = lookupKey(d, key);
      if (found === undefined) {
        if ((fallback as unknown[]).length > 0) return (fallback as unknown[])[0];
        throw jinjaError("KeyError", toStr(key));
      }
      const value = d[found];
      delete d[found];
      return value;
    },
  ],
  [
    "popitem",
    "",
    (d) => {
      const keys = Object.keys(d);
      const last = keys[keys.length - 1];
      if (last === undefined) throw jinjaError("KeyError", "'popitem(): dictionary is empty'");
      const value = d[last];
      delete d[last];
      return markTuple([last, value]);
    },
  ],
  [
    "setdefault",
    "key, default=None, /",
    (d, [key, fallback]) => {
      const found = lookupKey(d, key);
      if (found !== undefined) return d[found];
      setDictItem(d, dictKey(key), fallback);
      return fallback;
    },
  ],
  [
    "update",
    "other=None, /, **kwargs",
    (d, [other, kwargs], runtime) => updateDict(d, other, kwargs as Kwargs, runtime),
  ],
]);

// ---- numbers --------------------------------------------------------------------------------

function numberAttribute(value: number | bigint | PyFloat | boolean, name: string): unknown {
  const int = typeof value === "boolean" ? (value ? 1 : 0) : value;
  if (isInt(int)) {
    switch (name) {
      case "real":
      case "numerator":
        return int;
      case "imag":
        return 0;
      case "denominator":
        return 1;
      case "conjugate":
        return boundMethod(value, name, () => int);
      case "bit_length":
        return boundMethod(value, name, () =>
          int === 0 ? 0 : (int < 0 ? -BigInt(int) : BigInt(int)).toString(2).length,
        );
      case "bit_count":
        return boundMethod(
          value,
          name,
          () => [...(int < 0 ? -BigInt(int) : BigInt(int)).toString(2)].filter((d) => d === "1").length,
        );
      case "as_integer_ratio":
        return boundMethod(value, name, () => markTuple([int, 1]));
    }
    return MISSING;
  }
  if (isFloat(int)) {
    const x = toJsNumber(int);
    switch (name) {
      case "real":
        return int;
      case "imag":
        return new PyFloat(0);
      case "conjugate":
        return boundMethod(value, name, () => int);
      case "is_integer":
        return boundMethod(value, name, () => Number.isInteger(x));
    }
  }
  return MISSING;
}

// ---- Jinja's objects -----------------------------------------------------------------------

function loopAttribute(loop: LoopContext, name: string): unknown {
  const index0 = loop.index0;
  switch (name) {
    case "index0":
      return index0;
    case "index":
      return index0 + 1;
    case "revindex":
      return loop.length - index0;
    case "revindex0":
      return loop.length - index0 - 1;
    case "first":
      return index0 === 0;
    case "last":
      return index0 === loop.length - 1;
    case "length":
      return loop.length;
    case "depth0":
      return loop.depth0;
    case "depth":
      return loop.depth0 + 1;
    case "previtem":
      return index0 === 0 ? new Undefined("there is no previous item") : loop.items[index0 - 1];
    case "nextitem":
      return index0 + 1 >= loop.length ? new Undefined("there is no next item") : loop.items[index0 + 1];
    case "cycle":
      return boundMethod(loop, name, (args) => {
        if (args.length === 0) throw jinjaError("TypeError", "no items for cycling given");
        return args[index0 % args.length];
      });
    case "changed":
      return boundMethod(loop, name, (args) => {
        const value = markTuple(args.slice());
        if (loop.lastChanged === MISSING || !equals(loop.lastChanged, value)) {
          loop.lastChanged = value;
          return true;
        }
        return false;
      });
  }
  return MISSING;
}

function cyclerAttribute(cycler: Cycler, name: string): unknown {
  switch (name) {
    case "items":
      return markTuple(cycler.items.slice());
    case "pos":
      return cycler.pos;
    case "current":
      return cycler.items[cycler.pos];
    case "next":
      return boundMethod(cycler, name, () => {
        const value = cycler.items[cycler.pos];
        cycler.pos = (cycler.pos + 1) % cycler.items.length;
        return value;
      });
    case "reset":
      return boundMethod(cycler, name, () => {
        cycler.pos = 0;
        return null;
      });
  }
  return MISSING;
}

function rangeAttribute(range: PyRange, name: string): unknown {
  switch (name) {
    case "start":
      return range.start;
    case "stop":
      return range.stop;
    case "step":
      return range.step;
    case "count":
      return boundMethod(range, name, ([value]) => (contains(range, value) ? 1 : 0));
    case "index":
      return boundMethod(range, name, ([value]) => {
        if (!contains(range, value)) throw jinjaError("ValueError", `${toStr(value)} is not in range`);
        return pyFloorDiv(toJsNumber(value as number) - range.start, range.step);
      });
  }
  return MISSING;
}

/** Dunder attributes every Python object has: reaching them is a sandbox violation, not a miss. */
const COMMON_DUNDERS = new Set([
  "__class__",
  "__doc__",
  "__init__",
  "__new__",
  "__repr__",
  "__str__",
  "__hash__",
  "__eq__",
  "__ne__",
  "__lt__",
  "__le__",
  "__gt__",
  "__ge__",
  "__dir__",
  "__format__",
  "__getattribute__",
  "__setattr__",
  "__delattr__",
  "__reduce__",
  "__reduce_ex__",
  "__sizeof__",
  "__subclasshook__",
  "__init_subclass__",
  "__getstate__",
]);

const CONTAINER_DUNDERS = new Set([
  "__len__",
  "__getitem__",
  "__iter__",
  "__contains__",
  "__add__",
  "__mul__",
  "__rmul__",
  "__mod__",
  "__setitem__",
  "__delitem__",
  "__reversed__",
  "__class_getitem__",
]);

/**
 * The Python attribute `name` of `value`, or MISSING when it has none (Python's AttributeError).
 * Underscore names that exist are returned as a marker object the sandbox refuses; see access.
 */
export function lookupAttribute(value: unknown, name: string): unknown {
  if (name.startsWith("__") && name.endsWith("__")) {
    if (COMMON_DUNDERS.has(name)) return UNSAFE;
    if (CONTAINER_DUNDERS.has(name) && (isStr(value) || Array.isArray(value) || isDict(value))) return UNSAFE;
    if (name === "__globals__" || name === "__code__" || name === "__dict__" || name === "__func__") {
      return value instanceof Namespace || typeof value === "object" ? UNSAFE : MISSING;
    }
    return MISSING;
  }
  if (typeof value === "string") {
    const def = STR_METHODS.get(name);
    return def ? bind(value, value, name, def) : MISSING;
  }
  if (value instanceof Markup) return markupMethod(value, name);
  if (Array.isArray(value)) {
    if (isGroupTuple(value)) {
      if (name === "grouper") return value[0];
      if (name === "list") return value[1];
    }
    const def = (isTuple(value) ? TUPLE_METHODS : LIST_METHODS).get(name);
    return def ? bind(value, value, name, def) : MISSING;
  }
  if (isDict(value)) {
    const def = DICT_METHODS.get(name);
    return def ? bind(value, value, name, def) : MISSING;
  }
  if (
    typeof value === "number" ||
    typeof value === "bigint" ||
    typeof value === "boolean" ||
    value instanceof PyFloat
  ) {
    return numberAttribute(value, name);
  }
  if (value instanceof Namespace) return Object.hasOwn(value.attrs, name) ? value.attrs[name] : MISSING;
  if (value instanceof LoopContext) return loopAttribute(value, name);
  if (value instanceof Cycler) return cyclerAttribute(value, name);
  if (value instanceof Joiner) {
    if (name === "sep") return value.separator;
    if (name === "used") return value.used;
    return MISSING;
  }
  if (value instanceof PyRange) return rangeAttribute(value, name);
  if (value instanceof DictView && name === "isdisjoint") {
    return boundMethod(value, name, ([other], _kwargs, runtime) => {
      const mine = new PySet([...value].map((item) => keyOf(item)));
      return toArray(other, runtime).every((item) => !mine.has(keyOf(item)));
    });
  }
  if (value instanceof PySet && (name === "union" || name === "intersection" || name === "difference")) {
    return boundMethod(value, name, (args, _kwargs, runtime) => {
      const others = args.map((arg) => new Set(toArray(arg, runtime).map((item) => keyOf(item))));
      const items = value.values().filter((item) => {
        const key = keyOf(item);
        if (name === "intersection") return others.every((other) => other.has(key));
        if (name === "difference") return others.every((other) => !other.has(key));
        return true;
      });
      if (name === "union") for (const arg of args) items.push(...toArray(arg, runtime));
      return new PySet(items, value.frozen);
    });
  }
  return MISSING;
}

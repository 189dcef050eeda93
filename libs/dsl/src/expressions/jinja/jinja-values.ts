// The Python objects a Jinja evaluation handles besides the shared value model (py-types.ts):
// undefined values, Markup strings, generators and other iterators, range objects, dict views,
// namespaces, callables. Each knows its Python repr() so str() of a container matches Python.
import type { ContextFunctions } from "../context-functions.js";
import { pyRepr, stringRepr, type PyReprable } from "../../python/py-repr.js";
import { markTuple, pyTypeName, type PyDict } from "../../python/py-types.js";
import { jinjaError } from "./jinja-errors.js";

/** The "no value" marker of jinja2.utils.missing. */
export const MISSING: unique symbol = Symbol("missing");

let addressCounter = 0x7f3a1c000000;

/** A made-up object address for reprs such as `<generator object ... at 0x7f...>`. */
export function fakeAddress(): string {
  addressCounter += 0x40;
  return `0x${addressCounter.toString(16)}`;
}

/**
 * jinja2's Undefined. With `strict` (StrictUndefined, Mistral's choice) every use but `is defined`,
 * `default` and repr() raises; the lenient kind (what an `x if c` without else gives) prints as "".
 */
export class Undefined implements PyReprable {
  constructor(
    readonly hint: string | null = null,
    readonly obj: unknown = MISSING,
    readonly name: unknown = null,
    readonly kind: "UndefinedError" | "SecurityError" = "UndefinedError",
    readonly strict = true,
  ) {}

  get message(): string {
    if (this.hint) return this.hint;
    if (this.obj === MISSING) return `${pyRepr(this.name)} is undefined`;
    if (typeof this.name !== "string")
      return `${objectTypeRepr(this.obj)} has no element ${pyRepr(this.name)}`;
    return `${stringRepr(objectTypeRepr(this.obj))} has no attribute ${stringRepr(this.name)}`;
  }

  fail(): never {
    throw jinjaError(this.kind, this.message);
  }

  pyRepr(): string {
    return "Undefined";
  }

  pyStr(): string {
    if (this.strict) this.fail();
    return "";
  }
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined;
}

/** markupsafe.Markup: a str subclass marked as safe HTML. */
export class Markup implements PyReprable {
  constructor(readonly value: string) {}

  pyRepr(): string {
    return `Markup(${stringRepr(this.value)})`;
  }

  pyStr(): string {
    return this.value;
  }
}

/** Whether a value is a Python str (a plain string or Markup). */
export function isStr(value: unknown): value is string | Markup {
  return typeof value === "string" || value instanceof Markup;
}

/** The text of a str value. */
export function strValue(value: string | Markup): string {
  return typeof value === "string" ? value : value.value;
}

/** A single-pass Python iterator: a generator (from map, select, ...) or a reverse iterator. */
export class PyIterator implements PyReprable, Iterable<unknown> {
  private address: string | undefined;

  constructor(
    /** generator, list_reverseiterator, ... */
    readonly typeName: string,
    /** The generator function's name, shown in the repr. */
    readonly functionName: string | null,
    private readonly source: Iterator<unknown>,
  ) {}

  next(): IteratorResult<unknown> {
    return this.source.next();
  }

  [Symbol.iterator](): Iterator<unknown> {
    // No return(): leaving a for-of early must not close the generator, as Python's next() does not.
    return { next: () => this.source.next() };
  }

  pyRepr(): string {
    this.address ??= fakeAddress();
    return `<${this.typeName} object ${this.functionName ? `${this.functionName} ` : ""}at ${this.address}>`;
  }
}

export function generator(functionName: string, source: Iterable<unknown>): PyIterator {
  return new PyIterator("generator", functionName, source[Symbol.iterator]());
}

/** Python's range object. */
export class PyRange implements PyReprable {
  readonly length: number;

  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    const span = step > 0 ? stop - start : start - stop;
    this.length = span <= 0 ? 0 : Math.ceil(span / Math.abs(step));
  }

  at(index: number): number {
    return this.start + index * this.step;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  pyRepr(): string {
    return this.step === 1
      ? `range(${this.start}, ${this.stop})`
      : `range(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** dict.keys(), dict.values(), dict.items(): live views of a dict. */
export class DictView implements PyReprable {
  constructor(
    readonly kind: "keys" | "values" | "items",
    readonly dict: PyDict,
  ) {}

  get length(): number {
    return Object.keys(this.dict).length;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (const key of Object.keys(this.dict)) {
      if (this.kind === "keys") yield key;
      else if (this.kind === "values") yield this.dict[key];
      else yield markTuple([key, this.dict[key]]);
    }
  }

  pyRepr(): string {
    return `dict_${this.kind}(${pyRepr([...this])})`;
  }
}

/** jinja2.utils.Namespace: attributes that `{% set ns.x = ... %}` may change from inner scopes. */
export class Namespace implements PyReprable {
  readonly attrs: PyDict = Object.create(null) as PyDict;

  pyRepr(): string {
    return `<Namespace ${pyRepr(this.attrs)}>`;
  }
}

/** jinja2.utils.Cycler. */
export class Cycler implements PyReprable {
  private readonly address = fakeAddress();
  pos = 0;

  constructor(readonly items: unknown[]) {}

  pyRepr(): string {
    return `<jinja2.utils.Cycler object at ${this.address}>`;
  }
}

/** jinja2.utils.Joiner. */
export class Joiner implements PyReprable {
  private readonly address = fakeAddress();
  used = false;

  constructor(readonly separator: unknown) {}

  pyRepr(): string {
    return `<jinja2.utils.Joiner object at ${this.address}>`;
  }
}

/** jinja2.runtime.LoopContext: the `loop` variable of a for loop (over the materialized items). */
export class LoopContext implements PyReprable {
  index0 = -1;
  lastChanged: unknown = MISSING;

  constructor(
    readonly items: readonly unknown[],
    readonly depth0: number,
    /** Renders the loop body for `loop(children)` in a recursive loop; null otherwise. */
    readonly recurse: ((iterable: unknown) => string) | null,
  ) {}

  get length(): number {
    return this.items.length;
  }

  pyRepr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}

/** Keyword arguments of a call, in the order given. */
export type Kwargs = Map<string, unknown>;

/** What builtins, filters and methods may need from the evaluation that calls them. */
export interface Runtime {
  /** The data bound as `_`. */
  readonly data: unknown;
  readonly contextFunctions: ContextFunctions;
  /** Counts work against the evaluation's budget; raises when the budget is spent. */
  tick(units?: number): void;
  /** Applies a filter by name (map, as `map('upper')`). */
  callFilter(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown;
  /** Applies a test by name (select, selectattr, ...). */
  callTest(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown;
  hasFilter(name: string): boolean;
  hasTest(name: string): boolean;
  /** Calls a callable value (a method, macro, loop, ...). */
  call(callee: unknown, args: unknown[], kwargs: Kwargs): unknown;
}

export type CallImpl = (args: unknown[], kwargs: Kwargs, runtime: Runtime) => unknown;

/** A Python callable: a builtin function, a bound method, a class, a macro. */
export class PyCallable implements PyReprable {
  constructor(
    readonly name: string,
    readonly impl: CallImpl,
    /** What repr() shows, e.g. `<built-in method upper of str object at 0x...>`. */
    private readonly reprText: string | (() => string),
    /** Python's type name of the callable (builtin_function_or_method, function, type, ...). */
    readonly typeName = "builtin_function_or_method",
  ) {}

  pyRepr(): string {
    return typeof this.reprText === "string" ? this.reprText : this.reprText();
  }
}

/** A bound method of a builtin object, as `'abc'.upper` gives. */
export function boundMethod(owner: unknown, name: string, impl: CallImpl): PyCallable {
  return new PyCallable(
    name,
    impl,
    () => `<built-in method ${name} of ${objectTypeRepr(owner)} at ${fakeAddress()}>`,
  );
}

/** A builtin function or class. */
export function builtin(
  name: string,
  impl: CallImpl,
  reprText: string | (() => string),
  typeName?: string,
): PyCallable {
  return new PyCallable(name, impl, reprText, typeName);
}

const GROUP_TUPLE = Symbol("jinja.groupTuple");

/** The (grouper, list) named tuple the groupby filter yields. */
export function groupTuple(grouper: unknown, list: unknown[]): unknown[] {
  const tuple = markTuple([grouper, list]);
  Object.defineProperty(tuple, GROUP_TUPLE, { value: true, enumerable: false });
  return tuple;
}

export function isGroupTuple(value: unknown): value is [unknown, unknown[]] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[GROUP_TUPLE] === true;
}

/** Python's type(value).__name__. */
export function typeName(value: unknown): string {
  if (value instanceof Markup) return "Markup";
  if (value instanceof Undefined) return value.strict ? "StrictUndefined" : "Undefined";
  if (value instanceof PyIterator) return value.typeName;
  if (value instanceof PyRange) return "range";
  if (value instanceof DictView) return `dict_${value.kind}`;
  if (value instanceof PyCallable) return value.typeName;
  if (isGroupTuple(value)) return "_GroupTuple";
  if (value instanceof Namespace) return "Namespace";
  if (value instanceof Cycler) return "Cycler";
  if (value instanceof Joiner) return "Joiner";
  if (value instanceof LoopContext) return "LoopContext";
  return pyTypeName(value);
}

/** jinja2.utils.object_type_repr: "dict object", "None", "markupsafe.Markup object", ... */
export function objectTypeRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  const modules: Record<string, string> = {
    Markup: "markupsafe",
    StrictUndefined: "jinja2.runtime",
    Undefined: "jinja2.runtime",
    LoopContext: "jinja2.runtime",
    Namespace: "jinja2.utils",
    Cycler: "jinja2.utils",
    Joiner: "jinja2.utils",
    _GroupTuple: "jinja2.filters",
    Macro: "jinja2.runtime",
  };
  const name = typeName(value);
  const module = modules[name];
  return module ? `${module}.${name} object` : `${name} object`;
}

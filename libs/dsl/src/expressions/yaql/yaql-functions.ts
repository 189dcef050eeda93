// How YAQL functions are declared. As in yaql, a name can have several overloads; a call picks the
// first overload whose parameters accept the arguments. A function may be callable as a function
// `f(x)`, as a method `x.f()` (the receiver is the first parameter), or both. Parameters are
// evaluated values, unless declared lazy: a `lambda` is evaluated by the implementation with its
// own arguments bound to $1, $2, ... ($ is $1), as `where($ > 1)` needs.
import { isDict, PySet } from "../../python/py-types.js";
import type { ContextFunctions } from "../context-functions.js";
import { isIterable, isSequence, isYaqlInt, isYaqlNumber, YaqlIterator } from "./yaql-values.js";

/** How a parameter receives its argument. */
export type YaqlParamKind =
  /** Evaluated, then checked with `accepts`. */
  | "value"
  /** Not evaluated: a function of $1, $2, ... that the implementation calls (e.g. where's predicate). */
  | "lambda"
  /** A bare identifier, passed as its name (as in `$.get(name)`); anything else does not match. */
  | "keyword"
  /** A `source => destination` argument, passed as a YaqlMappingRule (as `switch` takes them). */
  | "mapping-rule";

export interface YaqlParam {
  readonly name: string;
  /** @defaultValue "value" */
  readonly kind?: YaqlParamKind;
  /** Which non-null values the parameter accepts; every value when absent. */
  readonly accepts?: (value: unknown) => boolean;
  /** Whether null is accepted. @defaultValue true when `accepts` is absent, false otherwise */
  readonly nullable?: boolean;
  /** Whether the parameter may be left out (it then receives `defaultValue`). @defaultValue false */
  readonly optional?: boolean;
  readonly defaultValue?: unknown;
}

/** A lazy argument: call it with the values for $1, $2, ... */
export type YaqlLambda = (...args: unknown[]) => unknown;

/** A lazy `source => destination` argument. */
export interface YaqlMappingRule {
  readonly source: () => unknown;
  readonly destination: () => unknown;
}

/** What an implementation may need from the call: the scope it runs in, for context functions. */
export interface YaqlCall {
  readonly name: string;
  readonly scope: YaqlCallScope;
}

/** The part of the evaluation scope a function implementation may use. */
export interface YaqlCallScope {
  /** A child scope with these variables set (what `let` returns). */
  withVariables(variables: Iterable<[string, unknown]>): YaqlCallScope;
  /** A child scope with a function defined in it (what `def` returns). */
  withFunction(fn: YaqlFunction): YaqlCallScope;
  /** The engine's context functions (task(), env(), ...) for this evaluation. */
  readonly contextFunctions: ContextFunctions;
  /**
   * Applies an operator to values through its overloads, as yaql's delegates do (sum() adds with
   * `#operator_+`, orderBy() compares with `#operator_<`): names are `#operator_+`, `#operator_<`,
   * `#operator_=`, `#unary_operator_-`, ...
   */
  callOperator(name: string, ...operands: unknown[]): unknown;
}

/**
 * The implementation receives the arguments in parameter order; after them, the array of extra
 * positional arguments when there is a `rest` parameter, then the dict of extra keyword
 * arguments when there is a `restKeywords` parameter.
 */
// The arguments' types depend on each overload's parameters, so implementations destructure them
// with the types their parameters guarantee.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YaqlImpl = (args: any[], call: YaqlCall) => unknown;

export interface YaqlFunction {
  readonly name: string;
  /** Callable as `receiver.name(...)`. */
  readonly isMethod: boolean;
  /** Callable as `name(...)`. */
  readonly isFunction: boolean;
  readonly params: readonly YaqlParam[];
  /** Extra positional arguments (`*args`). */
  readonly rest?: YaqlParam;
  /** Extra keyword arguments (`**kwargs`). */
  readonly restKeywords?: YaqlParam;
  /** `a => b` arguments stay positional instead of becoming keyword arguments (yaql's no_kwargs). */
  readonly positionalMappings?: boolean;
  readonly impl: YaqlImpl;
}

export type YaqlCallStyle = "function" | "method" | "both";

/**
 * Declares a function. `style` says how it may be called; for methods, params[0] is the receiver.
 * `Args` types the arguments as the parameters guarantee them (the registry itself passes `any[]`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineFunction<Args extends unknown[] = any[]>(
  name: string,
  style: YaqlCallStyle,
  params: readonly YaqlParam[],
  impl: (args: Args, call: YaqlCall) => unknown,
  extra: Partial<Pick<YaqlFunction, "rest" | "restKeywords" | "positionalMappings">> = {},
): YaqlFunction {
  return {
    name,
    isMethod: style !== "function",
    isFunction: style !== "method",
    params,
    impl: impl as unknown as YaqlImpl,
    ...extra,
  };
}

/** A Python `int` argument: yaql's plain `int` parameters accept bool too (True is 1). */
export type PythonInt = number | bigint | boolean;

const isString = (v: unknown): v is string => typeof v === "string";

/** Parameter builders for the common yaql types. */
export const param = {
  /** Any value, null included. */
  any: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({ name, ...extra }),
  string: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: isString,
    ...extra,
  }),
  /** A Python int, bool included (yaql parameters declared with the plain `int` type). */
  pythonInt: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: (v) => isYaqlInt(v) || typeof v === "boolean",
    ...extra,
  }),
  /** int, not bool. */
  int: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({ name, accepts: isYaqlInt, ...extra }),
  /** int or float, not bool. */
  number: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: isYaqlNumber,
    ...extra,
  }),
  bool: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: (v) => typeof v === "boolean",
    ...extra,
  }),
  /** Lists, sets and iterators (not strings, not dicts). */
  iterable: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: isIterable,
    ...extra,
  }),
  /** Indexable lists and tuples. */
  sequence: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: isSequence,
    ...extra,
  }),
  dict: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({ name, accepts: isDict, ...extra }),
  set: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: (v) => v instanceof PySet,
    ...extra,
  }),
  iterator: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts: (v) => v instanceof YaqlIterator,
    ...extra,
  }),
  lambda: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({ name, kind: "lambda", ...extra }),
  keyword: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({ name, kind: "keyword", ...extra }),
  mappingRule: (name: string, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    kind: "mapping-rule",
    ...extra,
  }),
  /** A parameter accepting values that pass `accepts`. */
  of: (name: string, accepts: (v: unknown) => boolean, extra: Partial<YaqlParam> = {}): YaqlParam => ({
    name,
    accepts,
    ...extra,
  }),
};

/** Makes a parameter optional with a default. */
export function optional(p: YaqlParam, defaultValue: unknown = null): YaqlParam {
  return { ...p, optional: true, defaultValue };
}

/** The overloads of every function name. */
export class YaqlFunctionRegistry {
  private readonly byName = new Map<string, YaqlFunction[]>();

  register(...functions: YaqlFunction[]): void {
    for (const fn of functions) {
      const list = this.byName.get(fn.name);
      if (list) list.push(fn);
      else this.byName.set(fn.name, [fn]);
    }
  }

  /** Registers the same definition under another name (yaql's `name=` aliases, e.g. filter for where). */
  alias(name: string, fn: YaqlFunction): void {
    this.register({ ...fn, name });
  }

  lookup(name: string): readonly YaqlFunction[] {
    return this.byName.get(name) ?? [];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

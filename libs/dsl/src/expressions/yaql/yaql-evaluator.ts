// Evaluates parsed YAQL. Each expression is compiled once into closures (and cached by its text),
// so evaluating it again costs only the work of the expression itself.
//
// Semantics follow yaql 2.0 as Mistral configures it: `$` is the data; `$name` variables live in
// nested scopes (unknown ones are null); `a.b` reads a dict key or maps over a collection;
// `x.f(...)` calls f with x as receiver; operators and functions are overloaded by argument
// types and fail with "no matching function" otherwise; results are converted to plain data.
import type { ContextFunctions } from "../context-functions.js";
import { pyRepr } from "../../python/py-repr.js";
import { isDict } from "../../python/py-types.js";
import { YaqlEvaluationError, yaqlError } from "./yaql-errors.js";
import type {
  YaqlCall,
  YaqlCallScope,
  YaqlFunction,
  YaqlFunctionRegistry,
  YaqlLambda,
  YaqlMappingRule,
  YaqlParam,
} from "./yaql-functions.js";
import { parseYaql, type YaqlArg, type YaqlNode } from "./yaql-parser.js";
import { convertOutput, isIterable, iterate, lazy, truthy } from "./yaql-values.js";

/** A scope of variables and functions: yaql's context. `let`, `with` and lambdas create children. */
export class YaqlScope implements YaqlCallScope {
  private variables: Map<string, unknown> | undefined;
  private ownFunctions: Map<string, YaqlFunction[]> | undefined;
  /** Whether this scope or an ancestor defines functions (with `def`): lookups can skip the walk otherwise. */
  private definesFunctions: boolean;

  constructor(
    readonly parent: YaqlScope | null,
    readonly registry: YaqlFunctionRegistry,
    readonly contextFunctions: ContextFunctions,
  ) {
    this.definesFunctions = parent?.definesFunctions ?? false;
  }

  child(): YaqlScope {
    return new YaqlScope(this, this.registry, this.contextFunctions);
  }

  /** Sets `$name` in this scope; `$` is the same variable as `$1`. */
  setVariable(name: string, value: unknown): void {
    (this.variables ??= new Map()).set(name === "" ? "1" : name, value);
  }

  getVariable(name: string): unknown {
    return lookupVariable(this, name === "" ? "1" : name);
  }

  withVariables(variables: Iterable<[string, unknown]>): YaqlScope {
    const scope = this.child();
    for (const [name, value] of variables) scope.setVariable(name, value);
    return scope;
  }

  withFunction(fn: YaqlFunction): YaqlScope {
    const scope = this.child();
    scope.definesFunctions = true;
    scope.ownFunctions = new Map([[fn.name, [fn]]]);
    return scope;
  }

  callOperator(name: string, ...operands: unknown[]): unknown {
    return applyOperator(this, name, operands);
  }

  /** Overloads of a name: those defined in scopes (innermost first), then the standard library's. */
  functions(name: string): readonly YaqlFunction[] {
    if (!this.definesFunctions) return this.registry.lookup(name);
    return [...lookupOwnFunctions(this, name), ...this.registry.lookup(name)];
  }

  /** @internal */
  ownVariable(key: string): { found: boolean; value?: unknown } {
    return this.variables?.has(key) ? { found: true, value: this.variables.get(key) } : { found: false };
  }

  /** @internal */
  ownFunctionsNamed(name: string): readonly YaqlFunction[] {
    return this.ownFunctions?.get(name) ?? [];
  }
}

function lookupVariable(start: YaqlScope, key: string): unknown {
  for (let scope: YaqlScope | null = start; scope; scope = scope.parent) {
    const own = scope.ownVariable(key);
    if (own.found) return own.value;
  }
  return null;
}

function lookupOwnFunctions(start: YaqlScope, name: string): YaqlFunction[] {
  const found: YaqlFunction[] = [];
  for (let scope: YaqlScope | null = start; scope; scope = scope.parent)
    found.push(...scope.ownFunctionsNamed(name));
  return found;
}

type Compiled = (scope: YaqlScope) => unknown;

type CompiledArg =
  | { readonly kind: "value"; readonly evaluate: Compiled; readonly keyword?: string }
  | {
      readonly kind: "mapping";
      readonly sourceKeyword?: string;
      readonly source: Compiled;
      readonly destination: Compiled;
    }
  | { readonly kind: "empty" };

const UNSET = Symbol("unset");

function describe(value: unknown): string {
  try {
    const text = pyRepr(convertOutput(value), { arraysAsTuples: false });
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return typeof value;
  }
}

function noMatch(name: string, receiver: unknown, hasReceiver: boolean): YaqlEvaluationError {
  return hasReceiver
    ? yaqlError(
        "NoMatchingMethodException",
        `No method "${name}" for receiver ${describe(receiver)} matches supplied arguments`,
      )
    : yaqlError("NoMatchingFunctionException", `No function "${name}" matches supplied arguments`);
}

function notRegistered(name: string, receiver: unknown, hasReceiver: boolean): YaqlEvaluationError {
  return hasReceiver
    ? yaqlError("NoMethodRegisteredException", `Unknown method "${name}" for receiver ${describe(receiver)}`)
    : yaqlError("NoFunctionRegisteredException", `Unknown function "${name}"`);
}

function makeLambda(evaluate: Compiled, scope: YaqlScope): YaqlLambda {
  return (...args: unknown[]) => {
    const child = scope.child();
    for (let i = 0; i < args.length; i++) child.setVariable(String(i + 1), args[i]);
    return evaluate(child);
  };
}

/** Binds the arguments of one call to one overload; undefined when the overload does not fit. */
function bindArguments(
  fn: YaqlFunction,
  scope: YaqlScope,
  receiver: unknown,
  hasReceiver: boolean,
  args: readonly CompiledArg[],
  cache: unknown[],
): unknown[] | undefined {
  const positional: Array<CompiledArg | { kind: "receiver" }> = hasReceiver ? [{ kind: "receiver" }] : [];
  const keywords = new Map<string, CompiledArg>();
  for (const arg of args) {
    if (arg.kind === "mapping" && !fn.positionalMappings) {
      if (arg.sourceKeyword === undefined || keywords.has(arg.sourceKeyword)) return undefined;
      keywords.set(arg.sourceKeyword, { kind: "value", evaluate: arg.destination });
    } else positional.push(arg);
  }
  if (positional.length > fn.params.length && !fn.rest) return undefined;

  // Evaluated value of positional argument i (the receiver is 0 for methods), evaluated once per call.
  const valueAt = (i: number): unknown => {
    if (cache[i] !== UNSET) return cache[i];
    const arg = positional[i]!;
    const value = arg.kind === "receiver" ? receiver : (arg as { evaluate: Compiled }).evaluate(scope);
    cache[i] = value;
    return value;
  };

  const bindOne = (
    p: YaqlParam,
    arg: CompiledArg | { kind: "receiver" },
    index: number | undefined,
  ): unknown => {
    const kind = p.kind ?? "value";
    if (kind === "value") {
      if (arg.kind === "mapping" || arg.kind === "empty") return UNSET;
      const value = index !== undefined ? valueAt(index) : (arg as { evaluate: Compiled }).evaluate(scope);
      return accepts(p, value) ? value : UNSET;
    }
    if (arg.kind === "receiver") return kind === "lambda" ? () => receiver : UNSET;
    if (kind === "lambda") return arg.kind === "value" ? makeLambda(arg.evaluate, scope) : UNSET;
    if (kind === "keyword") return arg.kind === "value" && arg.keyword !== undefined ? arg.keyword : UNSET;
    if (arg.kind !== "mapping") return UNSET;
    const rule: YaqlMappingRule = {
      source: () => (arg.sourceKeyword !== undefined ? arg.sourceKeyword : arg.source(scope)),
      destination: () => arg.destination(scope),
    };
    return rule;
  };

  const bound: unknown[] = [];
  for (let i = 0; i < fn.params.length; i++) {
    const p = fn.params[i]!;
    const arg = positional[i];
    const keyword = keywords.get(p.name);
    if (arg !== undefined && arg.kind !== "empty") {
      if (keyword) return undefined;
      const value = bindOne(p, arg, i);
      if (value === UNSET) return undefined;
      bound.push(value);
    } else if (keyword) {
      keywords.delete(p.name);
      const value = bindOne(p, keyword, undefined);
      if (value === UNSET) return undefined;
      bound.push(value);
    } else if (p.optional) {
      bound.push(p.defaultValue);
    } else return undefined;
  }
  if (fn.rest) {
    const extra: unknown[] = [];
    for (let i = fn.params.length; i < positional.length; i++) {
      const arg = positional[i]!;
      if (arg.kind === "empty") return undefined;
      const value = bindOne(fn.rest, arg, i);
      if (value === UNSET) return undefined;
      extra.push(value);
    }
    bound.push(extra);
  }
  if (keywords.size > 0) {
    if (!fn.restKeywords) return undefined;
    const extra: Record<string, unknown> = {};
    for (const [name, arg] of keywords) {
      const value = bindOne(fn.restKeywords, arg, undefined);
      if (value === UNSET) return undefined;
      Object.defineProperty(extra, name, { value, enumerable: true, writable: true, configurable: true });
    }
    bound.push(extra);
  } else if (fn.restKeywords) bound.push({});
  return bound;
}

function accepts(p: YaqlParam, value: unknown): boolean {
  if (value === null || value === undefined) return p.nullable ?? p.accepts === undefined;
  return p.accepts === undefined || p.accepts(value);
}

/** Calls a function or method by name with unevaluated arguments, choosing the first overload that fits. */
function callFunction(
  scope: YaqlScope,
  name: string,
  receiver: unknown,
  hasReceiver: boolean,
  args: readonly CompiledArg[],
): unknown {
  const overloads = scope.functions(name);
  let candidates = 0;
  const cache: unknown[] = new Array(args.length + 1).fill(UNSET);
  for (const fn of overloads) {
    if (hasReceiver ? !fn.isMethod : !fn.isFunction) continue;
    candidates++;
    const bound = bindArguments(fn, scope, receiver, hasReceiver, args, cache);
    if (bound) return invoke(fn, bound, scope);
  }
  throw candidates === 0 ? notRegistered(name, receiver, hasReceiver) : noMatch(name, receiver, hasReceiver);
}

function invoke(fn: YaqlFunction, bound: unknown[], scope: YaqlScope): unknown {
  const call: YaqlCall = { name: fn.name, scope };
  try {
    return fn.impl(bound, call);
  } catch (error) {
    throw asEvaluationError(error);
  }
}

const PYTHON_ERROR_KINDS: Record<string, YaqlEvaluationError["kind"]> = {
  KeyError: "KeyError",
  IndexError: "IndexError",
  TypeError: "TypeError",
  ValueError: "ValueError",
  ZeroDivisionError: "ZeroDivisionError",
  OverflowError: "OverflowError",
  AttributeError: "TypeError",
  JSONDecodeError: "JSONDecodeError",
  error: "RegexError",
};

/** Turns errors of the Python value layer (ZeroDivisionError, ...) into YAQL evaluation errors. */
export function asEvaluationError(error: unknown): unknown {
  if (error instanceof YaqlEvaluationError || !(error instanceof Error)) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return yaqlError("RuntimeError", "expression is nested too deeply (recursion limit)");
  }
  const pythonType = (error as { pythonType?: string }).pythonType ?? "";
  return new YaqlEvaluationError(PYTHON_ERROR_KINDS[pythonType] ?? "RuntimeError", error.message, {
    cause: error,
  });
}

/** Applies an operator to evaluated operands, choosing the first overload that accepts them. */
function applyOperator(scope: YaqlScope, name: string, operands: unknown[]): unknown {
  const overloads = scope.registry.lookup(name);
  for (const fn of overloads) {
    if (fn.params.length !== operands.length) continue;
    let fits = true;
    for (let i = 0; i < operands.length && fits; i++) fits = accepts(fn.params[i]!, operands[i]);
    if (fits) return invoke(fn, operands, scope);
  }
  throw overloads.length === 0 ? notRegistered(name, undefined, false) : noMatch(name, undefined, false);
}

function keyError(key: string): YaqlEvaluationError {
  return yaqlError("KeyError", pyRepr(key));
}

/** `receiver.name` where name is a bare identifier: a dict key, or mapped over a collection. */
function getAttribute(scope: YaqlScope, receiver: unknown, name: string): unknown {
  if (isDict(receiver)) {
    if (Object.hasOwn(receiver, name)) return receiver[name];
    throw keyError(name);
  }
  if (isIterable(receiver)) {
    return lazy(function* () {
      for (const item of iterate(receiver)) yield getAttribute(scope, item, name);
    });
  }
  // Other objects may have properties (datetime's `.year`, ...), registered as #property#name.
  return applyOperator(scope, `#property#${name}`, [receiver]);
}

function compileArgs(args: readonly YaqlArg[]): CompiledArg[] {
  return args.map((arg): CompiledArg => {
    if (arg.kind === "empty") return { kind: "empty" };
    if (arg.kind === "mapping") {
      return {
        kind: "mapping",
        sourceKeyword: arg.source.kind === "keyword" ? arg.source.name : undefined,
        source: compileNode(arg.source),
        destination: compileNode(arg.destination),
      };
    }
    return {
      kind: "value",
      evaluate: compileNode(arg),
      keyword: arg.kind === "keyword" ? arg.name : undefined,
    };
  });
}

function compileMember(left: Compiled, right: YaqlNode, nullSafe: boolean, operator: string): Compiled {
  if (right.kind === "call") {
    const args = compileArgs(right.args);
    const name = right.name;
    return (scope) => {
      const receiver = left(scope);
      if (nullSafe && receiver === null) return null;
      return callFunction(scope, name, receiver, true, args);
    };
  }
  if (right.kind === "keyword") {
    const name = right.name;
    return (scope) => {
      const receiver = left(scope);
      if (nullSafe && receiver === null) return null;
      return getAttribute(scope, receiver, name);
    };
  }
  return (scope) => {
    const receiver = left(scope);
    if (nullSafe && receiver === null) return null;
    throw noMatch(`#operator_${operator}`, receiver, false);
  };
}

function compileNode(node: YaqlNode): Compiled {
  switch (node.kind) {
    case "constant": {
      const value = node.value;
      return () => value;
    }
    case "keyword": {
      const name = node.name;
      return () => name;
    }
    case "variable": {
      const name = node.name === "" ? "1" : node.name;
      return (scope) => scope.getVariable(name);
    }
    case "wrap":
      return compileNode(node.expression);
    case "call": {
      const args = compileArgs(node.args);
      const name = node.name;
      return (scope) => callFunction(scope, name, undefined, false, args);
    }
    case "list": {
      const args = compileArgs(node.args);
      return (scope) => callFunction(scope, "#list", undefined, false, args);
    }
    case "map": {
      const args = compileArgs(node.args);
      return (scope) => callFunction(scope, "#map", undefined, false, args);
    }
    case "index": {
      const args = compileArgs([node.target, ...node.args]);
      return (scope) => callFunction(scope, "#indexer", undefined, false, args);
    }
    case "unary": {
      const operand = compileNode(node.operand);
      if (node.operator === "not") return (scope) => !truthy(operand(scope));
      const name = `#unary_operator_${node.operator}`;
      return (scope) => applyOperator(scope, name, [operand(scope)]);
    }
    case "binary":
      return compileBinary(node);
  }
}

function compileBinary(node: Extract<YaqlNode, { kind: "binary" }>): Compiled {
  const left = compileNode(node.left);
  switch (node.operator) {
    case ".":
    case "?.":
      return compileMember(left, node.right, node.operator === "?.", node.operator);
  }
  const right = compileNode(node.right);
  switch (node.operator) {
    case "and":
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? right(scope) : value;
      };
    case "or":
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? value : right(scope);
      };
    case "->":
      return (scope) => {
        const context = left(scope);
        if (!(context instanceof YaqlScope)) throw noMatch("#operator_->", undefined, false);
        return right(context);
      };
    case ">":
    case "<":
    case ">=":
    case "<=": {
      // Fast path for the commonest case, numbers on both sides; everything else through overloads.
      const name = `#operator_${node.operator}`;
      const op = node.operator;
      return (scope) => {
        const a = left(scope);
        const b = right(scope);
        if (typeof a === "number" && typeof b === "number") {
          return op === ">" ? a > b : op === "<" ? a < b : op === ">=" ? a >= b : a <= b;
        }
        return applyOperator(scope, name, [a, b]);
      };
    }
  }
  const name = `#operator_${node.operator}`;
  return (scope) => applyOperator(scope, name, [left(scope), right(scope)]);
}

const compiledCache = new Map<string, Compiled>();
const COMPILED_CACHE_SIZE = 2000;

/** Parses (once, cached) and compiles a YAQL expression. Raises YaqlSyntaxError. */
export function compileYaql(expression: string): Compiled {
  let compiled = compiledCache.get(expression);
  if (compiled) return compiled;
  compiled = compileNode(parseYaql(expression));
  if (compiledCache.size >= COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(expression, compiled);
  return compiled;
}

/** Evaluates a compiled expression against data, returning plain output (iterators and sets as lists). */
export function runYaql(
  compiled: Compiled,
  data: unknown,
  registry: YaqlFunctionRegistry,
  contextFunctions: ContextFunctions,
): unknown {
  const scope = new YaqlScope(null, registry, contextFunctions);
  scope.setVariable("1", data);
  try {
    return convertOutput(compiled(scope));
  } catch (error) {
    throw asEvaluationError(error);
  }
}

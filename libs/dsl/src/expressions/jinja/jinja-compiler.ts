// Turns parsed templates and expressions into closures, once per text, so that evaluating them again
// costs only their own work. Scoping follows Jinja's: `{% set %}` at the top level or inside `if`
// sets a template variable, every for-loop iteration (and with, macro, filter and set blocks) has
// its own scope that starts from the enclosing one, and namespace() objects carry values out.
// As Jinja's compiler does, an unknown filter or test is an error when the template is compiled,
// unless it sits inside an `if` or an inline if-expression, where it only fails when reached.
import { pySlice, pySliceString, sliceIndices } from "../../python/py-string.js";
import { isDict, isTuple, markTuple, PyFloat, setDictItem } from "../../python/py-types.js";
import type { ContextFunctions } from "../context-functions.js";
import { getAttr, getItem } from "./jinja-access.js";
import { jinjaError } from "./jinja-errors.js";
import { addMistralFilters, boundMistralFunction, GLOBALS, MISTRAL_FUNCTION_NAMES } from "./jinja-globals.js";
import { builtinFilters, type FilterDef } from "./jinja-filters.js";
import { escapeValue, MAX_STRING_LENGTH } from "./jinja-methods.js";
import type { CallArgs, Expr, Stmt } from "./jinja-nodes.js";
import { binaryOp, unaryOp } from "./jinja-operators.js";
import {
  compare,
  contains,
  equals,
  indexValue,
  keyOf,
  PySliceValue,
  toArray,
  toStr,
  truthy,
} from "./jinja-protocol.js";
import { builtinTests, type TestDef } from "./jinja-tests.js";
import {
  builtin,
  isStr,
  Joiner,
  LoopContext,
  Markup,
  MISSING,
  Namespace,
  PyCallable,
  PyRange,
  strValue,
  typeName,
  Undefined,
  type Kwargs,
  type Runtime,
} from "./jinja-values.js";

/** Work units (loop iterations, items produced by filters) one evaluation may spend. */
const WORK_BUDGET = 5_000_000;
/** How deep macros and recursive loops may call themselves (Python's recursion limit in spirit). */
const MAX_CALL_DEPTH = 100;

const FILTERS = builtinFilters();
addMistralFilters(FILTERS);
const TESTS = builtinTests();

// ---- runtime --------------------------------------------------------------------------------

/** One evaluation: the data, the engine's functions, the work budget. */
class Evaluation implements Runtime {
  private work = 0;
  callDepth = 0;
  outputSize = 0;
  private mistralFunctions: Map<string, PyCallable> | undefined;

  constructor(
    readonly data: unknown,
    readonly contextFunctions: ContextFunctions,
  ) {}

  tick(units = 1): void {
    this.work += units;
    if (this.work > WORK_BUDGET) {
      throw jinjaError("ResourceLimitError", `evaluation exceeded its budget of ${WORK_BUDGET} steps`);
    }
  }

  /** A name no template scope defines: Mistral's context, then Jinja's globals. */
  resolveGlobal(name: string): unknown {
    if (name === "_") return this.data;
    if (MISTRAL_FUNCTION_NAMES.has(name)) {
      this.mistralFunctions ??= new Map();
      let fn = this.mistralFunctions.get(name);
      if (!fn) {
        fn = boundMistralFunction(name, this.data)!;
        this.mistralFunctions.set(name, fn);
      }
      return fn;
    }
    if ((name === "__env" || name === "__execution" || name === "__task_execution") && isDict(this.data)) {
      return Object.hasOwn(this.data, name) ? this.data[name] : null;
    }
    const value = GLOBALS.get(name);
    return value === undefined && !GLOBALS.has(name) ? new Undefined(null, MISSING, name) : value;
  }

  hasFilter(name: string): boolean {
    return FILTERS.has(name);
  }

  hasTest(name: string): boolean {
    return TESTS.has(name);
  }

  callFilter(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown {
    const filter = FILTERS.get(name);
    if (!filter) throw jinjaError("TemplateRuntimeError", `No filter named '${name}'.`);
    return filter.impl(filter.sig.bind([value, ...args], kwargs), this);
  }

  callTest(name: string, value: unknown, args: unknown[], kwargs: Kwargs): unknown {
    const test = TESTS.get(name);
    if (!test) throw jinjaError("TemplateRuntimeError", `No test named '${name}'.`);
    return test.impl(test.sig.bind([value, ...args], kwargs), this);
  }

  call(callee: unknown, args: unknown[], kwargs: Kwargs): unknown {
    if (callee instanceof PyCallable) return callee.impl(args, kwargs, this);
    if (callee instanceof Undefined) callee.fail();
    if (callee instanceof LoopContext) {
      if (!callee.recurse) {
        throw jinjaError("TypeError", "The loop must have the 'recursive' marker to be called recursively.");
      }
      if (args.length !== 1 || kwargs.size > 0) {
        throw jinjaError(
          "TypeError",
          `LoopContext.__call__() takes 2 positional arguments but ${args.length + 1} were given`,
        );
      }
      return callee.recurse(args[0]);
    }
    if (callee instanceof Joiner) {
      if (args.length > 0 || kwargs.size > 0)
        throw jinjaError("TypeError", "Joiner.__call__() takes 1 positional argument");
      if (!callee.used) {
        callee.used = true;
        return "";
      }
      return callee.separator;
    }
    throw jinjaError("TypeError", `'${typeName(callee)}' object is not callable`);
  }

  enterCall(): void {
    if (++this.callDepth > MAX_CALL_DEPTH) {
      throw jinjaError("RecursionError", "maximum recursion depth exceeded");
    }
  }

  leaveCall(): void {
    this.callDepth--;
  }
}

/** A frame of template variables. Lookups walk outwards, then fall back to the context. */
class Scope {
  private vars: Map<string, unknown> | undefined;

  constructor(
    readonly parent: Scope | undefined,
    readonly evaluation: Evaluation,
    readonly autoescape: boolean,
  ) {}

  child(autoescape = this.autoescape): Scope {
    return new Scope(this, this.evaluation, autoescape);
  }

  lookup(name: string): unknown {
    const vars = this.vars;
    if (vars !== undefined) {
      const value = vars.get(name);
      if (value !== undefined || vars.has(name)) return value;
    }
    return this.parent ? this.parent.lookup(name) : this.evaluation.resolveGlobal(name);
  }

  set(name: string, value: unknown): void {
    (this.vars ??= new Map()).set(name, value);
  }
}

/** Collects template output, within a size limit. */
class Output {
  readonly parts: string[] = [];

  constructor(private readonly evaluation: Evaluation) {}

  write(text: string): void {
    this.evaluation.outputSize += text.length;
    if (this.evaluation.outputSize > MAX_STRING_LENGTH) {
      throw jinjaError("MemoryError", `template output exceeds ${MAX_STRING_LENGTH} characters`);
    }
    this.parts.push(text);
  }

  toString(): string {
    return this.parts.join("");
  }
}

type ExprFn = (scope: Scope) => unknown;
type StmtFn = (scope: Scope, out: Output) => void;

// ---- compiling expressions ----------------------------------------------------------------

interface CompileContext {
  /** Inside an `if` or inline if: unknown filters and tests fail only when reached. */
  readonly soft: boolean;
}

const HARD: CompileContext = { soft: false };
const SOFT: CompileContext = { soft: true };

function lookupFilter(name: string, context: CompileContext): FilterDef | undefined {
  const filter = FILTERS.get(name);
  if (!filter && !context.soft) throw jinjaError("TemplateAssertionError", `No filter named '${name}'.`);
  return filter;
}

function lookupTest(name: string, context: CompileContext): TestDef | undefined {
  const test = TESTS.get(name);
  if (!test && !context.soft) throw jinjaError("TemplateAssertionError", `No test named '${name}'.`);
  return test;
}

type ArgsFn = (scope: Scope) => { args: unknown[]; kwargs: Kwargs };

const NO_KWARGS: Kwargs = new Map();

function compileArgs(call: CallArgs, context: CompileContext, leading: ExprFn[] = []): ArgsFn {
  const positional = [...leading, ...call.args.map((arg) => compileExpr(arg, context))];
  const keywords = call.kwargs.map((kw) => [kw.key, compileExpr(kw.value, context)] as const);
  const dynArgs = call.dynArgs ? compileExpr(call.dynArgs, context) : null;
  const dynKwargs = call.dynKwargs ? compileExpr(call.dynKwargs, context) : null;
  if (!dynArgs && !dynKwargs && keywords.length === 0) {
    return (scope) => ({ args: positional.map((fn) => fn(scope)), kwargs: NO_KWARGS });
  }
  return (scope) => {
    const args = positional.map((fn) => fn(scope));
    const kwargs: Kwargs = new Map();
    for (const [key, fn] of keywords) kwargs.set(key, fn(scope));
    if (dynArgs) args.push(...toArray(dynArgs(scope), scope.evaluation));
    if (dynKwargs) {
      const mapping = dynKwargs(scope);
      if (mapping instanceof Undefined) mapping.fail();
      if (!isDict(mapping)) {
        throw jinjaError("TypeError", `argument after ** must be a mapping, not ${typeName(mapping)}`);
      }
      for (const key of Object.keys(mapping)) {
        if (kwargs.has(key))
          throw jinjaError("TypeError", `got multiple values for keyword argument '${key}'`);
        kwargs.set(key, mapping[key]);
      }
    }
    return { args, kwargs };
  };
}

function sliceBound(value: unknown): number | null {
  if (value === null) return null;
  const index = indexValue(value);
  if (index === undefined) {
    if (value instanceof Undefined) value.fail();
    throw jinjaError("TypeError", "slice indices must be integers or None or have an __index__ method");
  }
  return index;
}

/** `obj[a:b:c]`: Jinja bypasses the sandbox's getitem for slices, so Python's errors show. */
function sliceOf(obj: unknown, slice: PySliceValue): unknown {
  if (obj instanceof Undefined) obj.fail();
  const start = sliceBound(slice.start);
  const stop = sliceBound(slice.stop);
  const step = sliceBound(slice.step);
  if (step === 0) throw jinjaError("ValueError", "slice step cannot be zero");
  if (typeof obj === "string") return pySliceString(obj, start, stop, step);
  if (obj instanceof Markup) return new Markup(pySliceString(obj.value, start, stop, step));
  if (Array.isArray(obj)) {
    const items = pySlice(obj, start, stop, step);
    return isTuple(obj) ? markTuple(items) : items;
  }
  if (obj instanceof PyRange) {
    const bounds = sliceIndices(obj.length, start, stop, step);
    return new PyRange(obj.at(bounds.start), obj.at(bounds.stop), obj.step * bounds.step);
  }
  if (isDict(obj)) throw jinjaError("TypeError", "unhashable type: 'slice'");
  throw jinjaError("TypeError", `'${typeName(obj)}' object is not subscriptable`);
}

function compileDict(node: Extract<Expr, { kind: "dict" }>, context: CompileContext): ExprFn {
  const pairs = node.pairs.map(
    (pair) => [compileExpr(pair.key, context), compileExpr(pair.value, context)] as const,
  );
  return (scope) => {
    const dict: Record<string, unknown> = {};
    for (const [keyFn, valueFn] of pairs) {
      const key = keyFn(scope);
      const value = valueFn(scope);
      if (!isStr(key)) {
        keyOf(key);
        throw jinjaError("TypeError", `dict keys other than str are not supported (got ${typeName(key)})`);
      }
      setDictItem(dict, strValue(key), value);
    }
    return dict;
  };
}

function compileCompare(node: Extract<Expr, { kind: "compare" }>, context: CompileContext): ExprFn {
  const first = compileExpr(node.expr, context);
  const ops = node.ops.map(({ op, expr }) => ({ op, fn: compileExpr(expr, context) }));
  return (scope) => {
    let left = first(scope);
    for (const { op, fn } of ops) {
      const right = fn(scope);
      let result: boolean;
      switch (op) {
        case "eq":
          result = equals(left, right);
          break;
        case "ne":
          result = !equals(left, right);
          break;
        case "lt":
          result = compare(left, right, "<");
          break;
        case "lteq":
          result = compare(left, right, "<=");
          break;
        case "gt":
          result = compare(left, right, ">");
          break;
        case "gteq":
          result = compare(left, right, ">=");
          break;
        case "in":
          result = contains(right, left);
          break;
        case "notin":
          result = !contains(right, left);
          break;
      }
      if (!result) return false;
      left = right;
    }
    return true;
  };
}

function compileFilter(
  node: Extract<Expr, { kind: "filter" }>,
  context: CompileContext,
  input?: ExprFn,
): ExprFn {
  const filter = lookupFilter(node.name, context);
  const value = input ?? (node.node ? compileExpr(node.node, context) : () => null);
  const args = compileArgs(node.call, context);
  const name = node.name;
  return (scope) => {
    const subject = value(scope);
    const { args: positional, kwargs } = args(scope);
    if (!filter) throw jinjaError("TemplateRuntimeError", `No filter named '${name}' found.`);
    return filter.impl(filter.sig.bind([subject, ...positional], kwargs), scope.evaluation);
  };
}

function compileTest(node: Extract<Expr, { kind: "test" }>, context: CompileContext): ExprFn {
  const test = lookupTest(node.name, context);
  const value = compileExpr(node.node, context);
  const args = compileArgs(node.call, context);
  const name = node.name;
  return (scope) => {
    const subject = value(scope);
    const { args: positional, kwargs } = args(scope);
    if (!test) throw jinjaError("TemplateRuntimeError", `No test named '${name}' found.`);
    return test.impl(test.sig.bind([subject, ...positional], kwargs), scope.evaluation);
  };
}

function compileExpr(node: Expr, context: CompileContext): ExprFn {
  switch (node.kind) {
    case "const": {
      const value = node.value;
      return () => value;
    }
    case "name": {
      const name = node.name;
      return (scope) => scope.lookup(name);
    }
    case "nsref":
      throw jinjaError("TemplateSyntaxError", "a namespace reference can only be assigned to");
    case "tuple": {
      const items = node.items.map((item) => compileExpr(item, context));
      return (scope) => markTuple(items.map((fn) => fn(scope)));
    }
    case "list": {
      const items = node.items.map((item) => compileExpr(item, context));
      return (scope) => items.map((fn) => fn(scope));
    }
    case "dict":
      return compileDict(node, context);
    case "condexpr": {
      const soft = SOFT;
      const test = compileExpr(node.test, soft);
      const yes = compileExpr(node.expr1, soft);
      const no = node.expr2 ? compileExpr(node.expr2, soft) : null;
      const hint = `the inline if-expression on line ${node.lineno} evaluated to false and no else section was defined.`;
      return (scope) => {
        if (truthy(test(scope))) return yes(scope);
        return no ? no(scope) : new Undefined(hint, MISSING, null, "UndefinedError", false);
      };
    }
    case "or": {
      const left = compileExpr(node.left, context);
      const right = compileExpr(node.right, context);
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? value : right(scope);
      };
    }
    case "and": {
      const left = compileExpr(node.left, context);
      const right = compileExpr(node.right, context);
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? right(scope) : value;
      };
    }
    case "not": {
      const operand = compileExpr(node.node, context);
      return (scope) => !truthy(operand(scope));
    }
    case "neg":
    case "pos": {
      const operand = compileExpr(node.node, context);
      const op = node.kind;
      return (scope) => unaryOp(op, operand(scope));
    }
    case "compare":
      return compileCompare(node, context);
    case "binop": {
      const left = compileExpr(node.left, context);
      const right = compileExpr(node.right, context);
      const op = node.op;
      if (op === "pow") {
        const base = foldConstant(node.left);
        if (base !== undefined && isNegativeNumber(base.value) && foldConstant(node.right) === undefined) {
          // Jinja writes a folded negative constant into its generated Python without parentheses,
          // so `-2 ** x` (and `(-2) ** x`) computes -(2 ** x) when x is not a constant.
          const magnitude = unaryOp("neg", base.value);
          return (scope) => unaryOp("neg", binaryOp("pow", magnitude, right(scope)));
        }
      }
      return (scope) => binaryOp(op, left(scope), right(scope));
    }
    case "concat": {
      const parts = node.nodes.map((part) => compileExpr(part, context));
      return (scope) => {
        let text = "";
        for (const fn of parts) {
          text += toStr(fn(scope));
          if (text.length > MAX_STRING_LENGTH) throw jinjaError("MemoryError", "string too long");
        }
        return text;
      };
    }
    case "getattr": {
      const object = compileExpr(node.node, context);
      const attr = node.attr;
      return (scope) => getAttr(object(scope), attr);
    }
    case "getitem": {
      const object = compileExpr(node.node, context);
      if (node.arg.kind === "slice") {
        const slice = compileSlice(node.arg, context);
        return (scope) => {
          const target = object(scope);
          return sliceOf(target, slice(scope));
        };
      }
      const key = compileExpr(node.arg, context);
      return (scope) => {
        const target = object(scope);
        return getItem(target, key(scope));
      };
    }
    case "slice":
      return compileSlice(node, context);
    case "call": {
      const callee = compileExpr(node.node, context);
      const args = compileArgs(node.call, context);
      return (scope) => {
        const fn = callee(scope);
        const { args: positional, kwargs } = args(scope);
        return scope.evaluation.call(fn, positional, kwargs);
      };
    }
    case "filter":
      return compileFilter(node, context);
    case "test":
      return compileTest(node, context);
  }
}

/** Node kinds Jinja's optimizer may fold into a constant when all their operands are constant. */
const FOLDABLE = new Set<Expr["kind"]>([
  "const",
  "neg",
  "pos",
  "binop",
  "tuple",
  "list",
  "getitem",
  "slice",
  "condexpr",
  "concat",
  "compare",
  "not",
  "and",
  "or",
]);

function isFoldable(node: unknown): boolean {
  if (node === null) return true;
  const record = node as Record<string, unknown>;
  if (!FOLDABLE.has(record.kind as Expr["kind"])) return false;
  for (const key of [
    "node",
    "left",
    "right",
    "arg",
    "start",
    "stop",
    "step",
    "test",
    "expr1",
    "expr2",
    "expr",
  ]) {
    if (key in record && !isFoldable(record[key])) return false;
  }
  for (const key of ["items", "nodes"]) {
    if (key in record && !(record[key] as unknown[]).every(isFoldable)) return false;
  }
  if (record.kind === "compare")
    return (record.ops as Array<{ expr: Expr }>).every((op) => isFoldable(op.expr));
  return true;
}

/** The value of a constant expression, as Jinja's optimizer computes it at compile time. */
function foldConstant(node: Expr): { value: unknown } | undefined {
  if (!isFoldable(node)) return undefined;
  try {
    return { value: compileExpr(node, HARD)(new Scope(undefined, new Evaluation(null, {}), false)) };
  } catch {
    return undefined;
  }
}

function isNegativeNumber(value: unknown): boolean {
  if (typeof value === "number") return value < 0 || Object.is(value, -0);
  if (typeof value === "bigint") return value < 0n;
  return value instanceof PyFloat && (value.value < 0 || Object.is(value.value, -0));
}

function compileSlice(
  node: Extract<Expr, { kind: "slice" }>,
  context: CompileContext,
): (scope: Scope) => PySliceValue {
  const start = node.start ? compileExpr(node.start, context) : () => null;
  const stop = node.stop ? compileExpr(node.stop, context) : () => null;
  const step = node.step ? compileExpr(node.step, context) : () => null;
  return (scope) => new PySliceValue(start(scope), stop(scope), step(scope));
}

// ---- assignment -------------------------------------------------------------------------------

type AssignFn = (scope: Scope, value: unknown) => void;

function unpack(value: unknown, count: number, scope: Scope): unknown[] {
  const items = toArray(value, scope.evaluation);
  if (items.length > count) throw jinjaError("ValueError", `too many values to unpack (expected ${count})`);
  if (items.length < count) {
    throw jinjaError("ValueError", `not enough values to unpack (expected ${count}, got ${items.length})`);
  }
  return items;
}

function compileTarget(node: Expr): AssignFn {
  switch (node.kind) {
    case "name": {
      const name = node.name;
      return (scope, value) => scope.set(name, value);
    }
    case "tuple": {
      const targets = node.items.map(compileTarget);
      return (scope, value) => {
        const items = unpack(value, targets.length, scope);
        targets.forEach((assign, i) => assign(scope, items[i]));
      };
    }
    case "nsref": {
      const { name, attr } = node;
      return (scope, value) => {
        const namespace = scope.lookup(name);
        if (!(namespace instanceof Namespace)) {
          throw jinjaError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
        }
        setDictItem(namespace.attrs, attr, value);
      };
    }
    default:
      throw jinjaError("TemplateSyntaxError", `can't assign to '${node.kind}'`);
  }
}

function namesIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) namesIn(item, found);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record.kind === "name" && typeof record.name === "string") found.add(record.name);
    for (const key of Object.keys(record)) if (typeof record[key] === "object") namesIn(record[key], found);
  }
  return found;
}

// ---- compiling statements -------------------------------------------------------------------

function compileBody(body: Stmt[], context: CompileContext): StmtFn {
  const statements = body.map((stmt) => compileStmt(stmt, context));
  if (statements.length === 1) return statements[0]!;
  return (scope, out) => {
    for (const statement of statements) statement(scope, out);
  };
}

function render(body: StmtFn, scope: Scope): string {
  const out = new Output(scope.evaluation);
  body(scope, out);
  return out.toString();
}

/** What `{{ value }}` writes: str(value), escaped inside `{% autoescape true %}`. */
function outputText(value: unknown, scope: Scope): string {
  if (typeof value === "string" && !scope.autoescape) return value;
  return scope.autoescape ? escapeValue(value).value : toStr(value);
}

function compileFor(node: Extract<Stmt, { kind: "for" }>, context: CompileContext): StmtFn {
  if (namesIn(node.target).has("loop")) {
    throw jinjaError("TemplateAssertionError", "Can't assign to special loop variable in for-loop target");
  }
  const iter = compileExpr(node.iter, context);
  const assign = compileTarget(node.target);
  const test = node.test ? compileExpr(node.test, HARD) : null;
  const body = compileBody(node.body, HARD);
  const orElse = node.else_.length > 0 ? compileBody(node.else_, HARD) : null;
  const recursive = node.recursive;

  const runLoop = (scope: Scope, out: Output, iterable: unknown, depth0: number): void => {
    const evaluation = scope.evaluation;
    let items = toArray(iterable, evaluation);
    if (test) {
      items = items.filter((item) => {
        const testScope = scope.child();
        assign(testScope, item);
        return truthy(test(testScope));
      });
    }
    const recurse = recursive
      ? (children: unknown) => {
          evaluation.enterCall();
          try {
            const nested = new Output(evaluation);
            runLoop(scope, nested, children, depth0 + 1);
            return nested.toString();
          } finally {
            evaluation.leaveCall();
          }
        }
      : null;
    const loop = new LoopContext(items, depth0, recurse);
    for (let i = 0; i < items.length; i++) {
      evaluation.tick();
      const iterationScope = scope.child();
      loop.index0 = i;
      iterationScope.set("loop", loop);
      assign(iterationScope, items[i]);
      body(iterationScope, out);
    }
    if (items.length === 0 && orElse) orElse(scope.child(), out);
  };
  return (scope, out) => runLoop(scope, out, iter(scope), 0);
}

function compileMacro(
  name: string,
  args: string[],
  defaults: Expr[],
  body: Stmt[],
): (definitionScope: Scope) => PyCallable {
  const bodyFn = compileBody(body, HARD);
  const defaultFns = defaults.map((expr) => compileExpr(expr, HARD));
  const referenced = namesIn(body);
  const catchVarargs = referenced.has("varargs");
  const catchKwargs = referenced.has("kwargs");
  const usesCaller = referenced.has("caller");
  const firstDefault = args.length - defaultFns.length;
  return (definitionScope) =>
    builtin(
      name,
      (callArgs, kwargs, runtime) => {
        const evaluation = runtime as Evaluation;
        const scope = definitionScope.child();
        const remaining = new Map(kwargs);
        args.forEach((arg, i) => {
          if (i < callArgs.length) {
            if (remaining.has(arg))
              throw jinjaError("TypeError", `macro '${name}' got multiple values for argument '${arg}'`);
            scope.set(arg, callArgs[i]);
          } else if (remaining.has(arg)) {
            scope.set(arg, remaining.get(arg));
            remaining.delete(arg);
          } else if (i >= firstDefault) {
            scope.set(arg, defaultFns[i - firstDefault]!(scope));
          } else {
            scope.set(arg, new Undefined(`parameter '${arg}' was not provided`, MISSING, arg));
          }
        });
        if (usesCaller) {
          scope.set(
            "caller",
            remaining.has("caller") ? remaining.get("caller") : new Undefined(null, MISSING, "caller"),
          );
          remaining.delete("caller");
        }
        const extra = callArgs.slice(args.length);
        if (extra.length > 0 && !catchVarargs) {
          throw jinjaError("TypeError", `macro '${name}' takes not more than ${args.length} argument(s)`);
        }
        if (catchVarargs) scope.set("varargs", markTuple(extra));
        if (remaining.size > 0 && !catchKwargs) {
          throw jinjaError(
            "TypeError",
            `macro '${name}' takes no keyword argument '${[...remaining.keys()][0]}'`,
          );
        }
        if (catchKwargs) {
          const dict: Record<string, unknown> = {};
          for (const [key, value] of remaining) setDictItem(dict, key, value);
          scope.set("kwargs", dict);
        }
        evaluation.enterCall();
        try {
          const text = render(bodyFn, scope);
          return scope.autoescape ? new Markup(text) : text;
        } finally {
          evaluation.leaveCall();
        }
      },
      `<Macro '${name}'>`,
      "Macro",
    );
}

function compileStmt(node: Stmt, context: CompileContext): StmtFn {
  switch (node.kind) {
    case "output": {
      const parts = node.nodes.map((part) => {
        if (part.kind === "data") {
          const text = part.data;
          return (scope: Scope, out: Output) => out.write(text);
        }
        const fn = compileExpr(part, context);
        return (scope: Scope, out: Output) => out.write(outputText(fn(scope), scope));
      });
      if (parts.length === 1) return parts[0]!;
      return (scope, out) => {
        for (const part of parts) part(scope, out);
      };
    }
    case "if": {
      const branches = node.branches.map((branch) => ({
        test: compileExpr(branch.test, SOFT),
        body: compileBody(branch.body, SOFT),
      }));
      const orElse = compileBody(node.else_, SOFT);
      return (scope, out) => {
        for (const branch of branches) {
          if (truthy(branch.test(scope))) {
            branch.body(scope, out);
            return;
          }
        }
        orElse(scope, out);
      };
    }
    case "for":
      return compileFor(node, context);
    case "assign": {
      const value = compileExpr(node.expr, context);
      const assign = compileTarget(node.target);
      return (scope) => assign(scope, value(scope));
    }
    case "assignblock": {
      const body = compileBody(node.body, HARD);
      const assign = compileTarget(node.target);
      const filter = node.filter;
      let apply: ((scope: Scope, text: unknown) => unknown) | null = null;
      if (filter && filter.kind === "filter") {
        apply = compileChain(filter, HARD);
      }
      return (scope) => {
        const inner = scope.child();
        const text = render(body, inner);
        const value: unknown = scope.autoescape ? new Markup(text) : text;
        assign(scope, apply ? apply(inner, value) : value);
      };
    }
    case "with": {
      const values = node.values.map((value) => compileExpr(value, context));
      const targets = node.targets.map(compileTarget);
      const body = compileBody(node.body, HARD);
      return (scope, out) => {
        const evaluated = values.map((fn) => fn(scope));
        const inner = scope.child();
        targets.forEach((assign, i) => assign(inner, evaluated[i]));
        body(inner, out);
      };
    }
    case "filterblock": {
      const body = compileBody(node.body, HARD);
      const apply = compileChain(node.filter as Extract<Expr, { kind: "filter" }>, HARD);
      return (scope, out) => {
        const inner = scope.child();
        const text = render(body, inner);
        out.write(outputText(apply(inner, scope.autoescape ? new Markup(text) : text), scope));
      };
    }
    case "scope": {
      const option = compileExpr(node.autoescape, context);
      const body = compileBody(node.body, context);
      return (scope, out) => body(scope.child(truthy(option(scope))), out);
    }
    case "block": {
      const body = compileBody(node.body, HARD);
      return (scope, out) => body(scope.child(), out);
    }
    case "macro": {
      const make = compileMacro(node.name, node.args, node.defaults, node.body);
      const name = node.name;
      return (scope) => scope.set(name, make(scope));
    }
    case "callblock": {
      const make = compileMacro("caller", node.args, node.defaults, node.body);
      const call = node.call as Extract<Expr, { kind: "call" }>;
      const callee = compileExpr(call.node, context);
      const args = compileArgs(call.call, context);
      return (scope, out) => {
        const fn = callee(scope);
        const { args: positional, kwargs } = args(scope);
        const withCaller = new Map(kwargs);
        withCaller.set("caller", make(scope));
        out.write(outputText(scope.evaluation.call(fn, positional, withCaller), scope));
      };
    }
    case "load":
      return () => {
        throw jinjaError("TypeError", "no loader for this environment specified");
      };
  }
}

/** A filter chain whose innermost input is given at run time (filter blocks, `{% set x | f %}`). */
function compileChain(
  node: Extract<Expr, { kind: "filter" }>,
  context: CompileContext,
): (scope: Scope, input: unknown) => unknown {
  let inputValue: unknown;
  const build = (filterNode: Extract<Expr, { kind: "filter" }>): ExprFn => {
    const inner =
      filterNode.node && filterNode.node.kind === "filter" ? build(filterNode.node) : () => inputValue;
    return compileFilter(filterNode, context, inner);
  };
  const chain = build(node);
  return (scope, input) => {
    inputValue = input;
    return chain(scope);
  };
}

// ---- entry points -----------------------------------------------------------------------------

/** A compiled template: render it with data. */
export type CompiledTemplate = (data: unknown, functions: ContextFunctions) => string;
/** A compiled expression: its value for data (not yet converted to plain data). */
export type CompiledExpression = (data: unknown, functions: ContextFunctions) => unknown;

/** Compiles a parsed template. Raises JinjaEvaluationError for unknown filters and tests. */
export function compileTemplate(body: Stmt[]): CompiledTemplate {
  const fn = compileBody(body, HARD);
  return (data, functions) => {
    const evaluation = new Evaluation(data, functions);
    return render(fn, new Scope(undefined, evaluation, false));
  };
}

/** Compiles a parsed bare expression. */
export function compileExpression(expr: Expr): CompiledExpression {
  const fn = compileExpr(expr, HARD);
  return (data, functions) => fn(new Scope(undefined, new Evaluation(data, functions), false));
}

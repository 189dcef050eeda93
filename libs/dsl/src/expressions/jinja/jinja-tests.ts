// Jinja2 3.1's builtin tests (jinja2/tests.py), used with `is`: `x is defined`, `n is odd`,
// `x is in [1, 2]`, `a is gt b`, ... Each keeps Python's semantics, including which ones raise
// on an undefined value (odd, iterable) and which do not (defined, none, sequence).
import { isDict, isFloat, isInt, PyFloat } from "../../python/py-types.js";
import { pyIsLower, pyIsUpper } from "../../python/py-string.js";
import { binaryOp } from "./jinja-operators.js";
import { pythonKind } from "./jinja-errors.js";
import { compare, contains, equals, iterate, length, toStr } from "./jinja-protocol.js";
import { signature, type Signature } from "./jinja-signature.js";
import {
  isStr,
  Joiner,
  LoopContext,
  Markup,
  PyCallable,
  PyRange,
  Undefined,
  type Runtime,
} from "./jinja-values.js";

export interface TestDef {
  readonly sig: Signature;
  readonly impl: (args: unknown[], runtime: Runtime) => unknown;
}

export type TestTable = Map<string, TestDef>;

/** Python's `a is b` for the values a template can hold. */
function sameAs(a: unknown, b: unknown): boolean {
  if (a === b) {
    // Small ints are cached by CPython; other ints and floats are distinct objects.
    return typeof a !== "number" || (Number.isInteger(a) && a >= -5 && a <= 256);
  }
  return false;
}

function isSequence(value: unknown): boolean {
  try {
    length(value);
  } catch {
    return false;
  }
  return (
    isStr(value) ||
    Array.isArray(value) ||
    isDict(value) ||
    value instanceof PyRange ||
    value instanceof Undefined
  );
}

function isIterable(value: unknown): boolean {
  try {
    iterate(value);
    return true;
  } catch (error) {
    if (pythonKind(error) === "TypeError") return false;
    throw error;
  }
}

function isCallable(value: unknown): boolean {
  return (
    value instanceof PyCallable ||
    value instanceof LoopContext ||
    value instanceof Joiner ||
    value instanceof Undefined
  );
}

function define(
  table: TestTable,
  name: string,
  params: string,
  impl: (args: unknown[], runtime: Runtime) => unknown,
): void {
  table.set(name, { sig: signature(/^[a-z]+$/.test(name) ? `test_${name}` : name, params), impl });
}

/** The builtin tests of Jinja2 3.1 (DEFAULT_TESTS). */
export function builtinTests(): TestTable {
  const tests: TestTable = new Map();
  define(tests, "odd", "value", ([value]) => equals(binaryOp("mod", value, 2), 1));
  define(tests, "even", "value", ([value]) => equals(binaryOp("mod", value, 2), 0));
  define(tests, "divisibleby", "value, num", ([value, num]) => equals(binaryOp("mod", value, num), 0));
  define(tests, "defined", "value", ([value]) => !(value instanceof Undefined));
  define(tests, "undefined", "value", ([value]) => value instanceof Undefined);
  define(tests, "filter", "value", ([value], runtime) => isStr(value) && runtime.hasFilter(toStr(value)));
  define(tests, "test", "value", ([value], runtime) => isStr(value) && runtime.hasTest(toStr(value)));
  define(tests, "none", "value", ([value]) => value === null);
  define(tests, "boolean", "value", ([value]) => typeof value === "boolean");
  define(tests, "false", "value", ([value]) => value === false);
  define(tests, "true", "value", ([value]) => value === true);
  define(tests, "integer", "value", ([value]) => isInt(value));
  define(tests, "float", "value", ([value]) => isFloat(value));
  define(tests, "lower", "value", ([value]) => pyIsLower(toStr(value)));
  define(tests, "upper", "value", ([value]) => pyIsUpper(toStr(value)));
  define(tests, "string", "value", ([value]) => isStr(value));
  define(tests, "mapping", "value", ([value]) => isDict(value));
  define(
    tests,
    "number",
    "value",
    ([value]) =>
      typeof value === "number" ||
      typeof value === "bigint" ||
      typeof value === "boolean" ||
      value instanceof PyFloat,
  );
  define(tests, "sequence", "value", ([value]) => isSequence(value));
  define(tests, "iterable", "value", ([value]) => isIterable(value));
  define(tests, "callable", "obj, /", ([value]) => isCallable(value));
  define(tests, "sameas", "value, other", ([value, other]) => sameAs(value, other));
  define(tests, "escaped", "value", ([value]) => value instanceof Markup);
  define(tests, "in", "value, seq", ([value, seq]) => contains(seq, value));
  for (const name of ["==", "eq", "equalto"]) define(tests, name, "a, b, /", ([a, b]) => equals(a, b));
  for (const name of ["!=", "ne"]) define(tests, name, "a, b, /", ([a, b]) => !equals(a, b));
  for (const name of [">", "gt", "greaterthan"])
    define(tests, name, "a, b, /", ([a, b]) => compare(a, b, ">"));
  for (const name of [">=", "ge"]) define(tests, name, "a, b, /", ([a, b]) => compare(a, b, ">="));
  for (const name of ["<", "lt", "lessthan"]) define(tests, name, "a, b, /", ([a, b]) => compare(a, b, "<"));
  for (const name of ["<=", "le"]) define(tests, name, "a, b, /", ([a, b]) => compare(a, b, "<="));
  return tests;
}

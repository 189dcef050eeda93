// Python's arithmetic operators over Jinja values: numbers (bool counts as int) with int/float
// semantics and big ints, str and list concatenation and repetition, `%` string formatting, and
// Markup's escaping variants. Sizes are bounded so that `'x' * 10**9` or `9 ** 9 ** 9` fail
// quickly instead of exhausting memory.
import { pyPercentFormat } from "../../python/py-format.js";
import {
  pyAdd,
  pyFloorDiv,
  pyMod,
  pyMul,
  pyNeg,
  pyPow,
  pySub,
  pyTrueDiv,
  type PyNumber,
} from "../../python/py-numbers.js";
import { isDict, isInt, isTuple, markTuple, PyFloat, toJsNumber } from "../../python/py-types.js";
import { jinjaError } from "./jinja-errors.js";
import { checkStringSize, escapeValue } from "./jinja-methods.js";
import { isStr, Markup, PyRange, strValue, typeName, Undefined } from "./jinja-values.js";

export type BinaryOp = "add" | "sub" | "mul" | "div" | "floordiv" | "mod" | "pow";

const SYMBOLS: Record<BinaryOp, string> = {
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
  floordiv: "//",
  mod: "%",
  pow: "** or pow()",
};

/** Largest int (in bits) arithmetic may produce. Python has no limit; workflows never need this much. */
const MAX_INT_BITS = 1_000_000;
/** Longest list repetition may build. */
const MAX_LIST_LENGTH = 10_000_000;

/** The number a value stands for in arithmetic: int, float or bool (as 0/1); undefined otherwise. */
export function asNumber(value: unknown): PyNumber | undefined {
  switch (typeof value) {
    case "number":
    case "bigint":
      return value;
    case "boolean":
      return value ? 1 : 0;
  }
  return value instanceof PyFloat ? value : undefined;
}

function bitLength(value: PyNumber): number {
  if (typeof value === "bigint") return (value < 0n ? -value : value).toString(16).length * 4;
  return Math.log2(Math.abs(toJsNumber(value)) + 1);
}

function checkIntSize(value: PyNumber): PyNumber {
  if (typeof value === "bigint" && bitLength(value) > MAX_INT_BITS) {
    throw jinjaError("OverflowError", `integer result exceeds ${MAX_INT_BITS} bits`);
  }
  return value;
}

function unsupported(op: BinaryOp, a: unknown, b: unknown): Error {
  return jinjaError(
    "TypeError",
    `unsupported operand type(s) for ${SYMBOLS[op]}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

function repeat(sequence: unknown, times: unknown): unknown {
  const count = Number(asNumber(times));
  if (isStr(sequence)) {
    const text = strValue(sequence);
    const n = Math.max(0, count);
    checkStringSize(text.length * n);
    const result = n === 0 || text === "" ? "" : text.repeat(n);
    return sequence instanceof Markup ? new Markup(result) : result;
  }
  const items = sequence as unknown[];
  const n = Math.max(0, count);
  if (items.length * n > MAX_LIST_LENGTH) {
    throw jinjaError("MemoryError", `list repetition of ${items.length * n} items exceeds the limit`);
  }
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return isTuple(items) ? markTuple(out) : out;
}

function isIntLike(value: unknown): boolean {
  return typeof value === "boolean" || isInt(value);
}

function isSequence(value: unknown): boolean {
  return isStr(value) || Array.isArray(value);
}

function addSequences(a: unknown, b: unknown): unknown {
  if (isStr(a)) {
    if (!isStr(b)) throw jinjaError("TypeError", `can only concatenate str (not "${typeName(b)}") to str`);
    if (a instanceof Markup) return new Markup(a.value + escapeValue(b).value);
    if (b instanceof Markup) return new Markup(escapeValue(a).value + b.value);
    checkStringSize(a.length + (b as string).length);
    return a + (b as string);
  }
  const left = a as unknown[];
  if (!Array.isArray(b) || isTuple(left) !== isTuple(b)) {
    const kind = isTuple(left) ? "tuple" : "list";
    throw jinjaError("TypeError", `can only concatenate ${kind} (not "${typeName(b)}") to ${kind}`);
  }
  if (left.length + b.length > MAX_LIST_LENGTH) {
    throw jinjaError("MemoryError", `list of ${left.length + b.length} items exceeds the limit`);
  }
  const joined = left.concat(b);
  return isTuple(left) ? markTuple(joined) : joined;
}

/** Python's binary operator `a <op> b`. */
export function binaryOp(op: BinaryOp, a: unknown, b: unknown): unknown {
  if (a instanceof Undefined) a.fail();
  if (op === "mod" && isStr(a)) return formatPercent(a, b);
  if (b instanceof Undefined) b.fail();
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) {
    switch (op) {
      case "add":
        return checkIntSize(pyAdd(x, y));
      case "sub":
        return checkIntSize(pySub(x, y));
      case "mul":
        if (typeof x === "bigint" || typeof y === "bigint") {
          if (bitLength(x) + bitLength(y) > MAX_INT_BITS)
            throw jinjaError("OverflowError", `integer result exceeds ${MAX_INT_BITS} bits`);
        }
        return pyMul(x, y);
      case "div":
        return pyTrueDiv(x, y);
      case "floordiv":
        if (toJsNumber(y) === 0 && (x instanceof PyFloat || y instanceof PyFloat || !isInt(x) || !isInt(y))) {
          throw jinjaError("ZeroDivisionError", "float floor division by zero");
        }
        return pyFloorDiv(x, y);
      case "mod":
        if (toJsNumber(y) === 0 && isInt(x) && isInt(y))
          throw jinjaError("ZeroDivisionError", "integer modulo by zero");
        return pyMod(x, y);
      case "pow":
        if (
          isInt(x) &&
          isInt(y) &&
          Math.abs(toJsNumber(x)) > 1 &&
          bitLength(x) * toJsNumber(y) > MAX_INT_BITS
        ) {
          throw jinjaError("OverflowError", `integer result exceeds ${MAX_INT_BITS} bits`);
        }
        return pyPow(x, y);
    }
  }
  if (op === "add" && isSequence(a)) return addSequences(a, b);
  if (op === "mul") {
    if (isSequence(a) && isIntLike(b)) return repeat(a, b);
    if (isSequence(b) && isIntLike(a)) return repeat(b, a);
    if (isSequence(a) || isSequence(b)) {
      const other = isSequence(a) ? b : a;
      throw jinjaError("TypeError", `can't multiply sequence by non-int of type '${typeName(other)}'`);
    }
  }
  throw unsupported(op, a, b);
}

/** The template without conversions, or undefined when it has one (`%s`, `%(key)d`, ...). */
function withoutConversions(template: string): string | undefined {
  try {
    return pyPercentFormat(template, markTuple([]));
  } catch (error) {
    if ((error as Error).message === "not enough arguments for format string") return undefined;
    throw error;
  }
}

/** `str % value`: printf-style formatting (Markup escapes the values it formats). */
function formatPercent(template: string | Markup, values: unknown): unknown {
  if (values instanceof Undefined || values instanceof PyRange) {
    // Objects with __getitem__ count as mappings: without conversions they are not used at all.
    const plain = withoutConversions(strValue(template));
    if (plain !== undefined) return template instanceof Markup ? new Markup(plain) : plain;
    if (values instanceof Undefined && values.strict) values.fail();
  }
  if (template instanceof Markup) {
    const escaped = isTuple(values)
      ? markTuple(values.map(escapeIfStr))
      : isDict(values)
        ? values
        : escapeIfStr(values);
    return new Markup(pyPercentFormat(template.value, escaped));
  }
  return pyPercentFormat(template, values instanceof Markup ? values.value : values);
}

function escapeIfStr(value: unknown): unknown {
  return isStr(value) ? escapeValue(value).value : value;
}

/** Python's unary `-x` and `+x`. */
export function unaryOp(op: "neg" | "pos", value: unknown): unknown {
  if (value instanceof Undefined) value.fail();
  const x = asNumber(value);
  if (x === undefined) {
    throw jinjaError(
      "TypeError",
      `bad operand type for unary ${op === "neg" ? "-" : "+"}: '${typeName(value)}'`,
    );
  }
  return op === "neg" ? pyNeg(x) : x;
}

// Numbers: yaql's math.py (arithmetic and comparison operators, int(), float(), round(), pow(),
// bitwise functions, ...). registerMath also registers the other modules of the same part of the
// library: common.py's null comparisons, boolean.py, branching.py and date_time.py.
//
// yaql's Number and Integer types exclude bool (`true + 1` fails), but parameters declared with
// Python's plain `int` (bitwiseAnd, round's ndigits, ...) accept it, as isinstance(True, int) does.
import {
  floatValue,
  parsePyFloat,
  parsePyInt,
  pyAbs,
  pyAdd,
  pyFloorDiv,
  pyMod,
  pyMul,
  pyNeg,
  PyNumberError,
  pyPow,
  pyRound,
  pySub,
  pyTrueDiv,
  truncateFloat,
  type PyNumber,
} from "../../../python/py-numbers.js";
import {
  isDict,
  isFloat,
  isInt,
  PyFloat,
  pyFloat,
  pyInt,
  pyTypeName,
  toJsNumber,
} from "../../../python/py-types.js";
import {
  defineFunction,
  optional,
  param,
  type YaqlFunctionRegistry,
  type YaqlParam,
} from "../yaql-functions.js";
import { isYaqlInt, isYaqlNumber, truthy } from "../yaql-values.js";
import { registerBoolean } from "./boolean.js";
import { registerBranching } from "./branching.js";
import { registerCommon } from "./common.js";
import { registerDateTime, type DateTimeClock } from "./date-time.js";
import { PyDateTime, PyTimedelta } from "./py-datetime.js";

export interface MathOptions {
  /** The clock of now() and of dates parsed without a year or day. @defaultValue the system clock */
  readonly clock?: DateTimeClock;
}

/** Python's int, which includes bool. */
const isPyInt = (v: unknown): v is number | bigint | boolean => typeof v === "boolean" || isYaqlInt(v);
const pyIntParam = (name: string, extra: Partial<YaqlParam> = {}) => param.of(name, isPyInt, extra);

/** A number's value for comparisons: JS compares bigints with numbers exactly, as Python does. */
function comparable(value: PyNumber): number | bigint {
  return typeof value === "object" ? value.value : value;
}

function asBigInt(value: number | bigint | boolean): bigint {
  return typeof value === "bigint" ? value : BigInt(Number(value));
}

function typeName(value: unknown): string {
  if (value instanceof PyDateTime) return "datetime.datetime";
  if (value instanceof PyTimedelta) return "datetime.timedelta";
  // yaql holds lists as tuples and dicts as FrozenDicts.
  if (Array.isArray(value)) return "tuple";
  if (isDict(value)) return "FrozenDict";
  return pyTypeName(value);
}

/** yaql's int(): null is 0, floats are truncated, strings are read as Python reads them. */
function toInt(value: unknown): number | bigint {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (isInt(value)) return value;
  if (isFloat(value)) return truncateFloat(value);
  if (typeof value === "string") return parsePyInt(value);
  throw new PyNumberError(
    "TypeError",
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`,
  );
}

/** yaql's float(): null is 0.0. */
function toFloat(value: unknown): number | PyFloat {
  if (value === null) return new PyFloat(0);
  if (typeof value === "boolean") return new PyFloat(value ? 1 : 0);
  if (isInt(value)) return pyFloat(floatValue(value));
  if (isFloat(value)) return value;
  if (typeof value === "string") return parsePyFloat(value);
  throw new PyNumberError(
    "TypeError",
    `float() argument must be a string or a real number, not '${typeName(value)}'`,
  );
}

/** A uniformly random big int in [0, n). */
function randomBelow(n: bigint): bigint {
  if (n <= 2n ** 53n) return BigInt(Math.floor(Math.random() * Number(n)));
  const bits = n.toString(2).length;
  for (;;) {
    let value = 0n;
    for (let i = 0; i < bits; i += 32) value = (value << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32));
    value &= (1n << BigInt(bits)) - 1n;
    if (value < n) return value;
  }
}

/** Python's random.randint(a, b), which takes integral floats as well as ints. */
function randomInt(from: unknown, to: unknown): number | bigint {
  const integral = (value: unknown, what: string): bigint => {
    if (isPyInt(value)) return asBigInt(value);
    if (isFloat(value)) {
      const x = toJsNumber(value);
      if (Number.isInteger(x)) return BigInt(x);
      throw new PyNumberError("ValueError", `non-integer ${what} for randrange()`);
    }
    throw new PyNumberError("TypeError", `'${typeName(value)}' object cannot be interpreted as an integer`);
  };
  const start = integral(from, "arg 1");
  const stop = integral(to, "stop") + 1n;
  const width = stop - start;
  if (width < 1n)
    throw new PyNumberError("ValueError", `empty range for randrange() (${start}, ${stop}, ${width})`);
  return pyInt(start + randomBelow(width));
}

/** Python's three-argument pow(a, b, c): modular exponentiation, with inverses for negative b. */
function modularPow(a: PyNumber, b: PyNumber, c: PyNumber): number | bigint {
  if (!isInt(a) || !isInt(b) || !isInt(c)) {
    throw new PyNumberError("TypeError", "pow() 3rd argument not allowed unless all arguments are integers");
  }
  const modulus = BigInt(c);
  if (modulus === 0n) throw new PyNumberError("ValueError", "pow() 3rd argument cannot be 0");
  const m = modulus < 0n ? -modulus : modulus;
  let base = ((BigInt(a) % m) + m) % m;
  let exponent = BigInt(b);
  if (exponent < 0n) {
    base = modularInverse(base, m);
    exponent = -exponent;
  }
  let result = 1n % m;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % m;
    base = (base * base) % m;
    exponent >>= 1n;
  }
  // The result takes the modulus's sign.
  return pyInt(modulus < 0n && result !== 0n ? result + modulus : result);
}

function modularInverse(value: bigint, m: bigint): bigint {
  let [oldR, r] = [value, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n && m !== 1n)
    throw new PyNumberError("ValueError", "base is not invertible for the given modulus");
  return ((oldS % m) + m) % m;
}

/** round()'s digits, brought into a range where the result no longer changes. */
function roundingDigits(value: PyNumber, digits: number | bigint | boolean): number {
  const d = typeof digits === "boolean" ? Number(digits) : digits;
  if (d > 400) return 400;
  if (isInt(value)) {
    // Beyond the number's own length the result is 0 whatever the digits.
    const floor = -(String(value).length + 1);
    return d < floor ? floor : Number(d);
  }
  return d < -400 ? -400 : Number(d);
}

function shiftCount(bits: number | bigint | boolean): bigint {
  const n = asBigInt(bits);
  if (n < 0n) throw new PyNumberError("ValueError", "negative shift count");
  return n;
}

function registerNumbers(registry: YaqlFunctionRegistry): void {
  const binary = (name: string, op: (a: PyNumber, b: PyNumber) => unknown) =>
    defineFunction(name, "function", [param.number("left"), param.number("right")], ([a, b]) => op(a, b));
  const bitwise = (name: string, op: (a: bigint, b: bigint) => bigint) =>
    defineFunction(name, "function", [pyIntParam("left"), pyIntParam("right")], ([a, b]) => {
      const result = op(asBigInt(a), asBigInt(b));
      // bool & bool is a bool in Python.
      return typeof a === "boolean" && typeof b === "boolean" ? result !== 0n : pyInt(result);
    });

  registry.register(
    binary("#operator_+", pyAdd),
    binary("#operator_-", pySub),
    binary("#operator_*", pyMul),
    // yaql's / is floor division for two ints.
    binary("#operator_/", (a, b) => (isInt(a) && isInt(b) ? pyFloorDiv(a, b) : pyTrueDiv(a, b))),
    binary("#operator_mod", pyMod),
    defineFunction("#unary_operator_+", "function", [param.number("op")], ([op]) => op),
    defineFunction("#unary_operator_-", "function", [param.number("op")], ([op]) => pyNeg(op)),
    defineFunction("abs", "function", [param.number("op")], ([op]) => pyAbs(op)),
    binary("#operator_>", (a, b) => comparable(a) > comparable(b)),
    binary("#operator_>=", (a, b) => comparable(a) >= comparable(b)),
    binary("#operator_<", (a, b) => comparable(a) < comparable(b)),
    binary("#operator_<=", (a, b) => comparable(a) <= comparable(b)),
    defineFunction("int", "function", [param.any("value")], ([value]) => toInt(value)),
    defineFunction("float", "function", [param.any("value")], ([value]) => toFloat(value)),
    defineFunction("random", "function", [], () => pyFloat(Math.random())),
    defineFunction("random", "function", [param.any("from"), param.any("to")], ([from, to]) =>
      randomInt(from, to),
    ),
    bitwise("bitwiseAnd", (a, b) => a & b),
    bitwise("bitwiseOr", (a, b) => a | b),
    defineFunction("bitwiseNot", "function", [pyIntParam("arg")], ([arg]) => pyInt(~asBigInt(arg))),
    bitwise("bitwiseXor", (a, b) => a ^ b),
    defineFunction(
      "shiftBitsLeft",
      "function",
      [pyIntParam("value"), pyIntParam("bitsNumber")],
      ([value, bits]) => {
        const n = shiftCount(bits);
        const v = asBigInt(value);
        if (v === 0n) return 0;
        if (n > 2n ** 30n) throw new PyNumberError("OverflowError", "too many digits in integer");
        return pyInt(v << n);
      },
    ),
    defineFunction(
      "shiftBitsRight",
      "function",
      [pyIntParam("value"), pyIntParam("bitsNumber")],
      ([value, bits]) => {
        const n = shiftCount(bits);
        const v = asBigInt(value);
        if (n >= BigInt(v.toString(2).length)) return v < 0n ? -1 : 0;
        return pyInt(v >> n);
      },
    ),
    // max(a, b) and min(a, b) compare with whatever `>` means for the operands.
    defineFunction("max", "function", [param.any("a"), param.any("b")], ([a, b], call) =>
      truthy(call.scope.callOperator("#operator_>", b, a)) ? b : a,
    ),
    defineFunction("min", "function", [param.any("a"), param.any("b")], ([a, b], call) =>
      truthy(call.scope.callOperator("#operator_>", b, a)) ? a : b,
    ),
    defineFunction(
      "pow",
      "function",
      [param.number("a"), param.number("b"), optional(param.number("c", { nullable: true }), null)],
      ([a, b, c]) => (c === null ? pyPow(a, b) : modularPow(a, b, c)),
    ),
    defineFunction("sign", "function", [param.number("num")], ([num]) => {
      const x = comparable(num);
      return x > 0 ? 1 : x < 0 ? -1 : 0;
    }),
    defineFunction(
      "round",
      "function",
      [param.number("number"), optional(pyIntParam("ndigits"), 0)],
      ([value, digits]) => pyRound(value, roundingDigits(value, digits)),
    ),
    defineFunction("isInteger", "function", [param.any("value")], ([value]) => isYaqlInt(value)),
    defineFunction("isNumber", "function", [param.any("value")], ([value]) => isYaqlNumber(value)),
  );
}

export function registerMath(registry: YaqlFunctionRegistry, options: MathOptions = {}): void {
  registerNumbers(registry);
  registerCommon(registry);
  registerBoolean(registry);
  registerBranching(registry);
  registerDateTime(registry, options.clock);
}

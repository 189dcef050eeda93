// Python number semantics on top of py-types: ints that never overflow (bigint beyond 2^53),
// floor division and modulo that follow the divisor's sign, float repr, int()/float() parsing.
import { isFloat, isInt, PyFloat, pyFloat, pyInt, toJsNumber } from "./py-types.js";

export type PyNumber = number | bigint | PyFloat;

/** Raised for Python's ZeroDivisionError, ValueError, OverflowError and TypeError on numbers. */
export class PyNumberError extends Error {
  constructor(
    readonly pythonType: "ZeroDivisionError" | "ValueError" | "OverflowError" | "TypeError",
    message: string,
  ) {
    super(message);
  }
}

type IntLike = number | bigint;

function toBig(value: IntLike): bigint {
  return typeof value === "bigint" ? value : BigInt(value);
}

/** Python's float(x) of an int or float: an int beyond the float range raises OverflowError. */
export function floatValue(value: PyNumber): number {
  const x = toJsNumber(value);
  if (typeof value === "bigint" && !Number.isFinite(x)) {
    throw new PyNumberError("OverflowError", "int too large to convert to float");
  }
  return x;
}

function bothPlainInts(a: PyNumber, b: PyNumber): [number, number] | undefined {
  return typeof a === "number" && typeof b === "number" && Number.isInteger(a) && Number.isInteger(b)
    ? [a, b]
    : undefined;
}

/** Python `a + b` for int/float operands. */
export function pyAdd(a: PyNumber, b: PyNumber): PyNumber {
  const ints = bothPlainInts(a, b);
  if (ints) {
    const sum = ints[0] + ints[1];
    if (Number.isSafeInteger(sum)) return sum === 0 ? 0 : sum;
  }
  if (isFloat(a) || isFloat(b)) return pyFloat(floatValue(a) + floatValue(b));
  return pyInt(toBig(a as IntLike) + toBig(b as IntLike));
}

/** Python `a - b`. */
export function pySub(a: PyNumber, b: PyNumber): PyNumber {
  const ints = bothPlainInts(a, b);
  if (ints) {
    const difference = ints[0] - ints[1];
    if (Number.isSafeInteger(difference)) return difference === 0 ? 0 : difference;
  }
  if (isFloat(a) || isFloat(b)) return pyFloat(floatValue(a) - floatValue(b));
  return pyInt(toBig(a as IntLike) - toBig(b as IntLike));
}

/** Python `a * b`. */
export function pyMul(a: PyNumber, b: PyNumber): PyNumber {
  const ints = bothPlainInts(a, b);
  if (ints) {
    const product = ints[0] * ints[1];
    if (Number.isSafeInteger(product)) return product === 0 ? 0 : product;
  }
  if (isFloat(a) || isFloat(b)) return pyFloat(floatValue(a) * floatValue(b));
  return pyInt(toBig(a as IntLike) * toBig(b as IntLike));
}

function isZero(value: PyNumber): boolean {
  return toJsNumber(value) === 0;
}

/** Python `a / b` (true division: always a float). */
export function pyTrueDiv(a: PyNumber, b: PyNumber): PyNumber {
  if (isFloat(a) || isFloat(b)) {
    const x = floatValue(a);
    const y = floatValue(b);
    if (y === 0) throw new PyNumberError("ZeroDivisionError", "float division by zero");
    return pyFloat(x / y);
  }
  if (isZero(b)) throw new PyNumberError("ZeroDivisionError", "division by zero");
  if (typeof a === "number" && typeof b === "number" && Math.abs(a) <= 2 ** 53 && Math.abs(b) <= 2 ** 53) {
    return pyFloat(a / b);
  }
  return pyFloat(bigIntTrueDiv(toBig(a as IntLike), toBig(b as IntLike)));
}

/** The correctly rounded quotient of two big ints, as CPython computes int / int. */
function bigIntTrueDiv(x: bigint, y: bigint): number {
  const negative = x < 0n !== y < 0n;
  const n = x < 0n ? -x : x;
  const d = y < 0n ? -y : y;
  // Scale so that the integer quotient has at least 66 bits: rounding it to 53 bits with a sticky
  // bit for the remainder then rounds the exact quotient correctly.
  const shift = Math.max(0, 66 - (n.toString(2).length - d.toString(2).length));
  let quotient = (n << BigInt(shift)) / d;
  if (quotient * d !== n << BigInt(shift)) quotient |= 1n;
  let result = Number(quotient);
  // Scale back down in steps: 2 ** -shift alone may underflow to zero.
  for (let rest = shift; rest > 0; rest -= Math.min(rest, 1000)) result /= 2 ** Math.min(rest, 1000);
  if (!Number.isFinite(result)) {
    throw new PyNumberError("OverflowError", "integer division result too large for a float");
  }
  return negative ? -result : result;
}

/** Python `a // b` (floor division: an int for ints, a float if either side is a float). */
export function pyFloorDiv(a: PyNumber, b: PyNumber): PyNumber {
  if (isZero(b)) throw new PyNumberError("ZeroDivisionError", "integer division or modulo by zero");
  if (isFloat(a) || isFloat(b)) return pyFloat(floatFloorDiv(floatValue(a), floatValue(b)));
  const ints = bothPlainInts(a, b);
  if (ints && Math.abs(ints[0]) < 2 ** 52 && Math.abs(ints[1]) < 2 ** 52) {
    const quotient = Math.floor(ints[0] / ints[1]);
    return quotient === 0 ? 0 : quotient;
  }
  const x = toBig(a as IntLike);
  const y = toBig(b as IntLike);
  let quotient = x / y;
  if (quotient * y !== x && x < 0n !== y < 0n) quotient -= 1n;
  return pyInt(quotient);
}

/** Float floor division the way CPython computes it, so results agree at the last bit. */
function floatFloorDiv(x: number, y: number): number {
  let remainder = x % y;
  let quotient = (x - remainder) / y;
  if (remainder !== 0 && y < 0 !== remainder < 0) {
    remainder += y;
    quotient -= 1;
  }
  if (quotient === 0) return Math.sign(x / y) < 0 || Object.is(x / y, -0) ? -0 : 0;
  const floor = Math.floor(quotient);
  return quotient - floor > 0.5 ? floor + 1 : floor;
}

function pyFloatMod(x: number, y: number): number {
  const remainder = x % y;
  if (remainder !== 0 && remainder < 0 !== y < 0) return remainder + y;
  // Python gives the remainder the divisor's sign, zero included.
  return remainder === 0 ? (y < 0 ? -0 : 0) : remainder;
}

/** Python `a % b` for numbers: the result has the divisor's sign. */
export function pyMod(a: PyNumber, b: PyNumber): PyNumber {
  if (isZero(b)) {
    throw new PyNumberError(
      "ZeroDivisionError",
      isFloat(a) || isFloat(b) ? "float modulo" : "integer division or modulo by zero",
    );
  }
  if (isFloat(a) || isFloat(b)) return pyFloat(pyFloatMod(floatValue(a), floatValue(b)));
  const ints = bothPlainInts(a, b);
  if (ints) {
    const [x, y] = ints;
    const remainder = x % y;
    const result = remainder !== 0 && remainder < 0 !== y < 0 ? remainder + y : remainder;
    return result === 0 ? 0 : result;
  }
  const x = toBig(a as IntLike);
  const y = toBig(b as IntLike);
  const remainder = x % y;
  return pyInt(remainder !== 0n && remainder < 0n !== y < 0n ? remainder + y : remainder);
}

/** Python `a ** b` / `pow(a, b)`. */
export function pyPow(a: PyNumber, b: PyNumber): PyNumber {
  if (isInt(a) && isInt(b)) {
    if (toJsNumber(b) >= 0) {
      const result = Math.pow(toJsNumber(a), toJsNumber(b));
      if (Number.isSafeInteger(result)) return result;
      return pyInt(toBig(a) ** toBig(b));
    }
    if (isZero(a)) {
      throw new PyNumberError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    }
    return pyFloat(Math.pow(toJsNumber(a), toJsNumber(b)));
  }
  const x = floatValue(a);
  const y = floatValue(b);
  if (x === 0 && y < 0)
    throw new PyNumberError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  const result = Math.pow(x, y);
  if (Number.isNaN(result) && x < 0) {
    // Python returns a complex number here; Mistral's expressions have no use for one.
    throw new PyNumberError("ValueError", "negative number cannot be raised to a fractional power");
  }
  if (!Number.isFinite(result) && Number.isFinite(x) && Number.isFinite(y)) {
    throw new PyNumberError("OverflowError", "(34, 'Numerical result out of range')");
  }
  return pyFloat(result);
}

export function pyNeg(a: PyNumber): PyNumber {
  if (typeof a === "number") return Number.isInteger(a) ? (a === 0 ? 0 : -a) : -a;
  if (typeof a === "bigint") return pyInt(-a);
  return new PyFloat(-a.value);
}

export function pyAbs(a: PyNumber): PyNumber {
  if (typeof a === "number") return Math.abs(a);
  if (typeof a === "bigint") return a < 0n ? -a : a;
  return new PyFloat(Math.abs(a.value));
}

/** Python's `round(x)` (to an int) and `round(x, n)` (to a float), rounding halves to even. */
export function pyRound(value: PyNumber, digits?: number): PyNumber {
  if (isInt(value)) {
    if (digits === undefined || digits >= 0) return value;
    const factor = 10n ** BigInt(-digits);
    const big = toBig(value);
    const floor = (big >= 0n ? big : big - factor + 1n) / factor;
    const remainder = big - floor * factor;
    let rounded = floor;
    if (remainder * 2n > factor || (remainder * 2n === factor && floor % 2n !== 0n)) rounded += 1n;
    return pyInt(rounded * factor);
  }
  const x = toJsNumber(value);
  if (digits === undefined) {
    if (!Number.isFinite(x)) throw new PyNumberError("ValueError", "cannot convert float to integer");
    return pyInt(roundHalfEven(x));
  }
  if (!Number.isFinite(x)) return value;
  // Round the exact decimal expansion, as Python does (round(2.675, 2) is 2.67).
  if (digits > 300) return value;
  return pyFloat(Number(roundDecimalString(x, digits)));
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The exact decimal value of a double as [digits, exponent] with value = digits * 10^exponent. */
export function exactDecimal(x: number): { digits: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const sign = high >>> 31 ? -1n : 1n;
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exp2: number;
  if (biased === 0) exp2 = -1074;
  else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) return { digits: sign * (mantissa << BigInt(exp2)), exponent: 0 };
  // mantissa * 2^exp2 = mantissa * 5^-exp2 / 10^-exp2
  return { digits: sign * mantissa * 5n ** BigInt(-exp2), exponent: exp2 };
}

/** Rounds a finite double to `digits` decimal places (half to even on the exact value) as a string. */
export function roundDecimalString(x: number, digits: number): string {
  const { digits: scaled, exponent } = exactDecimal(x);
  const negative = scaled < 0n || Object.is(x, -0);
  let magnitude = scaled < 0n ? -scaled : scaled;
  // value = magnitude * 10^exponent; we want round(value * 10^digits) as an integer.
  const shift = exponent + digits;
  let rounded: bigint;
  if (shift >= 0) rounded = magnitude * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const quotient = magnitude / divisor;
    const remainder = magnitude - quotient * divisor;
    rounded = quotient;
    if (remainder * 2n > divisor || (remainder * 2n === divisor && quotient % 2n === 1n)) rounded += 1n;
  }
  magnitude = rounded;
  let text = magnitude.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, "0");
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  } else if (digits < 0) {
    text = magnitude === 0n ? "0" : `${text}${"0".repeat(-digits)}`;
  }
  return negative ? `-${text}` : text;
}

/** The shortest digits that round-trip, and the decimal exponent of the first one. */
export function shortestDigits(x: number): { digits: string; exponent: number } {
  const [mantissa, exp] = Math.abs(x).toExponential().split("e") as [string, string];
  return { digits: mantissa.replace(".", ""), exponent: Number(exp) };
}

/** Python's `repr(float)` / `str(float)`: shortest round-trip digits, exponent form outside 1e-4..1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, exponent } = shortestDigits(x);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits.padEnd(exponent + 1, "0")}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Python's `str()` of an int or float. */
export function numberRepr(value: PyNumber): string {
  if (isFloat(value)) return floatRepr(toJsNumber(value));
  return String(value);
}

const UNICODE_DIGIT = /\p{Nd}/u;

/** Maps any Unicode decimal digit to its ASCII value, as Python's int() and float() accept them. */
function asciiDigits(text: string): string {
  let out = "";
  for (const ch of text) {
    if (ch >= "0" && ch <= "9") out += ch;
    else if (UNICODE_DIGIT.test(ch)) {
      out += String(unicodeDigitValue(ch));
    } else out += ch;
  }
  return out;
}

function unicodeDigitValue(ch: string): number {
  // Decimal digits come in runs of ten that start with zero (some runs are adjacent, like the
  // mathematical digits): the distance to the start of the run, modulo ten, is the value.
  const code = ch.codePointAt(0)!;
  let start = code;
  while (UNICODE_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

// Python's whitespace includes the ASCII separators \x1c-\x1f.
// eslint-disable-next-line no-control-regex
const PY_SPACE = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu;

/** Python's `int(text, base)` for strings. */
export function parsePyInt(text: string, base = 10): number | bigint {
  const invalid = () =>
    new PyNumberError("ValueError", `invalid literal for int() with base ${base}: ${pyQuote(text)}`);
  const stripped = asciiDigits(text.replace(PY_SPACE, ""));
  let match = /^([+-]?)(.*)$/s.exec(stripped)!;
  const sign = match[1] === "-" ? -1n : 1n;
  let body = match[2]!;
  let radix = base;
  if (base === 0 || base === 16 || base === 8 || base === 2) {
    const prefix = /^0([xob])_?/i.exec(body);
    if (prefix) {
      const prefixRadix = { x: 16, o: 8, b: 2 }[prefix[1]!.toLowerCase() as "x" | "o" | "b"];
      if (base !== 0 && base !== prefixRadix) throw invalid();
      radix = prefixRadix;
      body = body.slice(prefix[0].length);
    } else if (base === 0) {
      radix = 10;
      if (/^0+[1-9]/.test(body)) throw invalid();
    }
  }
  const digitClass = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix);
  match = new RegExp(`^[${digitClass}]+(?:_[${digitClass}]+)*$`, "i").exec(body)!;
  if (!match) throw invalid();
  const clean = body.replaceAll("_", "").toLowerCase();
  let result = 0n;
  const bigRadix = BigInt(radix);
  for (const ch of clean) result = result * bigRadix + BigInt(parseInt(ch, radix));
  return pyInt(sign * result);
}

/** Python's `float(text)` for strings. */
export function parsePyFloat(text: string): number | PyFloat {
  const stripped = asciiDigits(text.replace(PY_SPACE, ""));
  const invalid = () =>
    new PyNumberError("ValueError", `could not convert string to float: ${pyQuote(text)}`);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(stripped);
  if (special) {
    const value = special[2]!.toLowerCase() === "nan" ? NaN : Infinity;
    return special[1] === "-" ? -value : value;
  }
  const digits = "[0-9]+(?:_[0-9]+)*";
  const pattern = new RegExp(
    `^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`,
  );
  if (!pattern.test(stripped)) throw invalid();
  return pyFloat(Number(stripped.replaceAll("_", "")));
}

function pyQuote(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll("'", "\\'")}'`;
}

/** Python's `int(x)` of a float: truncation toward zero. */
export function truncateFloat(value: number | PyFloat): number | bigint {
  const x = toJsNumber(value);
  if (Number.isNaN(x)) throw new PyNumberError("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x))
    throw new PyNumberError("OverflowError", "cannot convert float infinity to integer");
  const truncated = Math.trunc(x);
  return Number.isSafeInteger(truncated) ? truncated || 0 : pyInt(BigInt(truncated));
}

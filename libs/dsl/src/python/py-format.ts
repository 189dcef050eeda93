// Python's string formatting, which both expression languages expose: str.format() with the
// format-spec mini-language (YAQL's 'x{0:>5}'.format(...), Jinja's '{0}'.format(...)) and the
// printf-style % operator (Jinja's '%05.1f' % x and the format filter).
import { exactDecimal, floatRepr, roundDecimalString, truncateFloat } from "./py-numbers.js";
import { pyRepr, pyStr, type ReprOptions } from "./py-repr.js";
import { codePoints, pyCharAt, pyLen } from "./py-string.js";
import { isDict, isFloat, isInt, isNumber, isTuple, PyFloat, pyTypeName, toJsNumber } from "./py-types.js";

/** Python's ValueError/TypeError/KeyError/IndexError raised by formatting. */
export class PyFormatError extends Error {
  constructor(
    readonly pythonType: "ValueError" | "TypeError" | "KeyError" | "IndexError" | "AttributeError",
    message: string,
  ) {
    super(message);
  }
}

interface FormatSpec {
  fill: string;
  align?: "<" | ">" | "^" | "=";
  sign: "+" | "-" | " ";
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping?: "," | "_";
  precision?: number;
  type?: string;
}

const SPEC_PATTERN = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/su;

function parseFormatSpec(spec: string): FormatSpec {
  const match = SPEC_PATTERN.exec(spec);
  if (!match) throw new PyFormatError("ValueError", "Invalid format specifier");
  const [, fill, align, sign, , alternate, zero, width, grouping, precision, type] = match;
  return {
    fill: fill ?? (zero && !align ? "0" : " "),
    align: (align as FormatSpec["align"]) ?? (zero && !align ? "=" : undefined),
    sign: (sign as FormatSpec["sign"]) ?? "-",
    alternate: Boolean(alternate),
    zero: Boolean(zero),
    width: width ? Number(width) : 0,
    grouping: grouping as FormatSpec["grouping"],
    precision: precision !== undefined ? Number(precision) : undefined,
    type,
  };
}

function pad(body: string, spec: FormatSpec, defaultAlign: "<" | ">", signAndPrefix = ""): string {
  const length = pyLen(signAndPrefix) + pyLen(body);
  const total = spec.width - length;
  if (total <= 0) return signAndPrefix + body;
  const fill = spec.fill.repeat(total);
  switch (spec.align ?? defaultAlign) {
    case "<":
      return signAndPrefix + body + fill;
    case ">":
      return fill + signAndPrefix + body;
    case "=":
      return signAndPrefix + fill + body;
    case "^": {
      const left = Math.floor(total / 2);
      return spec.fill.repeat(left) + signAndPrefix + body + spec.fill.repeat(total - left);
    }
  }
}

function group(digits: string, separator: string, size: number): string {
  let out = "";
  for (let i = digits.length; i > 0; i -= size) {
    const chunk = digits.slice(Math.max(0, i - size), i);
    out = out ? `${chunk}${separator}${out}` : chunk;
  }
  return out;
}

/** Applies grouping to the integer part; with zero padding the zeros are grouped too, as in Python. */
function groupNumber(
  intPart: string,
  rest: string,
  spec: FormatSpec,
  signAndPrefix: string,
  size: number,
): string {
  if (!spec.grouping) return intPart + rest;
  let digits = intPart;
  const zeroPadded = spec.align === "=" && spec.fill === "0";
  const minWidth = spec.width - pyLen(signAndPrefix) - rest.length;
  let grouped = group(digits, spec.grouping, size);
  while (zeroPadded && grouped.length < minWidth) {
    digits = `0${digits}`;
    grouped = group(digits, spec.grouping, size);
  }
  return grouped + rest;
}

function signOf(negative: boolean, spec: FormatSpec): string {
  if (negative) return "-";
  return spec.sign === "+" ? "+" : spec.sign === " " ? " " : "";
}

function formatInt(value: number | bigint, spec: FormatSpec): string {
  const type = spec.type ?? "d";
  if (spec.precision !== undefined) {
    throw new PyFormatError("ValueError", "Precision not allowed in integer format specifier");
  }
  const big = BigInt(value);
  const negative = big < 0n;
  const magnitude = negative ? -big : big;
  if (type === "c") {
    if (spec.sign !== "-")
      throw new PyFormatError("ValueError", "Sign not allowed with integer format specifier 'c'");
    return pad(String.fromCodePoint(Number(magnitude)), spec, "<");
  }
  const radix = { d: 10, n: 10, b: 2, o: 8, x: 16, X: 16 }[type];
  if (radix === undefined) throw unknownCode(type, value);
  let digits = magnitude.toString(radix);
  if (type === "X") digits = digits.toUpperCase();
  const prefix =
    spec.alternate && radix !== 10 ? { 2: "0b", 8: "0o", 16: type === "X" ? "0X" : "0x" }[radix]! : "";
  const signAndPrefix = signOf(negative, spec) + prefix;
  return pad(groupNumber(digits, "", spec, signAndPrefix, radix === 10 ? 3 : 4), spec, ">", signAndPrefix);
}

function unknownCode(type: string, value: unknown): PyFormatError {
  return new PyFormatError(
    "ValueError",
    `Unknown format code '${type}' for object of type '${pyTypeName(value)}'`,
  );
}

/** Rounds |x| to `significant` digits: the digits and the decimal exponent of the first one. */
function roundSignificant(x: number, significant: number): { digits: string; exponent: number } {
  if (x === 0) return { digits: "0".repeat(significant), exponent: 0 };
  const { digits: scaled, exponent } = exactDecimal(Math.abs(x));
  let digits = scaled.toString();
  let exp10 = digits.length - 1 + exponent;
  const shift = digits.length - significant;
  if (shift > 0) {
    const divisor = 10n ** BigInt(shift);
    let quotient = scaled / divisor;
    const remainder = scaled - quotient * divisor;
    if (remainder * 2n > divisor || (remainder * 2n === divisor && quotient % 2n === 1n)) quotient += 1n;
    digits = quotient.toString();
    if (digits.length > significant) {
      digits = digits.slice(0, significant);
      exp10 += 1;
    }
  } else digits = digits.padEnd(significant, "0");
  return { digits, exponent: exp10 };
}

function exponentForm(x: number, precision: number, upper: boolean, alternate: boolean): string {
  const { digits, exponent } = roundSignificant(x, precision + 1);
  const mantissa = precision > 0 || alternate ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expText = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return `${mantissa}${upper ? "E" : "e"}${expText}`;
}

function stripTrailingZeros(text: string): string {
  if (!text.includes(".")) return text;
  const [mantissa, exp] = text.split(/(?=[eE])/) as [string, string | undefined];
  const trimmed = mantissa.replace(/0+$/, "").replace(/\.$/, "");
  return trimmed + (exp ?? "");
}

/** The body (no sign) of a float formatted with a presentation type. */
function floatBody(x: number, spec: FormatSpec): string {
  const abs = Math.abs(x);
  const type = spec.type;
  const upper = type !== undefined && type === type.toUpperCase() && type !== "%";
  if (!Number.isFinite(abs)) {
    const text = Number.isNaN(abs) ? "nan" : "inf";
    return upper ? text.toUpperCase() : text;
  }
  switch (type) {
    case "f":
    case "F": {
      const text = roundDecimalString(abs, spec.precision ?? 6);
      return spec.alternate && !text.includes(".") ? `${text}.` : text;
    }
    case "e":
    case "E":
      return exponentForm(abs, spec.precision ?? 6, upper, spec.alternate);
    case "%":
      return `${roundDecimalString(abs * 100, spec.precision ?? 6)}%`;
    case "g":
    case "G":
    case "n":
    case undefined: {
      if (type === undefined && spec.precision === undefined) return floatRepr(abs);
      const precision = spec.precision === 0 ? 1 : (spec.precision ?? 6);
      const { exponent } = roundSignificant(abs, precision);
      // With no presentation type, Python switches to exponent form one digit earlier and
      // keeps at least one digit after the point.
      const limit = type === undefined ? precision - 1 : precision;
      let text =
        exponent < -4 || exponent >= limit
          ? exponentForm(abs, precision - 1, upper, spec.alternate)
          : roundDecimalString(abs, Math.max(precision - 1 - exponent, 0));
      if (!spec.alternate) text = stripTrailingZeros(text);
      if (type === undefined && !/[.eE]/.test(text)) text += ".0";
      return text;
    }
    default:
      throw unknownCode(type, new PyFloat(x));
  }
}

function formatFloat(value: number, spec: FormatSpec): string {
  const negative = value < 0 || Object.is(value, -0);
  const body = floatBody(value, spec);
  const sign = signOf(negative && !Number.isNaN(value), spec);
  const [intPart, rest] = splitIntegerPart(body);
  return pad(groupNumber(intPart, rest, spec, sign, 3), spec, ">", sign);
}

function splitIntegerPart(body: string): [string, string] {
  const match = /^(\d+)(.*)$/s.exec(body);
  return match ? [match[1]!, match[2]!] : ["", body];
}

function formatString(text: string, spec: FormatSpec): string {
  if (spec.type !== undefined && spec.type !== "s") throw unknownCode(spec.type, text);
  if (spec.sign !== "-") throw new PyFormatError("ValueError", "Sign not allowed in string format specifier");
  if (spec.align === "=")
    throw new PyFormatError("ValueError", "'=' alignment not allowed in string format specifier");
  const body = spec.precision !== undefined ? codePoints(text).slice(0, spec.precision).join("") : text;
  return pad(body, spec, "<");
}

/** Python's `format(value, spec)`. */
export function formatValue(value: unknown, specText: string, repr: ReprOptions = {}): string {
  if (typeof value === "string")
    return specText === "" ? value : formatString(value, parseFormatSpec(specText));
  if (typeof value === "boolean" && specText === "") return value ? "True" : "False";
  if (typeof value === "boolean" || isInt(value)) {
    const int = typeof value === "boolean" ? (value ? 1 : 0) : value;
    if (specText === "") return String(int);
    const spec = parseFormatSpec(specText);
    if (spec.type && "eEfFgG%".includes(spec.type)) return formatFloat(Number(int), spec);
    return formatInt(int, spec);
  }
  if (isFloat(value)) {
    const x = toJsNumber(value);
    if (specText === "") return floatRepr(x);
    return formatFloat(x, parseFormatSpec(specText));
  }
  if (specText !== "") {
    throw new PyFormatError(
      "TypeError",
      `unsupported format string passed to ${pyTypeName(value)}.__format__`,
    );
  }
  return pyStr(value, repr);
}

// ---------------------------------------------------------------------------------------------
// str.format()

function lookupIndex(container: unknown, key: string): unknown {
  if (Array.isArray(container)) {
    if (!/^\d+$/.test(key))
      throw new PyFormatError("TypeError", "list indices must be integers or slices, not str");
    const item = container[Number(key)];
    if (Number(key) >= container.length) throw new PyFormatError("IndexError", "list index out of range");
    return item;
  }
  if (typeof container === "string") {
    if (!/^\d+$/.test(key)) throw new PyFormatError("TypeError", "string indices must be integers");
    const ch = pyCharAt(container, Number(key));
    if (ch === undefined) throw new PyFormatError("IndexError", "string index out of range");
    return ch;
  }
  if (isDict(container)) {
    if (!Object.hasOwn(container, key)) throw new PyFormatError("KeyError", `'${key}'`);
    return container[key];
  }
  throw new PyFormatError("TypeError", `'${pyTypeName(container)}' object is not subscriptable`);
}

interface FieldParts {
  first: string;
  rest: Array<{ kind: "attr" | "index"; key: string }>;
}

function parseFieldName(name: string): FieldParts {
  const match = /^[^.[]*/.exec(name)!;
  const rest: FieldParts["rest"] = [];
  let i = match[0].length;
  while (i < name.length) {
    if (name[i] === ".") {
      const attr = /^\.([^.[]+)/.exec(name.slice(i));
      if (!attr) throw new PyFormatError("ValueError", "Empty attribute in format string");
      rest.push({ kind: "attr", key: attr[1]! });
      i += attr[0].length;
    } else {
      const close = name.indexOf("]", i);
      if (close < 0) throw new PyFormatError("ValueError", "Missing ']' in format string");
      rest.push({ kind: "index", key: name.slice(i + 1, close) });
      i = close + 1;
      if (i < name.length && name[i] !== "." && name[i] !== "[") {
        throw new PyFormatError("ValueError", "Only '.' or '[' may follow ']' in format field specifier");
      }
    }
  }
  return { first: match[0], rest };
}

/** Python's `template.format(*args, **kwargs)`. */
export function pyStrFormat(
  template: string,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  repr: ReprOptions = {},
): string {
  let autoIndex = 0;
  let numbering: "auto" | "manual" | undefined;

  const resolve = (fieldName: string): unknown => {
    const { first, rest } = parseFieldName(fieldName);
    let value: unknown;
    if (first === "" || /^\d+$/.test(first)) {
      const mode = first === "" ? "auto" : "manual";
      if (numbering && numbering !== mode) {
        throw new PyFormatError(
          "ValueError",
          mode === "auto"
            ? "cannot switch from manual field specification to automatic field numbering"
            : "cannot switch from automatic field numbering to manual field specification",
        );
      }
      numbering = mode;
      const index = first === "" ? autoIndex++ : Number(first);
      if (index >= args.length) {
        throw new PyFormatError(
          "IndexError",
          `Replacement index ${index} out of range for positional args tuple`,
        );
      }
      value = args[index];
    } else {
      if (!Object.hasOwn(kwargs, first)) throw new PyFormatError("KeyError", `'${first}'`);
      value = kwargs[first];
    }
    for (const part of rest) {
      if (part.kind === "index") value = lookupIndex(value, part.key);
      else
        throw new PyFormatError(
          "AttributeError",
          `'${pyTypeName(value)}' object has no attribute '${part.key}'`,
        );
    }
    return value;
  };

  const render = (text: string, depth: number): string => {
    if (depth > 2) throw new PyFormatError("ValueError", "Max string recursion exceeded");
    let out = "";
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "}") {
        if (text[i + 1] !== "}")
          throw new PyFormatError("ValueError", "Single '}' encountered in format string");
        out += "}";
        i += 2;
        continue;
      }
      if (ch !== "{") {
        out += ch;
        i++;
        continue;
      }
      if (text[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      // Find the matching close brace, allowing nested {} in the format spec.
      let level = 1;
      let j = i + 1;
      while (j < text.length && level > 0) {
        if (text[j] === "{") level++;
        else if (text[j] === "}") level--;
        if (level > 0) j++;
      }
      if (level > 0) throw new PyFormatError("ValueError", "Single '{' encountered in format string");
      const field = text.slice(i + 1, j);
      const match = /^([^!:]*)(?:!([^:]*))?(?::(.*))?$/s.exec(field)!;
      const [, name, conversion, specRaw] = match;
      let value = resolve(name!);
      if (conversion !== undefined) {
        if (conversion === "r" || conversion === "a") value = pyRepr(value, repr);
        else if (conversion === "s") value = pyStr(value, repr);
        else throw new PyFormatError("ValueError", `Unknown conversion specifier ${conversion}`);
      }
      const spec = specRaw ? render(specRaw, depth + 1) : "";
      out += formatValue(value, spec, repr);
      i = j + 1;
    }
    return out;
  };

  return render(template, 0);
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting: template % values

const PERCENT_PATTERN = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/gs;

function percentNumber(value: unknown, conversion: string): number | bigint | PyFloat {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (isNumber(value)) return value;
  throw new PyFormatError(
    "TypeError",
    `%${conversion} format: a real number is required, not ${pyTypeName(value)}`,
  );
}

/** Python's `template % values`: `values` is a tuple (markTuple), a mapping, or a single value. */
export function pyPercentFormat(template: string, values: unknown, repr: ReprOptions = {}): string {
  const positional = isTuple(values) ? values : [values];
  let next = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= positional.length)
      throw new PyFormatError("TypeError", "not enough arguments for format string");
    return positional[next++];
  };
  const out = template.replace(PERCENT_PATTERN, (whole, key, flags: string, width, precision, conversion) => {
    if (conversion === undefined) throw new PyFormatError("ValueError", "incomplete format");
    if (conversion === "%" && whole === "%%") return "%";
    let value: unknown;
    if (key !== undefined) {
      if (!isDict(values)) throw new PyFormatError("TypeError", "format requires a mapping");
      usedMapping = true;
      if (!Object.hasOwn(values, key)) throw new PyFormatError("KeyError", `'${key}'`);
      value = values[key];
    }
    const widthValue = width === "*" ? Number(take()) : width ? Number(width) : 0;
    const precisionValue =
      precision === "*" ? Number(take()) : precision !== undefined ? Number(precision) : undefined;
    if (key === undefined && conversion !== "%") value = take();
    const left = flags.includes("-");
    const spec: FormatSpec = {
      fill: flags.includes("0") && !left && !"sracs".includes(conversion) ? "0" : " ",
      align: left ? "<" : flags.includes("0") && !"sracs".includes(conversion) ? "=" : ">",
      sign: flags.includes("+") ? "+" : flags.includes(" ") ? " " : "-",
      alternate: flags.includes("#"),
      zero: flags.includes("0"),
      width: widthValue,
      precision: precisionValue,
    };
    switch (conversion as string) {
      case "%":
        return "%";
      case "s":
      case "r":
      case "a": {
        const text = conversion === "s" ? pyStr(value, repr) : pyRepr(value, repr);
        const cut = precisionValue !== undefined ? codePoints(text).slice(0, precisionValue).join("") : text;
        return pad(cut, { ...spec, align: left ? "<" : ">" }, ">");
      }
      case "c": {
        const ch =
          typeof value === "string" && pyLen(value) === 1
            ? value
            : isInt(value)
              ? String.fromCodePoint(Number(value))
              : (() => {
                  throw new PyFormatError("TypeError", "%c requires int or char");
                })();
        return pad(ch, { ...spec, align: left ? "<" : ">" }, ">");
      }
      case "d":
      case "i":
      case "u": {
        const number = percentNumber(value, conversion);
        const int = isFloat(number) ? truncateFloat(number) : (number as number | bigint);
        return formatInt(int, { ...spec, precision: undefined, type: "d" });
      }
      case "o":
      case "x":
      case "X": {
        const number = percentNumber(value, conversion);
        if (isFloat(number)) {
          throw new PyFormatError("TypeError", `%${conversion} format: an integer is required, not float`);
        }
        return formatInt(number as number | bigint, { ...spec, precision: undefined, type: conversion });
      }
      default: {
        const number = percentNumber(value, conversion);
        return formatFloat(toJsNumber(number), { ...spec, precision: precisionValue ?? 6, type: conversion });
      }
    }
  });
  // Python skips this check when the right operand is a mapping-like object (a dict, or a list,
  // which has __getitem__ too): 'abc' % [1] is 'abc'.
  const mappingLike = isDict(values) || (Array.isArray(values) && !isTuple(values));
  if (!usedMapping && next < positional.length && !mappingLike) {
    throw new PyFormatError("TypeError", "not all arguments converted during string formatting");
  }
  return out;
}

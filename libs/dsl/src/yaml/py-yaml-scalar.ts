// YAML 1.1 scalars as PyYAML's SafeLoader reads them. Mistral loads every definition with PyYAML, so a
// plain `on`, `0x1F`, `017`, `1_000` or `.inf` must mean here what it means there. js-yaml's schemas follow
// YAML 1.2 or differ in details (PyYAML wants a signed exponent and a dot in floats, reads `0o17` as a
// string and `017` as octal), hence a resolver of our own written from the YAML 1.1 type definitions.
//
// Known difference: PyYAML turns plain timestamps (`2001-12-14`) into date objects; we keep the string.

/**
 * Hooks that let a caller represent numbers that a JavaScript number cannot tell apart from others:
 * floats with an integral value (`1.0`, which Python keeps as a float) and integers beyond 2^53.
 */
export interface PyYamlNumberHooks {
  /**
   * Called for every scalar that PyYAML reads as a float (including `.inf` and `.nan`) with its value and
   * its source text; the result becomes the value.
   * @defaultValue the plain number
   */
  readonly float?: (value: number, source: string) => unknown;
  /**
   * Called for every integer whose magnitude exceeds `Number.MAX_SAFE_INTEGER`, with its exact value in
   * decimal digits (with a leading `-` when negative), e.g. `"9223372036854775808"`.
   * @defaultValue the nearest plain number
   */
  readonly bigInt?: (decimal: string) => unknown;
}

/** What a scalar resolves to: a value, a merge key (`<<`), or a reason why PyYAML would refuse it. */
export type ScalarResolution =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "merge" }
  | { readonly kind: "error"; readonly message: string };

const YAML_TAG_PREFIX = "tag:yaml.org,2002:";

// The implicit types of YAML 1.1 (yaml.org/type), in the spelling PyYAML accepts.
const BOOL_PATTERN = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE_WORDS = new Set(["yes", "true", "on"]);
const BOOL_WORDS = new Set(["yes", "no", "true", "false", "on", "off"]);
const NULL_PATTERN = /^(?:~|null|Null|NULL|)$/;
const INT_PATTERN =
  /^(?:[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_PATTERN =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

// Characters a plain scalar must start with to be anything but a string; most scalars in a workflow
// (`<% ... %>`, task names, action names) skip every pattern with this one lookup.
const NON_STRING_FIRST_CHARS = new Set([..."yYnNtTfFoO~-+.0123456789<="]);

/** Resolves a plain (unquoted, untagged) scalar the way PyYAML's implicit resolvers do. */
export function resolvePlainScalar(text: string, hooks: PyYamlNumberHooks = {}): ScalarResolution {
  if (text === "") return { kind: "value", value: null };
  if (!NON_STRING_FIRST_CHARS.has(text.charAt(0))) return { kind: "value", value: text };
  if (BOOL_PATTERN.test(text)) return { kind: "value", value: TRUE_WORDS.has(text.toLowerCase()) };
  if (NULL_PATTERN.test(text)) return { kind: "value", value: null };
  if (FLOAT_PATTERN.test(text)) return constructFloat(text, hooks);
  if (INT_PATTERN.test(text)) return constructInt(text, hooks);
  if (text === "<<") return { kind: "merge" };
  if (text === "=") {
    // PyYAML resolves a lone `=` to YAML 1.1's "value" type, which SafeLoader cannot construct.
    return {
      kind: "error",
      message: "a plain `=` is YAML 1.1's 'value' key, which PyYAML refuses; quote it",
    };
  }
  return { kind: "value", value: text };
}

/** Constructs a scalar with an explicit tag, already expanded (e.g. `tag:yaml.org,2002:int`). */
export function constructTaggedScalar(
  tag: string,
  text: string,
  hooks: PyYamlNumberHooks = {},
): ScalarResolution {
  // PyYAML resolves a scalar tagged `!` as if it were plain, quoted or not.
  if (tag === "!") return resolvePlainScalar(text, hooks);
  if (!tag.startsWith(YAML_TAG_PREFIX)) return unknownTag(tag);
  switch (tag.slice(YAML_TAG_PREFIX.length)) {
    case "str":
      return { kind: "value", value: text };
    case "null":
      return { kind: "value", value: null };
    case "bool": {
      const word = text.toLowerCase();
      return BOOL_WORDS.has(word)
        ? { kind: "value", value: TRUE_WORDS.has(word) }
        : { kind: "error", message: `'${text}' is not a boolean` };
    }
    case "int":
      return constructInt(text, hooks);
    case "float":
      return constructFloat(text, hooks);
    case "merge":
      return { kind: "merge" };
    // PyYAML makes bytes and dates of these; a definition has no use for either, so they stay text.
    case "binary":
    case "timestamp":
      return { kind: "value", value: text };
    default:
      return unknownTag(tag);
  }
}

function unknownTag(tag: string): ScalarResolution {
  return { kind: "error", message: `PyYAML's safe loader has no constructor for the tag '${tag}'` };
}

function constructInt(text: string, hooks: PyYamlNumberHooks): ScalarResolution {
  let digits = text.replace(/_/g, "").trim();
  let negative = false;
  if (digits.startsWith("-") || digits.startsWith("+")) {
    negative = digits.startsWith("-");
    digits = digits.slice(1);
  }
  let magnitude: bigint | undefined;
  if (/^0b[01]+$/.test(digits)) magnitude = BigInt(digits);
  else if (/^0x[0-9a-fA-F]+$/.test(digits)) magnitude = BigInt(digits);
  else if (/^0o?[0-7]+$/.test(digits)) magnitude = BigInt(`0o${digits.replace(/^0o?/, "") || "0"}`);
  else if (/^[0-9]+(?::[0-9]+)+$/.test(digits)) magnitude = sexagesimalInt(digits);
  else if (/^[0-9]+$/.test(digits)) magnitude = BigInt(digits);
  if (magnitude === undefined) return { kind: "error", message: `'${text}' is not an integer` };
  const exact = negative ? -magnitude : magnitude;
  return { kind: "value", value: integerValue(exact, hooks) };
}

function sexagesimalInt(digits: string): bigint {
  let value = 0n;
  for (const part of digits.split(":")) value = value * 60n + BigInt(part);
  return value;
}

function integerValue(exact: bigint, hooks: PyYamlNumberHooks): unknown {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (exact > max || exact < -max) return hooks.bigInt ? hooks.bigInt(exact.toString()) : Number(exact);
  // `-0` is an integer zero in Python; a JavaScript -0 would print and compare differently.
  return Number(exact) || 0;
}

function constructFloat(text: string, hooks: PyYamlNumberHooks): ScalarResolution {
  let body = text.replace(/_/g, "").toLowerCase().trim();
  let sign = 1;
  if (body.startsWith("-") || body.startsWith("+")) {
    if (body.startsWith("-")) sign = -1;
    body = body.slice(1);
  }
  let value: number;
  if (body === ".inf" || body === "inf" || body === "infinity") value = sign * Infinity;
  else if (body === ".nan" || body === "nan") value = NaN;
  else if (/^[0-9]+(?::[0-9]+)*:[0-9]*\.?[0-9]*$/.test(body)) value = sign * sexagesimalFloat(body);
  else if (/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(body)) value = sign * Number(body);
  else return { kind: "error", message: `'${text}' is not a float` };
  return { kind: "value", value: hooks.float ? hooks.float(value, text) : value };
}

function sexagesimalFloat(body: string): number {
  // Summed from the last part up, in PyYAML's order, so that rounding matches to the last bit.
  let value = 0;
  let base = 1;
  for (const part of body.split(":").reverse()) {
    value += Number(part || "0") * base;
    base *= 60;
  }
  return value;
}

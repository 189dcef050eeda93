// Python's argument binding for the builtins, filters, tests and methods a template calls:
// positional and keyword arguments are matched against a signature written the Python way
// ("s, width=4, first=False, blank=False"), with Python's TypeError messages when they do not fit.
import { PyFloat } from "../../python/py-types.js";
import { jinjaError } from "./jinja-errors.js";
import type { Kwargs } from "./jinja-values.js";

interface Param {
  readonly name: string;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly keywordOnly: boolean;
  readonly positionalOnly: boolean;
}

/** A parsed signature: call `bind` with the arguments of a call. */
export interface Signature {
  readonly name: string;
  /**
   * The arguments in parameter order; a `*args` parameter receives an array and a `**kwargs`
   * parameter a Map, at their places in the signature.
   */
  bind(args: readonly unknown[], kwargs: Kwargs): unknown[];
}

function parseDefault(text: string): unknown {
  if (text === "None") return null;
  if (text === "True") return true;
  if (text === "False") return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d+\.\d+$/.test(text)) {
    const value = Number(text);
    return Number.isInteger(value) ? new PyFloat(value) : value;
  }
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return quoted[2]!.replaceAll("\\n", "\n");
  throw new Error(`unsupported default ${text}`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function joinNames(names: string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** Parses a Python parameter list ("value, *args, attribute=None, **kwargs") into a Signature. */
export function signature(name: string, parameters: string): Signature {
  const params: Param[] = [];
  let varArgsAt = -1;
  let hasVarKwargs = false;
  let keywordOnly = false;
  const parts = parameters.trim() === "" ? [] : parameters.split(/,\s*(?=(?:[^']*'[^']*')*[^']*$)/);
  for (const raw of parts) {
    const part = raw.trim();
    if (part === "/") {
      for (let i = 0; i < params.length; i++) params[i] = { ...params[i]!, positionalOnly: true };
      continue;
    }
    if (part === "*") {
      keywordOnly = true;
      continue;
    }
    if (part.startsWith("**")) {
      hasVarKwargs = true;
      continue;
    }
    if (part.startsWith("*")) {
      varArgsAt = params.length;
      keywordOnly = true;
      continue;
    }
    const eq = part.indexOf("=");
    params.push({
      name: eq < 0 ? part : part.slice(0, eq).trim(),
      hasDefault: eq >= 0,
      defaultValue: eq < 0 ? undefined : parseDefault(part.slice(eq + 1).trim()),
      keywordOnly,
      positionalOnly: false,
    });
  }
  const positional = params.filter((param) => !param.keywordOnly);
  const typeError = (message: string) => jinjaError("TypeError", `${name}() ${message}`);

  const requiredPositional = positional.filter((param) => !param.hasDefault).length;
  const simple = varArgsAt < 0 && !hasVarKwargs && params.every((param) => !param.keywordOnly);

  return {
    name,
    bind(args, kwargs) {
      // The common call: positional arguments only, enough of them, no *args or **kwargs.
      if (simple && kwargs.size === 0 && args.length >= requiredPositional && args.length <= params.length) {
        const out = args.slice();
        for (let i = args.length; i < params.length; i++) out.push(params[i]!.defaultValue);
        return out;
      }
      const values: unknown[] = new Array(params.length);
      const filled: boolean[] = new Array(params.length).fill(false);
      let extra: unknown[] = [];
      if (args.length > positional.length) {
        if (varArgsAt < 0) {
          const required = positional.filter((param) => !param.hasDefault).length;
          const accepted =
            required === positional.length
              ? plural(positional.length, "positional argument")
              : `from ${required} to ${positional.length} positional arguments`;
          throw typeError(`takes ${accepted} but ${args.length} ${args.length === 1 ? "was" : "were"} given`);
        }
        extra = args.slice(positional.length);
      }
      for (let i = 0; i < Math.min(args.length, positional.length); i++) {
        values[params.indexOf(positional[i]!)] = args[i];
        filled[params.indexOf(positional[i]!)] = true;
      }
      let extraKwargs: Kwargs | undefined;
      for (const [key, value] of kwargs) {
        const at = params.findIndex((param) => param.name === key && !param.positionalOnly);
        if (at < 0) {
          if (!hasVarKwargs) throw typeError(`got an unexpected keyword argument '${key}'`);
          (extraKwargs ??= new Map()).set(key, value);
          continue;
        }
        if (filled[at]) throw typeError(`got multiple values for argument '${key}'`);
        values[at] = value;
        filled[at] = true;
      }
      const missing = params.filter((param, i) => !filled[i] && !param.hasDefault);
      if (missing.length > 0) {
        const keywordMissing = missing.every((param) => param.keywordOnly);
        throw typeError(
          `missing ${plural(missing.length, keywordMissing ? "required keyword-only argument" : "required positional argument")}: ${joinNames(missing.map((param) => param.name))}`,
        );
      }
      params.forEach((param, i) => {
        if (!filled[i]) values[i] = param.defaultValue;
      });
      const out: unknown[] = [];
      for (let i = 0; i < params.length; i++) {
        if (i === varArgsAt) out.push(extra);
        out.push(values[i]);
      }
      if (varArgsAt === params.length) out.push(extra);
      if (hasVarKwargs) out.push(extraKwargs ?? new Map());
      return out;
    },
  };
}

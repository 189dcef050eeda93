// Mistral describes an action's input as a Python-like parameter list (`output, delay=0`); the
// action definition's `input` column and `GET /v2/actions` show it, and input validation compares
// a given input with it. This module parses, prints and checks such signatures. Pure.
import { pyJsonDumps, pyJsonLoads, pyRepr } from "@ops/dsl";
import { ActionInputError } from "./action-errors.js";
import type { ActionParam } from "./action-implementation.js";

/**
 * Parses a signature such as `url, method="GET", params=null` into parameters. Defaults are JSON
 * values, as Mistral prints them.
 *
 * @throws Error when a default is not valid JSON (a programming error in a signature literal).
 */
export function parseActionSignature(signature: string): ActionParam[] {
  return splitTopLevel(signature)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part): ActionParam => {
      const eq = part.indexOf("=");
      if (eq < 0) return { name: part, required: true };
      const name = part.slice(0, eq).trim();
      const literal = part.slice(eq + 1).trim();
      return { name, required: false, defaultValue: pyJsonLoads(literal) };
    });
}

/** Prints parameters as Mistral's signature string (`output, delay=0`). */
export function formatActionSignature(params: readonly ActionParam[]): string {
  return params.map((p) => (p.required ? p.name : `${p.name}=${pyJsonDumps(p.defaultValue)}`)).join(", ");
}

/**
 * Compares an input with a signature as Mistral does before it runs an action: required names
 * the input lacks are `missing`, names the signature lacks are `unexpected`, and both are
 * reported in one error (`Invalid input [name=..., class=..., missing=[...], unexpected=[...]]`).
 */
export function checkActionInput(
  actionName: string,
  className: string,
  params: readonly ActionParam[],
  input: Readonly<Record<string, unknown>>,
): ActionInputError | undefined {
  const known = new Set(params.map((p) => p.name));
  const missing = params.filter((p) => p.required && !Object.hasOwn(input, p.name)).map((p) => p.name);
  const unexpected = Object.keys(input).filter((name) => !known.has(name));
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  let message = `Invalid input [name=${actionName}, class=${className}`;
  if (missing.length > 0) message += `, missing=${pyRepr(missing)}`;
  if (unexpected.length > 0) message += `, unexpected=${pyRepr(unexpected)}`;
  return new ActionInputError(actionName, `${message}]`, missing, unexpected);
}

/** The input with every left-out optional parameter set to its default. */
export function withDefaults(
  params: readonly ActionParam[],
  input: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const param of params) {
    if (Object.hasOwn(input, param.name)) resolved[param.name] = input[param.name];
    else if (!param.required) resolved[param.name] = param.defaultValue;
  }
  return resolved;
}

/** Splits at commas that are not inside a quoted default. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === "\\") {
      current += ch + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

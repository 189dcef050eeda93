// Mistral's one-line summaries of inputs: `name, greeting="Hello"` for a workflow (resources.py,
// `'%s="%s"' % (k, v)`, so every default is quoted with Python's str()) and `text, times=1` for an
// ad-hoc action (adhoc_actions.py, `"%s=%s" % (k, json.dumps(v))`).
import { pyJsonDumps, pyRepr, pyStr, type InputParameterSpec } from "@ops/dsl";
import type { SpecInput } from "./spec-document.js";

/** A workflow's `input` as GET /v2/workflows shows it, from its spec document's input list. */
export function workflowInputText(inputs: readonly SpecInput[]): string {
  const parts: string[] = [];
  for (const input of inputs) {
    if (typeof input === "string") parts.push(input);
    else for (const [name, value] of Object.entries(input)) parts.push(`${name}="${pyStr(value)}"`);
  }
  return parts.join(", ");
}

/** An ad-hoc action's `input`, or null when it has none (Mistral stores None). */
export function actionInputText(inputs: readonly InputParameterSpec[]): string | null {
  if (inputs.length === 0) return null;
  return inputs
    .map((input) =>
      Object.hasOwn(input, "default") ? `${input.name}=${pyJsonDumps(input.default)}` : input.name,
    )
    .join(", ");
}

/** One declared parameter of an input string such as `output, delay=0` or `**kwargs`. */
export interface DeclaredParameter {
  readonly name: string;
  readonly required: boolean;
  /** `*args` / `**kwargs`: any further parameter is accepted. */
  readonly variadic: boolean;
}

/** Reads an input string (`url, method="GET", **kwargs`) into parameters. */
export function parseInputText(text: string | null): DeclaredParameter[] {
  if (!text) return [];
  const out: DeclaredParameter[] = [];
  // Split at commas outside quotes and brackets: defaults may be strings or lists with commas.
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  const flush = () => {
    const part = current.trim();
    current = "";
    if (part === "") return;
    const variadic = part.startsWith("*");
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().replace(/^\*+/, "");
    out.push({ name, required: eq < 0 && !variadic, variadic });
  };
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === "[" || ch === "{" || ch === "(") {
      depth++;
      current += ch;
    } else if (ch === "]" || ch === "}" || ch === ")") {
      depth--;
      current += ch;
    } else if (ch === "," && depth === 0) flush();
    else current += ch;
  }
  flush();
  return out;
}

/** Mistral's "Invalid input [name=..., class=..., missing=[...], unexpected=[...]]". */
export function invalidInputMessage(
  name: string,
  klass: string,
  missing: readonly string[],
  unexpected: readonly string[],
): string {
  let message = `Invalid input [name=${name}, class=${klass}`;
  if (missing.length > 0) message += `, missing=${pyRepr([...missing])}`;
  if (unexpected.length > 0) message += `, unexpected=${pyRepr([...unexpected])}`;
  return `${message}]`;
}

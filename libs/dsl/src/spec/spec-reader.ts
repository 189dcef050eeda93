// Reads the parts of a definition against the value types of Mistral's JSON schemas and collects every
// problem with its path and position, instead of stopping at the first as jsonschema does.
import type { DslErrorCode, DslIssue } from "../errors.js";
import { formatPath, type PathSegment } from "../yaml/format-path.js";
import type { SourcePosition } from "../yaml/line-index.js";
import type { YamlMappingEntry, YamlMappingNode, YamlNode, YamlSequenceNode } from "../yaml/yaml-document.js";
import { closestName } from "./closest-name.js";
import {
  describeValue,
  equalityKey,
  isExpression,
  isNonEmptyString,
  isPositiveInteger,
} from "./mistral-types.js";
import type { InputParameterSpec } from "./workflow-spec.js";

/** A node and its path in the document. */
export interface Located<N extends YamlNode = YamlNode> {
  readonly node: N;
  readonly path: readonly PathSegment[];
}

/** A place to report: a position and the path it belongs to. */
export interface Where {
  readonly position: SourcePosition;
  readonly path: readonly PathSegment[];
}

/** One key of a mapping with the located node of its value. */
export interface LocatedEntry {
  readonly key: string;
  readonly entry: YamlMappingEntry;
  readonly at: Located;
}

/** Keys that exist, but only in the other workflow type. */
export interface OtherTypeKeys {
  readonly keys: ReadonlySet<string>;
  /** The type they belong to, e.g. `reverse`. */
  readonly type: string;
}

const EXPRESSION_FORMS = "an expression (`<% ... %>` or `{{ ... }}`)";

/** Collects the issues (what Mistral refuses) and warnings (what it accepts but is likely a mistake). */
export class SpecReader {
  readonly issues: DslIssue[] = [];
  readonly warnings: DslIssue[] = [];

  /** Records a problem that makes the definition invalid. */
  error(code: DslErrorCode, message: string, at: Located | Where, hint?: string): void {
    this.issues.push(issueOf(code, message, at, hint));
  }

  /** Records something Mistral accepts but that probably does not do what was meant. */
  warn(code: DslErrorCode, message: string, at: Located | Where, hint?: string): void {
    this.warnings.push(issueOf(code, message, at, hint));
  }

  /** Reports a wrong type: "`name` must be EXPECTED; it is VALUE." */
  wrongType(at: Located, expected: string, hint?: string): void {
    this.error(
      "DSL_ERR_WRONG_TYPE",
      `${nameOf(at.path)} must be ${expected}; it is ${describeValue(at.node.value)}.`,
      at,
      hint,
    );
  }

  /** The entries of a mapping, located. */
  entries(at: Located<YamlMappingNode>): LocatedEntry[] {
    return at.node.entries.map((entry) => ({
      key: entry.key,
      entry,
      at: { node: entry.node, path: [...at.path, entry.key] },
    }));
  }

  /** The items of a sequence, located. */
  items(at: Located<YamlSequenceNode>): Located[] {
    return at.node.items.map((node, index) => ({ node, path: [...at.path, index] }));
  }

  /** The value of `key` in a mapping, located; undefined when the key is absent. */
  child(at: Located<YamlMappingNode>, key: string): Located | undefined {
    const entry = at.node.byKey.get(key);
    return entry === undefined ? undefined : { node: entry.node, path: [...at.path, key] };
  }

  /** Where the key `key` of a mapping is written (or the mapping itself when the key is absent). */
  keyAt(at: Located<YamlMappingNode>, key: string): Where {
    const entry = at.node.byKey.get(key);
    return {
      position: entry === undefined ? at.node.position : entry.keyPosition,
      path: [...at.path, key],
    };
  }

  /** The node as a mapping, or undefined after reporting that it is not one. */
  mapping(at: Located, expected = "a mapping", hint?: string): Located<YamlMappingNode> | undefined {
    if (at.node.kind === "mapping") return at as Located<YamlMappingNode>;
    this.wrongType(at, expected, hint);
    return undefined;
  }

  /**
   * Reports every key that is not in `allowed`, suggesting the closest allowed key, and with a code of
   * its own for keys that only the other workflow type has.
   */
  checkKeys(at: Located<YamlMappingNode>, allowed: readonly string[], otherType?: OtherTypeKeys): void {
    for (const entry of at.node.entries) {
      const key = entry.key;
      if (allowed.includes(key)) continue;
      const where: Where = { position: entry.keyPosition, path: [...at.path, key] };
      if (otherType?.keys.has(key)) {
        this.error(
          "DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE",
          `\`${key}\` is only for tasks of ${otherType.type} workflows.`,
          where,
          otherType.type === "reverse"
            ? "Direct workflows chain tasks with on-success, on-error and on-complete."
            : "Reverse workflows chain tasks with requires; set `type: direct` to use transitions.",
        );
        continue;
      }
      const suggestion = closestName(key, allowed);
      this.error(
        "DSL_ERR_UNKNOWN_KEY",
        `Unknown key \`${key}\`${suggestion === undefined ? "." : `; did you mean '${suggestion}'?`}`,
        where,
        `Allowed here: ${allowed.join(", ")}.`,
      );
    }
  }

  /** Mistral's NONEMPTY_STRING. */
  nonEmptyString(at: Located, expected = "a non-empty string"): string | undefined {
    const value = at.node.value;
    if (isNonEmptyString(value)) return value;
    this.wrongType(at, expected, yamlTypeHint(at.node));
    return undefined;
  }

  /** Mistral's UNIQUE_STRING_LIST: a non-empty list of distinct non-empty strings. */
  uniqueStringList(at: Located, expected = "a list of distinct non-empty strings"): string[] | undefined {
    if (at.node.kind !== "sequence") {
      this.wrongType(at, expected);
      return undefined;
    }
    if (at.node.items.length === 0) {
      this.error("DSL_ERR_INVALID_VALUE", `${nameOf(at.path)} must not be an empty list.`, at);
      return undefined;
    }
    const seen = new Set<string>();
    let valid = true;
    for (const item of this.items(at as Located<YamlSequenceNode>)) {
      const value = this.nonEmptyString(item);
      if (value === undefined) valid = false;
      else if (seen.has(value)) {
        this.error("DSL_ERR_INVALID_VALUE", `${nameOf(item.path)}: '${value}' is listed twice.`, item);
        valid = false;
      } else seen.add(value);
    }
    return valid ? [...seen] : undefined;
  }

  /** NONEMPTY_STRING or UNIQUE_STRING_LIST (`requires`), as a list. */
  stringOrUniqueStringList(at: Located): string[] | undefined {
    if (at.node.kind === "sequence") return this.uniqueStringList(at);
    const value = this.nonEmptyString(at, "a non-empty string or a list of distinct non-empty strings");
    return value === undefined ? undefined : [value];
  }

  /**
   * Mistral's NONEMPTY_DICT: a mapping with at least one key. Its keys must be strings as PyYAML reads
   * them (Mistral's schema check fails on a key such as `yes`, which YAML 1.1 reads as a boolean).
   */
  nonEmptyDict(at: Located, expected = "a non-empty mapping"): Record<string, unknown> | undefined {
    if (at.node.kind !== "mapping") {
      this.wrongType(at, expected);
      return undefined;
    }
    if (at.node.entries.length === 0) {
      this.error("DSL_ERR_INVALID_VALUE", `${nameOf(at.path)} must not be an empty mapping.`, at);
      return undefined;
    }
    return this.stringKeys(at as Located<YamlMappingNode>) ? at.node.value : undefined;
  }

  /** Reports keys that YAML 1.1 reads as something else than strings; true when there are none. */
  stringKeys(at: Located<YamlMappingNode>): boolean {
    let valid = true;
    for (const entry of at.node.entries) {
      if (entry.keyIsString) continue;
      valid = false;
      this.error(
        "DSL_ERR_WRONG_TYPE",
        `The key \`${entry.keyText}\` is read by YAML 1.1 as ${describeValue(keyValueOf(entry))}, not as a string.`,
        { position: entry.keyPosition, path: [...at.path, entry.keyText] },
        `Quote it: '${entry.keyText}'.`,
      );
    }
    return valid;
  }

  /** Mistral's EXPRESSION: a string holding one `<% %>` or `{{ }}` expression. */
  expression(at: Located): string | undefined {
    const value = at.node.value;
    if (isExpression(value)) return value;
    this.wrongType(at, EXPRESSION_FORMS, expressionHint(value));
    return undefined;
  }

  /** EXPRESSION_OR_POSITIVE_INTEGER (policies such as `timeout`, retry's `count`). */
  expressionOrPositiveInteger(at: Located): number | string | undefined {
    const value = at.node.value;
    if (isPositiveInteger(value) || isExpression(value)) return value;
    if (typeof value === "number" && Number.isInteger(value)) {
      this.error("DSL_ERR_INVALID_VALUE", `${nameOf(at.path)} must not be negative; it is ${value}.`, at);
      return undefined;
    }
    const hint =
      typeof value === "string" && /^\s*\d+\s*$/.test(value)
        ? `Remove the quotes: ${String(at.path[at.path.length - 1])}: ${value.trim()}.`
        : expressionHint(value);
    this.wrongType(at, `a whole number of 0 or more, or ${EXPRESSION_FORMS}`, hint);
    return undefined;
  }

  /** EXPRESSION_OR_BOOLEAN (`pause-before`, `fail-on`, `keep-result`, `safe-rerun`). */
  expressionOrBoolean(at: Located): boolean | string | undefined {
    const value = at.node.value;
    if (typeof value === "boolean" || isExpression(value)) return value;
    const hint =
      typeof value === "string" && /^\s*(?:true|false)\s*$/i.test(value)
        ? `Remove the quotes: ${String(at.path[at.path.length - 1])}: ${value.trim().toLowerCase()}.`
        : expressionHint(value);
    this.wrongType(at, `true, false or ${EXPRESSION_FORMS}`, hint);
    return undefined;
  }

  /**
   * Mistral's UNIQUE_STRING_OR_ONE_KEY_DICT_LIST (workflow and action `input`): names, or one-key
   * mappings `name: default`. As Mistral does, a name given twice keeps its first place and last value.
   */
  inputParameters(at: Located): InputParameterSpec[] | undefined {
    const expected = "a list of input names and `name: default` pairs";
    if (at.node.kind !== "sequence") {
      this.wrongType(at, expected);
      return undefined;
    }
    if (at.node.items.length === 0) {
      this.error("DSL_ERR_INVALID_VALUE", `${nameOf(at.path)} must not be an empty list.`, at);
      return undefined;
    }
    const params = new Map<string, InputParameterSpec>();
    const seen = new Set<string>();
    let valid = true;
    for (const item of this.items(at as Located<YamlSequenceNode>)) {
      const identity = equalityKey(item.node.value);
      if (seen.has(identity)) {
        this.error("DSL_ERR_INVALID_VALUE", `${nameOf(item.path)} repeats an earlier entry.`, item);
        valid = false;
        continue;
      }
      seen.add(identity);
      if (item.node.kind === "mapping") {
        const only = item.node.entries[0];
        if (item.node.entries.length !== 1 || only === undefined) {
          this.error(
            "DSL_ERR_INVALID_VALUE",
            `${nameOf(item.path)} must be a single \`name: default\` pair; it has ${item.node.entries.length} keys.`,
            item,
            "Write one list item per input.",
          );
          valid = false;
        } else if (this.stringKeys(item as Located<YamlMappingNode>)) {
          params.set(only.key, { name: only.key, default: only.node.value });
        } else valid = false;
        continue;
      }
      const name = this.nonEmptyString(item, "an input name or a `name: default` pair");
      if (name === undefined) valid = false;
      else params.set(name, { name });
    }
    return valid ? [...params.values()] : undefined;
  }
}

/** How a path is named in messages: its last key with any indexes after it, e.g. `on-success[0]`. */
export function nameOf(path: readonly PathSegment[]): string {
  let start = path.length;
  while (start > 0 && typeof path[start - 1] === "number") start -= 1;
  if (start > 0) start -= 1;
  const tail = path.slice(start);
  return tail.length === 0 ? "The document" : `\`${formatPath(tail)}\``;
}

/** Where a located node is. */
export function whereOf(at: Located | Where): Where {
  return "node" in at ? { position: at.node.position, path: at.path } : at;
}

function issueOf(
  code: DslErrorCode,
  message: string,
  at: Located | Where,
  hint: string | undefined,
): DslIssue {
  const { position, path } = whereOf(at);
  const issue: DslIssue = {
    code,
    message,
    path: formatPath(path),
    line: position.line,
    column: position.column,
  };
  return hint === undefined ? issue : { ...issue, hint };
}

/** The value PyYAML gave a key that is not a string (`yes` → true), recovered from its string form. */
export function keyValueOf(entry: YamlMappingEntry): unknown {
  if (entry.key === "null") return null;
  if (entry.key === "true") return true;
  if (entry.key === "false") return false;
  const number = Number(entry.key);
  return Number.isNaN(number) && entry.key !== "NaN" ? entry.key : number;
}

/** A hint for a value that YAML 1.1 read as something else than the string that was meant. */
export function yamlTypeHint(node: YamlNode): string | undefined {
  if (node.kind !== "scalar" || node.style !== "plain" || typeof node.value === "string") return undefined;
  if (node.value === null && node.text === "") return undefined;
  return `YAML 1.1 reads \`${node.text}\` as ${describeValue(node.value)}; quote it to keep it a string: '${node.text}'.`;
}

function expressionHint(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value.includes("<%") || value.includes("{{")) {
    return "The value must be one expression on a single line, with nothing before or after it.";
  }
  return undefined;
}

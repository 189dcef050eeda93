// Syntax check of the expressions inside a definition, at the places where Mistral checks them when a
// definition is uploaded (its `validate_expr`: a string, the strings of a list, the string values of a
// mapping; nested values are only evaluated, and so only fail, at run time).
import { findExpressionSyntaxProblems } from "../expressions/expression-syntax.js";
import type { PathSegment } from "../yaml/format-path.js";
import type { SourcePosition } from "../yaml/line-index.js";
import type { Located, SpecReader } from "./spec-reader.js";

/**
 * Checks the expressions of a part of a definition as Mistral's `validate_expr` does: the node itself
 * when it is a string, else the strings among its items or values.
 */
export function checkExpressions(reader: SpecReader, at: Located): void {
  const node = at.node;
  if (node.kind === "scalar") {
    if (typeof node.value === "string") checkExpressionText(reader, node.value, node.position, at.path);
    return;
  }
  if (node.kind === "sequence") {
    node.items.forEach((item, index) => {
      if (item.kind === "scalar" && typeof item.value === "string") {
        checkExpressionText(reader, item.value, item.position, [...at.path, index]);
      }
    });
    return;
  }
  for (const entry of node.entries) {
    const value = entry.node;
    if (value.kind === "scalar" && typeof value.value === "string") {
      checkExpressionText(reader, value.value, value.position, [...at.path, entry.key]);
    }
  }
}

/** Checks the expressions of one string; `position` and `path` say where to report problems. */
export function checkExpressionText(
  reader: SpecReader,
  text: string,
  position: SourcePosition,
  path: readonly PathSegment[],
): void {
  // Most strings of a definition hold no expression; they skip the parsers.
  if (!text.includes("<%") && !text.includes("{{") && !text.includes("{%")) return;
  const where = { position, path };
  if (hasInline(text, "<%", "%>") && (hasInline(text, "{{", "}}") || hasInline(text, "{%", "%}"))) {
    reader.error(
      "DSL_ERR_MIXED_EXPRESSIONS",
      "This string mixes YAQL (`<% %>`) and Jinja (`{{ }}`, `{% %}`) expressions, which Mistral does not allow.",
      where,
      "Use one expression language per string.",
    );
    return;
  }
  for (const problem of findExpressionSyntaxProblems(text)) {
    reader.error(
      "DSL_ERR_EXPRESSION_SYNTAX",
      `Expression syntax error: ${problem.message}.`,
      where,
      `In ${JSON.stringify(excerpt(text, problem.offset))}.`,
    );
  }
}

/**
 * Whether some line holds `opener` followed later by `closer` (what `/<%.*?%>/` finds, without its
 * quadratic time on a line full of openers).
 */
function hasInline(text: string, opener: string, closer: string): boolean {
  let lineStart = 0;
  while (lineStart <= text.length) {
    const lineEnd = text.indexOf("\n", lineStart);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    const open = line.indexOf(opener);
    if (open >= 0 && line.lastIndexOf(closer) >= open + opener.length) return true;
    if (lineEnd < 0) return false;
    lineStart = lineEnd + 1;
  }
  return false;
}

/** The part of a long string around an offset, so that a message shows where the problem is. */
function excerpt(text: string, offset: number): string {
  if (text.length <= 80) return text;
  const start = Math.max(0, Math.min(offset - 30, text.length - 80));
  return `${start > 0 ? "..." : ""}${text.slice(start, start + 80)}${start + 80 < text.length ? "..." : ""}`;
}

// How a definition's problems read on the wire. Mistral's faultstring starts with "Definition could
// not be parsed: " for YAML errors and "Invalid DSL: " otherwise; after it we put every problem the
// dsl found (Mistral stops at the first), each with its line and column.
import type { DslIssue, SpecParseResult } from "@ops/dsl";
import { ApiError } from "../errors/api-error.js";

/** The text Mistral puts in `faultstring` (and in `error` of `/validate`) for these problems. */
export function describeDefinitionProblems(issues: readonly DslIssue[]): string {
  const yaml = issues.some((issue) => issue.code === "DSL_ERR_YAML_SYNTAX");
  const prefix = yaml ? "Definition could not be parsed: " : "Invalid DSL: ";
  const lines = issues.map((issue) => {
    const hint = issue.hint ? ` ${issue.hint}` : "";
    const at = issue.path ? ` (at ${issue.path})` : "";
    return `line ${issue.line}, column ${issue.column}: ${issue.message}${hint}${at}`;
  });
  return prefix + lines.join("\n");
}

/**
 * The spec of a valid definition; a 400 `WF_API_ERR_BAD_DEFINITION` listing every problem otherwise.
 */
export function requireValidSpec<T>(result: SpecParseResult<T>): T {
  if (result.issues.length > 0 || result.spec === undefined) {
    throw new ApiError("WF_API_ERR_BAD_DEFINITION", describeDefinitionProblems(result.issues), {
      context: { problems: result.issues.length, firstLine: result.issues[0]?.line },
    });
  }
  return result.spec;
}

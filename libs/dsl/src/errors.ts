// Every error the workflow language reports has a stable code from this registry. Codes never change
// meaning; messages may improve. Apps map codes to HTTP statuses (the dsl knows nothing of HTTP).

/** Stable error codes of libs/dsl, each with a one-line description. */
export const DSL_ERROR_CODES = {
  // The document as YAML.
  DSL_ERR_YAML_SYNTAX: "The text is not well-formed YAML.",
  DSL_ERR_DUPLICATE_KEY: "A mapping has the same key twice.",
  DSL_ERR_NOT_A_MAPPING: "The document (or a section of it) must be a mapping.",
  DSL_ERR_VERSION: "The document has no `version` or a version other than '2.0'.",

  // The shape of workbooks, workflows, actions and tasks.
  DSL_ERR_UNKNOWN_KEY: "A key that this part of the language does not have (often a misspelling).",
  DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE: "A key that exists, but not for this workflow type (direct or reverse).",
  DSL_ERR_MISSING_KEY: "A required key is missing.",
  DSL_ERR_WRONG_TYPE: "A value has the wrong type.",
  DSL_ERR_INVALID_VALUE:
    "A value has the right type but is not allowed (empty, negative, not one of the options).",
  DSL_ERR_INVALID_NAME: "A workflow, task, action or input name that the language does not allow.",
  DSL_ERR_ACTION_AND_WORKFLOW: "A task names both an `action` and a `workflow`.",
  DSL_ERR_INLINE_PARAMS: "The inline form `action: name key=value ...` cannot be read.",
  DSL_ERR_WITH_ITEMS: "A `with-items` entry is not of the form `var in <% expression %>` or `var in [list]`.",

  // The task graph.
  DSL_ERR_UNKNOWN_TASK: "A transition or `requires` names a task that the workflow does not have.",
  DSL_ERR_NO_START_TASK: "A direct workflow has no task without an inbound transition.",
  DSL_ERR_REQUIRES_CYCLE: "The `requires` of a reverse workflow form a cycle.",
  DSL_ERR_JOIN: "A task with `join` has fewer inbound transitions than it waits for.",

  // Expressions inside the document.
  DSL_ERR_EXPRESSION_SYNTAX: "An expression (YAQL `<% %>` or Jinja `{{ }}`) has a syntax error.",
  DSL_ERR_MIXED_EXPRESSIONS: "One string mixes YAQL and Jinja expressions.",

  // Evaluating expressions.
  DSL_ERR_YAQL_SYNTAX: "A YAQL expression cannot be parsed.",
  DSL_ERR_YAQL_EVALUATION: "A YAQL expression failed while being evaluated.",
  DSL_ERR_JINJA_SYNTAX: "A Jinja expression or template cannot be parsed.",
  DSL_ERR_JINJA_EVALUATION: "A Jinja expression or template failed while being evaluated.",
} as const;

export type DslErrorCode = keyof typeof DSL_ERROR_CODES;

/**
 * One problem found in a workflow-language document: what, where (path and 1-based line/column in
 * the YAML source) and, when there is one, a hint such as the key that was probably meant.
 */
export interface DslIssue {
  readonly code: DslErrorCode;
  readonly message: string;
  /** Where in the document, e.g. `workflows.wf1.tasks.t2.on-success[0]`; `""` for the whole document. */
  readonly path: string;
  /** 1-based line in the YAML source. */
  readonly line: number;
  /** 1-based column in the YAML source. */
  readonly column: number;
  readonly hint?: string;
}

/** An error of the workflow language with a stable code, raised where a caller cannot go on. */
export class DslError extends Error {
  override readonly name: string = "DslError";

  constructor(
    readonly code: DslErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Formats an issue the way compilers do: `file:line:column: message hint [code] at path`. */
export function formatIssue(issue: DslIssue, file?: string): string {
  const where = `${file ? `${file}:` : ""}${issue.line}:${issue.column}`;
  const at = issue.path ? ` at ${issue.path}` : "";
  const hint = issue.hint ? ` ${issue.hint}` : "";
  return `${where}: ${issue.message}${hint} [${issue.code}]${at}`;
}

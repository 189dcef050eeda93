// @ops/dsl — the Mistral Workflow Language v2: YAML definitions to typed specs with validation,
// YAQL and Jinja evaluation with Mistral's semantics, and the task graph.

/** The language version this library reads. */
export const DSL_VERSION = "2.0";

// Errors
export { DSL_ERROR_CODES, DslError, formatIssue } from "./errors.js";
export type { DslErrorCode, DslIssue } from "./errors.js";

// Definitions: parse and validate
export { parseActions } from "./spec/parse-actions.js";
export { parseWorkbook } from "./spec/parse-workbook.js";
export { parseWorkflows } from "./spec/parse-workflows.js";
export type { SpecParseResult } from "./spec/spec-parse-result.js";
export type { ActionListSpec, ActionSpec } from "./spec/action-spec.js";
export type { WorkbookSpec } from "./spec/workbook-spec.js";
export type {
  DirectWorkflowSpec,
  InputParameterSpec,
  ReverseWorkflowSpec,
  TaskDefaultsSpec,
  WorkflowListSpec,
  WorkflowSpec,
  WorkflowSpecBase,
} from "./spec/workflow-spec.js";
export { ENGINE_COMMANDS } from "./spec/task-spec.js";
export type {
  DirectTaskSpec,
  EngineCommand,
  JoinSpec,
  OnClauseSpec,
  PoliciesSpec,
  PublishSpec,
  RetryPolicySpec,
  ReverseTaskSpec,
  TaskSpec,
  TaskSpecBase,
  Transition,
  TransitionKind,
  WithItemsSpec,
} from "./spec/task-spec.js";
export {
  CLAUSE_NAMES,
  clauseOf,
  effectiveClause,
  effectivePolicies,
  effectiveRequires,
  effectiveSafeRerun,
} from "./spec/effective-task.js";
export type { ClauseName, EffectiveClause } from "./spec/effective-task.js";

// The task graph
export {
  directTaskGraph,
  findStartTasks,
  inboundTasks,
  outboundTransitions,
} from "./graph/direct-task-graph.js";
export type { DirectTaskGraph, OutboundTransition } from "./graph/direct-task-graph.js";
export { findRequiresCycles, planReverseWorkflow } from "./graph/reverse-task-plan.js";
export type { ReverseTaskPlan } from "./graph/reverse-task-plan.js";

// Expressions
export {
  containsExpression,
  evaluateRecursively,
  evaluateString,
  ExpressionError,
} from "./expressions/expression-evaluation.js";
export type { EvaluationContext } from "./expressions/expression-evaluation.js";
export type { ContextFunctions, ExecutionsQuery, TasksQuery } from "./expressions/context-functions.js";
export { findExpressionSyntaxProblems } from "./expressions/expression-syntax.js";
export type { ExpressionSyntaxProblem } from "./expressions/expression-syntax.js";
export { evaluateYaql, findYaqlSyntaxError } from "./expressions/yaql/yaql-language.js";
export { YaqlEvaluationError, YaqlSyntaxError } from "./expressions/yaql/yaql-errors.js";
export { evaluateJinjaExpression, evaluateJinjaString } from "./expressions/jinja/index.js";
export { agreesWithReference, readConformanceFile, runConformanceCase } from "./expressions/conformance.js";
export type {
  CaseOutcome,
  ConformanceCase,
  ConformanceFile,
  ExpressionLanguage,
} from "./expressions/conformance.js";

// Python-compatible data: what the engine needs to store expression results without losing 1.0 vs 1
export { pyJsonDumps, pyJsonLoads } from "./python/py-json.js";
export { PyFloat } from "./python/py-types.js";
export { pyRepr, pyStr } from "./python/py-repr.js";
export { loadPyYaml } from "./yaml/load-py-yaml.js";

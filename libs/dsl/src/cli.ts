#!/usr/bin/env node
// Command line for the workflow language:
//   dsl validate FILE.yaml [--as workbook|workflows|actions]   the document's problems, or OK
//   dsl graph FILE.yaml [--target TASK]  each workflow's start tasks and transitions (reverse: the plan)
//   dsl eval --cases FILE.json          one JSON line per conformance case: {"id", "result"|"error"}
//   dsl eval --cases FILE.json --compare   and whether each agrees with the reference, with totals
//   dsl eval 'EXPRESSION' [--data JSON]  evaluates a Mistral string ("<% $.x %>", "{{ _.x }}")
import { readFileSync } from "node:fs";
import { formatIssue, type DslIssue } from "./errors.js";
import { agreesWithReference, readConformanceFile, runConformanceCase } from "./expressions/conformance.js";
import { evaluateString } from "./expressions/expression-evaluation.js";
import { directTaskGraph } from "./graph/direct-task-graph.js";
import { planReverseWorkflow } from "./graph/reverse-task-plan.js";
import { pyJsonDumps, pyJsonLoads } from "./python/py-json.js";
import { parseActions } from "./spec/parse-actions.js";
import { parseWorkbook } from "./spec/parse-workbook.js";
import { parseWorkflows } from "./spec/parse-workflows.js";
import type { SpecParseResult } from "./spec/spec-parse-result.js";
import type { WorkflowSpec } from "./spec/workflow-spec.js";
import { loadPyYaml } from "./yaml/load-py-yaml.js";

const USAGE = `usage:
  dsl validate FILE.yaml [--as workbook|workflows|actions]
  dsl graph FILE.yaml [--target TASK]
  dsl eval --cases FILE.json [--compare]
  dsl eval 'EXPRESSION' [--data JSON]
`;

function usage(message?: string): never {
  if (message) process.stderr.write(`dsl: ${message}\n`);
  process.stderr.write(USAGE);
  process.exit(2);
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    return usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function toJsonLine(value: unknown): string {
  return pyJsonDumps(value, { ensureAscii: false, toPrimitive: true });
}

type DocumentKind = "workbook" | "workflows" | "actions";

/** A workbook has `workflows` or `actions` sections; an actions document has definitions with `base`. */
function guessKind(text: string): DocumentKind {
  let root: unknown;
  try {
    root = loadPyYaml(text);
  } catch {
    return "workbook";
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) return "workbook";
  const entries = Object.entries(root).filter(([key]) => key !== "version");
  if (entries.some(([key]) => key === "workflows" || key === "actions")) return "workbook";
  const definitions = entries.filter(([, value]) => value !== null && typeof value === "object");
  if (definitions.length > 0 && definitions.every(([, value]) => "base" in (value as object)))
    return "actions";
  return "workflows";
}

function parseDocument(text: string, kind: DocumentKind): SpecParseResult<unknown> {
  if (kind === "workbook") return parseWorkbook(text);
  if (kind === "actions") return parseActions(text);
  return parseWorkflows(text);
}

function workflowsOf(
  text: string,
  kind: DocumentKind,
): { workflows: readonly WorkflowSpec[]; issues: readonly DslIssue[] } {
  if (kind === "workbook") {
    const result = parseWorkbook(text);
    return { workflows: result.spec?.workflows ?? [], issues: result.issues };
  }
  const result = parseWorkflows(text);
  return { workflows: result.spec?.workflows ?? [], issues: result.issues };
}

function optionValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) usage(`${name} needs a value`);
  return value;
}

function documentKind(args: string[], text: string): DocumentKind {
  const kind = optionValue(args, "--as");
  if (kind === undefined) return guessKind(text);
  if (kind !== "workbook" && kind !== "workflows" && kind !== "actions") {
    return usage(`--as must be workbook, workflows or actions, not ${kind}`);
  }
  return kind;
}

function validate(file: string, args: string[]): number {
  const text = readText(file);
  const kind = documentKind(args, text);
  const result = parseDocument(text, kind);
  for (const warning of result.warnings) process.stdout.write(`warning: ${formatIssue(warning, file)}\n`);
  for (const issue of result.issues) process.stdout.write(`${formatIssue(issue, file)}\n`);
  if (result.issues.length > 0) {
    process.stdout.write(
      `${result.issues.length} problem${result.issues.length === 1 ? "" : "s"} in ${file} (read as ${kind})\n`,
    );
    return 1;
  }
  process.stdout.write("OK\n");
  return 0;
}

function describeWorkflow(workflow: WorkflowSpec, target: string | undefined): string[] {
  const lines = [`workflow ${workflow.name} (${workflow.type}, ${workflow.tasks.length} tasks)`];
  if (workflow.type === "direct") {
    const graph = directTaskGraph(workflow);
    lines.push(`  starts with: ${graph.startTasks.map((task) => task.name).join(", ")}`);
    for (const task of workflow.tasks) {
      for (const t of graph.outbound(task.name)) {
        const condition = t.condition !== undefined ? ` if ${t.condition}` : "";
        const target = t.kind === "task" ? t.target : `(${t.kind})`;
        lines.push(`  ${task.name} --${t.clause}--> ${target}${condition}`);
      }
    }
    return lines;
  }
  const goal = target ?? workflow.tasks[workflow.tasks.length - 1]?.name;
  if (goal === undefined) return lines;
  const plan = planReverseWorkflow(workflow, goal);
  lines.push(`  to run ${goal}:`);
  plan.levels.forEach((level, i) =>
    lines.push(`    step ${i + 1}: ${level.map((task) => task.name).join(", ")}`),
  );
  return lines;
}

function graph(file: string, args: string[]): number {
  const text = readText(file);
  const { workflows, issues } = workflowsOf(text, documentKind(args, text));
  if (issues.length > 0) {
    for (const issue of issues) process.stdout.write(`${formatIssue(issue, file)}\n`);
    return 1;
  }
  const target = optionValue(args, "--target");
  for (const workflow of workflows)
    process.stdout.write(`${describeWorkflow(workflow, target).join("\n")}\n`);
  return 0;
}

function evalCases(file: string, compare: boolean): number {
  let cases;
  try {
    cases = readConformanceFile(readText(file));
  } catch (error) {
    return usage(`${file}: ${(error as Error).message}`);
  }
  const language = cases.meta.language;
  let agreeing = 0;
  for (const testCase of cases.cases) {
    const outcome = runConformanceCase(language, testCase);
    const line: Record<string, unknown> = { id: testCase.id, ...outcome };
    if (compare) {
      const agrees = agreesWithReference(testCase, outcome);
      if (agrees) agreeing++;
      line.agrees = agrees;
      if (!agrees) {
        line.expr = testCase.expr;
        line.expected = testCase.error ? { error: testCase.error_type ?? true } : testCase.result;
      }
    }
    process.stdout.write(`${toJsonLine(line)}\n`);
  }
  if (compare) {
    const total = cases.cases.length;
    process.stderr.write(
      `${language}: ${agreeing}/${total} agree (${((100 * agreeing) / total).toFixed(1)}%)\n`,
    );
    return agreeing === total ? 0 : 1;
  }
  return 0;
}

function evalExpression(expression: string, dataText: string | undefined): number {
  let data: unknown = {};
  if (dataText !== undefined) {
    try {
      data = pyJsonLoads(dataText);
    } catch (error) {
      return usage(`--data is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    process.stdout.write(`${toJsonLine(evaluateString(expression, { data }))}\n`);
    return 0;
  } catch (error) {
    process.stdout.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate":
    case "graph": {
      const file = rest[0];
      if (file === undefined || file.startsWith("--")) usage(`${command} takes a file`);
      return command === "validate" ? validate(file, rest.slice(1)) : graph(file, rest.slice(1));
    }
    case "eval": {
      const casesAt = rest.indexOf("--cases");
      if (casesAt >= 0) {
        const file = rest[casesAt + 1];
        if (!file) usage("--cases needs a file");
        return evalCases(file, rest.includes("--compare"));
      }
      const dataAt = rest.indexOf("--data");
      const dataText = dataAt >= 0 ? rest[dataAt + 1] : undefined;
      if (dataAt >= 0 && dataText === undefined) usage("--data needs a JSON value");
      const positional = dataAt >= 0 ? rest.filter((_, i) => i !== dataAt && i !== dataAt + 1) : rest;
      if (positional.length !== 1) usage("eval takes one expression (quote it)");
      return evalExpression(positional[0]!, dataText);
    }
    default:
      return usage(command ? `unknown command ${command}` : undefined);
  }
}

process.exit(main(process.argv.slice(2)));

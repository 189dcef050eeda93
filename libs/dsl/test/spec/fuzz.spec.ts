// Thousands of broken and random documents, made from the fixtures by a seeded generator (so every run
// sees the same ones): each must give a spec or structured issues, never an exception. Valid results
// are also walked through the task graph, which must not throw either.
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import { DSL_ERROR_CODES, type DslIssue } from "../../src/errors.js";
import { findStartTasks, inboundTasks, outboundTransitions } from "../../src/graph/direct-task-graph.js";
import { planReverseWorkflow } from "../../src/graph/reverse-task-plan.js";
import type { WorkbookSpec } from "../../src/spec/workbook-spec.js";
import type { WorkflowListSpec, WorkflowSpec } from "../../src/spec/workflow-spec.js";
import { parseYamlDocument } from "../../src/yaml/yaml-document.js";
import { fixtureNames, parseDocument, readFixture, type DocumentKind } from "./load-fixture.js";

/** mulberry32: a small, fast, seedable generator. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Chaos {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("empty choice");
    return item;
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }
}

const GARBAGE = [
  ":",
  "- ",
  "{",
  "}",
  "[",
  "]",
  "&a ",
  "*a",
  "!!int ",
  "!foo ",
  "'",
  '"',
  "#",
  "|",
  ">",
  "\t",
  "%",
  "@",
  "`",
  "<%",
  "%>",
  "{{",
  "}}",
  "<<: ",
  "? ",
  "---\n",
  "...",
  "\n",
  "  ",
  "\\",
  "\u0000",
  "\u00e9",
  "\ud83d\ude00",
  "=",
  "yes",
  "~",
  "0x",
  "1e+3",
  ".inf",
  "on-success",
  "requires",
  "join",
  "fail msg=",
  " in ",
];
const KEYS = [
  "version",
  "tasks",
  "action",
  "workflow",
  "input",
  "output",
  "publish",
  "on-success",
  "on-error",
  "on-complete",
  "join",
  "requires",
  "with-items",
  "retry",
  "timeout",
  "type",
  "task-defaults",
  "next",
  "branch",
  "count",
  "delay",
  "base",
  "base-input",
  "workflows",
  "actions",
  "name",
  "keep-result",
];
const SCALARS: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  3,
  1.5,
  "",
  "x",
  "reverse",
  "direct",
  "all",
  "one",
  "<% $.x %>",
  "{{ _.x }}",
  "<% $.a + %>",
  "t1",
  "fail",
  'fail msg="x"',
  "x in <% $.y %>",
  "x in [1, 2]",
  "count=1 delay=2",
  "2.0",
];

function randomValue(chaos: Chaos, depth: number): unknown {
  const roll = chaos.int(depth > 3 ? 1 : 4);
  if (roll === 1) return Array.from({ length: chaos.int(4) }, () => randomValue(chaos, depth + 1));
  if (roll === 2) {
    const value: Record<string, unknown> = {};
    for (let i = chaos.int(4); i > 0; i--) value[chaos.pick(KEYS)] = randomValue(chaos, depth + 1);
    return value;
  }
  return chaos.pick(SCALARS);
}

/** Every mapping and list inside a value, with a way to change it. */
function containers(value: unknown, found: Array<Record<string, unknown> | unknown[]> = []): typeof found {
  if (Array.isArray(value)) {
    found.push(value);
    for (const item of value) containers(item, found);
  } else if (typeof value === "object" && value !== null) {
    found.push(value as Record<string, unknown>);
    for (const item of Object.values(value)) containers(item, found);
  }
  return found;
}

/** Structural mutations: delete, duplicate, retype and swap values, rename keys. */
function mutateStructure(chaos: Chaos, text: string): string {
  const value = structuredClone(parseYamlDocument(text).value);
  const all = containers(value);
  for (let round = 1 + chaos.int(4); round > 0 && all.length > 0; round--) {
    const target = chaos.pick(all);
    const keys = Array.isArray(target) ? target.map((_, i) => String(i)) : Object.keys(target);
    if (keys.length === 0) continue;
    const key = chaos.pick(keys);
    const record = target as Record<string, unknown>;
    switch (chaos.int(5)) {
      case 0:
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete record[key];
        break;
      case 1:
        if (Array.isArray(target)) target.push(structuredClone(target[Number(key)]));
        else record[`${key}${chaos.pick(["", "_", "s", "2"])}`] = structuredClone(record[key]);
        break;
      case 2:
        record[key] = randomValue(chaos, 0);
        break;
      case 3: {
        const other = chaos.pick(all);
        const otherKeys = Object.keys(other);
        if (otherKeys.length === 0) break;
        const otherKey = chaos.pick(otherKeys);
        const otherRecord = other as Record<string, unknown>;
        [record[key], otherRecord[otherKey]] = [otherRecord[otherKey], record[key]];
        break;
      }
      default:
        if (!Array.isArray(target)) {
          record[chaos.pick(KEYS)] = record[key];
          delete record[key];
        }
    }
  }
  try {
    return chaos.chance(0.3) ? JSON.stringify(value) : dump(value, { noRefs: true, lineWidth: -1 });
  } catch {
    return text;
  }
}

/** Textual mutations: lines deleted, duplicated, re-indented or swapped, garbage inserted, truncation. */
function mutateText(chaos: Chaos, text: string): string {
  let lines = text.split("\n");
  for (let round = 1 + chaos.int(4); round > 0; round--) {
    const at = chaos.int(lines.length);
    const line = lines[at] ?? "";
    switch (chaos.int(6)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, line);
        break;
      case 2:
        lines[at] = chaos.chance(0.5)
          ? `${" ".repeat(1 + chaos.int(4))}${line}`
          : line.replace(/^ {1,4}/, "");
        break;
      case 3: {
        const other = chaos.int(lines.length);
        lines[at] = lines[other] ?? "";
        lines[other] = line;
        break;
      }
      case 4: {
        const column = chaos.int(line.length + 1);
        lines[at] = `${line.slice(0, column)}${chaos.pick(GARBAGE)}${line.slice(column)}`;
        break;
      }
      default:
        lines = lines.slice(0, at + 1);
        lines[at] = line.slice(0, chaos.int(line.length + 1));
    }
  }
  return lines.join("\n");
}

/** Text that looks a little like YAML, from nothing. */
function randomYamlish(chaos: Chaos): string {
  const lines: string[] = [];
  for (let count = chaos.int(30); count > 0; count--) {
    const indent = " ".repeat(chaos.int(4) * 2);
    const parts = Array.from({ length: 1 + chaos.int(4) }, () =>
      chaos.chance(0.5) ? chaos.pick(KEYS) : chaos.pick(GARBAGE),
    );
    lines.push(`${indent}${parts.join(chaos.pick(["", " ", ": ", "- "]))}`);
  }
  return lines.join(chaos.pick(["\n", "\r\n", "\n\n"]));
}

const fixtures = fixtureNames().map(readFixture);
const codes = new Set(Object.keys(DSL_ERROR_CODES));

/** Parses one document and checks that the outcome is well-formed. */
function check(kind: DocumentKind, text: string): void {
  let result: ReturnType<typeof parseDocument>;
  try {
    result = parseDocument(kind, text);
  } catch (error) {
    throw new Error(`parsing threw ${String(error)} for:\n${text}`);
  }
  const lineCount = text.split("\n").length;
  const wellFormed = (issue: DslIssue): boolean =>
    codes.has(issue.code) &&
    issue.message.length > 0 &&
    issue.line >= 1 &&
    issue.line <= lineCount + 1 &&
    issue.column >= 1 &&
    typeof issue.path === "string";
  const malformed = [...result.issues, ...result.warnings].filter((issue) => !wellFormed(issue));
  if (malformed.length > 0) throw new Error(`malformed issues ${JSON.stringify(malformed)} for:\n${text}`);
  if (result.issues.length === 0) {
    if (result.spec === undefined) throw new Error(`no issue and no spec for:\n${text}`);
    walkGraphs(kind, result.spec);
  }
}

function walkGraphs(kind: DocumentKind, spec: unknown): void {
  const workflows: readonly WorkflowSpec[] =
    kind === "workflows"
      ? (spec as WorkflowListSpec).workflows
      : kind === "workbook"
        ? (spec as WorkbookSpec).workflows
        : [];
  for (const workflow of workflows) {
    if (workflow.type === "direct") {
      findStartTasks(workflow);
      for (const task of workflow.tasks) {
        outboundTransitions(workflow, task.name);
        inboundTasks(workflow, task.name);
      }
    } else {
      for (const task of workflow.tasks) planReverseWorkflow(workflow, task.name);
    }
  }
}

const PER_ROUND = 2600;

describe("fuzzing the parsers", () => {
  it("never throws on fixtures with their structure mutated", { timeout: 60_000 }, () => {
    const chaos = new Chaos(generator(1));
    for (let i = 0; i < PER_ROUND; i++) {
      const fixture = chaos.pick(fixtures);
      check(fixture.kind, mutateStructure(chaos, fixture.text));
    }
  });

  it("never throws on fixtures with their text mutated", { timeout: 60_000 }, () => {
    const chaos = new Chaos(generator(2));
    for (let i = 0; i < PER_ROUND; i++) {
      const fixture = chaos.pick(fixtures);
      const text = chaos.chance(0.3)
        ? mutateText(chaos, mutateStructure(chaos, fixture.text))
        : mutateText(chaos, fixture.text);
      check(fixture.kind, text);
    }
  });

  it("never throws on random YAML-ish text", { timeout: 60_000 }, () => {
    const chaos = new Chaos(generator(3));
    const kinds: DocumentKind[] = ["workflows", "workbook", "actions"];
    for (let i = 0; i < PER_ROUND; i++) check(chaos.pick(kinds), randomYamlish(chaos));
  });

  it("never throws on random values given as definitions", { timeout: 60_000 }, () => {
    const chaos = new Chaos(generator(4));
    const kinds: DocumentKind[] = ["workflows", "workbook", "actions"];
    for (let i = 0; i < PER_ROUND; i++) {
      const value = {
        version: chaos.pick(["2.0", 2, "1.0", null]),
        wf: { tasks: randomValue(chaos, 0) },
        x: randomValue(chaos, 0),
      };
      check(chaos.pick(kinds), dump(value, { noRefs: true }));
    }
    expect(4 * PER_ROUND).toBeGreaterThanOrEqual(10_000);
  });
});

describe("hostile documents", () => {
  it("reads definitions built to make regular expressions backtrack", () => {
    const long = (unit: string): string => unit.repeat(20_000);
    // Values with unclosed expressions are left out: the expression syntax check has its own tests.
    const values = [
      `std.echo ${long("k")}`,
      `std.echo ${long("x=[")}`,
      `std.echo ${long("x=")}`,
      `std.echo ${long('x="')}`,
      `x in [${long("[")}`,
      `a ${long("b")}`,
      `a(${long("b")}=`,
      long(" "),
    ];
    for (const value of values) {
      const text = JSON.stringify({
        version: "2.0",
        wf: {
          vars: { v: value },
          tasks: {
            t1: { action: value, "with-items": value, timeout: value, "on-success": value, retry: value },
          },
        },
      });
      check("workflows", text);
    }
  });
});

// Benchmark: parse and validate a generated 500-task direct workflow (transitions, publish, with-items,
// retry, expressions), as `POST /v2/workflows` would. Target: median under 50 ms.
// Run: npx tsx --conditions=development libs/dsl/bench/validate-large-workflow.ts
import { parseWorkflows } from "../src/spec/parse-workflows.js";
import { formatMs, measure } from "./measure.js";

const TASKS = 500;
const RUNS = 50;

function largeWorkflow(tasks: number): string {
  const lines = [
    "version: '2.0'",
    "",
    "large_workflow:",
    "  description: A generated workflow with many tasks.",
    "  input:",
    "    - hosts",
    "    - release: '2024.1'",
    "  vars:",
    "    attempt: 1",
    "  output:",
    "    results: <% $.results %>",
    "  task-defaults:",
    "    retry:",
    "      count: 3",
    "      delay: 5",
    "    on-error:",
    "      - handle_error",
    "  tasks:",
  ];
  for (let i = 0; i < tasks; i++) {
    const next = i + 1 < tasks ? `task_${i + 1}` : "finish";
    const skip = i + 2 < tasks ? `task_${i + 2}` : "finish";
    lines.push(
      `    task_${i}:`,
      `      action: std.echo output="step ${i} on <% $.host %>" release=<% $.release %>`,
      "      with-items: host in <% $.hosts %>",
      "      retry: count=3 delay=<% $.attempt * 10 %>",
      `      timeout: ${60 + i}`,
      "      publish:",
      `        result_${i}: <% task().result %>`,
      "      on-success:",
      `        - ${next}: <% len($.hosts) > ${i % 7} %>`,
      `        - ${skip}: <% len($.hosts) <= ${i % 7} %>`,
    );
    // Every fifth task also uses the dict form of a clause and its own error handling.
    if (i % 5 === 0) {
      lines.push(
        "      on-complete:",
        "        publish:",
        "          branch:",
        `            done_${i}: true`,
        "        next: noop",
        "      on-error:",
        `        - fail msg="step ${i} failed"`,
      );
    }
  }
  lines.push(
    "    finish:",
    "      join: one",
    '      action: std.echo output="done"',
    "    handle_error:",
    '      action: std.echo output="failed at <% $.failed_step %>"',
    "      on-complete:",
    '        - fail msg="step <% $.failed_step %> failed"',
  );
  return lines.join("\n");
}

const text = largeWorkflow(TASKS);
const check = parseWorkflows(text);
if (check.issues.length > 0) {
  process.stderr.write(
    `the generated workflow is invalid:\n${JSON.stringify(check.issues.slice(0, 5), null, 2)}\n`,
  );
  process.exit(1);
}
const timing = measure(() => parseWorkflows(text), RUNS, 10);
process.stdout.write(
  `validate ${TASKS}-task workflow (${text.split("\n").length} lines, ${Math.round(text.length / 1024)} KiB): median ${formatMs(timing.medianMs)}, p95 ${formatMs(timing.p95Ms)} (n=${timing.runs})\n`,
);

// The workflows the scenarios run: the same shapes as the Python anchor's bench.py, renamed with a
// `load_bench_` prefix so they never collide with its `anchor_bench_` ones or with real workflows.

export interface BenchWorkflow {
  readonly name: string;
  /** Mistral DSL v2 text, sent as text/plain to /v2/workflows. */
  readonly definition: string;
}

function workflowText(name: string, body: readonly string[]): string {
  return ["---", "version: '2.0'", `${name}:`, ...body].join("\n") + "\n";
}

/** One std.noop task: the engine's fixed cost per execution. */
export function noopWorkflow(): BenchWorkflow {
  const name = "load_bench_noop1";
  return { name, definition: workflowText(name, ["  tasks:", "    t1:", "      action: std.noop"]) };
}

/** `length` std.noop tasks, each starting the next on success. */
export function chainWorkflow(length: number): BenchWorkflow {
  const name = `load_bench_chain${length}`;
  const tasks: string[] = [];
  for (let i = 1; i <= length; i++) {
    tasks.push(`    t${i}:`, "      action: std.noop");
    if (i < length) tasks.push("      on-success:", `        - t${i + 1}`);
  }
  return { name, definition: workflowText(name, ["  tasks:", ...tasks]) };
}

/**
 * A retry-heavy chain: `length` tasks whose action always fails, each retried `retries` times
 * (no delay) before its on-error leads to the next one; the last one's error leads to a noop. So
 * (1 + retries) × length action runs and retries × length retry timers, and the workflow succeeds.
 */
export function retryChainWorkflow(length: number, retries: number): BenchWorkflow {
  const name = `load_bench_retry${length}x${retries}`;
  const tasks: string[] = [];
  for (let i = 1; i <= length; i++) {
    tasks.push(
      `    t${i}:`,
      `      action: std.fail error_data="attempt failed"`,
      `      retry: count=${retries} delay=0`,
      "      on-error:",
      `        - ${i < length ? `t${i + 1}` : "done"}`,
    );
  }
  tasks.push("    done:", "      action: std.noop");
  return { name, definition: workflowText(name, ["  tasks:", ...tasks]) };
}

/** `width` parallel std.echo tasks, each publishing its result, then one task joining them all. */
export function fanoutWorkflow(width: number): BenchWorkflow {
  const name = `load_bench_fanout${width}`;
  const tasks: string[] = [];
  for (let i = 1; i <= width; i++) {
    tasks.push(
      `    e${i}:`,
      `      action: std.echo output=${i}`,
      "      publish:",
      `        r${i}: <% task().result %>`,
      "      on-success:",
      "        - join_all",
    );
  }
  tasks.push("    join_all:", "      join: all", "      action: std.noop");
  return { name, definition: workflowText(name, ["  tasks:", ...tasks]) };
}

/** with-items over the `items` input, 20 at a time; the input is given at start (see withItemsInput). */
export function withItemsWorkflow(): BenchWorkflow {
  const name = "load_bench_with_items";
  return {
    name,
    definition: workflowText(name, [
      "  input:",
      "    - items",
      "  tasks:",
      "    wi:",
      "      with-items: x in <% $.items %>",
      "      concurrency: 20",
      "      action: std.echo output=<% $.x %>",
      "      publish:",
      "        count: <% task().result.len() %>",
      "  output:",
      "    count: <% $.count %>",
    ]),
  };
}

export function withItemsInput(count: number): Record<string, unknown> {
  return { items: Array.from({ length: count }, (_, i) => i) };
}

/** `length` chained std.echo tasks over a 100-number list, each publishing 5 YAQL expressions. */
export function yaqlWorkflow(length: number): BenchWorkflow {
  const name = `load_bench_yaql${length}`;
  const tasks: string[] = [];
  for (let i = 1; i <= length; i++) {
    tasks.push(
      `    t${i}:`,
      "      action: std.echo",
      "      input:",
      `        output: <% range(0, $.n).select($ * ${i}).toList() %>`,
      "      publish:",
      `        sum${i}: <% task().result.sum() %>`,
      `        evens${i}: <% task().result.where($ mod 2 = 0).len() %>`,
      `        joined${i}: <% task().result.take(20).select(str($)).join(',') %>`,
      `        maxv${i}: <% task().result.max() %>`,
      "        acc: <% $.get('acc', 0) + task().result.sum() %>",
    );
    if (i < length) tasks.push("      on-success:", `        - t${i + 1}`);
  }
  return {
    name,
    definition: workflowText(name, [
      "  input:",
      "    - n: 100",
      "  tasks:",
      ...tasks,
      "  output:",
      "    acc: <% $.acc %>",
    ]),
  };
}

/**
 * A reverse workflow of 1 + groups + groups × fetchesPerGroup tasks (50 with 7 and 6): the target
 * `report` requires every group task, each of which requires its own fetch tasks. Started with
 * `params.task_name: report` (see REVERSE_TARGET).
 */
export function reverseWorkflow(groups: number, fetchesPerGroup: number): BenchWorkflow {
  const total = 1 + groups + groups * fetchesPerGroup;
  const name = `load_bench_reverse${total}`;
  const tasks: string[] = [];
  for (let g = 1; g <= groups; g++) {
    const fetches = Array.from({ length: fetchesPerGroup }, (_, f) => `f${g}_${f + 1}`);
    for (const fetch of fetches) {
      tasks.push(
        `    ${fetch}:`,
        `      action: std.echo output=1`,
        "      publish:",
        `        ${fetch}: <% task().result %>`,
      );
    }
    tasks.push(
      `    g${g}:`,
      `      requires: [${fetches.join(", ")}]`,
      `      action: std.echo output=<% ${fetches.map((fetch) => `$.${fetch}`).join(" + ")} %>`,
      "      publish:",
      `        g${g}: <% task().result %>`,
    );
  }
  const groupNames = Array.from({ length: groups }, (_, g) => `g${g + 1}`);
  tasks.push(
    "    report:",
    `      requires: [${groupNames.join(", ")}]`,
    `      action: std.echo output=<% ${groupNames.map((group) => `$.${group}`).join(" + ")} %>`,
    "      publish:",
    "        total: <% task().result %>",
  );
  return {
    name,
    definition: workflowText(name, [
      "  type: reverse",
      "  tasks:",
      ...tasks,
      "  output:",
      "    total: <% $.total %>",
    ]),
  };
}

/** The params a reverse bench workflow is started with. */
export const REVERSE_TARGET = { task_name: "report" };

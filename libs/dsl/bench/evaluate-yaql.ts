// Benchmark: one YAQL query over 100 items, evaluated 100,000 times (compiled once, then cached).
// Target: median under 50 µs per evaluation.
// Run: npx tsx --conditions=development libs/dsl/bench/evaluate-yaql.ts
import { evaluateYaql } from "../src/expressions/yaql/yaql-language.js";
import { formatMs, measure } from "./measure.js";

const EXPRESSION = "$.items.where($.size > 10).select($.name)";
const data = { items: Array.from({ length: 100 }, (_, i) => ({ name: `item-${i}`, size: (i * 7) % 23 })) };

const expected = data.items.filter((item) => item.size > 10).map((item) => item.name);
const actual = evaluateYaql(EXPRESSION, data);
if (JSON.stringify(actual) !== JSON.stringify(expected))
  throw new Error("the benchmark expression gives a wrong result");

const timing = measure(() => evaluateYaql(EXPRESSION, data), 100_000, 10_000);
process.stdout.write(
  `yaql ${EXPRESSION} over 100 items: median ${formatMs(timing.medianMs)}, p95 ${formatMs(timing.p95Ms)}, ` +
    `mean ${formatMs(timing.meanMs)} (n=${timing.runs}; target: median under 50 µs)\n`,
);

// Reads the vitest JSON reports under a folder and adds up passed and failed tests.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** @returns {{ passed: number, failed: number, reports: number }} */
export function summarizeTestResults(dir) {
  const totals = { passed: 0, failed: 0, reports: 0 };
  if (!existsSync(dir)) return totals;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    // A test file that failed to load has no failed tests of its own: count it as one failure,
    // so a broken file cannot hide its tests.
    for (const file of report.testResults ?? []) {
      const failedAssertions = (file.assertionResults ?? []).filter((a) => a.status === "failed");
      if (file.status === "failed" && failedAssertions.length === 0) totals.failed += 1;
    }
    totals.reports += 1;
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const totals = summarizeTestResults(process.argv[2] ?? "var/test-results");
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
}

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  agreesWithReference,
  readConformanceFile,
  runConformanceCase,
  type ExpressionLanguage,
} from "../../src/expressions/conformance.js";

const here = new URL(".", import.meta.url);
const knownDifferences = JSON.parse(readFileSync(new URL("known-differences.json", here), "utf8")) as Record<
  string,
  string
>;
const sharedDir = new URL("../../../../../shared/conformance/", here);

const REQUIRED_AGREEMENT = 0.98;

describe.each<ExpressionLanguage>(["yaql", "jinja"])(
  "%s conformance with the reference implementation",
  (language) => {
    const text = readFileSync(new URL(`cases/${language}/cases.json`, here), "utf8");
    const file = readConformanceFile(text);
    const outcomes = file.cases.map((testCase) => ({
      testCase,
      outcome: runConformanceCase(language, testCase),
    }));
    const disagreeing = outcomes.filter(({ testCase, outcome }) => !agreesWithReference(testCase, outcome));

    it("agrees on at least 98% of the cases", () => {
      const agreement = 1 - disagreeing.length / outcomes.length;
      expect(agreement).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
    });

    it("disagrees only on the cases listed in known-differences.json", () => {
      const unexplained = disagreeing
        .filter(({ testCase }) => !(testCase.id in knownDifferences))
        .map(({ testCase, outcome }) => ({
          id: testCase.id,
          expr: testCase.expr,
          expected: testCase.error ? "an error" : testCase.result,
          got: outcome,
        }));
      expect(unexplained).toEqual([]);
    });

    it("lists no case in known-differences.json that now agrees", () => {
      const ids = new Set(file.cases.map((c) => c.id));
      const disagreeingIds = new Set(disagreeing.map(({ testCase }) => testCase.id));
      const stale = Object.keys(knownDifferences).filter(
        (id) => id.startsWith(`${language}-`) && ids.has(id) && !disagreeingIds.has(id),
      );
      expect(stale).toEqual([]);
    });

    it.runIf(existsSync(new URL(`${language}/cases.json`, sharedDir)))(
      "uses the same cases as ../shared/conformance",
      () => {
        expect(readFileSync(new URL(`${language}/cases.json`, sharedDir), "utf8")).toBe(text);
      },
    );
  },
);

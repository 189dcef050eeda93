// Every fixture is parsed: the valid ones must give no issue and no warning; each `bad-*.yaml` lists
// the issues (`# expect: CODE path line:column`) and warnings (`# warning: ...`) it must give, no more.
import { describe, expect, it } from "vitest";
import type { DslIssue } from "../../src/errors.js";
import { fixtureNames, parseDocument, readFixture } from "./load-fixture.js";

function expectations(text: string, label: "expect" | "warning"): string[] {
  const pattern = new RegExp(`^# ${label}: (\\S+) (\\S+) (\\d+:\\d+)\\s*$`, "gm");
  return [...text.matchAll(pattern)].map((match) => `${match[1]} ${match[2]} ${match[3]}`).sort();
}

function summary(issues: readonly DslIssue[]): string[] {
  return issues.map((issue) => `${issue.code} ${issue.path || "-"} ${issue.line}:${issue.column}`).sort();
}

const names = fixtureNames();

describe("the invalid fixtures", () => {
  it.each(names.filter((name) => name.startsWith("bad-")))("%s gives exactly the issues it lists", (name) => {
    const fixture = readFixture(name);
    const expected = expectations(fixture.text, "expect");
    expect(expected.length).toBeGreaterThan(0);
    const result = parseDocument(fixture.kind, fixture.text);
    expect(summary(result.issues)).toEqual(expected);
    expect(summary(result.warnings)).toEqual(expectations(fixture.text, "warning"));
    for (const issue of [...result.issues, ...result.warnings]) {
      expect(issue.message.length).toBeGreaterThan(10);
      expect(issue.line).toBeGreaterThan(0);
      expect(issue.column).toBeGreaterThan(0);
    }
  });
});

describe("the valid fixtures", () => {
  it.each(names.filter((name) => !name.startsWith("bad-")))("%s is valid, without warnings", (name) => {
    const fixture = readFixture(name);
    const result = parseDocument(fixture.kind, fixture.text);
    expect(result.issues).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.spec).toBeDefined();
  });
});

describe("collecting problems", () => {
  it("gives three issues for a definition with three mistakes", () => {
    const fixture = readFixture("bad-three-mistakes.yaml");
    expect(parseDocument(fixture.kind, fixture.text).issues.map((issue) => issue.code)).toEqual([
      "DSL_ERR_UNKNOWN_KEY",
      "DSL_ERR_INVALID_VALUE",
      "DSL_ERR_UNKNOWN_TASK",
    ]);
  });

  it("suggests the key that was probably meant", () => {
    const fixture = readFixture("bad-misspelt-keys.yaml");
    const messages = parseDocument(fixture.kind, fixture.text).issues.map((issue) => issue.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("did you mean 'on-success'?"),
        expect.stringContaining("did you mean 'with-items'?"),
        expect.stringContaining("did you mean 'publish'?"),
      ]),
    );
  });
});

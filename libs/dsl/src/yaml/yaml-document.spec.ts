import { describe, expect, it } from "vitest";
import { parseYamlDocument } from "./yaml-document.js";

describe("parseYamlDocument", () => {
  it("gives plain values with PyYAML's YAML 1.1 scalars", () => {
    const document = parseYamlDocument("a: yes\nb: [017, 0x10, 1.5e+1, ~]\nc: {d: off}\n");
    expect(document.value).toEqual({ a: true, b: [15, 16, 15, null], c: { d: false } });
    expect(document.issues).toEqual([]);
  });

  it("locates nodes and keys by path with 1-based lines and columns", () => {
    const text = [
      "wf:",
      "  tasks:",
      "    t1:",
      "      action: std.echo",
      "      on-success:",
      "        - t2",
      "        - 't3': <% $.x %>",
    ].join("\n");
    const document = parseYamlDocument(text);
    expect(document.locate(["wf", "tasks", "t1", "action"])).toMatchObject({ line: 4, column: 15 });
    expect(document.locateKey(["wf", "tasks", "t1", "action"])).toMatchObject({ line: 4, column: 7 });
    expect(document.locate(["wf", "tasks", "t1", "on-success", 0])).toMatchObject({ line: 6, column: 11 });
    expect(document.locate(["wf", "tasks", "t1", "on-success", 1])).toMatchObject({ line: 7, column: 11 });
    expect(document.locateKey(["wf", "tasks", "t1", "on-success", 1, "t3"])).toMatchObject({
      line: 7,
      column: 11,
    });
    expect(document.locate(["wf", "tasks", "t1", "on-success", 1, "t3"])).toMatchObject({
      line: 7,
      column: 17,
    });
    expect(document.locate(["wf", "nothing"])).toBeUndefined();
    expect(document.locateKey(["wf", "tasks", "t1", "on-success", 0])).toBeUndefined();
  });

  it("reports a duplicate key at the second one and keeps the last value, like PyYAML", () => {
    const document = parseYamlDocument("a: 1\nb:\n  c: 2\n  c: 3\n");
    expect(document.value).toEqual({ a: 1, b: { c: 3 } });
    expect(document.issues).toMatchObject([
      { code: "DSL_ERR_DUPLICATE_KEY", path: "b.c", line: 4, column: 3 },
    ]);
    expect(document.refused).toBe(false);
  });

  it("reports a syntax error with its line and column", () => {
    const document = parseYamlDocument("a: [1, 2\nb: 3\n");
    expect(document.root).toBeUndefined();
    expect(document.issues).toHaveLength(1);
    expect(document.issues[0]).toMatchObject({ code: "DSL_ERR_YAML_SYNTAX", line: 2 });
  });

  it("shares aliased nodes and applies merge keys as PyYAML does", () => {
    const document = parseYamlDocument(
      [
        "base: &base {a: 1, b: 1}",
        "other: &other {b: 2, c: 2}",
        "x:",
        "  <<: [*base, *other]",
        "  c: 3",
        "y: *base",
      ].join("\n"),
    );
    const value = document.value as Record<string, Record<string, unknown>>;
    expect(value["x"]).toEqual({ b: 1, c: 3, a: 1 });
    expect(Object.keys(value["x"] ?? {})).toEqual(["b", "c", "a"]);
    expect(value["y"]).toBe(value["base"]);
    expect(document.issues).toEqual([]);
  });

  it("refuses a billion-laughs document before expanding it", () => {
    const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) {
      lines.push(`l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(", ")}]`);
    }
    const document = parseYamlDocument(lines.join("\n"));
    expect(document.refused).toBe(true);
    expect(document.issues[0]?.message).toMatch(/Aliases expand/);
  });

  it("refuses what PyYAML's safe loader refuses: unknown tags, undefined aliases, a second document", () => {
    const issues = (text: string): string[] => parseYamlDocument(text).issues.map((issue) => issue.message);
    expect(issues("a: !foo bar")).toEqual([expect.stringMatching(/no constructor for the tag '!foo'/)]);
    expect(issues("a: *nowhere")).toEqual([expect.stringMatching(/no anchor &nowhere/)]);
    expect(issues("a: &x [*x]")).toEqual([expect.stringMatching(/recursive/)]);
    expect(issues("a: 1\n---\nb: 2")).toEqual([expect.stringMatching(/more than one YAML document/)]);
    expect(issues("a: &x 1\nb: &x 2")).toEqual([expect.stringMatching(/anchor &x is defined twice/)]);
    expect(issues("? [a]\n: 1")).toEqual([expect.stringMatching(/cannot be a mapping key/)]);
  });

  it("keeps keys that YAML 1.1 reads as non-strings, marked as such", () => {
    const document = parseYamlDocument("on: 1\n'off': 2\n3: x\n");
    const root = document.root;
    expect(root?.kind).toBe("mapping");
    if (root?.kind !== "mapping") return;
    expect(root.entries.map((entry) => [entry.key, entry.keyIsString, entry.keyText])).toEqual([
      ["true", false, "on"],
      ["off", true, "off"],
      ["3", false, "3"],
    ]);
  });

  it("stores a `__proto__` key as data", () => {
    const value = parseYamlDocument("__proto__: {polluted: true}").value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("builds sets, ordered maps and pairs as JSON would store them", () => {
    expect(parseYamlDocument("a: !!set {x, y}\nb: !!omap [c: 1, d: 2]").value).toEqual({
      a: ["x", "y"],
      b: [
        ["c", 1],
        ["d", 2],
      ],
    });
  });

  it("reads an empty text as no document", () => {
    const document = parseYamlDocument("# nothing here\n");
    expect(document.root).toBeUndefined();
    expect(document.value).toBeNull();
    expect(document.issues).toEqual([]);
  });
});

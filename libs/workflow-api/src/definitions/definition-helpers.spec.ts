import { describe, expect, it } from "vitest";
import { actionInputText, invalidInputMessage, parseInputText, workflowInputText } from "./input-text.js";
import { workflowMappings, workflowSpecDocument } from "./spec-document.js";
import { topLevelSectionText, workbookSectionText } from "./workbook-section.js";

describe("workbookSectionText", () => {
  const workbook =
    "version: '2.0'\nname: wb\nworkflows:\n  wf1:\n    tasks:\n      t:\n        # why\n        action: std.noop\n\n  wf2:\n    tasks: {}\n";

  it("cuts one workflow out of a workbook and unindents it, as Mistral stores it", () => {
    expect(workbookSectionText(workbook, "workflows", "wf1")).toBe(
      "wf1:\n  tasks:\n    t:\n      # why\n      action: std.noop\n",
    );
    expect(workbookSectionText(workbook, "workflows", "wf2")).toBe("wf2:\n  tasks: {}\n");
    expect(workbookSectionText(workbook, "actions", "wf1")).toBe("");
  });

  it("keeps one workflow of a document with several, with its version", () => {
    expect(topLevelSectionText("version: '2.0'\na:\n  x: 1\nb:\n  y: 2\n", "b", "2.0")).toBe(
      "version: '2.0'\nb:\n  y: 2\n",
    );
  });
});

describe("input texts", () => {
  it("prints a workflow's input with Python's str() of each default in quotes", () => {
    expect(workflowInputText(["name", { greeting: "Hello" }, { n: 2 }, { x: null }, { l: [1, "a"] }])).toBe(
      'name, greeting="Hello", n="2", x="None", l="[1, \'a\']"',
    );
  });

  it("prints an action's input with JSON defaults, or null without input", () => {
    expect(
      actionInputText([{ name: "text" }, { name: "times", default: 1 }, { name: "p", default: "!" }]),
    ).toBe('text, times=1, p="!"');
    expect(actionInputText([])).toBeNull();
  });

  it("reads input strings back, with quoted commas and **kwargs", () => {
    expect(parseInputText('url, method="G,ET", headers=null, **kwargs')).toEqual([
      { name: "url", required: true, variadic: false },
      { name: "method", required: false, variadic: false },
      { name: "headers", required: false, variadic: false },
      { name: "kwargs", required: false, variadic: true },
    ]);
  });

  it("words invalid input as Mistral does", () => {
    expect(invalidInputMessage("wf", "DirectWorkflowSpec", ["a"], [])).toBe(
      "Invalid input [name=wf, class=DirectWorkflowSpec, missing=['a']]",
    );
  });
});

describe("spec documents", () => {
  it("adds Mistral's keys to the workflow and its tasks", () => {
    const entries = [
      ...workflowMappings(
        "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t:\n      action: std.noop\n",
        "workflows",
      ),
    ];
    const [name, mapping] = entries[0]!;
    expect(name).toBe("wf");
    expect(workflowSpecDocument(mapping, "wf")).toEqual({
      type: "reverse",
      tasks: { t: { action: "std.noop", type: "reverse", name: "t", version: "2.0" } },
      name: "wf",
      version: "2.0",
    });
  });

  it("gives nothing for text that is not YAML", () => {
    expect(workflowMappings("a: [", "workflows").size).toBe(0);
  });
});

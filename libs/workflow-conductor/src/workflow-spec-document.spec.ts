import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPyYaml, parseWorkflows } from "@ops/dsl";
import { describe, expect, it } from "vitest";
import { parseRehearsal } from "./testing/index.js";
import { workflowSpecDocument, workflowSpecFromDocument } from "./workflow-spec-document.js";

describe("workflowSpecDocument", () => {
  it("adds name and version to the workflow, and type, name and version to each task, after their keys", () => {
    const document = workflowSpecDocument(
      { input: ["a"], tasks: { t1: { action: "std.noop", "on-success": "t2" }, t2: { action: "std.noop" } } },
      "wf",
    );
    expect(document).toEqual({
      input: ["a"],
      tasks: {
        t1: { action: "std.noop", "on-success": "t2", type: "direct", name: "t1", version: "2.0" },
        t2: { action: "std.noop", type: "direct", name: "t2", version: "2.0" },
      },
      name: "wf",
      version: "2.0",
    });
    expect(Object.keys(document)).toEqual(["input", "tasks", "name", "version"]);
    expect(Object.keys(document["tasks"] as object)).toEqual(["t1", "t2"]);
  });

  it("gives the tasks of a reverse workflow its type", () => {
    const document = workflowSpecDocument({ type: "reverse", tasks: { t: { action: "std.noop" } } }, "wf");
    expect(document["tasks"]).toEqual({
      t: { action: "std.noop", type: "reverse", name: "t", version: "2.0" },
    });
  });
});

describe("workflowSpecFromDocument", () => {
  const folder = join(import.meta.dirname, "..", "test", "rehearsals");
  const texts = readdirSync(folder)
    .filter((name) => name.endsWith(".yaml"))
    .flatMap((name) => parseRehearsal(readFileSync(join(folder, name), "utf8")).definitions)
    .filter((text) => !/^name:/m.test(text) && !/^\s+base:/m.test(text));

  it.each(texts.map((text, index) => [index, text] as const))(
    "reads back the typed spec a document was made from (definition %i of the rehearsals)",
    (_index, text) => {
      const raw = loadPyYaml(text) as Record<string, Record<string, unknown>>;
      for (const workflow of parseWorkflows(text).spec!.workflows) {
        const document = workflowSpecDocument(raw[workflow.name]!, workflow.name);
        const readBack = workflowSpecFromDocument(document);
        expect(readBack.issues).toEqual([]);
        expect(readBack.spec).toEqual(workflow);
      }
    },
  );
});

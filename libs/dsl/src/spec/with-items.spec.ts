import { describe, expect, it } from "vitest";
import { parseWithItemsEntry } from "./with-items.js";

describe("parseWithItemsEntry", () => {
  it("splits YAQL, Jinja and list sources", () => {
    expect(parseWithItemsEntry("vm in <% $.vms %>")).toEqual({
      variable: "vm",
      sourceText: "<% $.vms %>",
      ignored: "",
    });
    expect(parseWithItemsEntry("  i in {{ _.xs }}")).toMatchObject({
      variable: "i",
      sourceText: "{{ _.xs }}",
    });
    expect(parseWithItemsEntry("port in [22, 2222]")).toMatchObject({
      variable: "port",
      sourceText: "[22, 2222]",
    });
  });

  it("matches only the start of the text, like Mistral's re.match", () => {
    expect(parseWithItemsEntry("x in <% $.a %> and more")).toMatchObject({
      sourceText: "<% $.a %>",
      ignored: "and more",
    });
  });

  it("refuses entries without a variable or a source", () => {
    expect(parseWithItemsEntry("x in y")).toBeUndefined();
    expect(parseWithItemsEntry("<% $.y %>")).toBeUndefined();
    expect(parseWithItemsEntry("x in [")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { parseInlineCommand } from "./inline-command.js";

describe("parseInlineCommand", () => {
  it("takes a text without a space as a bare name", () => {
    expect(parseInlineCommand("std.noop")).toEqual({
      name: "std.noop",
      params: {},
      ignored: "",
      outsideParams: "std.noop",
    });
    expect(parseInlineCommand("fail(msg=x)")?.name).toBe("fail(msg=x)");
  });

  it("strips quotes from quoted values and decodes JSON-looking ones, as Mistral does", () => {
    expect(
      parseInlineCommand(
        `std.echo output="Hi <% $.name %>" x=1 flag=true none=null list=[1, "a"] s='single'`,
      ),
    ).toMatchObject({
      name: "std.echo",
      params: { output: "Hi <% $.name %>", x: 1, flag: true, none: null, list: [1, "a"], s: "single" },
      ignored: "",
    });
  });

  it("keeps expressions as strings", () => {
    expect(parseInlineCommand("std.http url=<% $.url %> timeout={{ _.t }}")?.params).toEqual({
      url: "<% $.url %>",
      timeout: "{{ _.t }}",
    });
  });

  it("reads only the digits of a number, and keeps leading zeros as text, as Mistral's pattern does", () => {
    expect(parseInlineCommand("a x=1.5 y=007")?.params).toEqual({ x: 1, y: "007" });
  });

  it("reports the text Mistral silently ignores", () => {
    expect(parseInlineCommand("std.echo output=hello")).toMatchObject({
      params: {},
      ignored: "output=hello",
    });
  });

  it("reads the call form of engine commands", () => {
    expect(parseInlineCommand("fail(msg=<% task().result %>)")).toMatchObject({
      name: "fail",
      params: { msg: "<% task().result %>" },
      ignored: "",
    });
  });

  it("accepts an expression as the name", () => {
    expect(parseInlineCommand("<% $.action %> x=1")).toMatchObject({
      name: "<% $.action %>",
      params: { x: 1 },
    });
  });

  it("refuses a text with a space that does not start with a name", () => {
    expect(parseInlineCommand('"std.echo" output=1')).toBeUndefined();
    expect(parseInlineCommand(" std.echo output=1")).toBeUndefined();
  });

  it("lets a later parameter of the same name win", () => {
    expect(parseInlineCommand("a x=1 x=2")?.params).toEqual({ x: 2 });
  });
});

describe("parseInlineCommand on hostile input", () => {
  it("reads long texts made to make Mistral's regular expression backtrack", () => {
    const longWord = `a ${"k".repeat(200_000)}`;
    expect(parseInlineCommand(longWord)).toMatchObject({ name: "a", params: {} });
    const unclosedQuote = `a x="${" y=z".repeat(50_000)}`;
    expect(parseInlineCommand(unclosedQuote)?.params).toEqual({});
    const unclosedLists = `a ${"x=[".repeat(50_000)}`;
    expect(parseInlineCommand(unclosedLists)?.params).toEqual({});
    const unclosedExpressions = `a ${"x=<% ".repeat(50_000)}`;
    expect(parseInlineCommand(unclosedExpressions)?.params).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { findDelimitedSpans } from "./delimited-spans.js";

/** What Python's re.findall('<%.*?%>') gives, computed with a JS regex whose dot excludes only "\n". */
function reference(text: string): string[] {
  return text.match(/<%[^\n]*?%>/g) ?? [];
}

describe("finding <% %> spans", () => {
  it.each([
    ["<% 1 %>", ["<% 1 %>"]],
    ["a <% 1 %> b <% 2 %>", ["<% 1 %>", "<% 2 %>"]],
    ["<%%>", ["<%%>"]],
    ["<%>", []],
    ["<% 1\n %> <% 2 %>", ["<% 2 %>"]],
    ["<% '%>' %>", ["<% '%>"]],
    ["<% a \r b %>", ["<% a \r b %>"]],
    ["<% <% 1 %> %>", ["<% <% 1 %>"]],
    ["no expression", []],
  ])("in %j finds %j, as Mistral's regex does", (text, expected) => {
    expect(findDelimitedSpans(text, "<%", "%>").map((s) => text.slice(s.start, s.end))).toEqual(expected);
  });

  it("agrees with the regex on random strings", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ["<", "%", ">", "\n", " ", "a", "<%", "%>"];
    for (let n = 0; n < 2000; n++) {
      const text = Array.from(
        { length: Math.floor(random() * 20) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
      expect(findDelimitedSpans(text, "<%", "%>").map((s) => text.slice(s.start, s.end))).toEqual(
        reference(text),
      );
    }
  });

  it("stays linear on text with many openings and no closing", () => {
    const text = "x=<% ".repeat(50_000);
    const started = performance.now();
    expect(findDelimitedSpans(text, "<%", "%>")).toEqual([]);
    // Generous bound: the quadratic regex takes seconds here; the scan takes about a millisecond.
    expect(performance.now() - started).toBeLessThan(500);
  });
});

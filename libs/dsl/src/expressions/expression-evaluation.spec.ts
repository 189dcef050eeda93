import { describe, expect, it } from "vitest";
import { PyFloat } from "../python/py-types.js";
import {
  containsExpression,
  evaluateRecursively,
  evaluateString,
  ExpressionError,
} from "./expression-evaluation.js";

const context = {
  data: {
    name: "World",
    n: null,
    t: true,
    l: [1, "a"],
    kv: { k: "v" },
    f: new PyFloat(2),
    items: ["x", "y"],
  },
};

describe("evaluating a workflow string the way Mistral does", () => {
  it.each<[string, unknown]>([
    ["<% $.name %>", "World"],
    ["<% $.l %>", [1, "a"]],
    ["<% $.t %>", true],
    ["<% $.n %>", null],
    ["<%$.kv%>", { k: "v" }],
    ["  <% $.name %>", "  World"],
    ["Hello <% $.name %>!", "Hello World!"],
    ["Null: <% $.n %>, bool: <% $.t %>", "Null: None, bool: True"],
    ["list <% $.l %> dict <% $.kv %>", "list [1, 'a'] dict {'k': 'v'}"],
    ["float <% $.f %>", "float 2.0"],
    ["<% $.name %><% $.name %>", "WorldWorld"],
    ["<%% $.name %%>", "World"],
    ["no expression", "no expression"],
    ["<% $.name\n%>", "<% $.name\n%>"],
    ["100% <% 5 %>%", "100% 5%"],
  ])("%j gives %j", (text, expected) => {
    expect(evaluateString(text, context)).toEqual(expected);
  });

  it("keeps a typed whole-string result typed, and an integral float a float", () => {
    expect(evaluateString("<% $.f %>", context)).toBeInstanceOf(PyFloat);
  });

  it("evaluates the values of dicts and the items of lists, never the keys", () => {
    const spec = { "<% $.name %>": "<% $.name %>", list: ["<% $.t %>", 3, { deep: "x<% $.l %>" }], plain: 7 };
    expect(evaluateRecursively(spec, context)).toEqual({
      "<% $.name %>": "World",
      list: [true, 3, { deep: "x[1, 'a']" }],
      plain: 7,
    });
  });

  it("leaves the input of a recursive evaluation unchanged", () => {
    const spec = { a: ["<% $.name %>"] };
    evaluateRecursively(spec, context);
    expect(spec).toEqual({ a: ["<% $.name %>"] });
  });

  it.each([
    [
      "Hi <% $.missing %>",
      "yaql",
      "DSL_ERR_YAQL_EVALUATION",
      "Cannot evaluate YAQL expression 'Hi <% $.missing %>': 'missing'",
    ],
    [
      "<% 1 + %>",
      "yaql",
      "DSL_ERR_YAQL_SYNTAX",
      "Cannot evaluate YAQL expression '<% 1 + %>': Parse error: unexpected end of statement",
    ],
    [
      "{{ _.missing }}",
      "jinja",
      "DSL_ERR_JINJA_EVALUATION",
      "Cannot evaluate Jinja expression '{{ _.missing }}': 'dict object' has no attribute 'missing'",
    ],
  ])("names the failing string %j in the error", (text, language, code, message) => {
    let caught: unknown;
    try {
      evaluateString(text, context);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect(caught).toMatchObject({ language, code, message, text });
  });

  it("tells expressions from plain strings", () => {
    expect(containsExpression("<% 1 %>")).toBe(true);
    expect(containsExpression("{{ 1 }}")).toBe(true);
    expect(containsExpression("{% if x %}{% endif %}")).toBe(true);
    expect(containsExpression("50% off {not jinja}")).toBe(false);
  });
});

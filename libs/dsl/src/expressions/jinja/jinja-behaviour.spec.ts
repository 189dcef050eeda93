// How the Jinja engine meets the rest of the library: results as plain data of the shared model,
// typed errors with stable codes, syntax problems with offsets, the engine's context functions,
// and input that tries to exhaust time, memory or the stack.
import { describe, expect, it, vi } from "vitest";
import { DslError } from "../../errors.js";
import { pyPercentFormat } from "../../python/py-format.js";
import { isTuple, markTuple, PyFloat } from "../../python/py-types.js";
import type { ContextFunctions } from "../context-functions.js";
import {
  evaluateJinjaExpression,
  evaluateJinjaString,
  findJinjaSyntaxProblems,
  JinjaEvaluationError,
  JinjaSyntaxError,
} from "./index.js";

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("results at the Mistral boundary", () => {
  it("keeps Python's int/float distinction with PyFloat for integral floats", () => {
    expect(evaluateJinjaExpression("6 / 3", {})).toEqual(new PyFloat(2));
    expect(evaluateJinjaExpression("6 // 3", {})).toBe(2);
  });

  it("keeps ints beyond 2^53 exact as bigint", () => {
    expect(evaluateJinjaExpression("2 ** 64", {})).toBe(18446744073709551616n);
  });

  it("keeps tuples marked as tuples", () => {
    const result = evaluateJinjaExpression("(1, 2)", {});
    expect(result).toEqual([1, 2]);
    expect(isTuple(result)).toBe(true);
  });

  it("turns Markup into plain strings, also inside containers", () => {
    expect(evaluateJinjaExpression("'<a>' | e", {})).toBe("&lt;a&gt;");
    expect(evaluateJinjaExpression("{'k': '<' | e, 'l': ['x' | safe]}", {})).toEqual({ k: "&lt;", l: ["x"] });
  });

  it("turns generators, ranges and dict views into lists, as Mistral's JSON conversion does", () => {
    expect(evaluateJinjaExpression("_ | select('odd')", [1, 2, 3])).toEqual([1, 3]);
    expect(evaluateJinjaExpression("range(3)", {})).toEqual([0, 1, 2]);
    expect(evaluateJinjaExpression("_.keys()", { a: 1, b: 2 })).toEqual(["a", "b"]);
  });

  it("returns the input data itself when nothing in it changes", () => {
    const data = { list: [1, 2], nested: { x: "y" } };
    expect(evaluateJinjaExpression("_", data)).toBe(data);
  });

  it("gives None for an inline if without else that is false, which renders as an empty string", () => {
    expect(evaluateJinjaExpression("1 if false", {})).toBeNull();
    expect(evaluateJinjaString("a{{ 1 if false }}b", {})).toBe("ab");
  });

  it("fails on an undefined value nested in the result, which Python would carry on as an object", () => {
    expect(errorOf(() => evaluateJinjaExpression("[_.missing]", {}))).toMatchObject({
      code: "DSL_ERR_JINJA_EVALUATION",
      kind: "UndefinedError",
      message: "'dict object' has no attribute 'missing'",
    });
  });

  it("applies Python's 4300-digit limit when an int is turned into text", () => {
    expect(errorOf(() => evaluateJinjaExpression("10 ** 5000", {}))).toMatchObject({ kind: "ValueError" });
    expect(evaluateJinjaExpression("10 ** 5000 > 1", {})).toBe(true);
  });

  it("exposes __env, __execution and __task_execution of the data as variables, as Mistral does", () => {
    expect(evaluateJinjaExpression("__env.region", { __env: { region: "eu" } })).toBe("eu");
    expect(evaluateJinjaExpression("__execution", {})).toBeNull();
  });
});

describe("whole strings versus embedded expressions", () => {
  const cases: ReadonlyArray<readonly [string, unknown]> = [
    ["{{ _.n }}", 3],
    ["{{ _.n }} ", "3 "],
    ["{{ _.n }}{{ _.n }}", "33"],
    ["{{ {'a': {'b': 1}} }}", "{'a': {'b': 1}}"],
    ["{{ 1 }}\n", "1"],
    ["{{ 1 }}\n\n", "1\n"],
    ["{{ [1, 2] }}", [1, 2]],
    ["{% if true %}x{% endif %}{{ _.n }}", "x3"],
  ];

  it.each(cases)("%j evaluates to %j", (text, expected) => {
    expect(evaluateJinjaString(text, { n: 3 })).toEqual(expected);
  });

  it("fails on a string with blocks but no {{ }} expression, as Mistral's IndexError does", () => {
    expect(errorOf(() => evaluateJinjaString("{% if true %}x{% endif %}", {}))).toMatchObject({
      code: "DSL_ERR_JINJA_EVALUATION",
      kind: "IndexError",
    });
  });

  it("does not take {{ }} across a line break as a whole expression", () => {
    expect(errorOf(() => evaluateJinjaString("{{ 1\n}}", {}))).toMatchObject({ kind: "IndexError" });
  });
});

describe("errors", () => {
  it("reports syntax errors as JinjaSyntaxError with DSL_ERR_JINJA_SYNTAX", () => {
    const error = errorOf(() => evaluateJinjaExpression("1 +", {}));
    expect(error).toBeInstanceOf(JinjaSyntaxError);
    expect(error).toBeInstanceOf(DslError);
    expect(error).toMatchObject({ code: "DSL_ERR_JINJA_SYNTAX", message: "unexpected 'end of template'" });
  });

  it("reports evaluation errors as JinjaEvaluationError with the Python exception as kind", () => {
    const error = errorOf(() => evaluateJinjaExpression("1 // 0", {}));
    expect(error).toBeInstanceOf(JinjaEvaluationError);
    expect(error).toMatchObject({ code: "DSL_ERR_JINJA_EVALUATION", kind: "ZeroDivisionError" });
  });

  it("fails on an unknown filter when compiling, even where it would not run, except in an inline if", () => {
    expect(errorOf(() => evaluateJinjaString("{{ 1 if false else x | nosuch }} ", {}))).toMatchObject({
      kind: "TemplateRuntimeError",
      message: "No filter named 'nosuch' found.",
    });
    expect(
      errorOf(() => evaluateJinjaString("{% for x in [] %}{{ x | nosuch }}{% endfor %}{{ 1 }}", {})),
    ).toMatchObject({
      kind: "TemplateAssertionError",
      message: "No filter named 'nosuch'.",
    });
  });

  it("accepts an unknown filter inside an if block or inline if until it is reached, as Jinja's soft frames do", () => {
    expect(evaluateJinjaString("{% if false %}{{ 1 | nosuch }}{% endif %}{{ 2 }}", {})).toBe("2");
    expect(evaluateJinjaString("{{ 1 if true else x | nosuch }} ", {})).toBe("1 ");
  });

  it("reports a sandbox violation as a SecurityError", () => {
    expect(errorOf(() => evaluateJinjaExpression("_.__class__", "x"))).toMatchObject({
      kind: "SecurityError",
      message: "access to attribute '__class__' of 'str' object is unsafe.",
    });
  });

  it("fails the same way on every evaluation of a cached text", () => {
    for (let i = 0; i < 3; i++) {
      expect(errorOf(() => evaluateJinjaExpression("(", {}))).toMatchObject({ code: "DSL_ERR_JINJA_SYNTAX" });
    }
  });
});

describe("syntax problems for validation", () => {
  const problems: ReadonlyArray<readonly [string, number, string]> = [
    ["{{ 1 +}}", 6, "unexpected 'end of print statement'"],
    ["ok {{ x y }}", 8, "expected token 'end of print statement', got 'y'"],
    ["{% if x %}{{ 1 }}", 17, "Unexpected end of template"],
    ["line one\n{% for %}", 16, "Expected an expression, got 'end of statement block'"],
    ["a\r\nb {{ @ }}", 8, "unexpected char '@'"],
    ["{{ 'abc }}", 3, "unexpected char"],
    ["{% endif %}", 3, "Encountered unknown tag 'endif'"],
  ];

  it.each(problems)("%j has a problem at offset %i (%s)", (text, offset, message) => {
    const found = findJinjaSyntaxProblems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ offset, language: "jinja" });
    expect(found[0]!.message).toContain(message);
  });

  it.each([
    "{{ x | nosuch }}",
    "{% include 'x.html' %}",
    "{% macro m() %}{% endmacro %}",
    "{{ _.a.b }} text",
    "{# only a comment #}",
  ])("%j has no syntax problem, as Mistral's parse-only validation sees it", (text) => {
    expect(findJinjaSyntaxProblems(text)).toEqual([]);
  });
});

describe("the engine's context functions", () => {
  it("calls the supplied functions with Mistral's arguments", () => {
    const functions: ContextFunctions = {
      task: vi.fn((name?: string | null) => ({ name, state: "SUCCESS" })),
      tasks: vi.fn(() => [1, 2]),
      executions: vi.fn(() => []),
      env: () => ({ region: "eu" }),
      execution: () => ({ id: "exec-1" }),
      global: (name: string) => `value of ${name}`,
    };
    expect(evaluateJinjaExpression("task('t1').state", {}, functions)).toBe("SUCCESS");
    expect(functions.task).toHaveBeenCalledWith("t1");
    expect(evaluateJinjaExpression("task().name", {}, functions)).toBeNull();
    expect(evaluateJinjaExpression("tasks(state='ERROR', flat=true) | length", {}, functions)).toBe(2);
    expect(functions.tasks).toHaveBeenCalledWith({
      workflowExecutionId: null,
      recursive: false,
      state: "ERROR",
      flat: true,
    });
    evaluateJinjaExpression("executions(root_execution_id='r')", {}, functions);
    expect(functions.executions).toHaveBeenCalledWith({
      id: null,
      rootExecutionId: "r",
      state: null,
      fromTime: null,
      toTime: null,
    });
    expect(
      evaluateJinjaString("{{ env().region }}/{{ execution().id }}/{{ global('g') }}", {}, functions),
    ).toBe("eu/exec-1/value of g");
  });

  it("fails with an evaluation error naming a function the engine did not supply", () => {
    expect(errorOf(() => evaluateJinjaExpression("task('t1')", {}))).toMatchObject({
      code: "DSL_ERR_JINJA_EVALUATION",
      message: expect.stringContaining("task()"),
    });
  });

  it("binds `_` as the context of Mistral's functions, used as globals and as filters", () => {
    expect(evaluateJinjaExpression("json_pp()", { a: 1 })).toBe('{\n    "a": 1\n}');
    expect(evaluateJinjaExpression("_ | json_dump(_.a)", { a: [1] })).toBe("[\n    1\n]");
    expect(errorOf(() => evaluateJinjaExpression("'[1]' | json_parse", {}))).toMatchObject({
      kind: "TypeError",
    });
  });
});

describe("hostile input", () => {
  const failures: ReadonlyArray<readonly [string, string, string]> = [
    ["deeply nested parentheses", `${"(".repeat(5000)}1${")".repeat(5000)}`, "DSL_ERR_JINJA_SYNTAX"],
    ["a very long chain of attributes", `_${".a".repeat(20000)}`, "DSL_ERR_JINJA_SYNTAX"],
    ["a very long chain of additions", Array(20000).fill("1").join(" + "), "DSL_ERR_JINJA_SYNTAX"],
    ["a range beyond the sandbox's limit", "range(10 ** 6) | length", "OverflowError"],
    ["a huge string repetition", "'x' * 10 ** 9", "MemoryError"],
    ["a huge list repetition", "[0] * 10 ** 9", "MemoryError"],
    ["a power with millions of digits", "(10 ** 1000) ** 10000", "OverflowError"],
    ["a huge padding", "'x' | center(10 ** 9)", "MemoryError"],
  ];

  it.each(failures)("fails quickly on %s", (_name, expression, expected) => {
    const started = Date.now();
    const error = errorOf(() => evaluateJinjaExpression(expression, {})) as DslError & { kind?: string };
    expect(error).toBeInstanceOf(DslError);
    expect(expected.startsWith("DSL_ERR") ? error.code : error.kind).toBe(expected);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  const templates: ReadonlyArray<readonly [string, string, string]> = [
    [
      "nested loops that never end in practice",
      "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{{ 1 }}",
      "ResourceLimitError",
    ],
    [
      "output beyond the size limit",
      "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{{ 1 }}",
      "MemoryError",
    ],
    [
      "a macro that calls itself forever",
      "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }} ",
      "RecursionError",
    ],
    [
      "a recursive loop that never ends",
      "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}{{ 1 }}",
      "RecursionError",
    ],
    ["a list that contains itself", "{% set l = [] %}{{ l.append(l) }}{{ l }} ", "RecursionError"],
    [
      "a string that doubles in a loop",
      "{% set ns = namespace(x='ab') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ 1 }}",
      "MemoryError",
    ],
    [
      "an int that squares in a loop",
      "{% set ns = namespace(x=3) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ 1 }}",
      "OverflowError",
    ],
  ];

  it.each(templates)("stops %s", (_name, template, kind) => {
    const started = Date.now();
    expect(errorOf(() => evaluateJinjaString(template, {}))).toMatchObject({
      code: "DSL_ERR_JINJA_EVALUATION",
      kind,
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports deeply nested blocks as a syntax problem instead of overflowing the stack", () => {
    const text = `${"{% if 1 %}".repeat(3000)}{{ 1 }}${"{% endif %}".repeat(3000)}`;
    expect(findJinjaSyntaxProblems(text)).toHaveLength(1);
  });
});

describe("the shared Python model", () => {
  it("treats a list on the right of % as a mapping, so unused it is no error ('abc' % [1] is 'abc')", () => {
    expect(pyPercentFormat("abc", [1])).toBe("abc");
    expect(pyPercentFormat("%s", [1, 2])).toBe("[1, 2]");
    expect(() => pyPercentFormat("abc", markTuple([1]))).toThrow("not all arguments converted");
    expect(() => pyPercentFormat("abc", 5)).toThrow("not all arguments converted");
  });
});

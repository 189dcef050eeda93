import { describe, expect, it } from "vitest";
import { yaqlFailure } from "../../../../test/support/yaql-expectations.js";
import { type YaqlEvaluationKind } from "../yaql-errors.js";
import { evaluateYaql } from "../yaql-language.js";

// Every expected value and error below is what python3-yaql 2.0, configured as Mistral configures
// it, gives for the same expression and data.
const data = {
  s: "Hello World",
  u: "héllo wörld ✓",
  emoji: "a😀b",
  n: null,
  t: true,
  l: [1, 2, 3],
  neg: -1,
  neg2: -2,
  neg3: -3,
  neg10: -10,
  big: 12345678901234567890n,
  user: { name: "alice", tags: ["x", "y"] },
  kv: { k1: "v1" },
};

const failure = (expression: string) => yaqlFailure(expression, data);

describe("YAQL regular expressions (yaql regex.py)", () => {
  it.each<[string, unknown]>([
    ["'abc' =~ 'b'", true],
    ["'abc' =~ '^b'", false],
    ["'abc' !~ 'z'", true],
    ["'abc' !~ 'b'", false],
    ["'abc' =~ regex('B', ignoreCase => true)", true],
    ["'acb' !~ regex('a.c')", true],
    ["'abc' !~ regex('a.c')", false],
    ["'2024-01-15' =~ '^\\\\d{4}-\\\\d{2}-\\\\d{2}$'", true],
    ["'hello world' =~ '\\\\bworld\\\\b'", true],
    ["'axb' =~ 'a\\\\.b'", false],
    ["'x\\ny' =~ '^y'", false],
    ["'a\\n' =~ 'a$'", true],
    ["'😀' =~ '^.$'", true],
    ["'٣' =~ '^\\\\d$'", true],
    ["'abc'.matches('^a.c$')", true],
    ["'abc'.matches('B')", false],
    ["regex('a.c').matches('abc')", true],
    ["regex('A.c').matches('abc')", false],
    ["regex('A.c', ignoreCase => true).matches('abc')", true],
    ["regex('^y', multiLine => true).matches('x\\ny')", true],
    ["regex('a.b').matches('a\\nb')", false],
    ["regex('a.b', dotAll => true).matches('a\\nb')", true],
    ["regex('B', true).matches('b')", true],
    ["regex('a', multiLine => null).matches('a')", true],
    ["regex('(?i)b').matches('B')", true],
  ])("Matching: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["isRegex(regex('a'))", true],
    ["isRegex('a')", false],
    ["isRegex(null)", false],
    ["isRegex(regex('a').matches('a'))", false],
    ["str(regex('a\\\\d'))", "re.compile('a\\\\d')"],
    ['str(regex("it\'s"))', 're.compile("it\'s")'],
    ["str(regex('a', ignoreCase => true))", "re.compile('a', re.IGNORECASE)"],
    ["str(regex('B', false, true, true))", "re.compile('B', re.MULTILINE|re.DOTALL)"],
    ["str(regex('(?i)a'))", "re.compile('(?i)a', re.IGNORECASE)"],
    ["regex('a') = regex('a')", true],
    ["regex('a') = regex('a', true)", false],
    ["regex('a') != regex('b')", true],
    ["escapeRegex('a.b*c')", "a\\.b\\*c"],
    ["escapeRegex('a b-c_d!é😀')", "a\\ b\\-c_d!é😀"],
    ["escapeRegex('')", ""],
  ])("Regex values: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["regex('(\\\\d)(\\\\d)').search('x12y')", "12"],
    ["regex('(\\\\d)(\\\\d)').search('x12y', $.value)", "12"],
    ["regex('a.c').search('cabc', $)", { value: "abc", start: 1, end: 4 }],
    ["regex('a.c').search('cabc', $.start)", 1],
    ["regex('(\\\\d)(x)?').search('a1b', $2)", { value: "1", start: 1, end: 2 }],
    ["regex('(\\\\d)(x)?').search('a1b', $3)", { value: null, start: -1, end: -1 }],
    ["regex('(\\\\d)(x)?').search('a1b', $4)", null],
    ["regex('(a)|(b)').search('b', [$2.value, $3.value, $3.start])", [null, "b", 0]],
    ["regex('z').search('abc')", null],
    ["regex('z').search('abc', $.start)", null],
    ["regex('a').search('bab', null)", null],
    ["regex('a').search('a', selector => $.end)", 1],
    ["regex('😀(.)').search('x😀yz', $2)", { value: "y", start: 2, end: 3 }],
    ["regex('(?P<y>\\\\d)').search('a1')", "1"],
    ["regex('a.c').searchAll('abcadc')", ["abc", "adc"]],
    [
      "regex('a.c').searchAll('abcadc', $)",
      [
        { value: "abc", start: 0, end: 3 },
        { value: "adc", start: 3, end: 6 },
      ],
    ],
    ["regex('\\\\d').searchAll('ab')", []],
    ["regex('(\\\\d)(\\\\w)').searchAll('1a2b', $3.value + $2.value)", ["a1", "b2"]],
    ["regex('😀').searchAll('😀a😀', $.start)", [0, 2]],
    ["regex('^a', multiLine => true).searchAll('a\\na', $.start)", [0, 2]],
    ["regex('x*').searchAll('axb', $.start)", [0, 1, 2, 3]],
  ])("Search and searchAll: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["regex('a.').split('abcadc')", ["", "c", "c"]],
    ["regex('a.').split('abcadc', maxSplit => 1)", ["", "cadc"]],
    ["regex('\\\\d').split('a1b2c', 1)", ["a", "b2c"]],
    ["regex('\\\\d').split('a1b2c', $.neg)", ["a1b2c"]],
    ["regex('(x)|(y)').split('axbyc')", ["a", "x", null, "b", null, "y", "c"]],
    ["regex('x*').split('axbc')", ["", "a", "", "b", "c", ""]],
    ["'abcadc'.split(regex('a.'))", ["", "c", "c"]],
    ["'a1b2'.split(regex('\\\\d'))", ["a", "b", ""]],
    ["'a1b2c'.split(regex('\\\\d'), maxSplit => 1)", ["a", "b2c"]],
    ["str(regex('(a)').split('bab'))", "['b', 'a', 'b']"],
    ["str('bab'.split(regex('a')))", "['b', 'b']"],
  ])("Split: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["regex('a.').replace('abcadc', 'xx')", "xxcxxc"],
    ["regex('a.').replace('abcadc', 'xx', count => 1)", "xxcadc"],
    ["regex('\\\\d').replace('a1b2', '#', $.neg)", "a1b2"],
    ["regex('(\\\\d)').replace('a1b2', '<\\\\1>')", "a<1>b<2>"],
    ["regex('(\\\\d)').replace('a1b2', '\\\\g<0>\\\\g<0>')", "a11b22"],
    ["regex('(?P<d>\\\\d)').replace('a1', '[\\\\g<d>]')", "a[1]"],
    ["regex('\\\\d').replace('a1b2', '\\\\n')", "a\nb\n"],
    ["regex('x*').replace('abc', '-')", "-a-b-c-"],
    ["'abcadc'.replace(regex('a.'), 'xx')", "xxcxxc"],
    ["'aaa'.replace(regex('a*'), '-')", "--"],
    ["'John Smith'.replace(regex('(\\\\w+) (\\\\w+)'), '\\\\2 \\\\1')", "Smith John"],
    ["'abc'.replace(regex('x*'), '-', count => 2)", "-a-bc"],
    ["regex('.').replaceBy('abc', $.value.toUpper())", "ABC"],
    ["regex('.').replaceBy('abc', $.value + '-', 2)", "a-b-c"],
    ["regex('.').replaceBy('abc', $.value + '-', count => 2)", "a-b-c"],
    ["regex('.').replaceBy('abc', null)", ""],
    ["regex('(b)').replaceBy('abc', $1.value + $2.value)", "abbc"],
    ["regex('(b)(x)?').replaceBy('abc', $1.value + str($3.value))", "abnullc"],
  ])("Replace and replaceBy: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, YaqlEvaluationKind]>([
    ["matches('abc', 'B')", "NoFunctionRegisteredException"],
    ["search(regex('a'), 'a')", "NoFunctionRegisteredException"],
    ["'a1b22c'.searchAll('\\\\d+')", "NoMatchingMethodException"],
    ["'a1b22c'.search('\\\\d+')", "NoMatchingMethodException"],
    ["'abc'.matches(regex('B'))", "NoMatchingMethodException"],
    ["regex('b').matches(1)", "NoMatchingMethodException"],
    ["'abc' =~ 1", "NoMatchingFunctionException"],
    ["1 =~ 'a'", "NoMatchingFunctionException"],
    ["null =~ 'a'", "NoMatchingFunctionException"],
    ["regex('a') =~ 'a'", "NoMatchingFunctionException"],
    ["'abc' =~ '('", "RegexError"],
    ["'abc' =~ '['", "RegexError"],
    ["regex('(')", "RegexError"],
    ["regex(null)", "NoMatchingFunctionException"],
    ["regex('a', ignoreCase => 1)", "NoMatchingFunctionException"],
    ["regex('a', ignore_case => true)", "NoMatchingFunctionException"],
    ["escapeRegex(1)", "NoMatchingFunctionException"],
    ["'a.b'.escapeRegex()", "NoMethodRegisteredException"],
    ["isRegex()", "NoMatchingFunctionException"],
    ["regex('\\\\d').replace('a1b2', '\\\\q')", "RegexError"],
    ["regex('(\\\\d)').replace('a1b2', '<\\\\2>')", "RegexError"],
    ["regex('\\\\d').replace('a1b2', 1)", "NoMatchingMethodException"],
    ["'abc'.replaceBy('b', 'X')", "NoMatchingMethodException"],
    ["regex('.').replaceBy('abc', $.start)", "TypeError"],
    ["regex('b').replaceBy('abc', $1.value + $2.value)", "NoFunctionRegisteredException"],
    ["'a1b2c'.split(regex('\\\\d'), maxSplits => 1)", "NoMatchingMethodException"],
    ["regex('\\\\d').searchAll('a1b2')[0]", "NoMatchingFunctionException"],
    ["regex('(?P<y>\\\\d+)').search('ab12', $.y)", "IndexError"],
    ["regex('(?P<y>\\\\d)').search('a1', $)", "ValueError"],
    ["regex('(?P<y>..)').search('a1y', $)", "IndexError"],
    ["regex('(?P<y>\\\\d)?x').search('x', $)", "TypeError"],
    ["regex('(?P<y>\\\\d\\\\d\\\\d)').search('123', $)", "ValueError"],
    ["regex('(?P<y>\\\\d)').replaceBy('a1', 'z')", "ValueError"],
    ["regex('(?P<y>\\\\d)').searchAll('a1', $)", "ValueError"],
  ])("Wrong calls and failing operations: %s fails with %s", (expression, kind) => {
    expect(failure(expression).kind).toBe(kind);
  });

  it.each<[string, unknown]>([
    ["let(p => '-') -> regex('.').replaceBy('ab', $.value + $p)", "a-b-"],
    ["let(p => '-') -> regex('(.)').searchAll('ab', $2.value + $p)", ["a-", "b-"]],
  ])("Selectors see the variables of the scope they are written in: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });
});

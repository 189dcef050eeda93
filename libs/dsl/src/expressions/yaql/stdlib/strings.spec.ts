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

describe("YAQL string functions (yaql strings.py)", () => {
  it.each<[string, unknown]>([
    ["$.s.toUpper()", "HELLO WORLD"],
    ["$.s.toLower()", "hello world"],
    ["$.u.toUpper()", "HÉLLO WÖRLD ✓"],
    ["'Straße'.toUpper()", "STRASSE"],
    ["'ß'.toUpper().len()", 2],
    ["'ǅ'.toLower()", "ǆ"],
    ["'ǆ'.toUpper()", "Ǆ"],
    ["'ﬁ'.toUpper()", "FI"],
    ["'ΣΑΣ ΣΑΣ'.toLower()", "σας σας"],
    ["'İ'.toLower().len()", 2],
    ["len($.s)", 11],
    ["$.s.len()", 11],
    ["$.emoji.len()", 3],
    ["'日本語'.len()", 3],
    ["len('')", 0],
  ])("Case and length: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["$.s.split(' ')", ["Hello", "World"]],
    ["'a b  c'.split()", ["a", "b", "c"]],
    ["' a\\t b\\u3000c\\n'.split()", ["a", "b", "c"]],
    ["'a b c'.split(maxSplits => 1)", ["a", "b c"]],
    ["'  a  b  '.split(null, 1)", ["a", "b  "]],
    ["'a,b,,c'.split(',')", ["a", "b", "", "c"]],
    ["'a b c'.split(' ', 0)", ["a b c"]],
    ["'a b c'.split(' ', $.neg)", ["a", "b", "c"]],
    ["'a b c'.split(' ', true)", ["a", "b c"]],
    ["''.split(',')", [""]],
    ["''.split()", []],
    ["'a😀b'.split('😀')", ["a", "b"]],
    ["'a,b,c'.rightSplit(',', 1)", ["a,b", "c"]],
    ["'  a  b  '.rightSplit(null, 1)", ["  a", "b"]],
    ["'a b c'.rightSplit(separator => ' ', maxSplits => 1)", ["a b", "c"]],
    ["'a-b-c'.split('-').join('+')", "a+b+c"],
    ["', '.join(['x', 'y'])", "x, y"],
    ["[1, null, true, 'a', [1, 2], {a => 1}].join(',')", "1,null,true,a,(1, 2),{'a': 1}"],
    ["$.l.join('')", "123"],
    ["'x'.join([])", ""],
    ["','.join(sequence => $.user.tags)", "x,y"],
    ["$.user.tags.join(separator => '|')", "x|y"],
  ])("Split and join: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["'  pad  '.trim()", "pad"],
    ["'xxpadxx'.trim('x')", "pad"],
    ["'Hello'.trim('Ho')", "ell"],
    ["'  pad  '.trimLeft()", "pad  "],
    ["'--a--'.trimLeft('-')", "a--"],
    ["'  pad  '.trimRight()", "  pad"],
    ["'--a--'.trimRight(chars => '-')", "--a"],
    ["'\\u00a0x\\u2003'.trim()", "x"],
    ["'\\u200bx'.trim()", "​x"],
    ["'xyx'.trim(null)", "xyx"],
    ["'  a  b '.norm()", "a  b"],
    ["'aaaa'.norm('a')", null],
    ["'   '.norm()", null],
    ["norm(null)", null],
    ["null.norm()", null],
    ["norm(' x ')", "x"],
    ["''.isEmpty()", true],
    ["'  '.isEmpty()", true],
    ["' x '.isEmpty()", false],
    ["isEmpty(null)", true],
    ["null.isEmpty()", true],
    ["'  '.isEmpty(trim => false)", false],
    ["'abaab'.isEmpty(chars => 'ab')", true],
    ["isEmpty(' x ', true, ' x')", true],
  ])("Trim, norm and isEmpty: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["'abcdef'.substring(2)", "cdef"],
    ["'abcdef'.substring($.neg2)", "ef"],
    ["'abcdef'.substring(2, $.neg)", "cdef"],
    ["'abcdef'.substring(1, 2)", "bc"],
    ["'abcdef'.substring(0, 0)", ""],
    ["'abcdef'.substring($.neg10)", ""],
    ["'abcdef'.substring($.neg10, 3)", "cde"],
    ["'abcdef'.substring(10)", ""],
    ["'abcdef'.substring(start => 1, length => 3)", "bcd"],
    ["'abc'.substring(true)", "bc"],
    ["$.emoji.substring(1, 1)", "😀"],
    ["$.emoji.substring($.neg2)", "😀b"],
    ["'cabcdab'.indexOf('ab')", 1],
    ["'cabcdab'.indexOf('ab', 2)", 5],
    ["'cabcdab'.indexOf('ab', 6)", -1],
    ["'cabcdab'.indexOf('z')", -1],
    ["'cabcdab'.indexOf('ab', $.neg2)", 5],
    ["'cabcdab'.indexOf('bc', 2, 2)", 2],
    ["'cabcdab'.indexOf('ab', $.neg3, $.neg)", 5],
    ["'abc'.indexOf('', 3)", 3],
    ["'abc'.indexOf('', 4)", -1],
    ["'abc'.indexOf(sub => 'c', start => 1)", 2],
    ["'a😀b😀'.indexOf('b')", 2],
    ["'a😀b😀'.indexOf('😀', 2)", 3],
    ["'cabcdab'.lastIndexOf('ab')", 5],
    ["'cabcdab'.lastIndexOf('ab', 6)", -1],
    ["'cabcdbc'.lastIndexOf('bc', 2, 5)", 5],
    ["'cabcdab'.lastIndexOf('c', $.neg3, 2)", -1],
    ["'abc'.lastIndexOf('', 4)", -1],
    ["'a😀b😀'.lastIndexOf('😀')", 3],
    ["'abc'.toCharArray()", ["a", "b", "c"]],
    ["$.emoji.toCharArray()", ["a", "😀", "b"]],
    ["''.toCharArray()", []],
  ])("Substring and search: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["'hello'.replace('l', 'L')", "heLLo"],
    ["'hello'.replace('l', 'L', 1)", "heLlo"],
    ["'hello'.replace('l', 'L', count => 0)", "hello"],
    ["'hello'.replace('l', 'L', $.neg)", "heLLo"],
    ["'hello'.replace(old => 'l', new => 'L')", "heLLo"],
    ["'hello'.replace('', '-')", "-h-e-l-l-o-"],
    ["'hello'.replace('', '-', 2)", "-h-ello"],
    ["'mississippi'.replace('ss', 'SS')", "miSSiSSippi"],
    ["$.u.replace('ö', 'o')", "héllo world ✓"],
    ["'abc ab abc'.replace({abc => xx, ab => yy})", "xx yy xx"],
    ["'abc ab abc'.replace({ab => yy, abc => xx})", "yyc yy yyc"],
    ["'abc ab abc'.replace({ab => yy, abc => xx}, 1)", "yyc ab xx"],
    ["'h1'.replace({1 => null})", "hnull"],
    ["'hello'.replace(replacements => {l => 'L'}, count => 1)", "heLlo"],
  ])("Replace: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["'Hello'.startsWith('He')", true],
    ["'Hello'.startsWith('x', 'H')", true],
    ["'Hello'.startsWith()", false],
    ["'abc'.startsWith('')", true],
    ["'Hello'.endsWith('lo')", true],
    ["'abcd'.endsWith('yy', 'xx', 'zz')", false],
    ["concat('a', 'b', 'c')", "abc"],
    ["concat('a')", "a"],
    ["'a' + 'b' + 'c'", "abc"],
    ["$.s + '!'", "Hello World!"],
    ["'' + ''", ""],
    ["'ab' * 3", "ababab"],
    ["3 * 'ab'", "ababab"],
    ["'ab' * 0", ""],
    ["'ab' * $.neg", ""],
    ["'ab' * true", "ab"],
    ["'ell' in $.s", true],
    ["'z' in 'abc'", false],
    ["'' in 'abc'", true],
    ["'abc' < 'abd'", true],
    ["'ab' < 'abc'", true],
    ["'abc' > 'abb'", true],
    ["'abc' >= 'abc'", true],
    ["'abc' <= 'ab'", false],
    ["'über' < 'zebra'", false],
    ["'😀' > '\\uffff'", true],
    ["'a' + 'b' = 'ab'", true],
  ])("Prefixes, concatenation and operators: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["str(123)", "123"],
    ["str(true)", "true"],
    ["str(false)", "false"],
    ["str(null)", "null"],
    ["str('x')", "x"],
    ["str([1, 2])", "(1, 2)"],
    ["str(['x'])", "('x',)"],
    ["str([])", "()"],
    ["str([true, null, 'a'])", "(True, None, 'a')"],
    ["str({a => [1, 'b']})", "{'a': (1, 'b')}"],
    ["str($.user)", "{'name': 'alice', 'tags': ('x', 'y')}"],
    ["str($.big)", "12345678901234567890"],
    ["str(1.0)", "1.0"],
    ["str(2.50)", "2.5"],
    ["str(10000000000000000.0)", "1e+16"],
    ["str(0.000001)", "1e-06"],
    ["str(123456789.123)", "123456789.123"],
    ["str($.u)", "héllo wörld ✓"],
    ["'a' + str(1)", "a1"],
    ["str('a b'.split())", "['a', 'b']"],
    ["str(['a b'.split()])", "(['a', 'b'],)"],
    ["str('ab'.toCharArray())", "('a', 'b')"],
    ["'{0}'.format('a,b'.rightSplit(','))", "['a', 'b']"],
    ["[1, 'a b'.split()].join(';')", "1;['a', 'b']"],
  ])("Str(): %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["'{} {}'.format('a', 'b')", "a b"],
    ["'{0:.2f}'.format(3.14159)", "3.14"],
    ["'{0:>5}'.format('x')", "    x"],
    ["'{0}'.format(null)", "None"],
    ["'{0}'.format(true)", "True"],
    ["'{0}'.format([1, 2])", "(1, 2)"],
    ["'{0!r}'.format('x')", "'x'"],
    ["'{0}'.format(1.0)", "1.0"],
    ["'%s'.format(1)", "%s"],
    ["'{0:05d}'.format(42)", "00042"],
    ["'{0[0]}'.format([7, 8])", "7"],
    ["'{0[a]}'.format({a => 5})", "5"],
    ["'{a}'.format(a => 1, b => 2)", "1"],
    ["'{string}'.format(string => 'x')", "x"],
    ["format('abc{0}ab{foo}abc', ' ', foo => ',')", "abc ab,abc"],
    ["'{0:>{1}}'.format('x', 4)", "   x"],
    ["'{:*^9,.2f}'.format(12345.678)", "12,345.68"],
    ["'}}{{'.format()", "}{"],
    ["'{0:3}|'.format('😀')", "😀  |"],
    ["'{0:x}'.format($.big)", "ab54a98ceb1f0ad2"],
  ])("Format: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["characters(printable => null)", []],
    ["isString('a')", true],
    ["isString(1)", false],
    ["isString(null)", false],
    ["isString(['a'])", false],
    ["hex(256)", "0x100"],
    ["hex(0)", "0x0"],
    ["hex($.neg)", "-0x1"],
    ["hex($.big)", "0xab54a98ceb1f0ad2"],
  ])("Characters, isString and hex: %s gives %j", (expression, expected) => {
    expect(evaluateYaql(expression, data)).toEqual(expected);
  });

  it.each<[string, YaqlEvaluationKind]>([
    ["toUpper('abc')", "NoFunctionRegisteredException"],
    ["toLower('ABC')", "NoFunctionRegisteredException"],
    ["trim(' x ')", "NoFunctionRegisteredException"],
    ["split('a b')", "NoFunctionRegisteredException"],
    ["substring('abc', 1)", "NoFunctionRegisteredException"],
    ["join(['a'], ',')", "NoFunctionRegisteredException"],
    ["'a'.join('xyz')", "NoMatchingMethodException"],
    ["[1, 2].join(null)", "NoMatchingMethodException"],
    ["'abc'.startsWith(1)", "NoMatchingMethodException"],
    ["'abc'.startsWith(['a'])", "NoMatchingMethodException"],
    ["'abc'.substring(null)", "NoMatchingMethodException"],
    ["'abc'.substring(1, null)", "NoMatchingMethodException"],
    ["'abc'.substring('1')", "NoMatchingMethodException"],
    ["'a b'.split(max_splits => 1)", "NoMatchingMethodException"],
    ["'a b'.split('')", "ValueError"],
    ["' '.isEmpty(trimSpaces => false)", "NoMatchingMethodException"],
    ["' '.isEmpty(trim => null)", "NoMatchingMethodException"],
    ["isEmpty(1)", "NoMatchingFunctionException"],
    ["len(null)", "NoMatchingFunctionException"],
    ["len(1)", "NoMatchingFunctionException"],
    ["norm(1)", "NoMatchingFunctionException"],
    ["'hello'.replace('l', 1)", "NoMatchingMethodException"],
    ["concat()", "NoMatchingFunctionException"],
    ["concat('a', 1)", "NoMatchingFunctionException"],
    ["concat(null)", "NoMatchingFunctionException"],
    ["'ab' + null", "NoMatchingFunctionException"],
    ["'a' + 1", "NoMatchingFunctionException"],
    ["1 + 'a'", "NoMatchingFunctionException"],
    ["'ab' * 2.0", "NoMatchingFunctionException"],
    ["'ab' * 'c'", "NoMatchingFunctionException"],
    ["'a' in null", "NoMatchingFunctionException"],
    ["'a' < 1", "NoMatchingFunctionException"],
    ["'{x}'.format(1)", "KeyError"],
    ["'{0}{1}'.format(1)", "IndexError"],
    ["'{'.format()", "ValueError"],
    ["format('{0}')", "IndexError"],
    ["'{0:d}'.format(1.5)", "ValueError"],
    ["$.s[0]", "NoMatchingFunctionException"],
    ["characters(letters => true)", "TypeError"],
    ["characters(uppercase => true)", "TypeError"],
    ["characters(digits => 1)", "NoMatchingFunctionException"],
    ["characters(ascii_lowercase => true)", "NoMatchingFunctionException"],
    ["isString()", "NoMatchingFunctionException"],
    ["hex(1.5)", "TypeError"],
    ["hex(null)", "TypeError"],
    ["hex(true)", "NoMatchingFunctionException"],
    ["hex('1')", "NoMatchingFunctionException"],
    ["str()", "NoMatchingFunctionException"],
  ])("Wrong calls and failing operations: %s fails with %s", (expression, kind) => {
    expect(failure(expression).kind).toBe(kind);
  });

  // characters() returns a Python set's items, so only the items are compared, not their order.
  it.each<[string, string]>([
    ["characters(digits => true)", "0123456789"],
    ["characters(hexdigits => true)", "0123456789ABCDEFabcdef"],
    ["characters(octdigits => true, digits => true)", "0123456789"],
    ["characters(whitespace => true)", "\t\n\v\f\r "],
    ["characters(punctuation => true)", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
    [
      "characters(asciiLowercase => true, asciiUppercase => true)",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    ],
    [
      "characters(asciiLetters => true, whitespace => null)",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    ],
    [
      "characters(printable => true, whitespace => true)",
      "\t\n\v\f\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    ],
    ["characters()", ""],
  ])("Characters: %s holds each of %j once", (expression, expected) => {
    const chars = evaluateYaql(expression, data) as string[];
    expect([...chars].sort().join("")).toBe([...expected].sort().join(""));
    expect(new Set(chars).size).toBe(chars.length);
  });
});

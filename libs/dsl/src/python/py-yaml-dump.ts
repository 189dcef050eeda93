// PyYAML's `safe_dump(data, default_flow_style=False)`, the output of Mistral's yaml_dump():
// block style, keys sorted, 2-space indentation with sequences inside mappings not indented,
// plain scalars where YAML 1.1 would read them back as the same string, otherwise single or
// double quotes, long lines folded at 80 columns, and "..." after a plain scalar document.
import { floatRepr } from "./py-numbers.js";
import { compareCodePoints } from "./py-string.js";
import { isDict, isFloat, isInt, PyFloat, PySet } from "./py-types.js";

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const BREAKS = "\n\x85\u2028\u2029";
const SPACE_OR_BREAK = `\0 \t\r${BREAKS}`;

// Plain strings that YAML 1.1 would resolve to another type must be quoted (PyYAML's resolver).
const IMPLICIT_NON_STRING = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];

interface ScalarAnalysis {
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

function analyze(text: string): ScalarAnalysis {
  if (text === "") return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true };
  const chars = Array.from(text);
  let blockIndicators = text.startsWith("---") || text.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.includes(chars[1]!);
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((ch, index) => {
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      if ("?:".includes(ch) && followedByWhitespace) blockIndicators = true;
      if (ch === "-" && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ":" && followedByWhitespace) blockIndicators = true;
      if (ch === "#" && precededByWhitespace) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    // allow_unicode is off in safe_dump: any character outside printable ASCII forces double quotes.
    if (!(ch === "\n" || (ch >= " " && ch <= "~"))) special = true;
    if (ch === " ") {
      if (index === 0) leadingSpace = true;
      if (index === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = SPACE_OR_BREAK.includes(ch);
    followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.includes(chars[index + 2]!);
  });
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowBlockPlain = false;
  if (breakSpace) allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowBlockPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted };
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  "\0": "0",
  "\x07": "a",
  "\x08": "b",
  "\t": "t",
  "\n": "n",
  "\x0b": "v",
  "\x0c": "f",
  "\r": "r",
  "\x1b": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\xa0": "_",
  "\u2028": "L",
  "\u2029": "P",
};

/** Writes text while tracking the column, the way PyYAML's emitter does for folding. */
class Writer {
  out = "";
  column = 0;
  whitespace = true;
  indention = true;
  openEnded = false;

  write(text: string): void {
    this.out += text;
    this.column += Array.from(text).length;
  }

  indicator(text: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? text : ` ${text}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.openEnded = false;
  }

  lineBreak(br = "\n"): void {
    this.out += br;
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
  }

  indent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(" ".repeat(indent - this.column));
    }
  }

  plain(text: string, indent: number, root: boolean): void {
    if (root) this.openEnded = true;
    if (text === "") return;
    if (!this.whitespace) this.write(" ");
    this.whitespace = false;
    this.indention = false;
    const chars = Array.from(text);
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > BEST_WIDTH) {
            this.indent(indent);
            this.whitespace = false;
            this.indention = false;
          } else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (ch === undefined || ch === " ") {
        this.write(chars.slice(start, end).join(""));
        start = end;
      }
      if (ch !== undefined) spaces = ch === " ";
    }
  }

  singleQuoted(text: string, indent: number): void {
    this.indicator("'", true);
    const chars = Array.from(text);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > BEST_WIDTH && start !== 0 && end !== chars.length)
            this.indent(indent);
          else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (chars[start] === "\n") this.lineBreak();
          for (const br of chars.slice(start, end)) this.lineBreak(br === "\n" ? "\n" : br);
          this.indent(indent);
          start = end;
        }
      } else if (ch === undefined || ch === " " || BREAKS.includes(ch) || ch === "'") {
        if (start < end) {
          this.write(chars.slice(start, end).join(""));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  doubleQuoted(text: string, indent: number): void {
    this.indicator('"', true);
    const chars = Array.from(text);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars[end];
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !(ch >= " " && ch <= "~")) {
        if (start < end) {
          this.write(chars.slice(start, end).join(""));
          start = end;
        }
        if (ch !== undefined) {
          const code = ch.codePointAt(0)!;
          const escape = DOUBLE_QUOTE_ESCAPES[ch];
          const hex = code.toString(16).toUpperCase();
          this.write(
            escape !== undefined
              ? `\\${escape}`
              : code <= 0xff
                ? `\\x${hex.padStart(2, "0")}`
                : code <= 0xffff
                  ? `\\u${hex.padStart(4, "0")}`
                  : `\\U${hex.padStart(8, "0")}`,
          );
          start = end + 1;
        }
      }
      if (
        0 < end &&
        end < chars.length - 1 &&
        (ch === " " || start >= end) &&
        this.column + (end - start) > BEST_WIDTH
      ) {
        this.write(`${chars.slice(start, end).join("")}\\`);
        if (start < end) start = end;
        this.indent(indent);
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === " ") this.write("\\");
      }
    }
    this.indicator('"', false);
  }
}

type Node =
  | { kind: "scalar"; text: string; implicit: boolean }
  | { kind: "sequence"; items: Node[] }
  | { kind: "mapping"; pairs: Array<[Node, Node]> };

function representFloat(x: number): string {
  if (Number.isNaN(x)) return ".nan";
  if (x === Infinity) return ".inf";
  if (x === -Infinity) return "-.inf";
  const text = floatRepr(x).toLowerCase();
  return !text.includes(".") && text.includes("e") ? text.replace("e", ".0e") : text;
}

function sortKey(a: string, b: string): number {
  return compareCodePoints(a, b);
}

function represent(value: unknown): Node {
  if (value === null || value === undefined) return { kind: "scalar", text: "null", implicit: true };
  if (typeof value === "boolean") return { kind: "scalar", text: value ? "true" : "false", implicit: true };
  if (isInt(value)) return { kind: "scalar", text: String(value), implicit: true };
  if (isFloat(value)) {
    return {
      kind: "scalar",
      text: representFloat(value instanceof PyFloat ? value.value : value),
      implicit: true,
    };
  }
  if (typeof value === "string") {
    return {
      kind: "scalar",
      text: value,
      implicit: !IMPLICIT_NON_STRING.some((pattern) => pattern.test(value)),
    };
  }
  if (Array.isArray(value)) return { kind: "sequence", items: value.map(represent) };
  if (value instanceof PySet) return { kind: "sequence", items: value.values().map(represent) };
  if (isDict(value)) {
    const keys = Object.keys(value).sort(sortKey);
    return { kind: "mapping", pairs: keys.map((key) => [represent(key), represent(value[key])]) };
  }
  return { kind: "scalar", text: String(value), implicit: true };
}

function emitScalar(
  w: Writer,
  node: { text: string; implicit: boolean },
  indent: number,
  simpleKey: boolean,
  root: boolean,
): void {
  const analysis = analyze(node.text);
  const plainAllowed =
    node.implicit && !(simpleKey && (analysis.empty || analysis.multiline)) && analysis.allowBlockPlain;
  if (plainAllowed) w.plain(node.text, indent, root);
  else if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline))
    w.singleQuoted(node.text, indent);
  else w.doubleQuoted(node.text, indent);
}

function emitNode(w: Writer, node: Node, indent: number, context: "root" | "mapping" | "sequence"): void {
  if (node.kind === "scalar") {
    emitScalar(w, node, indent + BEST_INDENT, false, context === "root");
    return;
  }
  if (node.kind === "sequence") {
    if (node.items.length === 0) {
      w.indicator("[", true, true);
      w.indicator("]", false);
      return;
    }
    // A sequence that is a mapping value is not indented further (PyYAML's indentless sequence).
    const seqIndent = context === "mapping" ? indent : context === "root" ? 0 : indent + BEST_INDENT;
    for (const item of node.items) {
      w.indent(seqIndent);
      w.indicator("-", true, false, true);
      emitNode(w, item, seqIndent, "sequence");
    }
    return;
  }
  if (node.pairs.length === 0) {
    w.indicator("{", true, true);
    w.indicator("}", false);
    return;
  }
  const mapIndent = context === "root" ? 0 : indent + BEST_INDENT;
  for (const [key, value] of node.pairs) {
    w.indent(mapIndent);
    if (key.kind === "scalar") emitScalar(w, key, mapIndent + BEST_INDENT, true, false);
    w.indicator(":", false);
    emitNode(w, value, mapIndent, "mapping");
  }
}

/** PyYAML's `yaml.safe_dump(value, default_flow_style=False)`. */
export function pyYamlDump(value: unknown): string {
  const w = new Writer();
  emitNode(w, represent(value), 0, "root");
  w.lineBreak();
  if (w.openEnded) w.out += "...\n";
  return w.out;
}

// Python's pprint.pformat(value) (width 80, dicts sorted by key), which the pprint filter returns:
// the repr when it fits, otherwise one item per line with the continuation indented.
import { pyRepr } from "../../python/py-repr.js";
import { compareCodePoints, pySplitLines } from "../../python/py-string.js";
import { isDict, isTuple } from "../../python/py-types.js";

const WIDTH = 80;

function sortedEntries(dict: Record<string, unknown>): Array<[string, unknown]> {
  return Object.keys(dict)
    .sort(compareCodePoints)
    .map((key) => [key, dict[key]]);
}

/** repr() with dict keys sorted, as pprint's _safe_repr writes it. */
function safeRepr(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(safeRepr);
    if (isTuple(value)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    return `[${items.join(", ")}]`;
  }
  if (isDict(value)) {
    return `{${sortedEntries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${safeRepr(item)}`)
      .join(", ")}}`;
  }
  return pyRepr(value);
}

class Printer {
  out = "";

  format(value: unknown, indent: number, allowance: number, level: number): void {
    const rep = safeRepr(value);
    const maxWidth = WIDTH - indent - allowance;
    if (rep.length > maxWidth) {
      if (isDict(value)) return this.dict(value, indent, allowance, level + 1);
      if (Array.isArray(value)) return this.sequence(value, indent, allowance, level + 1);
      if (typeof value === "string") return this.str(value, indent, allowance, level + 1);
    }
    this.out += rep;
  }

  private dict(value: Record<string, unknown>, indent: number, allowance: number, level: number): void {
    this.out += "{";
    const items = sortedEntries(value);
    const inner = indent + 1;
    items.forEach(([key, item], i) => {
      const last = i === items.length - 1;
      const rep = pyRepr(key);
      this.out += `${rep}: `;
      this.format(item, inner + rep.length + 2, last ? allowance + 1 : 1, level);
      if (!last) this.out += `,\n${" ".repeat(inner)}`;
    });
    this.out += "}";
  }

  private sequence(value: unknown[], indent: number, allowance: number, level: number): void {
    const tuple = isTuple(value);
    const end = tuple ? (value.length === 1 ? ",)" : ")") : "]";
    this.out += tuple ? "(" : "[";
    const inner = indent + 1;
    const itemAllowance = allowance + end.length;
    value.forEach((item, i) => {
      const last = i === value.length - 1;
      if (i > 0) this.out += `,\n${" ".repeat(inner)}`;
      this.format(item, inner, last ? itemAllowance : 1, level);
    });
    this.out += end;
  }

  private str(value: string, indent: number, allowance: number, level: number): void {
    if (value.length === 0) {
      this.out += pyRepr(value);
      return;
    }
    const chunks: string[] = [];
    const lines = pySplitLines(value, true);
    if (level === 1) {
      indent += 1;
      allowance += 1;
    }
    let maxWidth1 = WIDTH - indent;
    const maxWidth = WIDTH - indent;
    lines.forEach((line, i) => {
      const rep = pyRepr(line);
      if (i === lines.length - 1) maxWidth1 -= allowance;
      if (rep.length <= maxWidth1) {
        chunks.push(rep);
        return;
      }
      const parts = line.match(/\S*\s*/gu)!.filter((part) => part !== "");
      let maxWidth2 = maxWidth;
      let current = "";
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
        if (pyRepr(candidate).length > maxWidth2) {
          if (current) chunks.push(pyRepr(current));
          current = part;
        } else current = candidate;
      });
      if (current) chunks.push(pyRepr(current));
    });
    if (chunks.length === 1) {
      this.out += chunks[0];
      return;
    }
    if (level === 1) this.out += "(";
    this.out += chunks.join(`\n${" ".repeat(indent)}`);
    if (level === 1) this.out += ")";
  }
}

/** pprint.pformat(value). */
export function prettyFormat(value: unknown): string {
  const printer = new Printer();
  printer.format(value, 0, 0, 0);
  return printer.out;
}

// Craton's `vars` filter: `path:value[,path:value...]`, every condition must hold. The path is the
// subset of MySQL's JSON path Craton supports, starting at the variable's key: legs separated by
// dots, each an identifier, a JSON string or `*`, followed by any number of `[n]` or `[*]`. The value
// is a JSON string, number, boolean or null. A condition holds when some value the path reaches
// contains the value as MySQL's JSON_CONTAINS says (equal, or an element of an array, or a subset
// of an object). Unlike Craton, a comma or colon inside a quoted key or value is read as such.
import { InventoryError } from "./inventory-error.js";

export type PathLeg = {
  readonly key: string | "*";
  /** Array steps after the key: an index, or `*` for every element. */
  readonly indexes: readonly (number | "*")[];
};

export interface VarsCondition {
  readonly path: readonly PathLeg[];
  readonly value: string | number | boolean | null;
  /** The condition as written. */
  readonly text: string;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads a `vars` filter.
 * @throws InventoryError `INV_ERR_VARS_QUERY` naming the position and what was expected there
 */
export function parseVarsQuery(text: string): VarsCondition[] {
  let at = 0;
  const fail = (expected: string): never => {
    throw new InventoryError(
      "INV_ERR_VARS_QUERY",
      `Invalid vars filter ${JSON.stringify(text)}: expected ${expected} at character ${at + 1}.`,
      { vars: text, position: at + 1 },
    );
  };
  const jsonString = (): string => {
    const start = at;
    if (text[at] !== '"') fail("a JSON string");
    for (at++; at < text.length && text[at] !== '"'; at++) if (text[at] === "\\") at++;
    if (at >= text.length) {
      at = start;
      fail("a closing quote");
    }
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      at = start;
      return fail("a valid JSON string");
    }
  };
  const leg = (): PathLeg => {
    let key: string;
    if (text[at] === "*") {
      key = "*";
      at++;
    } else if (text[at] === '"') key = jsonString();
    else {
      IDENTIFIER.lastIndex = at;
      const match = IDENTIFIER.exec(text);
      if (match === null) return fail("a key (an identifier, a JSON string or *)");
      key = match[0];
      at = IDENTIFIER.lastIndex;
    }
    const indexes: (number | "*")[] = [];
    while (text[at] === "[") {
      at++;
      if (text[at] === "*") {
        indexes.push("*");
        at++;
      } else {
        const digits = /\d+/y;
        digits.lastIndex = at;
        const match = digits.exec(text);
        if (match === null) fail("an array index or *");
        indexes.push(Number(match![0]));
        at = digits.lastIndex;
      }
      if (text[at] !== "]") fail("]");
      at++;
    }
    return { key, indexes };
  };
  const value = (): VarsCondition["value"] => {
    if (text[at] === '"') return jsonString();
    for (const [word, literal] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = at;
    const match = NUMBER.exec(text);
    if (match === null)
      return fail("a JSON value (a string in double quotes, a number, true, false or null)");
    at = NUMBER.lastIndex;
    return Number(match[0]);
  };

  const conditions: VarsCondition[] = [];
  if (text.trim() === "") fail("a condition path:value");
  for (;;) {
    const start = at;
    const path = [leg()];
    if (path[0]!.key === "*") {
      at = start;
      fail("a variable's key first (not *)");
    }
    while (text[at] === ".") {
      at++;
      path.push(leg());
    }
    if (text[at] !== ":") fail(": between the path and the value");
    at++;
    const found = value();
    conditions.push({ path, value: found, text: text.slice(start, at) });
    if (at === text.length) return conditions;
    if (text[at] !== ",") fail(", before the next condition, or the end");
    at++;
  }
}

/** Whether resolved (or own) variables meet every condition. */
export function matchesVars(
  variables: Readonly<Record<string, unknown>>,
  conditions: readonly VarsCondition[],
): boolean {
  return conditions.every((condition) =>
    valuesAt(variables, condition.path).some((found) => jsonContains(found, condition.value)),
  );
}

/** Every value the path reaches. */
export function valuesAt(root: unknown, path: readonly PathLeg[]): unknown[] {
  let current: unknown[] = [root];
  for (const leg of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (!isObject(value)) continue;
      if (leg.key === "*") next.push(...Object.values(value));
      else if (Object.hasOwn(value, leg.key)) next.push(value[leg.key]);
    }
    current = next;
    for (const index of leg.indexes) {
      const stepped: unknown[] = [];
      for (const value of current) {
        if (!Array.isArray(value)) continue;
        if (index === "*") stepped.push(...value);
        else if (index < value.length) stepped.push(value[index]);
      }
      current = stepped;
    }
  }
  return current;
}

/** MySQL's JSON_CONTAINS(target, candidate). */
export function jsonContains(target: unknown, candidate: unknown): boolean {
  if (Array.isArray(target)) {
    if (Array.isArray(candidate)) return candidate.every((item) => jsonContains(target, item));
    return target.some((item) => jsonContains(item, candidate));
  }
  if (isObject(target)) {
    if (!isObject(candidate)) return false;
    return Object.entries(candidate).every(
      ([key, value]) => Object.hasOwn(target, key) && jsonContains(target[key], value),
    );
  }
  return target === candidate;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

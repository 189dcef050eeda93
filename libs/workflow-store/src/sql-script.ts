// Migration scripts hold many statements, but the driver adapters run one per call (the MariaDB
// adapter has no executeScript; libsql and PostgreSQL's extended protocol stop at the first
// statement). This splits a script at the semicolons that end statements: not inside quotes,
// identifiers, comments or PostgreSQL dollar-quoted bodies.

/** The statements of an SQL script, without the comments and blank lines between them. */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let current = "";
  let meaningful = false;
  let i = 0;
  const push = () => {
    const text = current.trim();
    if (meaningful && text !== "") statements.push(text);
    current = "";
    meaningful = false;
  };
  while (i < script.length) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      const stop = end === -1 ? script.length : end + 1;
      // Comments before a statement are dropped; inside one they are kept with it.
      if (meaningful) current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = script.indexOf("*/", i + 2);
      const stop = end === -1 ? script.length : end + 2;
      if (meaningful) current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === "\\" && ch === "'") {
          j += 2;
          continue;
        }
        if (script[j] === ch) {
          if (script[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      current += script.slice(i, j + 1);
      meaningful = true;
      i = j + 1;
      continue;
    }
    if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        const stop = end === -1 ? script.length : end + tag.length;
        current += script.slice(i, stop);
        meaningful = true;
        i = stop;
        continue;
      }
    }
    if (ch === ";") {
      push();
      i++;
      continue;
    }
    current += ch;
    if (!/\s/.test(ch)) meaningful = true;
    i++;
  }
  push();
  return statements;
}

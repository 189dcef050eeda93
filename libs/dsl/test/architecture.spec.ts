import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const sourceRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".spec.ts") ? [path] : [];
  });
}

/** Relative imports that exist at run time (type-only imports vanish when compiled). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^import (?!type )[^;]*?from "(\.[^"]+)";/gms)].map((match) =>
    normalize(join(dirname(file), match[1]!.replace(/\.js$/, ".ts"))),
  );
}

describe("the structure of libs/dsl", () => {
  it("has no import cycles between its modules", () => {
    const graph = new Map(sourceFiles(sourceRoot).map((file) => [file, runtimeImports(file)]));
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "visiting") {
          cycles.push(
            [...path.slice(path.indexOf(next)), next].map((f) => relative(sourceRoot, f)).join(" -> "),
          );
        } else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, "done");
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });

  it("imports only its own files and js-yaml (it is pure: no I/O libraries)", () => {
    const external = new Set<string>();
    for (const file of sourceFiles(sourceRoot)) {
      for (const match of readFileSync(file, "utf8").matchAll(/from "([^".][^"]*)";/g))
        external.add(match[1]!);
    }
    const allowed = ["js-yaml", "node:crypto", "node:fs", "vitest"];
    expect([...external].filter((name) => !allowed.includes(name))).toEqual([]);
  });
});

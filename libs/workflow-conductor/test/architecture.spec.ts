// The shape of the library: no import cycles between its modules, and nothing but @ops/dsl from
// outside (it is pure: no I/O, no clock, no randomness of its own).
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

describe("the structure of libs/workflow-conductor", () => {
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

  it("imports nothing from outside but @ops/dsl (no I/O, no node: modules)", () => {
    const external = new Set<string>();
    for (const file of sourceFiles(sourceRoot)) {
      for (const match of readFileSync(file, "utf8").matchAll(/from "([^".][^"]*)";/g))
        external.add(match[1]!);
    }
    expect([...external]).toEqual(["@ops/dsl"]);
  });

  it("reads neither the clock nor random numbers itself (the testing driver's fixed clock aside)", () => {
    const code = (file: string) => readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const offenders = sourceFiles(sourceRoot).filter((file) =>
      /\bDate\.now\(|new Date\(\)|Math\.random\(|randomUUID/.test(code(file)),
    );
    expect(offenders.map((file) => relative(sourceRoot, file))).toEqual([]);
  });
});

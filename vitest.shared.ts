// Settings every project's vitest config shares: where tests live, the "development" export
// condition (so workspace libs resolve to their TypeScript sources), and a JSON report per
// project that tools/run-tests.mjs adds up.
import { join } from "node:path";
import type { ViteUserConfig } from "vitest/config";

const workspaceRoot = import.meta.dirname;

export function projectTestConfig(projectName: string, projectDir: string): ViteUserConfig {
  return {
    root: projectDir,
    resolve: { conditions: ["development"] },
    test: {
      include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
      // Integration tests talk to real databases, Redis and processes on a shared 2-core machine
      // where nx runs several projects' tests at once: vitest's 5 s default is too tight there.
      testTimeout: 30_000,
      hookTimeout: 120_000,
      reporters: [
        "default",
        ["json", { outputFile: join(workspaceRoot, "var", "test-results", `${projectName}.json`) }],
      ],
    },
  };
}

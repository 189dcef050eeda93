// One lint config for the monorepo. Module boundaries follow ../shared/STYLE.md:
// apps depend on libs, libs never on apps, and pure libs (scope:pure) import no I/O frameworks.
import js from "@eslint/js";
import nx from "@nx/eslint-plugin";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

const ioPackages = [
  "fastify",
  "bullmq",
  "ioredis",
  "@prisma/*",
  "prisma",
  "pg",
  "mariadb",
  "@libsql/*",
  "ssh2",
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/var/**", "**/.nx/**", "**/coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs["flat/base"],
  {
    files: ["**/*.ts", "**/*.mts", "**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Boundaries apply to project code; config files at a project's root may share the workspace's.
    files: ["**/src/**/*.ts", "**/test/**/*.ts", "**/bench/**/*.ts"],
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib"] },
            { sourceTag: "type:charm", onlyDependOnLibsWithTags: ["type:lib"] },
            // Tools (benchmarks, scripts) may use the libraries too, never an app.
            { sourceTag: "type:tool", onlyDependOnLibsWithTags: ["type:lib"] },
            { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:lib"] },
            {
              sourceTag: "scope:pure",
              onlyDependOnLibsWithTags: ["scope:pure"],
              bannedExternalImports: ioPackages,
            },
          ],
        },
      ],
    },
  },
  {
    // Pure libraries do no I/O of their own: no sockets, no child processes, no file system
    // (the dsl's command-line entry point is the one exception and reads the files it is given).
    files: ["libs/dsl/src/**/*.ts"],
    ignores: ["libs/dsl/src/cli.ts", "libs/dsl/src/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            "node:net",
            "node:child_process",
            "node:fs",
            "node:fs/promises",
            "node:http",
            "node:https",
          ].map((name) => ({ name, message: "libs/dsl is pure: it does no I/O." })),
        },
      ],
    },
  },
  prettier,
);

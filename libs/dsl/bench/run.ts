// Runs every benchmark of libs/dsl and prints their numbers: `npm run bench -w @ops/dsl`.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = ["validate-large-workflow.ts", "evaluate-yaql.ts"];
let failed = false;
for (const script of scripts) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=development", join(here, script)],
    {
      stdio: "inherit",
    },
  );
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);

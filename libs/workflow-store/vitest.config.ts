import { defineConfig, mergeConfig } from "vitest/config";
import { projectTestConfig } from "../../vitest.shared.js";

// The integration suites create databases and spawn `db upgrade` processes: give hooks and tests room.
export default mergeConfig(
  projectTestConfig("workflow-store", import.meta.dirname),
  defineConfig({ test: { testTimeout: 30_000, hookTimeout: 120_000 } }),
);

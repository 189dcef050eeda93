import { defineConfig, mergeConfig } from "vitest/config";
import { projectTestConfig } from "../../vitest.shared.js";

// The provider suites create databases: give hooks and tests room.
export default mergeConfig(
  projectTestConfig("inventory-store", import.meta.dirname),
  defineConfig({ test: { testTimeout: 30_000, hookTimeout: 120_000 } }),
);

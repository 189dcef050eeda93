import { defineConfig, mergeConfig } from "vitest/config";
import { projectTestConfig } from "../../vitest.shared.js";

// The suites start the app on real databases and run the real Ansible: give hooks room.
export default mergeConfig(
  projectTestConfig("inventory", import.meta.dirname),
  defineConfig({ test: { testTimeout: 60_000, hookTimeout: 180_000 } }),
);

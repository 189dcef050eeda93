import { describe, expect, it } from "vitest";
import { DSL_VERSION } from "./index.js";

describe("dsl", () => {
  it("speaks workflow language version 2.0", () => {
    expect(DSL_VERSION).toBe("2.0");
  });
});

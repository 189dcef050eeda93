import { describe, expect, it } from "vitest";
import { closestName } from "./closest-name.js";

const TASK_KEYS = [
  "action",
  "workflow",
  "input",
  "publish",
  "with-items",
  "on-success",
  "on-error",
  "on-complete",
];

describe("closestName", () => {
  it("finds the key that was probably meant", () => {
    expect(closestName("on-sucess", TASK_KEYS)).toBe("on-success");
    expect(closestName("with_items", TASK_KEYS)).toBe("with-items");
    expect(closestName("publsh", TASK_KEYS)).toBe("publish");
    expect(closestName("on-errro", TASK_KEYS)).toBe("on-error");
    expect(closestName("Action", TASK_KEYS)).toBe("action");
  });

  it("suggests nothing when no candidate is close", () => {
    expect(closestName("retries", TASK_KEYS)).toBeUndefined();
    expect(closestName("t3", ["t1", "t2"])).toBeUndefined();
  });
});

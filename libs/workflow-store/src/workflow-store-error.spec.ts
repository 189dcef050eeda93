import { describe, expect, it } from "vitest";
import { toWorkflowStoreError, WorkflowStoreError } from "./workflow-store-error.js";

function prismaError(code: string, originalCode?: string) {
  return Object.assign(new Error(`Invalid invocation\n\nsomething ${code}`), {
    code,
    meta: originalCode === undefined ? {} : { driverAdapterError: { cause: { originalCode } } },
  });
}

describe("toWorkflowStoreError", () => {
  it("maps Prisma's codes to the store's", () => {
    const cases: Array<[string, string | undefined, string, boolean]> = [
      ["P2002", undefined, "WF_STORE_ERR_DUPLICATE", false],
      ["P2025", undefined, "WF_STORE_ERR_NOT_FOUND", false],
      ["P2003", undefined, "WF_STORE_ERR_IN_USE", false],
      ["P2000", undefined, "WF_STORE_ERR_INVALID_VALUE", false],
      ["P2034", undefined, "WF_STORE_ERR_CONFLICT", true],
      ["P1008", "5", "WF_STORE_ERR_CONFLICT", true],
      ["P2010", "40P01", "WF_STORE_ERR_CONFLICT", true],
      ["P2010", "1213", "WF_STORE_ERR_CONFLICT", true],
      ["P2010", "1205", "WF_STORE_ERR_CONFLICT", true],
      ["P2028", undefined, "WF_STORE_ERR_TRANSACTION", true],
      ["P1001", undefined, "WF_STORE_ERR_UNAVAILABLE", true],
      ["P2010", "42P01", "WF_STORE_ERR_DATABASE", false],
    ];
    for (const [code, originalCode, expected, retryable] of cases) {
      const error = toWorkflowStoreError(prismaError(code, originalCode), { resource: "t" });
      expect(error, code).toBeInstanceOf(WorkflowStoreError);
      expect((error as WorkflowStoreError).code, `${code}/${originalCode}`).toBe(expected);
      expect((error as WorkflowStoreError).retryable, `${code}/${originalCode}`).toBe(retryable);
      expect((error as WorkflowStoreError).details["resource"]).toBe("t");
    }
  });

  it("leaves store errors and errors that are not from the database alone", () => {
    const storeError = new WorkflowStoreError("WF_STORE_ERR_NOT_FOUND", "gone");
    expect(toWorkflowStoreError(storeError)).toBe(storeError);
    const other = new TypeError("bug");
    expect(toWorkflowStoreError(other)).toBe(other);
    expect(toWorkflowStoreError("text")).toBe("text");
  });
});

describe("toWorkflowStoreError for a raw query that failed", () => {
  it("looks at the driver adapter's reason, not only at P2010", () => {
    const error = Object.assign(new Error("Raw query failed"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    });
    const converted = toWorkflowStoreError(error) as WorkflowStoreError;
    expect(converted.code).toBe("WF_STORE_ERR_UNAVAILABLE");
    expect(converted.retryable).toBe(true);
  });
});

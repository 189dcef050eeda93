import { PyFloat } from "@ops/dsl";
import { WorkflowStoreError } from "@ops/workflow-store";
import { describe, expect, it } from "vitest";
import { API_ERROR_CODES, faultCodeOf } from "./api-error-codes.js";
import { ApiError } from "./api-error.js";
import { faultBody, toApiError } from "./error-handler.js";

describe("the error registry", () => {
  it("gives every code an HTTP error status and a description", () => {
    for (const [code, info] of Object.entries(API_ERROR_CODES)) {
      expect(code).toMatch(/^WF_API_ERR_[A-Z_]+$/);
      expect(info.status).toBeGreaterThanOrEqual(400);
      expect(info.description.length).toBeGreaterThan(10);
    }
    expect(faultCodeOf(404)).toBe("Client");
    expect(faultCodeOf(503)).toBe("Server");
  });
});

describe("toApiError", () => {
  it("keeps ApiErrors and turns store errors into registry codes", () => {
    const own = new ApiError("WF_API_ERR_DUPLICATE", "dup");
    expect(toApiError(own)).toBe(own);
    expect(toApiError(new WorkflowStoreError("WF_STORE_ERR_BAD_SORT_KEY", "bad key")).statusCode).toBe(400);
    expect(toApiError(new WorkflowStoreError("WF_STORE_ERR_DUPLICATE", "dup")).statusCode).toBe(409);
    const unavailable = toApiError(new WorkflowStoreError("WF_STORE_ERR_UNAVAILABLE", "down at 10.0.0.1"));
    expect(unavailable).toMatchObject({ statusCode: 503, message: "The service is temporarily unavailable" });
  });

  it("never shows the message of an unexpected error", () => {
    const error = toApiError(new TypeError("x is undefined in /src/secret/path.ts"));
    expect(error).toMatchObject({
      code: "WF_API_ERR_INTERNAL",
      statusCode: 500,
      message: "Internal Server Error",
    });
  });

  it("words schema validation errors as Mistral does", () => {
    const validation = Object.assign(new Error("body/name must be string"), {
      validation: [{ keyword: "type", instancePath: "/name", params: { type: "string" }, data: 5 }],
      validationContext: "body",
    });
    expect(toApiError(validation).message).toBe(
      "Invalid input for field/attribute name. Value: '5'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'",
    );
    const unknown = Object.assign(new Error("x"), {
      validation: [
        { keyword: "additionalProperties", instancePath: "", params: { additionalProperty: "bogus" } },
      ],
      validationContext: "body",
    });
    expect(toApiError(unknown, { bodyArgument: "wf_ex" }).message).toBe(
      "Unknown attribute for argument wf_ex: bogus",
    );
  });

  it("words integer bounds as wsme's IntegerType does, and names a decoded float a float", () => {
    const bounded = (keyword: string, limit: number, data: unknown) =>
      toApiError(
        Object.assign(new Error("x"), {
          validation: [{ keyword, instancePath: "/remaining_executions", params: { limit }, data }],
          validationContext: "body",
        }),
      ).message;
    expect(bounded("minimum", 1, 0)).toBe(
      "Invalid input for field/attribute remaining_executions. Value: '0'. Value should be greater or equal to 1",
    );
    expect(bounded("maximum", 10, 11)).toBe(
      "Invalid input for field/attribute remaining_executions. Value: '11'. Value should be lower or equal to 10",
    );
    const float = Object.assign(new Error("x"), {
      validation: [
        {
          keyword: "type",
          instancePath: "/remaining_executions",
          params: { type: "integer" },
          data: new PyFloat(1.5),
        },
      ],
      validationContext: "body",
    });
    expect(toApiError(float).message).toBe(
      "Invalid input for field/attribute remaining_executions. Value: '1.5'. Wrong type. Expected '<class 'int'>', got '<class 'float'>'",
    );
  });

  it("shapes bodies as Mistral does, bare for definition endpoints", () => {
    const error = new ApiError("WF_API_ERR_NOT_FOUND", "gone");
    expect(faultBody(error, false)).toEqual({ faultcode: "Client", faultstring: "gone", debuginfo: null });
    expect(faultBody(error, true)).toEqual({ faultstring: "gone" });
  });
});

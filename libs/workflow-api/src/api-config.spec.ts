import { describe, expect, it } from "vitest";
import { loadServiceConfig } from "@ops/workflow-runtime";
import { API_CONFIG_DEFAULTS, apiConfigOfService, parseApiConfig } from "./api-config.js";

describe("parseApiConfig", () => {
  it("fills in the defaults and freezes the result", () => {
    const config = parseApiConfig({ port: 9000 });
    expect(config).toEqual({ ...API_CONFIG_DEFAULTS, port: 9000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("stops at a bad value with a message naming the key", () => {
    expect(() => parseApiConfig({ port: 70000 })).toThrow(/^port must be an integer/);
    expect(() => parseApiConfig({ logLevel: "loud" })).toThrow(/^logLevel must be one of/);
    expect(() => parseApiConfig({ bodyLimit: "1mb" })).toThrow(/^bodyLimit/);
    expect(() => parseApiConfig({ defaultProject: "" })).toThrow(/^defaultProject/);
    expect(() => parseApiConfig({ colour: "blue" } as never)).toThrow("unknown option colour");
  });
});

describe("apiConfigOfService", () => {
  it("takes the listening address, body limit, default project and log level of the service", () => {
    const service = loadServiceConfig({
      env: {
        OPS_API_PORT: "9100",
        OPS_API_BODY_LIMIT: "4096",
        OPS_DEFAULT_PROJECT: "ops",
        OPS_LOG_LEVEL: "warn",
      },
    });
    expect(apiConfigOfService(service)).toEqual({
      ...API_CONFIG_DEFAULTS,
      port: 9100,
      bodyLimit: 4096,
      defaultProject: "ops",
      logLevel: "warn",
    });
  });
});

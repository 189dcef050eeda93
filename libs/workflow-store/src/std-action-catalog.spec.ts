import { describe, expect, it } from "vitest";
import { STD_ACTION_CATALOG } from "./std-action-catalog.js";

describe("the std action catalog", () => {
  it("has every std action the service runs, once", () => {
    const names = STD_ACTION_CATALOG.map((entry) => entry.name);
    expect([...names].sort()).toEqual(
      [
        "std.async_noop",
        "std.echo",
        "std.email",
        "std.fail",
        "std.http",
        "std.javascript",
        "std.js",
        "std.mistral_http",
        "std.noop",
        "std.sleep",
        "std.ssh",
        "std.ssh_proxied",
        "std.test_dict",
      ].sort(),
    );
  });

  it("writes inputs as Mistral prints them", () => {
    const input = (name: string) => STD_ACTION_CATALOG.find((entry) => entry.name === name)?.input;
    expect(input("std.echo")).toBe("output, delay=0");
    expect(input("std.noop")).toBe("");
    expect(input("std.sleep")).toBe("seconds=1");
    expect(input("std.http")?.startsWith('url, method="GET", params=null, body=null, ')).toBe(true);
    expect(input("std.ssh")).toBe(
      'cmd, host, username, password="", private_key_filename=null, private_key=null',
    );
  });
});

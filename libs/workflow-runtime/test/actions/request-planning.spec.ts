// The pure decisions of the std actions, without any network: how std.http builds requests and
// follows redirects, how results are decoded, how SSH hosts and SMTP servers are read.
import { describe, expect, it } from "vitest";
import { parseSmtpServer, planEmail } from "../../src/actions/email-message.js";
import { CookieJar, planHttpRequest, redirectRequest } from "../../src/actions/http-request-plan.js";
import type { HttpRequest } from "../../src/actions/http-request-plan.js";
import { canonicalHeaderName, decodeBody, encodingFromContentType } from "../../src/actions/http-result.js";
import { parseSshAddress, privateKeyPath, sshFailureMessage } from "../../src/actions/ssh-target.js";

const post: HttpRequest = {
  method: "POST",
  url: "http://api.example.org:8080/a",
  headers: [
    ["Authorization", "Basic eDp5"],
    ["Content-Type", "text/plain"],
    ["X-Keep", "1"],
  ],
  body: Buffer.from("data"),
};

describe("following redirects as requests does", () => {
  it("turns POST into GET without body on 301, 302 and 303, and keeps it on 307 and 308", () => {
    for (const status of [301, 302, 303]) {
      const next = redirectRequest(post, status, "/b");
      expect(next).toMatchObject({ method: "GET", url: "http://api.example.org:8080/b", body: undefined });
      expect(next.headers.map(([name]) => name)).toEqual(["Authorization", "X-Keep"]);
    }
    for (const status of [307, 308]) {
      expect(redirectRequest(post, status, "/b")).toMatchObject({
        method: "POST",
        body: Buffer.from("data"),
      });
    }
    expect(redirectRequest({ ...post, method: "PUT" }, 301, "/b").method).toBe("PUT");
  });

  it("drops the Authorization header when the redirect leaves the host, scheme or port", () => {
    const names = (location: string) => redirectRequest(post, 307, location).headers.map(([name]) => name);
    expect(names("http://other.example.org:8080/")).not.toContain("Authorization");
    expect(names("http://api.example.org:9090/")).not.toContain("Authorization");
    expect(names("/same-origin")).toContain("Authorization");
    const plainHttp = { ...post, url: "http://api.example.org/a" };
    expect(redirectRequest(plainHttp, 307, "https://api.example.org/a").headers.map(([n]) => n)).toContain(
      "Authorization",
    );
  });
});

describe("cookies across redirects", () => {
  it("send input cookies everywhere and response cookies only back to their host", () => {
    const jar = new CookieJar({ session: "s1" });
    jar.store("http://a.example.org/login", ["token=t1; Path=/; HttpOnly"]);
    const request = (url: string): HttpRequest => ({ method: "GET", url, headers: [], body: undefined });
    expect(jar.applyTo(request("http://a.example.org/next"))).toEqual([["Cookie", "session=s1; token=t1"]]);
    expect(jar.applyTo(request("http://b.example.org/next"))).toEqual([["Cookie", "session=s1"]]);
    expect(new CookieJar().applyTo(request("http://b.example.org/"))).toEqual([]);
  });
});

describe("planning std.http requests", () => {
  it("applies Mistral's defaults: GET, no timeout, no redirects, verified TLS", () => {
    const plan = planHttpRequest({ url: "https://h/x" });
    expect(plan).toMatchObject({
      request: { method: "GET", url: "https://h/x", headers: [], body: undefined },
      timeoutSeconds: undefined,
      followRedirects: false,
      tls: { verify: true, caFile: undefined },
    });
  });

  it("lets extra headers override the input's, case-insensitively, and drops null ones", () => {
    const plan = planHttpRequest(
      { url: "http://h/", headers: { "mistral-task-id": "mine", Accept: "x" } },
      { "Mistral-Task-Id": "t1", "Mistral-Workflow-Name": null },
    );
    expect(plan.request.headers).toEqual([
      ["mistral-task-id", "t1"],
      ["Accept", "x"],
    ]);
  });

  it("keeps a password in the URL out of its messages", () => {
    expect(() => planHttpRequest({ url: "http://user:hunter2@host:badport/" })).toThrow(
      "Invalid URL 'http://***@host:badport/'",
    );
  });

  it("refuses a timeout that is not a positive number", () => {
    expect(() => planHttpRequest({ url: "http://h/", timeout: "5" })).toThrow(
      /Timeout value 5 must be an int, float or None/,
    );
    expect(() => planHttpRequest({ url: "http://h/", timeout: 0 })).toThrow(/greater than 0/);
  });
});

describe("decoding std.http results", () => {
  it("takes the encoding from the charset, else ISO-8859-1 for text and utf-8 for JSON", () => {
    expect(encodingFromContentType("text/html; charset=UTF-8")).toBe("UTF-8");
    expect(encodingFromContentType('application/xml; charset="koi8-r"')).toBe("koi8-r");
    expect(encodingFromContentType("text/csv")).toBe("ISO-8859-1");
    expect(encodingFromContentType("application/json")).toBe("utf-8");
    expect(encodingFromContentType("application/octet-stream")).toBeNull();
    expect(encodingFromContentType(undefined)).toBeNull();
  });

  it("decodes ISO-8859-1 byte for byte, and unknown encodings as UTF-8", () => {
    expect(decodeBody(Buffer.from([0x68, 0x80, 0xe9]), "ISO-8859-1")).toBe("h\u0080\u00e9");
    expect(decodeBody(Buffer.from("h\u00e9", "utf8"), "no-such-charset")).toBe("h\u00e9");
  });

  it("spells header names in Title-Case, with the usual exceptions", () => {
    expect(canonicalHeaderName("content-type")).toBe("Content-Type");
    expect(canonicalHeaderName("etag")).toBe("ETag");
    expect(canonicalHeaderName("www-authenticate")).toBe("WWW-Authenticate");
    expect(canonicalHeaderName("x-openstack-request-id")).toBe("X-OpenStack-Request-ID");
  });
});

describe("SSH targets", () => {
  it("read host, host:port, [v6]:port and bare IPv6", () => {
    expect(parseSshAddress("10.0.0.1", 22)).toEqual({ host: "10.0.0.1", port: 22 });
    expect(parseSshAddress("node-1.example.org:2222", 22)).toEqual({
      host: "node-1.example.org",
      port: 2222,
    });
    expect(parseSshAddress("[fd00::1]:2200", 22)).toEqual({ host: "fd00::1", port: 2200 });
    expect(parseSshAddress("fd00::1", 22)).toEqual({ host: "fd00::1", port: 22 });
  });

  it("find relative key files in the key directory and refuse '..'", () => {
    expect(privateKeyPath("id_rsa", "/home/mistral/.ssh")).toBe("/home/mistral/.ssh/id_rsa");
    expect(privateKeyPath("/etc/keys/k", "/home/mistral/.ssh")).toBe("/etc/keys/k");
    expect(() => privateKeyPath("../../etc/shadow", "/x")).toThrow(
      "Private key filename must not contain '..'. Actual: ../../etc/shadow",
    );
  });

  it("print failures with the host list as Python prints it", () => {
    expect(sshFailureMessage("uptime", ["a", "b'c"])).toBe(
      `Failed to execute ssh cmd 'uptime' on ['a', "b'c"]`,
    );
  });
});

describe("std.email planning", () => {
  it("reads smtp_server as smtplib does", () => {
    expect(parseSmtpServer("mail.example.org", 25)).toEqual({ host: "mail.example.org", port: 25 });
    expect(parseSmtpServer("mail.example.org:587", 25)).toEqual({ host: "mail.example.org", port: 587 });
    expect(parseSmtpServer("[fd00::25]:2525", 25)).toEqual({ host: "fd00::25", port: 2525 });
    expect(() => parseSmtpServer("mail:smtp", 25)).toThrow("nonnumeric port");
  });

  it("puts cc, bcc and to in the envelope, in Mistral's order", () => {
    const plan = planEmail(
      {
        from_addr: "f@x",
        to_addrs: ["t@x"],
        cc_addrs: ["c@x"],
        bcc_addrs: ["b@x"],
        smtp_server: "h",
        subject: "",
        body: null,
      },
      25,
    );
    expect(plan).toMatchObject({
      recipients: ["c@x", "b@x", "t@x"],
      subject: "<No subject>",
      text: "<No body>",
      password: undefined,
    });
  });
});

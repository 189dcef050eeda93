// What every request shares: version discovery, the OpenAPI document, request ids, the request log,
// and the one place the caller's project comes from.
import { Writable } from "node:stream";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openWorkflowStore, upgradeDatabase } from "@ops/workflow-store";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildApp, parseApiConfig } from "../../src/index.js";
import { RecordingCommands } from "../support/test-app.js";

async function appWithLog(options: { services?: () => { name: string; type: string }[] } = {}) {
  const directory = mkdtempSync(join(tmpdir(), "workflow-api-basics-"));
  const databaseUrl = `file:${join(directory, "workflow.sqlite")}`;
  await upgradeDatabase({ databaseUrl });
  const store = await openWorkflowStore({ databaseUrl });
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = buildApp(parseApiConfig({ defaultProject: "p-default" }), {
    store,
    commands: new RecordingCommands(),
    logger: pino({ level: "info" }, stream),
    ...(options.services ? { services: options.services } : {}),
  });
  await app.ready();
  return {
    app,
    lines,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

describe("the app", () => {
  it("answers version discovery as Mistral does", async () => {
    const { app, close } = await appWithLog();
    try {
      const root = await app.inject({ method: "GET", url: "/", headers: { host: "api.example:8989" } });
      expect(root.json()).toEqual({
        versions: [
          {
            id: "v2.0",
            status: "CURRENT",
            links: [{ href: "http://api.example:8989/v2", target: "v2", rel: "self" }],
          },
        ],
      });
      const v2 = await app.inject({ method: "GET", url: "/v2/", headers: { host: "api.example:8989" } });
      expect(v2.json()).toEqual({ uri: "http://api.example:8989/v2" });
    } finally {
      await close();
    }
  });

  it("publishes an OpenAPI document generated from the route schemas", async () => {
    const { app, close } = await appWithLog();
    try {
      const document = (await app.inject({ method: "GET", url: "/v2/openapi.json" })).json() as {
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            { requestBody?: { content: Record<string, unknown> }; parameters: { name: string }[] }
          >
        >;
      };
      expect(document.openapi).toBe("3.1.0");
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          "/v2/workflows",
          "/v2/workflows/{identifier}",
          "/v2/executions/{id}",
          "/v2/action_executions",
          "/v2/tasks/{id}/action_executions",
        ]),
      );
      expect(Object.keys(document.paths["/v2/workflows"]!["post"]!.requestBody!.content)).toEqual([
        "text/plain",
      ]);
      expect(Object.keys(document.paths["/v2/executions"]!["post"]!.requestBody!.content)).toEqual([
        "application/json",
      ]);
      expect(document.paths["/v2/executions"]!["get"]!.parameters.map((p) => p.name)).toEqual(
        expect.arrayContaining(["marker", "limit", "sort_keys", "workflow_name", "include_output"]),
      );
    } finally {
      await close();
    }
  });

  it("logs one line per request with its id, and never the token", async () => {
    const { app, lines, close } = await appWithLog();
    try {
      const response = await app.inject({
        method: "GET",
        url: "/v2/workflows",
        headers: { "x-auth-token": "secret-token-value", "x-request-id": "req-abc" },
      });
      expect(response.headers["x-openstack-request-id"]).toBe("req-abc");
      const requestLines = lines.filter((line) => line["msg"] === "request");
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0]).toMatchObject({
        reqId: "req-abc",
        method: "GET",
        status: 200,
        project: "p-default",
      });
      expect(JSON.stringify(lines)).not.toContain("secret-token-value");
    } finally {
      await close();
    }
  });

  it("acts for the project in X-Project-Id, else the default one, and refuses a malformed one", async () => {
    const { app, close } = await appWithLog();
    try {
      await app.inject({
        method: "POST",
        url: "/v2/environments",
        payload: { name: "e", variables: "{}" },
        headers: { "x-project-id": "p1" },
      });
      const own = await app.inject({
        method: "GET",
        url: "/v2/environments/e",
        headers: { "x-project-id": "p1" },
      });
      expect(own.json()).toMatchObject({ project_id: "p1" });
      expect((await app.inject({ method: "GET", url: "/v2/environments/e" })).statusCode).toBe(404);
      const bad = await app.inject({
        method: "GET",
        url: "/v2/environments",
        headers: { "x-project-id": "a b" },
      });
      expect(bad.statusCode).toBe(400);
    } finally {
      await close();
    }
  });

  it("lists the services it was given", async () => {
    const { app, close } = await appWithLog({
      services: () => [
        { name: "host1_101", type: "engine_group" },
        { name: "host1_102", type: "executor_group" },
      ],
    });
    try {
      expect((await app.inject({ method: "GET", url: "/v2/services" })).json()).toEqual({
        services: [
          { name: "host1_101", type: "engine_group" },
          { name: "host1_102", type: "executor_group" },
        ],
      });
    } finally {
      await close();
    }
  });

  it("answers an unknown URL with 404 and Mistral's error body", async () => {
    const { app, close } = await appWithLog();
    try {
      const response = await app.inject({ method: "GET", url: "/v2/nothing" });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        faultcode: "Client",
        faultstring: "The resource could not be found.",
        debuginfo: null,
      });
    } finally {
      await close();
    }
  });
});

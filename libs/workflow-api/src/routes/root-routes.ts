// Version discovery as Mistral answers it: `GET /` lists the versions, `GET /v2` names its root.
import type { FastifyInstance } from "fastify";
import { applicationUrl } from "./api-context.js";
import { doc } from "./route-schemas.js";

const VERSIONS_SCHEMA = {
  type: "object",
  properties: {
    versions: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          status: { type: "string" },
          links: {
            type: "array",
            items: {
              type: "object",
              properties: { href: { type: "string" }, target: { type: "string" }, rel: { type: "string" } },
            },
          },
        },
      },
    },
  },
};

export async function rootRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/",
    { schema: doc({ summary: "API versions", tags: ["version"], response: { 200: VERSIONS_SCHEMA } }) },
    async (request) => ({
      versions: [
        {
          id: "v2.0",
          status: "CURRENT",
          links: [{ href: `${applicationUrl(request)}/v2`, target: "v2", rel: "self" }],
        },
      ],
    }),
  );
  app.get(
    "/v2",
    {
      schema: doc({
        summary: "The root of API v2",
        tags: ["version"],
        response: { 200: { type: "object", properties: { uri: { type: "string" } } } },
      }),
    },
    async (request) => ({ uri: `${applicationUrl(request)}/v2` }),
  );
}

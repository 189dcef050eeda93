// /v2/services: the roles running (Mistral lists the members of its coordination groups).
import type { FastifyInstance } from "fastify";
import type { RoutePluginOptions } from "./api-context.js";
import { doc, errorResponses } from "./route-schemas.js";

const SERVICES_SCHEMA = {
  type: "object",
  properties: {
    services: {
      type: "array",
      items: {
        type: "object",
        properties: { name: { type: "string" }, type: { type: "string", description: "e.g. engine_group" } },
      },
    },
  },
};

export async function serviceRoutes(app: FastifyInstance, { context }: RoutePluginOptions): Promise<void> {
  app.get(
    "/services",
    {
      schema: doc({
        summary: "The services (roles) running",
        tags: ["services"],
        querystring: { type: "object", additionalProperties: false },
        response: { 200: SERVICES_SCHEMA, ...errorResponses() },
      }),
    },
    async () => ({
      services: (await context.services()).map((service) => ({ name: service.name, type: service.type })),
    }),
  );
}

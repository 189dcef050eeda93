// /v1/projects: the caller's project (Keystone's, or X-Project-Id's without auth) and its
// variables, which every object of the project inherits last.
import { InventoryError } from "@ops/inventory-core";
import { checkVariablesBody, type InventoryStore } from "@ops/inventory-store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { readQuery } from "./query.js";

export function registerProjectRoutes(app: FastifyInstance, store: InventoryStore): void {
  const own = (request: FastifyRequest<{ Params: { id: string } }>) => {
    if (request.params.id !== request.projectId)
      throw new InventoryError("INV_ERR_NOT_FOUND", `project ${request.params.id} does not exist`);
    return request.projectId;
  };
  const view = async (projectId: string) => {
    const row = await store.client.project.findUnique({ where: { id: projectId } });
    return {
      id: projectId,
      name: row?.name ?? projectId,
      created_at: row?.createdAt.toISOString() ?? null,
      variables: await store.variables.of("projects", projectId),
    };
  };
  app.get("/v1/projects", async (request) => {
    readQuery(request.query, []);
    return { projects: [await view(request.projectId)], links: [] };
  });
  app.get<{ Params: { id: string } }>("/v1/projects/:id", async (request) => view(own(request)));
  app.get<{ Params: { id: string } }>("/v1/projects/:id/variables", async (request) => ({
    variables: await store.variables.of("projects", own(request)),
  }));
  app.put<{ Params: { id: string } }>("/v1/projects/:id/variables", async (request) => {
    const projectId = own(request);
    const changes = checkVariablesBody(request.body);
    await store.client.$transaction((tx) => store.resources.ensureProject(tx, projectId));
    return {
      variables: await store.variables.change(projectId, "projects", projectId, (current) => ({
        ...current,
        ...changes,
      })),
    };
  });
  app.delete<{ Params: { id: string } }>("/v1/projects/:id/variables", async (request, reply) => {
    const projectId = own(request);
    const keys = request.body;
    if (!Array.isArray(keys) || keys.some((key) => typeof key !== "string"))
      throw new InventoryError("INV_ERR_BAD_REQUEST", "the body must be a JSON list of variable names");
    await store.variables.change(projectId, "projects", projectId, (current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))),
    );
    return reply.status(204).send();
  });
}

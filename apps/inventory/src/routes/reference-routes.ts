// /v1/references: YAML files of group variables by URL; creating one fetches it, POST
// /v1/references/{id}/refresh fetches again. A failed fetch answers 201/200 with status "error".
import { readReferenceInput, type InventoryStore } from "@ops/inventory-store";
import type { FastifyInstance } from "fastify";
import { readId, readOptionalId, readQuery } from "./query.js";

type ReferenceRow = Awaited<ReturnType<InventoryStore["references"]["find"]>>;

const view = (row: ReferenceRow) => ({
  id: row.id,
  project_id: row.projectId,
  group_id: row.groupId,
  name: row.name,
  url: row.url,
  status: row.status,
  digest: row.digest,
  error: row.error,
  fetched_at: row.fetchedAt?.toISOString() ?? null,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt?.toISOString() ?? null,
});

export function registerReferenceRoutes(app: FastifyInstance, store: InventoryStore): void {
  app.post("/v1/references", async (request, reply) => {
    readQuery(request.query, []);
    const row = await store.references.create(request.projectId, readReferenceInput(request.body));
    return reply.status(201).header("location", `/v1/references/${row.id}`).send(view(row));
  });
  app.get("/v1/references", async (request) => {
    const query = readQuery(request.query, ["group_id"]);
    return {
      references: (await store.references.list(request.projectId, readOptionalId(query, "group_id"))).map(
        view,
      ),
    };
  });
  app.get<{ Params: { id: string } }>("/v1/references/:id", async (request) => {
    const row = await store.references.find(request.projectId, readId(request.params.id, "reference"));
    return { ...view(row), content: row.content };
  });
  app.post<{ Params: { id: string } }>("/v1/references/:id/refresh", async (request) =>
    view(await store.references.refresh(request.projectId, readId(request.params.id, "reference"))),
  );
  app.delete<{ Params: { id: string } }>("/v1/references/:id", async (request, reply) => {
    await store.references.remove(request.projectId, readId(request.params.id, "reference"));
    return reply.status(204).send();
  });
}

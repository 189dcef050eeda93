// /v1/secrets: create, list and read metadata (never the value), read the value through
// /v1/secrets/{id}/value (members and admins only), delete. Values never reach the log.
import { InventoryError } from "@ops/inventory-core";
import { readSecretInput, type InventoryStore, type SecretMetadata } from "@ops/inventory-store";
import type { FastifyInstance } from "fastify";
import { requireWriter } from "../request-scope.js";
import { timestamps } from "../views.js";
import { readId, readOptionalId, readQuery } from "./query.js";

const view = (secret: SecretMetadata) => ({
  id: secret.id,
  project_id: secret.projectId,
  owner_type: secret.ownerKind,
  owner_id: secret.ownerId,
  name: secret.name,
  key_id: secret.keyId,
  ...timestamps(secret),
});

export function registerSecretRoutes(app: FastifyInstance, store: InventoryStore): void {
  const secrets = () => {
    if (store.secrets === undefined)
      throw new InventoryError("INV_ERR_SECRET_KEY", "Secrets are disabled: no secret key is configured");
    return store.secrets;
  };
  app.post("/v1/secrets", async (request, reply) => {
    readQuery(request.query, []);
    const secret = await secrets().create(request.projectId, readSecretInput(request.body));
    request.log.info({ secret: secret.id, owner: `${secret.ownerKind}/${secret.ownerId}` }, "secret stored");
    return reply.status(201).header("location", `/v1/secrets/${secret.id}`).send(view(secret));
  });
  app.get("/v1/secrets", async (request) => {
    const query = readQuery(request.query, ["owner_type", "owner_id"]);
    const ownerId = readOptionalId(query, "owner_id");
    const list = await secrets().list(request.projectId, {
      ...(query["owner_type"] ? { ownerKind: query["owner_type"] } : {}),
      ...(ownerId !== undefined ? { ownerId } : {}),
    });
    return { secrets: list.map(view) };
  });
  app.get<{ Params: { id: string } }>("/v1/secrets/:id", async (request) =>
    view(await secrets().find(request.projectId, readId(request.params.id, "secret"))),
  );
  app.get<{ Params: { id: string } }>("/v1/secrets/:id/value", async (request) => {
    requireWriter(request, "secret values");
    const { metadata, value } = await secrets().reveal(
      request.projectId,
      readId(request.params.id, "secret"),
    );
    request.log.info({ secret: metadata.id }, "secret value read");
    return { ...view(metadata), value: value.toString("utf8") };
  });
  app.delete<{ Params: { id: string } }>("/v1/secrets/:id", async (request, reply) => {
    await secrets().remove(request.projectId, readId(request.params.id, "secret"));
    return reply.status(204).send();
  });
}

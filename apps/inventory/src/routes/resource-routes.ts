// Craton's resources, one set of routes per entry of RESOURCES: list (paged, filtered), create
// (201 + Location), read (with variables, resolved unless resolved-values=false), update, delete,
// and each object's /variables (GET, PUT merges, DELETE removes keys) and, for devices, /labels.
import { InventoryError, matchesVars, parseVarsQuery } from "@ops/inventory-core";
import {
  checkVariablesBody,
  readFilterValue,
  readPageRequest,
  readResourceInput,
  RESOURCES,
  sortKeysOf,
  type InventoryStore,
  type ResourceSpec,
} from "@ops/inventory-store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { resolveDevices, variablesOf } from "../variable-views.js";
import { resourceView } from "../views.js";
import { tenantRegions } from "./inventory-routes.js";
import { listLinks } from "./list-links.js";
import { readFlag, readId, readQuery, type Query } from "./query.js";

const PAGING = ["limit", "marker", "sort_keys", "sort_dir"];

function listKey(spec: ResourceSpec): string {
  return spec.name.replaceAll("-", "_");
}

/** Ids the label, group and vars filters allow (undefined: no such filter). */
async function filteredIds(store: InventoryStore, projectId: string, spec: ResourceSpec, query: Query) {
  let ids: Set<number> | undefined;
  const narrow = (found: Iterable<number>) => {
    const next = new Set(found);
    ids = ids === undefined ? next : new Set([...ids].filter((id) => next.has(id)));
  };
  if (query["label"] !== undefined) {
    const rows = await store.client.label.findMany({
      where: { projectId, label: query["label"] },
      select: { deviceId: true },
    });
    narrow(rows.map((row) => row.deviceId));
  }
  if (query["group"] !== undefined) {
    const snapshot = await store.snapshots.load(projectId, { group: query["group"] });
    narrow(snapshot.devices.filter((d) => d.kind === "host").map((d) => Number(d.id)));
  }
  if (query["vars"] !== undefined) {
    const conditions = parseVarsQuery(query["vars"]);
    const sets = await store.variables.ofKind(projectId, spec.owner);
    narrow([...sets].filter(([, vars]) => matchesVars(vars, conditions)).map(([id]) => Number(id)));
  }
  return ids === undefined ? undefined : [...ids];
}

export function registerResourceRoutes(app: FastifyInstance, store: InventoryStore): void {
  for (const spec of Object.values(RESOURCES)) registerResource(app, store, spec);
}

function registerResource(app: FastifyInstance, store: InventoryStore, spec: ResourceSpec): void {
  const base = `/v1/${spec.name}`;
  const filterKeys = Object.entries(spec.fields)
    .filter(([, field]) => field.filter)
    .map(([key]) => key);
  const isDevice = spec.model === "device";
  const known = [
    ...PAGING,
    ...filterKeys,
    "details",
    "resolved-values",
    "vars",
    ...(isDevice ? ["label", "group"] : []),
  ];
  const find = (request: FastifyRequest<{ Params: { id: string } }>) =>
    store.resources.find(request.projectId, spec, readId(request.params.id, spec.singular));

  /** A full view: fields, variables, and labels or members. */
  const fullView = async (
    projectId: string,
    row: Record<string, unknown> & { id: number },
    resolved: boolean,
  ) => {
    const view = resourceView(spec, row);
    view["variables"] = (await variablesOf(store, projectId, spec, row, resolved)).values;
    if (isDevice) view["labels"] = (await store.resources.labelsOf([row.id])).get(row.id) ?? [];
    if (spec.model === "group") Object.assign(view, (await store.resources.membersOf([row.id])).get(row.id));
    return view;
  };

  app.get(base, async (request) => {
    const query = readQuery(request.query, known);
    const page = readPageRequest(query, sortKeysOf(spec));
    const filters: Record<string, unknown> = {};
    for (const key of filterKeys)
      if (query[key] !== undefined)
        filters[spec.fields[key]!.column] = readFilterValue(key, spec.fields[key]!, query[key]!);
    const ids = await filteredIds(store, request.projectId, spec, query);
    const result = await store.resources.list(request.projectId, spec, {
      page,
      filters,
      ...(ids ? { ids } : {}),
    });
    const details = readFlag(query, "details", false);
    const resolved = readFlag(query, "resolved-values", true);
    let items = result.items.map((row) => resourceView(spec, row));
    if (details) {
      const rowIds = result.items.map((row) => row.id);
      const labels = isDevice ? await store.resources.labelsOf(rowIds) : undefined;
      const members = spec.model === "group" ? await store.resources.membersOf(rowIds) : undefined;
      const variables =
        isDevice && resolved
          ? new Map(
              [...(await resolveDevices(store, request.projectId, rowIds))].map(([id, r]) => [
                String(id),
                r.values,
              ]),
            )
          : await store.variables.ofMany(spec.owner, rowIds);
      items = items.map((view, index) => {
        const id = rowIds[index]!;
        return {
          ...view,
          variables: variables.get(String(id)) ?? {},
          ...(labels ? { labels: labels.get(id) ?? [] } : {}),
          ...(members ? members.get(id) : {}),
        };
      });
    }
    return { [listKey(spec)]: items, links: listLinks(request, result) };
  });

  app.get<{ Params: { id: string } }>(`${base}/:id`, async (request) => {
    // The original design's GET /v1/regions/{tenant_id}: region ids are numbers, tenant ids are not.
    if (spec.name === "regions" && !/^\d+$/.test(request.params.id))
      return tenantRegions(store, request, request.params.id);
    const query = readQuery(request.query, ["resolved-values"]);
    return fullView(request.projectId, await find(request), readFlag(query, "resolved-values", true));
  });

  app.get<{ Params: { id: string } }>(`${base}/:id/variables`, async (request) => {
    const query = readQuery(request.query, ["resolved-values", "blame"]);
    const row = await find(request);
    const resolved = await variablesOf(
      store,
      request.projectId,
      spec,
      row,
      readFlag(query, "resolved-values", true),
    );
    return readFlag(query, "blame", false)
      ? { variables: resolved.values, blame: resolved.blame }
      : { variables: resolved.values };
  });

  if (isDevice) registerLabelRoutes(app, store, spec, find);
  if (spec.readOnly) return;

  app.post(base, async (request, reply) => {
    readQuery(request.query, []);
    const row = await store.resources.create(
      request.projectId,
      spec,
      readResourceInput(spec, request.body, false),
    );
    request.log.info({ resource: spec.name, id: row.id, project: request.projectId }, "created");
    return reply
      .status(201)
      .header("location", `${base}/${row.id}`)
      .send(await fullView(request.projectId, row, false));
  });

  app.put<{ Params: { id: string } }>(`${base}/:id`, async (request) => {
    readQuery(request.query, []);
    const id = readId(request.params.id, spec.singular);
    const row = await store.resources.update(
      request.projectId,
      spec,
      id,
      readResourceInput(spec, request.body, true),
    );
    return fullView(request.projectId, row, false);
  });

  app.delete<{ Params: { id: string } }>(`${base}/:id`, async (request, reply) => {
    readQuery(request.query, []);
    await store.resources.remove(request.projectId, spec, readId(request.params.id, spec.singular));
    request.log.info({ resource: spec.name, id: request.params.id, project: request.projectId }, "deleted");
    return reply.status(204).send();
  });

  app.put<{ Params: { id: string } }>(`${base}/:id/variables`, async (request) => {
    readQuery(request.query, []);
    const row = await find(request);
    const changes = checkVariablesBody(request.body);
    const variables = await store.variables.change(request.projectId, spec.owner, row.id, (current) => ({
      ...current,
      ...changes,
    }));
    return { variables };
  });

  app.delete<{ Params: { id: string } }>(`${base}/:id/variables`, async (request, reply) => {
    readQuery(request.query, []);
    const row = await find(request);
    const keys = request.body;
    if (!Array.isArray(keys) || keys.some((key) => typeof key !== "string"))
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        'the body must be a JSON list of variable names, e.g. ["ntp_server"]',
      );
    await store.variables.change(request.projectId, spec.owner, row.id, (current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))),
    );
    return reply.status(204).send();
  });
}

function registerLabelRoutes(
  app: FastifyInstance,
  store: InventoryStore,
  spec: ResourceSpec,
  find: (request: FastifyRequest<{ Params: { id: string } }>) => Promise<{ id: number }>,
): void {
  const path = `/v1/${spec.name}/:id/labels`;
  const readLabels = (body: unknown): string[] => {
    const labels = (body as { labels?: unknown } | null)?.labels;
    if (
      body === null ||
      typeof body !== "object" ||
      Object.keys(body).some((key) => key !== "labels") ||
      !Array.isArray(labels) ||
      labels.some((label) => typeof label !== "string" || label === "" || label.length > 255)
    )
      throw new InventoryError(
        "INV_ERR_BAD_REQUEST",
        'the body must be {"labels": ["name", ...]} (non-empty strings)',
      );
    return labels as string[];
  };
  app.get<{ Params: { id: string } }>(path, async (request) => {
    const row = await find(request);
    return { labels: (await store.resources.labelsOf([row.id])).get(row.id) ?? [] };
  });
  if (spec.readOnly) return;
  app.put<{ Params: { id: string } }>(path, async (request) => {
    const row = await find(request);
    return {
      labels: await store.resources.changeLabels(
        request.projectId,
        spec,
        row.id,
        readLabels(request.body),
        "replace",
      ),
    };
  });
  app.delete<{ Params: { id: string } }>(path, async (request, reply) => {
    const row = await find(request);
    await store.resources.changeLabels(request.projectId, spec, row.id, readLabels(request.body), "remove");
    return reply.status(204).send();
  });
}

// /v2/cron_triggers: workflows started on a cron pattern (or once, at a first execution time). The
// scheduler role fires them; here they are created, read and deleted, with Mistral's checks and
// messages (mistral/services/triggers.py).
import { CronPatternError, NEVER_PATTERN, nextCronTick, validateCronPattern } from "@ops/workflow-runtime";
import type { FastifyInstance } from "fastify";
import { prepareWorkflowInput } from "../definitions/workflow-input.js";
import { badRequest } from "../errors/api-error.js";
import { acceptJsonBodies } from "../http/body-parsers.js";
import { nextLink, parseListParams, parseQueryBool } from "../list/list-params.js";
import {
  CRON_TRIGGER_FIELDS,
  CRON_TRIGGER_LIST,
  cronTriggerView,
} from "../resources/cron-trigger-resource.js";
import { projectFields } from "../resources/resource-view.js";
import { parseFirstExecutionTime } from "../wire/first-execution-time.js";
import { readJsonObjectField } from "../wire/json-field.js";
import { applicationUrl, listScope, type RoutePluginOptions } from "./api-context.js";
import {
  doc,
  errorResponses,
  IDENTIFIER_PARAMS,
  listQuerySchema,
  listSchema,
  resourceSchema,
} from "./route-schemas.js";

const CRON_TRIGGER_SCHEMA = resourceSchema(
  "A cron trigger; `workflow_input` and `workflow_params` are JSON-encoded objects.",
  {
    id: "string",
    name: "string",
    workflow_name: "string",
    workflow_id: "string",
    workflow_input: "string",
    workflow_params: "string",
    project_id: "string",
    scope: "string",
    pattern: "string",
    remaining_executions: "integer",
    first_execution_time: "string",
    next_execution_time: "string",
    created_at: "string",
    updated_at: "string",
  },
);

const jsonObject = {
  type: ["string", "object", "null"],
  description: "A JSON object, or its JSON encoding.",
};
const nullableString = { type: ["string", "null"] };

const CREATE_BODY = {
  type: "object",
  properties: {
    name: { type: "string" },
    workflow_name: nullableString,
    workflow_id: nullableString,
    workflow_namespace: nullableString,
    workflow_input: jsonObject,
    workflow_params: jsonObject,
    pattern: nullableString,
    first_execution_time: nullableString,
    // wsme's IntegerType(minimum=1); the maximum is the database column's (a 32-bit INTEGER).
    remaining_executions: { type: ["integer", "null"], minimum: 1, maximum: 2_147_483_647 },
    scope: { type: "string", enum: ["private", "public"] },
  },
  additionalProperties: false,
};

interface CronTriggerBody {
  name?: string;
  workflow_name?: string | null;
  workflow_id?: string | null;
  workflow_namespace?: string | null;
  workflow_input?: unknown;
  workflow_params?: unknown;
  pattern?: string | null;
  first_execution_time?: string | null;
  remaining_executions?: number | null;
  scope?: "private" | "public";
}

/** First executions must be at least this far in the future (Mistral). */
const MIN_FIRST_EXECUTION_DELAY_MS = 60_000;

/** When a new trigger fires first, how often, and with what pattern. */
interface Schedule {
  readonly pattern: string;
  readonly nextExecutionTime: Date;
  readonly remainingExecutions: number | null;
}

/** A CronPatternError as Mistral's 400. */
function orBadPattern<T>(pattern: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof CronPatternError) throw badRequest(error.message, { pattern });
    throw error;
  }
}

/**
 * A new trigger's schedule, as mistral/services/triggers.py makes it: validate_cron_trigger_input
 * (a pattern or a first time, the first time at least a minute ahead, a count above 1 only with a
 * pattern, a pattern croniter reads), then the first time or the pattern's first tick after now. A
 * one-shot trigger runs once and gets the column's default pattern, which never matches.
 */
function firstSchedule(
  pattern: string | null,
  firstTime: Date | null,
  count: number | null,
  now: Date,
): Schedule {
  if (firstTime === null && pattern === null) {
    throw badRequest("Pattern or first_execution_time must be specified.");
  }
  if (firstTime !== null) {
    if (firstTime.getTime() < now.getTime() + MIN_FIRST_EXECUTION_DELAY_MS) {
      throw badRequest("first_execution_time must be at least 1 minute in the future.");
    }
    if (pattern === null && count !== null && count > 1) {
      throw badRequest("Pattern must be provided if count is superior to 1.");
    }
  }
  if (pattern !== null) orBadPattern(pattern, () => validateCronPattern(pattern));
  if (firstTime !== null) {
    return {
      pattern: pattern ?? NEVER_PATTERN,
      nextExecutionTime: firstTime,
      remainingExecutions: pattern === null ? (count ?? 1) : count,
    };
  }
  // A pattern that parses may still have no tick at all (February 31st): Mistral's croniter fails
  // there with a 500; it is the client's pattern, so 400.
  const nextExecutionTime = orBadPattern(pattern!, () => nextCronTick(pattern!, now));
  return { pattern: pattern!, nextExecutionTime, remainingExecutions: count };
}

/** The cron triggers API. */
export async function cronTriggerRoutes(
  app: FastifyInstance,
  { context }: RoutePluginOptions,
): Promise<void> {
  const { data } = context;
  acceptJsonBodies(app);

  app.post(
    "/cron_triggers",
    {
      config: { bodyArgument: "cron_trigger" },
      schema: doc({
        summary: "Create a cron trigger",
        tags: ["cron_triggers"],
        body: CREATE_BODY,
        response: { 201: CRON_TRIGGER_SCHEMA, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as CronTriggerBody;
      // Mistral's order: its resource type checks the body (types, count, JSON fields), then
      // services/triggers.py reads the time, checks pattern and time, finds the workflow, checks the
      // input, and the database refuses a taken name. A missing name is its 500; here it comes first.
      if (!body.name) throw badRequest("Name of the cron trigger is not provided.");
      const count = body.remaining_executions ?? null;
      const input = readJsonObjectField("workflow_input", body.workflow_input) ?? {};
      const params = readJsonObjectField("workflow_params", body.workflow_params) ?? {};
      const firstTime =
        body.first_execution_time === undefined || body.first_execution_time === null
          ? null
          : parseFirstExecutionTime(body.first_execution_time);
      const schedule = firstSchedule(body.pattern || null, firstTime, count, new Date());

      const identifier = body.workflow_id || body.workflow_name;
      if (!identifier) {
        throw badRequest("Workflow ID or workflow name must be provided. Workflow ID is recommended.");
      }
      const workflow = await data.resolveWorkflow(
        request.projectId,
        identifier,
        body.workflow_namespace ?? "",
      );
      // Checked as for an execution, but kept as given (the defaults are added when it fires).
      prepareWorkflowInput(workflow, input);

      const row = await data.createCronTrigger(request.projectId, {
        name: body.name,
        ...schedule,
        firstExecutionTime: firstTime,
        workflowName: workflow.name,
        workflowId: workflow.id,
        workflowInput: input,
        workflowParams: params,
        scope: body.scope ?? "private",
      });
      request.log.info(
        { cronTriggerId: row.id, cronTrigger: row.name, next: row.nextExecutionTime },
        "cron trigger created",
      );
      return reply.status(201).send(cronTriggerView(row, "created"));
    },
  );

  app.get(
    "/cron_triggers/:identifier",
    {
      schema: doc({
        summary: "A cron trigger, by name or id",
        tags: ["cron_triggers"],
        params: IDENTIFIER_PARAMS,
        querystring: { type: "object", additionalProperties: false },
        response: { 200: CRON_TRIGGER_SCHEMA, ...errorResponses() },
      }),
    },
    async (request) => {
      const { identifier } = request.params as { identifier: string };
      return cronTriggerView(await data.getCronTrigger(request.projectId, identifier), "get");
    },
  );

  app.get(
    "/cron_triggers",
    {
      schema: doc({
        summary: "List cron triggers",
        tags: ["cron_triggers"],
        querystring: listQuerySchema(CRON_TRIGGER_LIST),
        response: { 200: listSchema("cron_triggers", CRON_TRIGGER_SCHEMA), ...errorResponses() },
      }),
    },
    async (request) => {
      const params = parseListParams(CRON_TRIGGER_LIST, request.query as Record<string, unknown>);
      const allProjects = params.extras["all_projects"];
      // As for executions and workflows: listing other projects' triggers is an admin's right.
      const scope = listScope(
        request,
        allProjects !== undefined && parseQueryBool("all_projects", allProjects),
      );
      const marker = params.marker
        ? (await data.getCronTrigger(request.projectId, params.marker)).id
        : undefined;
      const rows = await data.listCronTriggers(scope, params, marker);
      const body: Record<string, unknown> = {
        cron_triggers: rows.map((row) =>
          projectFields(cronTriggerView(row, "list"), params.fields, CRON_TRIGGER_FIELDS),
        ),
      };
      const next = nextLink(applicationUrl(request), "cron_triggers", params, rows.length, rows.at(-1)?.id);
      if (next !== undefined) body["next"] = next;
      return body;
    },
  );

  app.delete(
    "/cron_triggers/:identifier",
    {
      schema: doc({
        summary: "Delete a cron trigger, by name or id",
        tags: ["cron_triggers"],
        params: IDENTIFIER_PARAMS,
        response: { 204: { type: "null" }, ...errorResponses() },
      }),
    },
    async (request, reply) => {
      const { identifier } = request.params as { identifier: string };
      await data.deleteCronTrigger(request.projectId, identifier);
      return reply.status(204).send();
    },
  );
}

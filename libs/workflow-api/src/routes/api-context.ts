// What every API area's plugin receives: validated config, the data access, the engine's commands.
import type { EngineCommands } from "../engine-commands.js";
import type { FastifyRequest } from "fastify";
import type { ApiConfig } from "../api-config.js";
import type { ApiService } from "../api-deps.js";
import type { ProjectScope, WorkflowData } from "../data/workflow-data.js";
import { ALL_PROJECTS } from "@ops/workflow-store";
import { ApiError } from "../errors/api-error.js";

export interface ApiContext {
  readonly config: ApiConfig;
  readonly data: WorkflowData;
  readonly commands: EngineCommands;
  readonly services: () => Promise<readonly ApiService[]>;
}

/** Options a route plugin is registered with. */
export interface RoutePluginOptions {
  readonly context: ApiContext;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The project this request acts for (set once, by the project resolver). */
    projectId: string;
  }
}

/** Mistral's `pecan.request.application_url`: scheme and host the client used. */
export function applicationUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Waits `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The projects a list request covers: the caller's own, or every project when it asks with
 * `all_projects=true` and is an admin (the policy has checked the role; without Keystone there is
 * no admin, and the request is refused as before).
 */
export function listScope(request: FastifyRequest, allProjects: boolean): ProjectScope {
  if (!allProjects) return request.projectId;
  if (request.caller?.isAdmin === true) return ALL_PROJECTS;
  throw new ApiError("WF_API_ERR_NOT_ALLOWED", "Operation forbidden (insufficient permissions)");
}

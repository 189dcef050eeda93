// What every API area's plugin receives: validated config, the data access, the engine's commands.
import type { EngineCommands } from "../engine-commands.js";
import type { FastifyRequest } from "fastify";
import type { ApiConfig } from "../api-config.js";
import type { ApiService } from "../api-deps.js";
import type { WorkflowData } from "../data/workflow-data.js";

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

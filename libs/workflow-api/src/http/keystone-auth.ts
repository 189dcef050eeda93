// The workflow API behind Keystone: libs/keystone-auth validates the X-Auth-Token of every request
// (answering 401 itself, as keystonemiddleware does), the request acts for the token's project,
// and each route passes the role policy under Mistral's rule names (`workflows:create`,
// `executions:list`...), refused with Mistral's 403.
import { installRequestAuth, type KeystoneAuth, type PolicyAction } from "@ops/keystone-auth";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../errors/api-error.js";
import type { ProjectResolver } from "./project-resolver.js";

/** The version documents, answered without a token (as Mistral's root controller is). */
function isPublic(request: FastifyRequest): boolean {
  const path = request.url.split("?")[0];
  return path === "/" || path === "/v2" || path === "/v2/";
}

export function installKeystoneAuth(
  app: FastifyInstance,
  auth: Pick<KeystoneAuth, "validator" | "policy" | "authUrl">,
): void {
  installRequestAuth(app, { validator: auth.validator, authUrl: auth.authUrl, isPublic });
  app.addHook("preHandler", async (request) => {
    const caller = request.caller;
    if (caller === null) return;
    const action = policyAction(request);
    const target = policyTarget(request);
    if (!auth.policy.allows(caller, action)) {
      throw new ApiError("WF_API_ERR_NOT_ALLOWED", `Policy doesn't allow ${target} to be performed.`, {
        context: { target, action },
      });
    }
  });
}

/** The token's project; the version documents (no token) act for the default project. */
export function keystoneProjectResolver(defaultProject: string): ProjectResolver {
  return (request) => {
    if (request.caller === null) return defaultProject;
    if (request.caller.projectId === null) {
      throw new ApiError("WF_API_ERR_NOT_ALLOWED", "The token must be scoped to a project.");
    }
    return request.caller.projectId;
  };
}

function policyAction(request: FastifyRequest): PolicyAction {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const allProjects = query["all_projects"];
  if (typeof allProjects === "string" && ["true", "1", "yes", "on"].includes(allProjects.toLowerCase()))
    return "all-projects";
  return request.method === "GET" || request.method === "HEAD" ? "read" : "write";
}

/** Mistral's policy rule name of a route: `<resource>:<list|get|create|update|delete>`. */
function policyTarget(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? request.url;
  const segments = route
    .split("?")[0]!
    .split("/")
    .filter((part) => part !== "" && part !== "v2");
  const resource = segments[0] ?? "root";
  const hasId = segments.length > 1 && segments[1]!.startsWith(":");
  const verb =
    request.method === "GET" || request.method === "HEAD"
      ? hasId
        ? "get"
        : "list"
      : request.method === "POST"
        ? "create"
        : request.method === "DELETE"
          ? "delete"
          : "update";
  return `${resource}:${verb}`;
}

/**
 * Whose rows a call may see and change. Every read and write of a project's data names it:
 * `{ projectId }` sees that project's rows (plus other projects' `public` workbooks, workflows,
 * actions and environments, read-only), and a row of another project is "not found";
 * `{ allProjects: true }` sees and changes every row — the engine, executor and scheduler (whose jobs
 * carry only ids), `db populate`, and admins listing with `all_projects`.
 */
export type ProjectAccess = { readonly projectId: string } | { readonly allProjects: true };

/** Access to every project's rows. */
export const ALL_PROJECTS: ProjectAccess = Object.freeze({ allProjects: true as const });

/** Access to one project's rows. */
export function projectAccess(projectId: string): ProjectAccess {
  return Object.freeze({ projectId });
}

/** The project an access is limited to, or undefined for {@link ALL_PROJECTS}. */
export function accessProjectId(access: ProjectAccess): string | undefined {
  return "projectId" in access ? access.projectId : undefined;
}

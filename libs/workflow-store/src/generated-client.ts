// Loads the generated Prisma client of one provider, for any Prisma library of the repository
// (each generates src/generated/<provider>/ with tools/prisma/generate-clients.mjs and passes its
// own imports, which must stay relative to it).
import type { DatabaseProvider } from "./database-target.js";
import { WorkflowStoreError } from "./workflow-store-error.js";

/** How a library imports each provider's generated client module. */
export type GeneratedClientModules = Readonly<
  Record<DatabaseProvider, () => Promise<{ PrismaClient: unknown }>>
>;

/**
 * The PrismaClient class of `provider`.
 * @throws {@link WorkflowStoreError} `WF_STORE_ERR_CLIENT_NOT_GENERATED` naming the command to run
 */
export async function loadGeneratedClient<Client>(
  provider: DatabaseProvider,
  modules: GeneratedClientModules,
  library: string,
): Promise<new (options: { adapter: unknown }) => Client> {
  try {
    return (await modules[provider]()).PrismaClient as new (options: { adapter: unknown }) => Client;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") {
      throw new WorkflowStoreError(
        "WF_STORE_ERR_CLIENT_NOT_GENERATED",
        `The Prisma client of ${library} for ${provider} is missing: run npm run generate -w ${library}`,
        { provider, library },
        { cause: error },
      );
    }
    throw error;
  }
}

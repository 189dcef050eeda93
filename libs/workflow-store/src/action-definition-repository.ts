// Action definitions: ad-hoc actions of projects, and the system (std) actions that `db populate`
// registers as public rows of the system project.
import { NamespacedDefinitionRepository } from "./named-resource-repository.js";
import type { ActionDefinitionPatch, ActionDefinitionRow, NewActionDefinition } from "./row-types.js";
import { SYSTEM_PROJECT_ID, type StdActionEntry } from "./std-action-catalog.js";
import { isWorkflowStoreError } from "./workflow-store-error.js";

/** What {@link ActionDefinitionRepository.registerSystemActions} did. */
export interface SystemActionRegistration {
  readonly created: readonly string[];
  readonly updated: readonly string[];
}

export class ActionDefinitionRepository extends NamespacedDefinitionRepository<
  ActionDefinitionRow,
  NewActionDefinition,
  ActionDefinitionPatch
> {
  /**
   * Creates or updates system actions: public rows of {@link SYSTEM_PROJECT_ID} in the default
   * namespace with `is_system` true. Repeating it changes nothing but `updated_at` of changed rows.
   */
  async registerSystemActions(entries: readonly StdActionEntry[]): Promise<SystemActionRegistration> {
    const created: string[] = [];
    const updated: string[] = [];
    for (const entry of entries) {
      const values = {
        description: entry.description,
        input: entry.input,
        actionClass: entry.actionClass,
        isSystem: true,
        scope: "public" as const,
      };
      const key = { name: entry.name, namespace: "", projectId: SYSTEM_PROJECT_ID };
      const existing = await this.gateway.findRaw(key);
      if (existing === null) {
        try {
          await this.gateway.insert({ ...key, ...values });
          created.push(entry.name);
        } catch (error) {
          // Another `db populate` running at the same moment created it: it has the same values.
          if (!isWorkflowStoreError(error, "WF_STORE_ERR_DUPLICATE")) throw error;
        }
      } else if (Object.entries(values).some(([field, value]) => existing[field] !== value)) {
        await this.gateway.updateById(existing["id"] as string, values);
        updated.push(entry.name);
      }
    }
    return { created, updated };
  }
}

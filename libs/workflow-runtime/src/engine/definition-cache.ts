// Parsed workflow specs and system action definitions are immutable values: parse once, keep a
// bounded number, and look them up by a key that changes when the source changes.
import { workflowSpecFromDocument, type ActionDefinition, type JsonObject } from "@ops/workflow-conductor";
import type { WorkflowSpec } from "@ops/dsl";
import type { ActionImplementation } from "../actions/index.js";
import { isJsonObject } from "./conductor-rows.js";

/** A spec document that did not parse into a workflow. */
export class InvalidSpecError extends Error {
  override readonly name = "InvalidSpecError";
}

/** A Map that forgets its oldest entries beyond `limit`. */
class BoundedCache<Value> {
  readonly #entries = new Map<string, Value>();
  constructor(private readonly limit: number) {}

  get(key: string): Value | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: Value): void {
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

export class DefinitionCache {
  readonly #specs = new BoundedCache<WorkflowSpec>(500);
  /**
   * Specs by the document they were read from. The store hands out one frozen document per spec
   * text, so executions of the same workflow share one parse, kept as long as the document is.
   */
  readonly #specsByDocument = new WeakMap<object, WorkflowSpec>();
  /**
   * The std actions as the conductor sees them, given with every snapshot so that the commonest
   * lookup costs no query. `std.*` names therefore always mean the system actions: an ad-hoc
   * action a project defines under that prefix is shadowed.
   */
  readonly stdActionDefinitions: Readonly<Record<string, ActionDefinition>>;

  constructor(private readonly actions: ReadonlyMap<string, ActionImplementation>) {
    const definitions: Record<string, ActionDefinition> = {};
    for (const name of actions.keys()) {
      const definition = name.startsWith("std.") ? this.systemAction(name, null) : null;
      if (definition !== null) definitions[name] = definition;
    }
    this.stdActionDefinitions = Object.freeze(definitions);
  }

  /** The typed spec of a spec document (an execution's or a definition's), cached under `key`. */
  workflowSpec(key: string, document: unknown): WorkflowSpec {
    if (!isJsonObject(document)) throw new InvalidSpecError("The workflow spec is missing.");
    const cached = this.#specsByDocument.get(document) ?? this.#specs.get(key);
    if (cached !== undefined) return cached;
    const parsed = workflowSpecFromDocument(document as JsonObject);
    if (parsed.spec === undefined || parsed.issues.length > 0) {
      const problems = parsed.issues.map((issue) => issue.message).join("; ");
      throw new InvalidSpecError(`Invalid workflow spec: ${problems || "unreadable"}`);
    }
    this.#specs.set(key, parsed.spec);
    this.#specsByDocument.set(document, parsed.spec);
    return parsed.spec;
  }

  /** A system action as the conductor sees it, from the executor's registry (null if it has none). */
  systemAction(name: string, className: string | null): ActionDefinition | null {
    const implementation = this.actions.get(name);
    if (implementation === undefined) return null;
    return {
      name,
      kind: "system",
      className: className ?? implementation.className,
      isSync: !implementation.isAsync,
      parameters: implementation.params.map((param) =>
        param.required ? { name: param.name } : { name: param.name, default: param.defaultValue },
      ),
    };
  }
}

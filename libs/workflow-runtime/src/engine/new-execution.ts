// The row of a new workflow execution, IDLE until the engine starts it: what POST /v2/executions
// and a firing cron trigger both write.
import type { NewWorkflowExecution, WorkflowDefinitionRow } from "@ops/workflow-store";

export interface NewExecutionValues {
  readonly id?: string;
  readonly description: string;
  /** Already checked against the workflow's declared input. */
  readonly input: Record<string, unknown>;
  /** `params`, with `namespace` (and `env`) as the caller settled them. */
  readonly params: Record<string, unknown>;
  readonly projectId: string;
}

/** An IDLE execution of `workflow` with its spec, tags and namespace. */
export function newExecutionRow(
  workflow: WorkflowDefinitionRow,
  values: NewExecutionValues,
): NewWorkflowExecution {
  return {
    ...(values.id === undefined ? {} : { id: values.id }),
    name: workflow.name,
    description: values.description,
    workflowName: workflow.name,
    workflowNamespace: workflow.namespace,
    workflowId: workflow.id,
    spec: workflow.spec,
    state: "IDLE",
    tags: workflow.tags ?? [],
    input: values.input,
    params: values.params,
    output: {},
    context: {},
    runtimeContext: {},
    projectId: values.projectId,
  };
}

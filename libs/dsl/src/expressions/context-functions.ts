// The functions whose answers live in the engine's database: task(), tasks(), execution(),
// executions(), env() and global(). The dsl only defines the interface; the engine supplies an
// implementation per evaluation. An expression that calls a function the caller did not supply
// fails with a clear error instead of returning a made-up value.

/** Filters of `tasks(workflow_execution_id, recursive, state, flat)`. */
export interface TasksQuery {
  readonly workflowExecutionId?: string | null;
  readonly recursive?: boolean;
  readonly state?: string | null;
  readonly flat?: boolean;
}

/** Filters of `executions(id, root_execution_id, state, from_time, to_time)`. */
export interface ExecutionsQuery {
  readonly id?: string | null;
  readonly rootExecutionId?: string | null;
  readonly state?: string | null;
  readonly fromTime?: string | null;
  readonly toTime?: string | null;
}

/**
 * What the engine provides to expressions. Every member is optional: a function that is absent
 * raises an evaluation error naming it when an expression calls it.
 */
export interface ContextFunctions {
  /** `task(name)`: the named task execution of the current workflow (the current task without a name). */
  task?(name?: string | null): unknown;
  /** `tasks(...)`: task executions matching the filters. */
  tasks?(query: TasksQuery): unknown;
  /** `execution()`: the current workflow execution (id, name, input, params, spec, ...). */
  execution?(): unknown;
  /** `executions(...)`: workflow executions matching the filters. */
  executions?(query: ExecutionsQuery): unknown;
  /** `env()`: the execution's environment. */
  env?(): unknown;
  /** `global(name)`: a variable published with `publish: global:`. */
  global?(name: string): unknown;
}

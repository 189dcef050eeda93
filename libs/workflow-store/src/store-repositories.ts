// The repositories of every table, bound to one Prisma client: the store's own (each call its own
// statement) or an interactive transaction's (every call in that transaction).
import { ActionDefinitionRepository } from "./action-definition-repository.js";
import { CronTriggerRepository } from "./cron-trigger-repository.js";
import { DelayedCallRepository } from "./delayed-call-repository.js";
import {
  ActionExecutionRepository,
  TaskExecutionRepository,
  WorkflowExecutionRepository,
} from "./execution-repository.js";
import { NamedResourceRepository, NamespacedDefinitionRepository } from "./named-resource-repository.js";
import type {
  EnvironmentPatch,
  EnvironmentRow,
  NewEnvironment,
  NewWorkbook,
  NewWorkflowDefinition,
  WorkbookPatch,
  WorkbookRow,
  WorkflowDefinitionPatch,
  WorkflowDefinitionRow,
} from "./row-types.js";
import {
  ACTION_DEFINITIONS,
  ACTION_EXECUTIONS,
  CRON_TRIGGERS,
  DELAYED_CALLS,
  ENVIRONMENTS,
  TASK_EXECUTIONS,
  WORKBOOKS,
  WORKFLOW_DEFINITIONS,
  WORKFLOW_EXECUTIONS,
  type TableSpec,
} from "./store-tables.js";
import type { SqlSession } from "./raw-sql.js";
import { TableGateway, type ModelClient, type StoreEnvironment } from "./table-gateway.js";

/** Workbooks, addressed by name within a namespace. */
export type WorkbookRepository = NamedResourceRepository<WorkbookRow, NewWorkbook, WorkbookPatch>;

/** Workflow definitions, addressed by id, or by name within a namespace. */
export type WorkflowDefinitionRepository = NamespacedDefinitionRepository<
  WorkflowDefinitionRow,
  NewWorkflowDefinition,
  WorkflowDefinitionPatch
>;

/** Environments, addressed by name or id. */
export type EnvironmentRepository = NamedResourceRepository<EnvironmentRow, NewEnvironment, EnvironmentPatch>;

/** Every table's repository, bound to one client. */
export class StoreRepositories {
  readonly workbooks: WorkbookRepository;
  readonly workflowDefinitions: WorkflowDefinitionRepository;
  readonly actionDefinitions: ActionDefinitionRepository;
  readonly environments: EnvironmentRepository;
  readonly workflowExecutions: WorkflowExecutionRepository;
  readonly taskExecutions: TaskExecutionRepository;
  readonly actionExecutions: ActionExecutionRepository;
  readonly delayedCalls: DelayedCallRepository;
  readonly cronTriggers: CronTriggerRepository;

  /** @internal */
  constructor(
    protected readonly models: ModelClient,
    protected readonly environment: StoreEnvironment,
    /** Where the hot path's raw SQL runs; without it every call goes through Prisma. */
    protected readonly sql?: SqlSession,
  ) {
    const gateway = <Row>(spec: TableSpec) => new TableGateway<Row>(spec, models, environment, sql);
    this.workbooks = new NamedResourceRepository(gateway(WORKBOOKS), { byId: false, namespaced: true });
    this.workflowDefinitions = new NamespacedDefinitionRepository(gateway(WORKFLOW_DEFINITIONS), {
      byId: true,
      namespaced: true,
    });
    this.actionDefinitions = new ActionDefinitionRepository(gateway(ACTION_DEFINITIONS), {
      byId: true,
      namespaced: true,
    });
    this.environments = new NamedResourceRepository(gateway(ENVIRONMENTS), { byId: true, namespaced: false });
    this.workflowExecutions = new WorkflowExecutionRepository(gateway(WORKFLOW_EXECUTIONS));
    this.taskExecutions = new TaskExecutionRepository(gateway(TASK_EXECUTIONS));
    this.actionExecutions = new ActionExecutionRepository(gateway(ACTION_EXECUTIONS));
    this.delayedCalls = new DelayedCallRepository(gateway(DELAYED_CALLS));
    this.cronTriggers = new CronTriggerRepository(gateway(CRON_TRIGGERS), { byId: true, namespaced: false });
  }
}

// @ops/workflow-store — the workflow service's database on SQLite, PostgreSQL and MySQL/MariaDB:
// Prisma schema and generated clients, migrations with `db upgrade` / `db populate`, and the store
// API the workflow API and the engine runtime share.

// Opening the store
export { openWorkflowStore, WorkflowStore } from "./workflow-store.js";
export type { TransactionOptions, WorkflowStoreOptions } from "./workflow-store.js";
export { DATABASE_PROVIDERS, describeDatabaseTarget, parseDatabaseUrl } from "./database-target.js";
export type { DatabaseProvider, DatabaseTarget, ServerTarget, SqliteTarget } from "./database-target.js";
export { createDriverAdapterFactory } from "./driver-adapter-factory.js";
export { loadGeneratedClient } from "./generated-client.js";
export type { GeneratedClientModules } from "./generated-client.js";
export type { DriverAdapterFactory, DriverAdapterOptions } from "./driver-adapter-factory.js";

// Whose rows a call sees
export { ALL_PROJECTS, accessProjectId, projectAccess } from "./project-access.js";
export type { ProjectAccess } from "./project-access.js";

// Rows
export { FINISHED_STATES } from "./row-types.js";
export type {
  ActionDefinitionPatch,
  ActionDefinitionRow,
  ActionExecutionPatch,
  ActionExecutionRow,
  CronTriggerPatch,
  CronTriggerRow,
  DelayedCallPatch,
  DelayedCallRow,
  EnvironmentPatch,
  EnvironmentRow,
  ExecutionState,
  JsonColumnValue,
  NewActionDefinition,
  NewActionExecution,
  NewCronTrigger,
  NewDelayedCall,
  NewEnvironment,
  NewRow,
  NewTaskExecution,
  NewWorkbook,
  NewWorkflowDefinition,
  NewWorkflowExecution,
  ResourceScope,
  RowPatch,
  TaskExecutionPatch,
  TaskExecutionRow,
  WorkbookPatch,
  WorkbookRow,
  WorkflowDefinitionPatch,
  WorkflowDefinitionRow,
  WorkflowExecutionPatch,
  WorkflowExecutionRow,
} from "./row-types.js";

// Repositories
export { StoreRepositories } from "./store-repositories.js";
export type {
  EnvironmentRepository,
  WorkbookRepository,
  WorkflowDefinitionRepository,
} from "./store-repositories.js";
export { NamedResourceRepository, NamespacedDefinitionRepository } from "./named-resource-repository.js";
export { ActionDefinitionRepository } from "./action-definition-repository.js";
export type { SystemActionRegistration } from "./action-definition-repository.js";
export {
  ActionExecutionRepository,
  ExecutionRepository,
  TaskExecutionRepository,
  WorkflowExecutionRepository,
} from "./execution-repository.js";
export type { ExpectedExecution, StaleScanOptions } from "./execution-repository.js";
export { DelayedCallRepository } from "./delayed-call-repository.js";
export type { ClaimOptions } from "./delayed-call-repository.js";
export { CronTriggerRepository } from "./cron-trigger-repository.js";
export type { CronTriggerAdvance } from "./cron-trigger-repository.js";

// Listing
export { compileListQuery, FILTER_OPERATORS, parseFilterString, parseTimestamp } from "./list-query.js";
export type { FilterCondition, FilterInput, FilterOperator, FilterScalar, ListQuery } from "./list-query.js";
export { STORE_TABLES } from "./store-tables.js";
export type { ColumnKind, ColumnSpec, TableSpec, TableVisibility } from "./store-tables.js";

// Transactions for the engine
export { StoreTransaction } from "./store-transaction.js";
export type {
  ExecutionSnapshot,
  ExecutionSnapshotOptions,
  RowChanges,
  RowUpdate,
} from "./store-transaction.js";

// Errors
export {
  isWorkflowStoreError,
  toWorkflowStoreError,
  WORKFLOW_STORE_ERROR_CODES,
  WorkflowStoreError,
} from "./workflow-store-error.js";
export type { WorkflowStoreErrorCode } from "./workflow-store-error.js";

// db upgrade, db status, db populate
export { databaseStatus, readMigrationFiles, upgradeDatabase } from "./database-migrations.js";
export type {
  DatabaseCommandOptions,
  DatabaseStatus,
  MigrationFile,
  UpgradeResult,
} from "./database-migrations.js";
export { populateDatabase, registerStdActions } from "./populate-database.js";
export type { PopulateOptions, PopulateResult } from "./populate-database.js";
export { STD_ACTION_CATALOG, SYSTEM_PROJECT_ID } from "./std-action-catalog.js";
export type { StdActionEntry } from "./std-action-catalog.js";

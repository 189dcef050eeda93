-- CreateTable
CREATE TABLE "workbooks" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT '',
    "definition" TEXT,
    "spec" TEXT,
    "tags" TEXT,
    "scope" TEXT NOT NULL DEFAULT 'private',
    "project_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "workflow_definitions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT '',
    "definition" TEXT,
    "spec" TEXT,
    "tags" TEXT,
    "scope" TEXT NOT NULL DEFAULT 'private',
    "project_id" TEXT NOT NULL,
    "is_system" BOOLEAN NOT NULL DEFAULT false,
    "workbook_name" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "action_definitions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT '',
    "definition" TEXT,
    "spec" TEXT,
    "description" TEXT,
    "input" TEXT,
    "tags" TEXT,
    "scope" TEXT NOT NULL DEFAULT 'private',
    "project_id" TEXT NOT NULL,
    "is_system" BOOLEAN NOT NULL DEFAULT false,
    "workbook_name" TEXT,
    "action_class" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "environments" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "variables" TEXT,
    "scope" TEXT NOT NULL DEFAULT 'private',
    "project_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "workflow_executions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "workflow_name" TEXT,
    "workflow_namespace" TEXT NOT NULL DEFAULT '',
    "workflow_id" TEXT,
    "spec" TEXT,
    "state" TEXT NOT NULL,
    "state_info" TEXT,
    "tags" TEXT,
    "runtime_context" TEXT,
    "accepted" BOOLEAN NOT NULL DEFAULT false,
    "input" TEXT,
    "output" TEXT,
    "params" TEXT,
    "context" TEXT,
    "task_execution_id" TEXT,
    "root_execution_id" TEXT,
    "project_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'private',
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME,
    CONSTRAINT "workflow_executions_task_execution_id_fkey" FOREIGN KEY ("task_execution_id") REFERENCES "task_executions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "task_executions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "workflow_execution_id" TEXT NOT NULL,
    "workflow_name" TEXT,
    "workflow_namespace" TEXT NOT NULL DEFAULT '',
    "workflow_id" TEXT,
    "spec" TEXT,
    "action_spec" TEXT,
    "state" TEXT NOT NULL,
    "state_info" TEXT,
    "tags" TEXT,
    "runtime_context" TEXT,
    "unique_key" TEXT,
    "type" TEXT NOT NULL DEFAULT 'ACTION',
    "started_at" DATETIME,
    "finished_at" DATETIME,
    "processed" BOOLEAN NOT NULL DEFAULT false,
    "has_next_tasks" BOOLEAN NOT NULL DEFAULT false,
    "next_tasks" TEXT,
    "error_handled" BOOLEAN NOT NULL DEFAULT false,
    "in_context" TEXT,
    "published" TEXT,
    "project_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME,
    CONSTRAINT "task_executions_workflow_execution_id_fkey" FOREIGN KEY ("workflow_execution_id") REFERENCES "workflow_executions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "action_executions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "workflow_name" TEXT,
    "workflow_namespace" TEXT NOT NULL DEFAULT '',
    "workflow_id" TEXT,
    "task_execution_id" TEXT,
    "spec" TEXT,
    "state" TEXT NOT NULL,
    "state_info" TEXT,
    "tags" TEXT,
    "runtime_context" TEXT,
    "accepted" BOOLEAN NOT NULL DEFAULT false,
    "input" TEXT,
    "output" TEXT,
    "last_heartbeat" DATETIME,
    "is_sync" BOOLEAN,
    "project_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME,
    CONSTRAINT "action_executions_task_execution_id_fkey" FOREIGN KEY ("task_execution_id") REFERENCES "task_executions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "delayed_calls" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "arguments" TEXT,
    "key" TEXT,
    "execution_time" DATETIME NOT NULL,
    "processing" BOOLEAN NOT NULL DEFAULT false,
    "captured_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "cron_triggers" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "pattern" TEXT,
    "first_execution_time" DATETIME,
    "next_execution_time" DATETIME NOT NULL,
    "workflow_name" TEXT,
    "workflow_id" TEXT NOT NULL,
    "workflow_input" TEXT,
    "workflow_params" TEXT,
    "remaining_executions" INTEGER,
    "scope" TEXT NOT NULL DEFAULT 'private',
    "project_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME,
    CONSTRAINT "cron_triggers_workflow_id_fkey" FOREIGN KEY ("workflow_id") REFERENCES "workflow_definitions" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "workbooks_project_id_idx" ON "workbooks"("project_id");

-- CreateIndex
CREATE INDEX "workbooks_scope_idx" ON "workbooks"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "workbooks_name_namespace_project_id_key" ON "workbooks"("name", "namespace", "project_id");

-- CreateIndex
CREATE INDEX "workflow_definitions_is_system_idx" ON "workflow_definitions"("is_system");

-- CreateIndex
CREATE INDEX "workflow_definitions_project_id_idx" ON "workflow_definitions"("project_id");

-- CreateIndex
CREATE INDEX "workflow_definitions_scope_idx" ON "workflow_definitions"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_definitions_name_namespace_project_id_key" ON "workflow_definitions"("name", "namespace", "project_id");

-- CreateIndex
CREATE INDEX "action_definitions_is_system_idx" ON "action_definitions"("is_system");

-- CreateIndex
CREATE INDEX "action_definitions_action_class_idx" ON "action_definitions"("action_class");

-- CreateIndex
CREATE INDEX "action_definitions_project_id_idx" ON "action_definitions"("project_id");

-- CreateIndex
CREATE INDEX "action_definitions_scope_idx" ON "action_definitions"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "action_definitions_name_namespace_project_id_key" ON "action_definitions"("name", "namespace", "project_id");

-- CreateIndex
CREATE INDEX "environments_project_id_idx" ON "environments"("project_id");

-- CreateIndex
CREATE INDEX "environments_scope_idx" ON "environments"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "environments_name_project_id_key" ON "environments"("name", "project_id");

-- CreateIndex
CREATE INDEX "workflow_executions_project_id_idx" ON "workflow_executions"("project_id");

-- CreateIndex
CREATE INDEX "workflow_executions_scope_idx" ON "workflow_executions"("scope");

-- CreateIndex
CREATE INDEX "workflow_executions_state_idx" ON "workflow_executions"("state");

-- CreateIndex
CREATE INDEX "workflow_executions_updated_at_idx" ON "workflow_executions"("updated_at");

-- CreateIndex
CREATE INDEX "workflow_executions_task_execution_id_idx" ON "workflow_executions"("task_execution_id");

-- CreateIndex
CREATE INDEX "workflow_executions_root_execution_id_idx" ON "workflow_executions"("root_execution_id");

-- CreateIndex
CREATE UNIQUE INDEX "task_executions_unique_key_key" ON "task_executions"("unique_key");

-- CreateIndex
CREATE INDEX "task_executions_project_id_idx" ON "task_executions"("project_id");

-- CreateIndex
CREATE INDEX "task_executions_state_idx" ON "task_executions"("state");

-- CreateIndex
CREATE INDEX "task_executions_updated_at_idx" ON "task_executions"("updated_at");

-- CreateIndex
CREATE INDEX "task_executions_workflow_execution_id_idx" ON "task_executions"("workflow_execution_id");

-- CreateIndex
CREATE INDEX "task_executions_workflow_execution_id_name_idx" ON "task_executions"("workflow_execution_id", "name");

-- CreateIndex
CREATE INDEX "action_executions_project_id_idx" ON "action_executions"("project_id");

-- CreateIndex
CREATE INDEX "action_executions_state_idx" ON "action_executions"("state");

-- CreateIndex
CREATE INDEX "action_executions_updated_at_idx" ON "action_executions"("updated_at");

-- CreateIndex
CREATE INDEX "action_executions_task_execution_id_idx" ON "action_executions"("task_execution_id");

-- CreateIndex
CREATE UNIQUE INDEX "delayed_calls_key_key" ON "delayed_calls"("key");

-- CreateIndex
CREATE INDEX "delayed_calls_execution_time_idx" ON "delayed_calls"("execution_time");

-- CreateIndex
CREATE INDEX "cron_triggers_next_execution_time_idx" ON "cron_triggers"("next_execution_time");

-- CreateIndex
CREATE INDEX "cron_triggers_project_id_idx" ON "cron_triggers"("project_id");

-- CreateIndex
CREATE INDEX "cron_triggers_scope_idx" ON "cron_triggers"("scope");

-- CreateIndex
CREATE INDEX "cron_triggers_workflow_name_idx" ON "cron_triggers"("workflow_name");

-- CreateIndex
CREATE INDEX "cron_triggers_workflow_id_idx" ON "cron_triggers"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "cron_triggers_name_project_id_key" ON "cron_triggers"("name", "project_id");

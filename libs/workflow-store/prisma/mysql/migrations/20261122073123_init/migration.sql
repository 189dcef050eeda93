-- Written by hand: Prisma's schema engine cannot produce MySQL migrations offline. It follows
-- prisma/mysql/schema/models.prisma the way Prisma Migrate writes MySQL DDL (backquoted names, DATETIME(3),
-- indexes named as Prisma names them), with one deliberate difference: a binary collation, so names
-- and filters compare case-sensitively as on PostgreSQL and SQLite.

-- CreateTable
CREATE TABLE `workbooks` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `namespace` VARCHAR(255) NOT NULL DEFAULT '',
    `definition` LONGTEXT NULL,
    `spec` LONGTEXT NULL,
    `tags` MEDIUMTEXT NULL,
    `scope` VARCHAR(80) NOT NULL DEFAULT 'private',
    `project_id` VARCHAR(80) NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `workbooks_project_id_idx`(`project_id`),
    INDEX `workbooks_scope_idx`(`scope`),
    UNIQUE INDEX `workbooks_name_namespace_project_id_key`(`name`, `namespace`, `project_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `workflow_definitions` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `namespace` VARCHAR(255) NOT NULL DEFAULT '',
    `definition` LONGTEXT NULL,
    `spec` LONGTEXT NULL,
    `tags` MEDIUMTEXT NULL,
    `scope` VARCHAR(80) NOT NULL DEFAULT 'private',
    `project_id` VARCHAR(80) NOT NULL,
    `is_system` BOOLEAN NOT NULL DEFAULT false,
    `workbook_name` VARCHAR(255) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `workflow_definitions_is_system_idx`(`is_system`),
    INDEX `workflow_definitions_project_id_idx`(`project_id`),
    INDEX `workflow_definitions_scope_idx`(`scope`),
    UNIQUE INDEX `workflow_definitions_name_namespace_project_id_key`(`name`, `namespace`, `project_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `action_definitions` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `namespace` VARCHAR(255) NOT NULL DEFAULT '',
    `definition` LONGTEXT NULL,
    `spec` LONGTEXT NULL,
    `description` MEDIUMTEXT NULL,
    `input` MEDIUMTEXT NULL,
    `tags` MEDIUMTEXT NULL,
    `scope` VARCHAR(80) NOT NULL DEFAULT 'private',
    `project_id` VARCHAR(80) NOT NULL,
    `is_system` BOOLEAN NOT NULL DEFAULT false,
    `workbook_name` VARCHAR(255) NULL,
    `action_class` VARCHAR(200) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `action_definitions_is_system_idx`(`is_system`),
    INDEX `action_definitions_action_class_idx`(`action_class`),
    INDEX `action_definitions_project_id_idx`(`project_id`),
    INDEX `action_definitions_scope_idx`(`scope`),
    UNIQUE INDEX `action_definitions_name_namespace_project_id_key`(`name`, `namespace`, `project_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `environments` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `description` MEDIUMTEXT NULL,
    `variables` LONGTEXT NULL,
    `scope` VARCHAR(80) NOT NULL DEFAULT 'private',
    `project_id` VARCHAR(80) NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `environments_project_id_idx`(`project_id`),
    INDEX `environments_scope_idx`(`scope`),
    UNIQUE INDEX `environments_name_project_id_key`(`name`, `project_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `workflow_executions` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `description` VARCHAR(255) NULL,
    `workflow_name` VARCHAR(255) NULL,
    `workflow_namespace` VARCHAR(255) NOT NULL DEFAULT '',
    `workflow_id` VARCHAR(80) NULL,
    `spec` LONGTEXT NULL,
    `state` VARCHAR(20) NOT NULL,
    `state_info` MEDIUMTEXT NULL,
    `tags` MEDIUMTEXT NULL,
    `runtime_context` LONGTEXT NULL,
    `accepted` BOOLEAN NOT NULL DEFAULT false,
    `input` LONGTEXT NULL,
    `output` LONGTEXT NULL,
    `params` LONGTEXT NULL,
    `context` LONGTEXT NULL,
    `task_execution_id` VARCHAR(36) NULL,
    `root_execution_id` VARCHAR(36) NULL,
    `project_id` VARCHAR(80) NOT NULL,
    `scope` VARCHAR(80) NOT NULL DEFAULT 'private',
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `workflow_executions_project_id_idx`(`project_id`),
    INDEX `workflow_executions_scope_idx`(`scope`),
    INDEX `workflow_executions_state_idx`(`state`),
    INDEX `workflow_executions_updated_at_idx`(`updated_at`),
    INDEX `workflow_executions_task_execution_id_idx`(`task_execution_id`),
    INDEX `workflow_executions_root_execution_id_idx`(`root_execution_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `task_executions` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `workflow_execution_id` VARCHAR(36) NOT NULL,
    `workflow_name` VARCHAR(255) NULL,
    `workflow_namespace` VARCHAR(255) NOT NULL DEFAULT '',
    `workflow_id` VARCHAR(80) NULL,
    `spec` LONGTEXT NULL,
    `action_spec` LONGTEXT NULL,
    `state` VARCHAR(20) NOT NULL,
    `state_info` MEDIUMTEXT NULL,
    `tags` MEDIUMTEXT NULL,
    `runtime_context` LONGTEXT NULL,
    `unique_key` VARCHAR(255) NULL,
    `type` VARCHAR(10) NOT NULL DEFAULT 'ACTION',
    `started_at` DATETIME(3) NULL,
    `finished_at` DATETIME(3) NULL,
    `processed` BOOLEAN NOT NULL DEFAULT false,
    `has_next_tasks` BOOLEAN NOT NULL DEFAULT false,
    `next_tasks` LONGTEXT NULL,
    `error_handled` BOOLEAN NOT NULL DEFAULT false,
    `in_context` LONGTEXT NULL,
    `published` LONGTEXT NULL,
    `project_id` VARCHAR(80) NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `task_executions_unique_key_key`(`unique_key`),
    INDEX `task_executions_project_id_idx`(`project_id`),
    INDEX `task_executions_state_idx`(`state`),
    INDEX `task_executions_updated_at_idx`(`updated_at`),
    INDEX `task_executions_workflow_execution_id_idx`(`workflow_execution_id`),
    INDEX `task_executions_workflow_execution_id_name_idx`(`workflow_execution_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `action_executions` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `description` VARCHAR(255) NULL,
    `workflow_name` VARCHAR(255) NULL,
    `workflow_namespace` VARCHAR(255) NOT NULL DEFAULT '',
    `workflow_id` VARCHAR(80) NULL,
    `task_execution_id` VARCHAR(36) NULL,
    `spec` LONGTEXT NULL,
    `state` VARCHAR(20) NOT NULL,
    `state_info` MEDIUMTEXT NULL,
    `tags` MEDIUMTEXT NULL,
    `runtime_context` LONGTEXT NULL,
    `accepted` BOOLEAN NOT NULL DEFAULT false,
    `input` LONGTEXT NULL,
    `output` LONGTEXT NULL,
    `last_heartbeat` DATETIME(3) NULL,
    `is_sync` BOOLEAN NULL,
    `project_id` VARCHAR(80) NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `action_executions_project_id_idx`(`project_id`),
    INDEX `action_executions_state_idx`(`state`),
    INDEX `action_executions_updated_at_idx`(`updated_at`),
    INDEX `action_executions_task_execution_id_idx`(`task_execution_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `delayed_calls` (
    `id` VARCHAR(36) NOT NULL,
    `kind` VARCHAR(80) NOT NULL,
    `arguments` LONGTEXT NULL,
    `key` VARCHAR(250) NULL,
    `execution_time` DATETIME(3) NOT NULL,
    `processing` BOOLEAN NOT NULL DEFAULT false,
    `captured_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `delayed_calls_key_key`(`key`),
    INDEX `delayed_calls_execution_time_idx`(`execution_time`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `cron_triggers` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `pattern` VARCHAR(100) NULL,
    `first_execution_time` DATETIME(3) NULL,
    `next_execution_time` DATETIME(3) NOT NULL,
    `workflow_name` VARCHAR(255) NULL,
    `workflow_id` VARCHAR(36) NOT NULL,
    `workflow_input` LONGTEXT NULL,
    `workflow_params` LONGTEXT NULL,
    `remaining_executions` INTEGER NULL,
    `scope` VARCHAR(80) NOT NULL DEFAULT 'private',
    `project_id` VARCHAR(80) NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `cron_triggers_next_execution_time_idx`(`next_execution_time`),
    INDEX `cron_triggers_project_id_idx`(`project_id`),
    INDEX `cron_triggers_scope_idx`(`scope`),
    INDEX `cron_triggers_workflow_name_idx`(`workflow_name`),
    INDEX `cron_triggers_workflow_id_idx`(`workflow_id`),
    UNIQUE INDEX `cron_triggers_name_project_id_key`(`name`, `project_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- AddForeignKey
ALTER TABLE `workflow_executions` ADD CONSTRAINT `workflow_executions_task_execution_id_fkey` FOREIGN KEY (`task_execution_id`) REFERENCES `task_executions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `task_executions` ADD CONSTRAINT `task_executions_workflow_execution_id_fkey` FOREIGN KEY (`workflow_execution_id`) REFERENCES `workflow_executions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `action_executions` ADD CONSTRAINT `action_executions_task_execution_id_fkey` FOREIGN KEY (`task_execution_id`) REFERENCES `task_executions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `cron_triggers` ADD CONSTRAINT `cron_triggers_workflow_id_fkey` FOREIGN KEY (`workflow_id`) REFERENCES `workflow_definitions`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

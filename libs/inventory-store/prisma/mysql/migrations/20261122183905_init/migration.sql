-- Written by hand: Prisma's schema engine cannot produce MySQL migrations offline. It follows
-- prisma/mysql/schema/models.prisma the way Prisma Migrate writes MySQL DDL (backquoted names, DATETIME(3),
-- indexes named as Prisma names them), with a binary collation so that names compare case-sensitively
-- as on PostgreSQL and SQLite.

-- CreateTable
CREATE TABLE `projects` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `clouds` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `note` MEDIUMTEXT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `clouds_project_id_name_key`(`project_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `regions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `cloud_id` INTEGER NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `note` MEDIUMTEXT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `regions_project_id_cloud_id_name_key`(`project_id`, `cloud_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `cells` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `cloud_id` INTEGER NOT NULL,
    `region_id` INTEGER NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `note` MEDIUMTEXT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `cells_project_id_region_id_name_key`(`project_id`, `region_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `devices` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `kind` VARCHAR(16) NOT NULL,
    `cloud_id` INTEGER NOT NULL,
    `region_id` INTEGER NOT NULL,
    `cell_id` INTEGER NULL,
    `parent_id` INTEGER NULL,
    `name` VARCHAR(255) NOT NULL,
    `ip_address` VARCHAR(64) NOT NULL,
    `device_type` VARCHAR(255) NOT NULL,
    `active` BOOLEAN NOT NULL DEFAULT true,
    `note` MEDIUMTEXT NULL,
    `model_name` VARCHAR(255) NULL,
    `os_version` VARCHAR(255) NULL,
    `vlans` MEDIUMTEXT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `devices_project_id_kind_id_idx`(`project_id`, `kind`, `id`),
    INDEX `devices_parent_id_idx`(`parent_id`),
    UNIQUE INDEX `devices_project_id_region_id_name_key`(`project_id`, `region_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `labels` (
    `project_id` VARCHAR(36) NOT NULL,
    `device_id` INTEGER NOT NULL,
    `label` VARCHAR(255) NOT NULL,
    INDEX `labels_project_id_label_idx`(`project_id`, `label`),
    PRIMARY KEY (`device_id`,`label`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `networks` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `cloud_id` INTEGER NOT NULL,
    `region_id` INTEGER NOT NULL,
    `cell_id` INTEGER NULL,
    `name` VARCHAR(255) NOT NULL,
    `cidr` VARCHAR(64) NULL,
    `gateway` VARCHAR(64) NULL,
    `netmask` VARCHAR(64) NULL,
    `ip_block_type` VARCHAR(255) NULL,
    `nss` VARCHAR(255) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `networks_project_id_region_id_name_key`(`project_id`, `region_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `network_interfaces` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `device_id` INTEGER NOT NULL,
    `network_id` INTEGER NULL,
    `name` VARCHAR(255) NOT NULL,
    `interface_type` VARCHAR(255) NOT NULL,
    `ip_address` VARCHAR(64) NOT NULL,
    `vlan_id` INTEGER NULL,
    `port` INTEGER NULL,
    `duplex` VARCHAR(255) NULL,
    `speed` VARCHAR(255) NULL,
    `link` VARCHAR(255) NULL,
    `cdp` VARCHAR(255) NULL,
    `security` VARCHAR(255) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `network_interfaces_project_id_device_id_name_key`(`project_id`, `device_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `inventory_groups` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `note` MEDIUMTEXT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    UNIQUE INDEX `inventory_groups_project_id_name_key`(`project_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `group_hosts` (
    `group_id` INTEGER NOT NULL,
    `device_id` INTEGER NOT NULL,
    INDEX `group_hosts_device_id_idx`(`device_id`),
    PRIMARY KEY (`group_id`,`device_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `group_labels` (
    `group_id` INTEGER NOT NULL,
    `label` VARCHAR(255) NOT NULL,
    PRIMARY KEY (`group_id`,`label`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `group_children` (
    `parent_id` INTEGER NOT NULL,
    `child_id` INTEGER NOT NULL,
    INDEX `group_children_child_id_idx`(`child_id`),
    PRIMARY KEY (`parent_id`,`child_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `variable_sets` (
    `project_id` VARCHAR(36) NOT NULL,
    `owner_kind` VARCHAR(32) NOT NULL,
    `owner_id` VARCHAR(36) NOT NULL,
    `data` LONGTEXT NOT NULL,
    `version` INTEGER NOT NULL,
    INDEX `variable_sets_project_id_owner_kind_idx`(`project_id`, `owner_kind`),
    PRIMARY KEY (`owner_kind`,`owner_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `secrets` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `owner_kind` VARCHAR(32) NOT NULL,
    `owner_id` INTEGER NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `key_id` VARCHAR(64) NOT NULL,
    `ciphertext` LONGTEXT NOT NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `secrets_key_id_idx`(`key_id`),
    UNIQUE INDEX `secrets_project_id_owner_kind_owner_id_name_key`(`project_id`, `owner_kind`, `owner_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `file_references` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `project_id` VARCHAR(36) NOT NULL,
    `group_id` INTEGER NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `url` VARCHAR(2048) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `digest` VARCHAR(64) NULL,
    `content` LONGTEXT NULL,
    `error` MEDIUMTEXT NULL,
    `fetched_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NULL,
    INDEX `file_references_group_id_idx`(`group_id`),
    UNIQUE INDEX `file_references_project_id_name_key`(`project_id`, `name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

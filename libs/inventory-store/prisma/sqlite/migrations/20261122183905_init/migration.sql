-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "clouds" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "regions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "cells" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "region_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "devices" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "region_id" INTEGER NOT NULL,
    "cell_id" INTEGER,
    "parent_id" INTEGER,
    "name" TEXT NOT NULL,
    "ip_address" TEXT NOT NULL,
    "device_type" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "model_name" TEXT,
    "os_version" TEXT,
    "vlans" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "labels" (
    "project_id" TEXT NOT NULL,
    "device_id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,

    PRIMARY KEY ("device_id", "label")
);

-- CreateTable
CREATE TABLE "networks" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "region_id" INTEGER NOT NULL,
    "cell_id" INTEGER,
    "name" TEXT NOT NULL,
    "cidr" TEXT,
    "gateway" TEXT,
    "netmask" TEXT,
    "ip_block_type" TEXT,
    "nss" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "network_interfaces" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "device_id" INTEGER NOT NULL,
    "network_id" INTEGER,
    "name" TEXT NOT NULL,
    "interface_type" TEXT NOT NULL,
    "ip_address" TEXT NOT NULL,
    "vlan_id" INTEGER,
    "port" INTEGER,
    "duplex" TEXT,
    "speed" TEXT,
    "link" TEXT,
    "cdp" TEXT,
    "security" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "inventory_groups" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "group_hosts" (
    "group_id" INTEGER NOT NULL,
    "device_id" INTEGER NOT NULL,

    PRIMARY KEY ("group_id", "device_id")
);

-- CreateTable
CREATE TABLE "group_labels" (
    "group_id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,

    PRIMARY KEY ("group_id", "label")
);

-- CreateTable
CREATE TABLE "group_children" (
    "parent_id" INTEGER NOT NULL,
    "child_id" INTEGER NOT NULL,

    PRIMARY KEY ("parent_id", "child_id")
);

-- CreateTable
CREATE TABLE "variable_sets" (
    "project_id" TEXT NOT NULL,
    "owner_kind" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    PRIMARY KEY ("owner_kind", "owner_id")
);

-- CreateTable
CREATE TABLE "secrets" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "owner_kind" TEXT NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateTable
CREATE TABLE "file_references" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "group_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "digest" TEXT,
    "content" TEXT,
    "error" TEXT,
    "fetched_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "clouds_project_id_name_key" ON "clouds"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "regions_project_id_cloud_id_name_key" ON "regions"("project_id", "cloud_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "cells_project_id_region_id_name_key" ON "cells"("project_id", "region_id", "name");

-- CreateIndex
CREATE INDEX "devices_project_id_kind_id_idx" ON "devices"("project_id", "kind", "id");

-- CreateIndex
CREATE INDEX "devices_parent_id_idx" ON "devices"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "devices_project_id_region_id_name_key" ON "devices"("project_id", "region_id", "name");

-- CreateIndex
CREATE INDEX "labels_project_id_label_idx" ON "labels"("project_id", "label");

-- CreateIndex
CREATE UNIQUE INDEX "networks_project_id_region_id_name_key" ON "networks"("project_id", "region_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "network_interfaces_project_id_device_id_name_key" ON "network_interfaces"("project_id", "device_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_groups_project_id_name_key" ON "inventory_groups"("project_id", "name");

-- CreateIndex
CREATE INDEX "group_hosts_device_id_idx" ON "group_hosts"("device_id");

-- CreateIndex
CREATE INDEX "group_children_child_id_idx" ON "group_children"("child_id");

-- CreateIndex
CREATE INDEX "variable_sets_project_id_owner_kind_idx" ON "variable_sets"("project_id", "owner_kind");

-- CreateIndex
CREATE INDEX "secrets_key_id_idx" ON "secrets"("key_id");

-- CreateIndex
CREATE UNIQUE INDEX "secrets_project_id_owner_kind_owner_id_name_key" ON "secrets"("project_id", "owner_kind", "owner_id", "name");

-- CreateIndex
CREATE INDEX "file_references_group_id_idx" ON "file_references"("group_id");

-- CreateIndex
CREATE UNIQUE INDEX "file_references_project_id_name_key" ON "file_references"("project_id", "name");

-- CreateTable
CREATE TABLE "projects" (
    "id" VARCHAR(36) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clouds" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "clouds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "regions" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "regions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cells" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "region_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "cells_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "region_id" INTEGER NOT NULL,
    "cell_id" INTEGER,
    "parent_id" INTEGER,
    "name" VARCHAR(255) NOT NULL,
    "ip_address" VARCHAR(64) NOT NULL,
    "device_type" VARCHAR(255) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "model_name" VARCHAR(255),
    "os_version" VARCHAR(255),
    "vlans" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "labels" (
    "project_id" VARCHAR(36) NOT NULL,
    "device_id" INTEGER NOT NULL,
    "label" VARCHAR(255) NOT NULL,

    CONSTRAINT "labels_pkey" PRIMARY KEY ("device_id","label")
);

-- CreateTable
CREATE TABLE "networks" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "cloud_id" INTEGER NOT NULL,
    "region_id" INTEGER NOT NULL,
    "cell_id" INTEGER,
    "name" VARCHAR(255) NOT NULL,
    "cidr" VARCHAR(64),
    "gateway" VARCHAR(64),
    "netmask" VARCHAR(64),
    "ip_block_type" VARCHAR(255),
    "nss" VARCHAR(255),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "networks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_interfaces" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "device_id" INTEGER NOT NULL,
    "network_id" INTEGER,
    "name" VARCHAR(255) NOT NULL,
    "interface_type" VARCHAR(255) NOT NULL,
    "ip_address" VARCHAR(64) NOT NULL,
    "vlan_id" INTEGER,
    "port" INTEGER,
    "duplex" VARCHAR(255),
    "speed" VARCHAR(255),
    "link" VARCHAR(255),
    "cdp" VARCHAR(255),
    "security" VARCHAR(255),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "network_interfaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_groups" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "inventory_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_hosts" (
    "group_id" INTEGER NOT NULL,
    "device_id" INTEGER NOT NULL,

    CONSTRAINT "group_hosts_pkey" PRIMARY KEY ("group_id","device_id")
);

-- CreateTable
CREATE TABLE "group_labels" (
    "group_id" INTEGER NOT NULL,
    "label" VARCHAR(255) NOT NULL,

    CONSTRAINT "group_labels_pkey" PRIMARY KEY ("group_id","label")
);

-- CreateTable
CREATE TABLE "group_children" (
    "parent_id" INTEGER NOT NULL,
    "child_id" INTEGER NOT NULL,

    CONSTRAINT "group_children_pkey" PRIMARY KEY ("parent_id","child_id")
);

-- CreateTable
CREATE TABLE "variable_sets" (
    "project_id" VARCHAR(36) NOT NULL,
    "owner_kind" VARCHAR(32) NOT NULL,
    "owner_id" VARCHAR(36) NOT NULL,
    "data" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "variable_sets_pkey" PRIMARY KEY ("owner_kind","owner_id")
);

-- CreateTable
CREATE TABLE "secrets" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "owner_kind" VARCHAR(32) NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "key_id" VARCHAR(64) NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_references" (
    "id" SERIAL NOT NULL,
    "project_id" VARCHAR(36) NOT NULL,
    "group_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "digest" VARCHAR(64),
    "content" TEXT,
    "error" TEXT,
    "fetched_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3),

    CONSTRAINT "file_references_pkey" PRIMARY KEY ("id")
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

// The inventory's resources as data: for each, its URL segment, its table, and its fields with the
// API name, type and rules that request validation, filters, sorting and responses all read.
// Field names and rules follow Craton's v1 API (craton/api/v1/schemas.py).

export type FieldType = "string" | "integer" | "boolean" | "ip" | "json";

export interface FieldSpec {
  /** The Prisma field. */
  readonly column: string;
  readonly type: FieldType;
  /** Needed on create. */
  readonly required?: boolean;
  /** Set once, at create (moving an object elsewhere is not an update). */
  readonly fixed?: boolean;
  /** Longest string accepted. @defaultValue 255 */
  readonly maxLength?: number;
  /** A list filter (`?field=value`) and a sort key. */
  readonly filter?: boolean;
  /** Filled in by the store (from a parent), never by the caller. */
  readonly derived?: boolean;
}

/** Whose variables a variable set holds. */
export type OwnerKind =
  "projects" | "clouds" | "regions" | "cells" | "devices" | "networks" | "network-interfaces" | "groups";

export type ResourceName =
  | "clouds"
  | "regions"
  | "cells"
  | "hosts"
  | "network-devices"
  | "devices"
  | "networks"
  | "network-interfaces"
  | "groups";

export type ModelName = "cloud" | "region" | "cell" | "device" | "network" | "networkInterface" | "group";

export interface ResourceSpec {
  readonly name: ResourceName;
  /** For messages: "host", "network device"... */
  readonly singular: string;
  readonly model: ModelName;
  readonly owner: OwnerKind;
  /** Rows of `devices` this resource shows; `devices` shows both kinds, read-only. */
  readonly deviceKinds?: readonly ("host" | "network-device")[];
  readonly readOnly?: boolean;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const name: FieldSpec = { column: "name", type: "string", required: true, filter: true };
const note: FieldSpec = { column: "note", type: "string", maxLength: 65_535 };
const cloudId: FieldSpec = { column: "cloudId", type: "integer", filter: true, fixed: true, derived: true };
const regionId: FieldSpec = {
  column: "regionId",
  type: "integer",
  required: true,
  filter: true,
  fixed: true,
};
const cellId: FieldSpec = { column: "cellId", type: "integer", filter: true };

const deviceFields: Record<string, FieldSpec> = {
  name,
  cloud_id: cloudId,
  region_id: regionId,
  cell_id: cellId,
  parent_id: { column: "parentId", type: "integer", filter: true },
  ip_address: { column: "ipAddress", type: "ip", required: true, filter: true },
  device_type: { column: "deviceType", type: "string", required: true, filter: true },
  active: { column: "active", type: "boolean", filter: true },
  note,
};

const networkDeviceFields: Record<string, FieldSpec> = {
  ...deviceFields,
  model_name: { column: "modelName", type: "string", filter: true },
  os_version: { column: "osVersion", type: "string", filter: true },
  vlans: { column: "vlans", type: "json" },
};

export const RESOURCES: Readonly<Record<ResourceName, ResourceSpec>> = {
  clouds: { name: "clouds", singular: "cloud", model: "cloud", owner: "clouds", fields: { name, note } },
  regions: {
    name: "regions",
    singular: "region",
    model: "region",
    owner: "regions",
    fields: { name, cloud_id: { ...cloudId, required: true, derived: false }, note },
  },
  cells: {
    name: "cells",
    singular: "cell",
    model: "cell",
    owner: "cells",
    fields: { name, cloud_id: cloudId, region_id: regionId, note },
  },
  hosts: {
    name: "hosts",
    singular: "host",
    model: "device",
    owner: "devices",
    deviceKinds: ["host"],
    fields: deviceFields,
  },
  "network-devices": {
    name: "network-devices",
    singular: "network device",
    model: "device",
    owner: "devices",
    deviceKinds: ["network-device"],
    fields: networkDeviceFields,
  },
  devices: {
    name: "devices",
    singular: "device",
    model: "device",
    owner: "devices",
    deviceKinds: ["host", "network-device"],
    readOnly: true,
    fields: networkDeviceFields,
  },
  networks: {
    name: "networks",
    singular: "network",
    model: "network",
    owner: "networks",
    fields: {
      name,
      cloud_id: cloudId,
      region_id: regionId,
      cell_id: cellId,
      cidr: { column: "cidr", type: "string", filter: true },
      gateway: { column: "gateway", type: "ip", filter: true },
      netmask: { column: "netmask", type: "ip", filter: true },
      ip_block_type: { column: "ipBlockType", type: "string", filter: true },
      nss: { column: "nss", type: "string" },
    },
  },
  "network-interfaces": {
    name: "network-interfaces",
    singular: "network interface",
    model: "networkInterface",
    owner: "network-interfaces",
    fields: {
      name,
      device_id: { column: "deviceId", type: "integer", required: true, filter: true, fixed: true },
      network_id: { column: "networkId", type: "integer", filter: true },
      interface_type: { column: "interfaceType", type: "string", required: true, filter: true },
      ip_address: { column: "ipAddress", type: "ip", required: true, filter: true },
      vlan_id: { column: "vlanId", type: "integer", filter: true },
      port: { column: "port", type: "integer", filter: true },
      duplex: { column: "duplex", type: "string" },
      speed: { column: "speed", type: "string" },
      link: { column: "link", type: "string" },
      cdp: { column: "cdp", type: "string" },
      security: { column: "security", type: "string" },
    },
  },
  groups: { name: "groups", singular: "group", model: "group", owner: "groups", fields: { name, note } },
};

/** Keys every resource sorts by besides its filter fields. */
export const COMMON_SORT_KEYS = ["id", "created_at", "updated_at"] as const;

export function sortKeysOf(spec: ResourceSpec): string[] {
  return [
    ...COMMON_SORT_KEYS,
    ...Object.entries(spec.fields)
      .filter(([, field]) => field.filter)
      .map(([key]) => key),
  ];
}

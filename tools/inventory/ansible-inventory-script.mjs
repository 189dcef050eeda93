#!/usr/bin/env node
// Ansible's dynamic inventory from the inventory service: `--list` prints /v1/ansible-inventory,
// `--host NAME` that host's variables. Ansible runs it as `-i tools/inventory/ansible-inventory-script`.
//
//   OPS_INVENTORY_URL        the service (default http://127.0.0.1:7780)
//   OPS_INVENTORY_PROJECT    X-Project-Id, without Keystone
//   OS_AUTH_TOKEN            a Keystone token; or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME
//                            (and OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME, default "Default") to get one
//   OPS_INVENTORY_REGION_ID, OPS_INVENTORY_CELL_ID, OPS_INVENTORY_GROUP, OPS_INVENTORY_LABEL,
//   OPS_INVENTORY_VARS       narrow the hosts (as the endpoint's region_id, cell_id, group, label, vars)
/* global fetch */
const env = process.env;

function fail(message) {
  process.stderr.write(`ansible-inventory-script: ${message}\n`);
  process.exit(1);
}

async function keystoneToken() {
  if (env.OS_AUTH_TOKEN) return env.OS_AUTH_TOKEN;
  if (!env.OS_AUTH_URL) return undefined;
  for (const name of ["OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME"])
    if (!env[name]) fail(`${name} is needed with OS_AUTH_URL`);
  const url = `${env.OS_AUTH_URL.replace(/\/+$/, "").replace(/\/v3$/, "")}/v3/auth/tokens`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: {
              name: env.OS_USERNAME,
              password: env.OS_PASSWORD,
              domain: { name: env.OS_USER_DOMAIN_NAME ?? "Default" },
            },
          },
        },
        scope: {
          project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME ?? "Default" } },
        },
      },
    }),
  });
  if (!response.ok) fail(`Keystone refused the credentials (${response.status} at ${url})`);
  return response.headers.get("x-subject-token");
}

async function inventory() {
  const base = (env.OPS_INVENTORY_URL ?? "http://127.0.0.1:7780").replace(/\/+$/, "");
  const url = new URL(`${base}/v1/ansible-inventory`);
  const filters = {
    region_id: "OPS_INVENTORY_REGION_ID",
    cell_id: "OPS_INVENTORY_CELL_ID",
    group: "OPS_INVENTORY_GROUP",
    label: "OPS_INVENTORY_LABEL",
    vars: "OPS_INVENTORY_VARS",
  };
  for (const [parameter, name] of Object.entries(filters))
    if (env[name]) url.searchParams.set(parameter, env[name]);
  const headers = { accept: "application/json" };
  const token = await keystoneToken();
  if (token) headers["x-auth-token"] = token;
  if (env.OPS_INVENTORY_PROJECT) headers["x-project-id"] = env.OPS_INVENTORY_PROJECT;
  let response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    fail(`cannot reach ${base}: ${error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  if (!response.ok) fail(`${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

const [option, host] = process.argv.slice(2);
if (option === "--list") {
  process.stdout.write(`${JSON.stringify(await inventory())}\n`);
} else if (option === "--host" && host) {
  const { _meta: meta } = await inventory();
  process.stdout.write(`${JSON.stringify(meta?.hostvars?.[host] ?? {})}\n`);
} else {
  fail("usage: ansible-inventory-script --list | --host NAME");
}

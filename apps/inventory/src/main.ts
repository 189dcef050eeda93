// The inventory service: migrates its database, then serves /v1 on 127.0.0.1:7780 (see README.md).
import { readFileSync } from "node:fs";
import { createKeystoneAuth } from "@ops/keystone-auth";
import { openInventoryStore, upgradeInventoryDatabase } from "@ops/inventory-store";
import { pino } from "pino";
import { buildInventoryApp } from "./build-app.js";
import { ConfigError, loadInventoryConfig } from "./config.js";

async function main(): Promise<void> {
  const config = loadInventoryConfig(process.env);
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, service: "inventory" } });
  const upgrade = await upgradeInventoryDatabase({
    databaseUrl: config.databaseUrl,
    baseDirectory: config.root,
    log: (message) => logger.info(message),
  });
  if (upgrade.applied.length > 0) logger.info({ applied: upgrade.applied }, "inventory database upgraded");
  const store = await openInventoryStore({
    databaseUrl: config.databaseUrl,
    baseDirectory: config.root,
    secretKeys: config.secretKeys,
    references: { fileRoot: config.referenceRoot },
  });
  const auth = config.auth.mode === "keystone" ? createKeystoneAuth(config.auth) : undefined;
  const app = buildInventoryApp({
    store,
    logger,
    defaultProject: config.defaultProject,
    ...(auth ? { auth } : {}),
    ...(config.tls
      ? { tls: { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) } }
      : {}),
  });
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      database: store.database,
      auth: config.auth.mode,
      secretKeys: config.secretKeySource,
      references: config.referenceRoot,
    },
    "inventory ready",
  );
  process.stderr.write(`\nInventory (v1) at ${address}/v1\n\n`);
  const stop = () => {
    void (async () => {
      await app.close();
      await store.close();
      process.exit(0);
    })();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `configuration error: ${error.message}`
      : String((error as Error)?.stack ?? error);
  process.stderr.write(`inventory: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});

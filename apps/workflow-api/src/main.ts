// The Mistral v2 API on its own: it writes rows and enqueues commands; engines and executors run
// elsewhere (`workflow-engine --server engine,executor`). Same configuration as the engine's
// (see apps/workflow-engine/README.md); the database is migrated by the engine or `db upgrade`.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { apiAuthOfService, apiConfigOfService, buildApp } from "@ops/workflow-api";
import { ConfigError, loadServiceConfig, WorkflowQueues } from "@ops/workflow-runtime";
import { openWorkflowStore } from "@ops/workflow-store";
import { pino } from "pino";

async function main(argv: readonly string[]): Promise<void> {
  const config = loadServiceConfig({
    argv: [...argv, "--server", "api"],
    env: process.env,
    readFile: (path) => readFileSync(path, "utf8"),
  });
  const logger = pino({ level: config.logLevel, base: { pid: process.pid, roles: "api" } });
  const store = await openWorkflowStore({ databaseUrl: config.databaseUrl });
  const queues = new WorkflowQueues({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    onError: (error, queue) => logger.warn({ err: error, queue }, "Redis unavailable"),
  });
  const member = { name: `${hostname()}_${process.pid}`, type: "api_group" };
  const app = buildApp(apiConfigOfService(config), {
    store,
    commands: queues,
    logger,
    services: () => [member],
    ...apiAuthOfService(config),
  });
  const address = await app.listen({ host: config.api.host, port: config.api.port });
  process.stderr.write(`\nWorkflow API (Mistral v2) at ${address}/v2\n\n`);
  const stop = () => {
    void (async () => {
      await app.close();
      await queues.close();
      await store.close();
      process.exit(0);
    })();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `configuration error: ${error.message}`
      : String((error as Error)?.stack ?? error);
  process.stderr.write(`workflow-api: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});

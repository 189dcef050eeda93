// The workflow service's process. `main.ts [--server api,engine,executor,scheduler|all] [--config FILE]`
// runs the roles; `main.ts db upgrade|populate|status` manages the database (Mistral's
// `mistral-db-manage`). Configuration: see README.md.
import { readFileSync } from "node:fs";
import { ConfigError, loadServiceConfig } from "@ops/workflow-runtime";
import { databaseStatus, populateDatabase, upgradeDatabase } from "@ops/workflow-store";
import { pino } from "pino";
import { startWorkflowService } from "./workflow-service.js";

async function runDatabaseCommand(command: string | undefined, databaseUrl: string): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  switch (command) {
    case "upgrade":
      process.stdout.write(`${JSON.stringify(await upgradeDatabase({ databaseUrl, log }))}\n`);
      return;
    case "populate":
      process.stdout.write(`${JSON.stringify(await populateDatabase({ databaseUrl }))}\n`);
      return;
    case "status":
      process.stdout.write(`${JSON.stringify(await databaseStatus({ databaseUrl }))}\n`);
      return;
    default:
      throw new ConfigError(
        `unknown db command ${JSON.stringify(command ?? "")}; use upgrade, populate or status`,
      );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const isDbCommand = argv[0] === "db";
  const config = loadServiceConfig({
    argv: isDbCommand ? argv.slice(2) : argv,
    env: process.env,
    readFile: (path) => readFileSync(path, "utf8"),
  });
  if (isDbCommand) return runDatabaseCommand(argv[1], config.databaseUrl);

  const logger = pino({
    level: config.logLevel,
    base: { pid: process.pid, roles: [...config.roles].join(",") },
  });
  const service = await startWorkflowService(config, logger);
  if (service.apiUrl !== null) {
    logger.info({ url: service.apiUrl }, "workflow API listening");
    process.stderr.write(`\nWorkflow service (Mistral v2 API) at ${service.apiUrl}\n\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `configuration error: ${error.message}`
      : String((error as Error)?.stack ?? error);
  process.stderr.write(`workflow-engine: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});

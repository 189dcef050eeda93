// The workflow service started in the test's own process, as `npm start` runs it (every role), on a
// given database, with its own queue prefix so that test files never see each other's jobs.
import { randomBytes } from "node:crypto";
import { loadServiceConfig } from "@ops/workflow-runtime";
import { pino } from "pino";
import { startWorkflowService, type RunningWorkflowService } from "../../src/workflow-service.js";
import { MistralClient } from "./mistral-client.js";

export interface TestService {
  readonly service: RunningWorkflowService;
  readonly client: MistralClient;
  readonly apiUrl: string;
  readonly queuePrefix: string;
  close(): Promise<void>;
}

export async function startTestService(
  databaseUrl: string,
  env: Readonly<Record<string, string>> = {},
): Promise<TestService> {
  const queuePrefix = `test-${randomBytes(4).toString("hex")}`;
  const config = loadServiceConfig({
    env: {
      DATABASE_URL: databaseUrl,
      OPS_QUEUE_PREFIX: queuePrefix,
      OPS_API_PORT: "0",
      OPS_LOG_LEVEL: "warn",
      ...env,
    },
  });
  const service = await startWorkflowService(config, pino({ level: config.logLevel }));
  const apiUrl = service.apiUrl as string;
  return {
    service,
    client: new MistralClient(apiUrl),
    apiUrl,
    queuePrefix,
    async close() {
      await service.close();
    },
  };
}

// Deleting the executions a run created, so repeated runs do not grow the server's tables (which
// would slow later list queries and skew comparisons).
import type { MistralClient } from "./mistral-client.js";
import { runWorkers } from "./worker-pool.js";

export interface CleanupReport {
  readonly deleted: number;
  readonly already_gone: number;
  /** Still-running executions (timeouts) cannot be deleted by Mistral without force. */
  readonly failed: number;
  readonly first_error?: string;
}

export async function deleteExecutions(
  client: MistralClient,
  ids: readonly string[],
  concurrency: number,
): Promise<CleanupReport> {
  let next = 0;
  let deleted = 0;
  let alreadyGone = 0;
  let failed = 0;
  let firstError: string | undefined;
  await runWorkers(concurrency, async () => {
    const id = ids[next];
    next += 1;
    if (id === undefined) return false;
    try {
      if (await client.deleteExecution(id)) deleted += 1;
      else alreadyGone += 1;
    } catch (error) {
      failed += 1;
      firstError ??= (error as Error).message;
    }
    return true;
  });
  return {
    deleted,
    already_gone: alreadyGone,
    failed,
    ...(firstError === undefined ? {} : { first_error: firstError }),
  };
}

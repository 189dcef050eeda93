// A fixed number of concurrent async workers: how the scenarios model N HTTP clients.

/**
 * Runs `count` workers that each call `work` until it returns false. The first error rejects the
 * whole pool and stops the other workers before their next call, so a failed scenario does not
 * go on starting executions in the background.
 */
export async function runWorkers(count: number, work: () => Promise<boolean>): Promise<void> {
  let failed = false;
  const worker = async (): Promise<void> => {
    try {
      while (!failed && (await work())) {
        // each call did one unit of work; the next is asked for at once
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: count }, worker));
}

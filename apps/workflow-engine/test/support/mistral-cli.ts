// The real `mistral` command (Debian's python3-mistralclient) pointed at a service's API.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const MISTRAL = "/usr/bin/mistral";

export interface MistralCli {
  /** Runs `mistral <args>` and answers what it prints on stdout. */
  text(...args: string[]): Promise<string>;
  /** Runs `mistral <args> -f json` and parses what it prints. */
  json<T>(...args: string[]): Promise<T>;
  /** Runs a command that must fail, and answers what it printed on stderr. */
  fails(...args: string[]): Promise<string>;
}

/** The command against the API at `apiUrl()` (read at each call: a test may start its service later). */
export function mistralCli(apiUrl: () => string): MistralCli {
  const text = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(MISTRAL, ["--os-mistral-url", apiUrl(), ...args], { timeout: 60_000 });
    return stdout;
  };
  return {
    text,
    json: async <T>(...args: string[]) => JSON.parse(await text(...args, "-f", "json")) as T,
    async fails(...args: string[]) {
      try {
        await run(MISTRAL, ["--os-mistral-url", apiUrl(), ...args], { timeout: 60_000 });
      } catch (error) {
        return String((error as { stderr?: string }).stderr ?? error);
      }
      throw new Error(`mistral ${args.join(" ")} succeeded`);
    },
  };
}

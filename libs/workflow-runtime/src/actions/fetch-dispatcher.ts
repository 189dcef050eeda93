// A connection pool of our own for each std.http run. Node's fetch takes TLS settings (verify,
// a CA bundle) only through an undici dispatcher, and a dispatcher of our own can be destroyed
// when the action ends, so no keep-alive socket outlives it. Node 20 bundles undici but does
// not export its Agent class; the global dispatcher that fetch installs is such an Agent, so its
// constructor is the class we need. (Adding the `undici` package would make this explicit.)

/** The dispatcher option of Node's fetch. */
export type FetchDispatcher = NonNullable<RequestInit["dispatcher"]>;

interface AgentOptions {
  readonly connect: { readonly rejectUnauthorized: boolean; readonly ca?: string | Buffer };
}

type AgentClass = new (options: AgentOptions) => FetchDispatcher & { destroy(): Promise<void> };

// The symbol undici registers its global dispatcher under; shared by every undici copy.
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

let agentClass: AgentClass | undefined;

async function loadAgentClass(): Promise<AgentClass | undefined> {
  if (agentClass) return agentClass;
  const read = () =>
    (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as { constructor?: unknown } | undefined;
  if (!read()) {
    // Node loads undici (which installs the global dispatcher) on the first call of fetch; a
    // data: URL does that without any network traffic.
    await fetch("data:,").catch(() => undefined);
  }
  const ctor = read()?.constructor;
  if (typeof ctor === "function" && ctor.name === "Agent") agentClass = ctor as AgentClass;
  return agentClass;
}

/** A dispatcher for one action run, and how to release its sockets. */
export interface OwnedDispatcher {
  /** Undefined when this Node has no reachable Agent class: fetch's global pool is used. */
  readonly dispatcher: FetchDispatcher | undefined;
  close(): Promise<void>;
}

/**
 * Creates a dispatcher with the given TLS settings.
 *
 * @throws Error when TLS settings other than the defaults are asked for and Node offers no way
 *   to apply them.
 */
export async function createOwnedDispatcher(tls: {
  readonly rejectUnauthorized: boolean;
  readonly ca: Buffer | undefined;
}): Promise<OwnedDispatcher> {
  const Agent = await loadAgentClass();
  if (!Agent) {
    if (!tls.rejectUnauthorized || tls.ca)
      throw new Error("this Node.js offers no way to set TLS options for fetch");
    return { dispatcher: undefined, close: async () => undefined };
  }
  const agent = new Agent({
    connect: { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: tls.ca } : {}) },
  });
  return { dispatcher: agent, close: () => agent.destroy() };
}

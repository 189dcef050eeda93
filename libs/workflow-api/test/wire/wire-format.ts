// What the recorder (record-mistral-wire.ts) and the comparison test (mistral-wire.spec.ts) share:
// the scenario types, how recorded bodies are normalised (ids, timestamps, host), and the "shape" of
// a body: keys, types and encodings, which is what our answers must have in common with Mistral's.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const WIRE_DIR = import.meta.dirname;
export const FIXTURE_DIR = join(WIRE_DIR, "..", "fixtures", "mistral-wire");
export const DEFINITIONS_DIR = join(WIRE_DIR, "definitions");

/** One request of the scenario, or a pause for the engine (`settle`). */
export interface WireStep {
  readonly id: string;
  readonly method?: "GET" | "POST" | "PUT" | "DELETE";
  readonly path?: string;
  readonly contentType?: string;
  /** A file under definitions/, sent as it is. */
  readonly bodyFile?: string;
  /** A raw body. */
  readonly body?: string;
  /** A JSON body (sent as application/json). */
  readonly json?: unknown;
  /** name → dotted path in the response body: remembered for `{name}` in later steps. */
  readonly capture?: Readonly<Record<string, string>>;
  /** `exact`: the faultstring must match too; `exact-next`: the `next` link must match. */
  readonly compare?: "shape" | "exact" | "exact-next";
  /** Where ours deliberately differs from Mistral: the status we answer, and why. */
  readonly ours?: { readonly status: number; readonly why: string };
  readonly settle?: {
    readonly execution: string;
    readonly until: "completed" | "action-running";
    /** Name of the engine behaviour the test simulates for this step. */
    readonly simulate: string;
  };
}

export interface WireScenario {
  readonly steps: readonly WireStep[];
}

/** A recorded request and Mistral's answer, normalised. */
export interface WireExchange {
  readonly id: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly contentType?: string;
    readonly body?: string;
  };
  readonly response: { readonly status: number; readonly contentType: string; readonly body: unknown };
  readonly compare?: WireStep["compare"];
  readonly ours?: WireStep["ours"];
}

export interface WireFixture {
  readonly recordedFrom: string;
  readonly exchanges: readonly WireExchange[];
}

export interface CliCommand {
  readonly args: readonly string[];
  readonly capture?: Readonly<Record<string, string>>;
}

export interface CliFixture {
  readonly recordedFrom: string;
  readonly commands: readonly {
    readonly args: readonly string[];
    readonly exitCode: number;
    readonly exchanges: readonly WireExchange[];
  }[];
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function loadScenario(): WireScenario {
  return readJson<WireScenario>(join(WIRE_DIR, "wire-scenario.json"));
}

/** The body a step sends, and its content type. */
export function stepBody(step: WireStep): { body?: string; contentType?: string } {
  if (step.bodyFile !== undefined) {
    return {
      body: readFileSync(join(DEFINITIONS_DIR, step.bodyFile), "utf8"),
      contentType: step.contentType ?? "text/plain",
    };
  }
  if (step.json !== undefined)
    return { body: JSON.stringify(step.json), contentType: step.contentType ?? "application/json" };
  if (step.body !== undefined) return { body: step.body, contentType: step.contentType };
  return {};
}

/** Replaces `{name}` by captured values. */
export function substitute(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/\{([a-z][a-z0-9]*)\}/g, (whole, name: string) => values.get(name) ?? whole);
}

/** The value at a dotted path (`workflows.0.id`). */
export function valueAt(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?/g;

/**
 * Normalises a recorded string: captured ids become `<name>`, other UUIDs `<uuid>`, timestamps
 * `<timestamp>`, the server's base URL `<host>`. Applied inside JSON-encoded strings too (they are
 * just strings), which keeps them valid JSON.
 */
export function normaliseText(text: string, names: ReadonlyMap<string, string>, baseUrl: string): string {
  let out = text.split(baseUrl).join("<host>");
  out = out.replace(UUID, (id) => {
    const name = names.get(id);
    return name === undefined ? "<uuid>" : `<${name}>`;
  });
  return out.replace(TIMESTAMP, "<timestamp>");
}

export function normaliseBody(body: unknown, names: ReadonlyMap<string, string>, baseUrl: string): unknown {
  if (typeof body === "string") return normaliseText(body, names, baseUrl);
  if (Array.isArray(body)) return body.map((item) => normaliseBody(item, names, baseUrl));
  if (body !== null && typeof body === "object") {
    return Object.fromEntries(
      Object.entries(body).map(([key, value]) => [key, normaliseBody(value, names, baseUrl)]),
    );
  }
  return body;
}

/** A JSON-like description of a body's shape: keys, types and encodings, not values. */
export type Shape = string | { readonly [key: string]: Shape } | readonly Shape[];

/**
 * The shape of a (normalised) body: `null`, `boolean`, `number`, and for strings `uuid`, `timestamp`,
 * `empty`, `url`, `json:<shape>` when the string is a JSON-encoded object or list, else `string`.
 * Lists have the shapes of their items, without repeats.
 */
export function shapeOf(value: unknown): Shape {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  if (typeof value === "string") {
    if (/^<(uuid|[a-z][a-z0-9]*)>$/.test(value) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) return "uuid";
    if (value === "<timestamp>" || /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return "timestamp";
    if (value === "") return "empty";
    if (value.startsWith("<host>") || /^https?:\/\//.test(value)) return "url";
    if (/^[[{]/.test(value)) {
      try {
        return `json:${JSON.stringify(shapeOf(JSON.parse(value)))}`;
      } catch {
        return "string";
      }
    }
    return "string";
  }
  if (Array.isArray(value)) {
    const seen = new Map<string, Shape>();
    for (const item of value) {
      const shape = shapeOf(item);
      seen.set(JSON.stringify(shape), shape);
    }
    return [...seen.keys()].sort().map((key) => seen.get(key)!);
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries.map(([key, item]) => [key, shapeOf(item)]));
}

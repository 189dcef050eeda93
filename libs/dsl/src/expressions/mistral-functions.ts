// The functions Mistral adds to both expression languages (mistral/expressions/std_functions.py):
// json_pp, json_dump, json_parse, yaml_dump, yaml_parse and uuid here, and the ones backed by the
// engine (task, tasks, execution, executions, env, global) through ContextFunctions.
import { randomUUID } from "node:crypto";
import { pyJsonDumps, pyJsonLoads } from "../python/py-json.js";
import { PyFloat, pyInt, pyTypeName } from "../python/py-types.js";
import { pyYamlDump } from "../python/py-yaml-dump.js";
import { DslError } from "../errors.js";
import type { ContextFunctions, ExecutionsQuery, TasksQuery } from "./context-functions.js";
import { loadPyYaml } from "../yaml/load-py-yaml.js";

/** Python's TypeError/ValueError from these functions. */
export class MistralFunctionError extends Error {
  constructor(
    readonly pythonType: "TypeError" | "ValueError",
    message: string,
  ) {
    super(message);
  }
}

/** json_dump(data): JSON with 4-space indentation, non-ASCII escaped, sets as lists (oslo jsonutils). */
export function jsonDump(data: unknown): string {
  return pyJsonDumps(data, { indent: 4, toPrimitive: true });
}

/**
 * json_pp(data): the deprecated pretty printer. Like Mistral it dumps the whole context when
 * `data` is falsy, and turns escaped newlines into real ones.
 */
export function jsonPrettyPrint(data: unknown, context: unknown): string {
  const isFalsy =
    data === null ||
    data === undefined ||
    data === false ||
    data === 0 ||
    data === "" ||
    (data instanceof PyFloat && data.value === 0) ||
    (Array.isArray(data) && data.length === 0) ||
    (typeof data === "object" &&
      data !== null &&
      Object.getPrototypeOf(data) === Object.prototype &&
      Object.keys(data).length === 0);
  const subject = isFalsy ? context : data;
  return jsonDump(subject).replaceAll("\\n", "\n").replaceAll(" \n", "\n");
}

/** json_parse(text). */
export function jsonParse(data: unknown): unknown {
  if (typeof data !== "string") {
    throw new MistralFunctionError(
      "TypeError",
      `the JSON object must be str, bytes or bytearray, not ${pyTypeName(data)}`,
    );
  }
  return pyJsonLoads(data);
}

/** yaml_dump(data): PyYAML's safe_dump with block style. */
export function yamlDump(data: unknown): string {
  return pyYamlDump(data);
}

/** yaml_parse(text): PyYAML's safe_load (YAML 1.1: `on` is true, `1.0` a float). */
export function yamlParse(data: unknown): unknown {
  if (typeof data !== "string")
    throw new MistralFunctionError("TypeError", `cannot parse ${pyTypeName(data)} as YAML`);
  try {
    return loadPyYaml(data, {
      float: (value) => (Number.isInteger(value) ? new PyFloat(value) : value),
      bigInt: (decimal) => pyInt(BigInt(decimal)),
    });
  } catch (error) {
    throw new MistralFunctionError("ValueError", (error as Error).message);
  }
}

/** uuid(): a random UUID 4 string. */
export function uuid(): string {
  return randomUUID();
}

function requireFunction<K extends keyof ContextFunctions>(
  functions: ContextFunctions,
  name: K,
): NonNullable<ContextFunctions[K]> {
  const fn = functions[name];
  if (!fn) {
    throw new DslError(
      "DSL_ERR_YAQL_EVALUATION",
      `${name}() is not available here: it needs a workflow execution to answer from`,
    );
  }
  return fn.bind(functions) as NonNullable<ContextFunctions[K]>;
}

/** The engine-backed functions, with Mistral's argument names. */
export const engineFunctions = {
  task: (functions: ContextFunctions, name: string | null = null) => requireFunction(functions, "task")(name),
  tasks: (functions: ContextFunctions, query: TasksQuery) => requireFunction(functions, "tasks")(query),
  execution: (functions: ContextFunctions) => requireFunction(functions, "execution")(),
  executions: (functions: ContextFunctions, query: ExecutionsQuery) =>
    requireFunction(functions, "executions")(query),
  env: (functions: ContextFunctions) => requireFunction(functions, "env")(),
  global: (functions: ContextFunctions, name: string) => requireFunction(functions, "global")(name),
};

// Mistral's expression functions in YAQL. As in Mistral they are plain functions (not methods),
// called with Mistral's parameter names: json_dump(data => ...), task(task_name), ...
import {
  engineFunctions,
  jsonDump,
  jsonParse,
  jsonPrettyPrint,
  uuid,
  yamlDump,
  yamlParse,
} from "../../mistral-functions.js";
import { yaqlError } from "../yaql-errors.js";
import { defineFunction, optional, param, type YaqlFunctionRegistry } from "../yaql-functions.js";

export function registerMistralFunctions(registry: YaqlFunctionRegistry): void {
  registry.register(
    // In YAQL the fallback for a falsy argument is yaql's own context object, which is not JSON.
    defineFunction("json_pp", "function", [optional(param.any("data"))], ([data]) => {
      if (data === null)
        throw yaqlError("ValueError", "json_pp() needs data: the YAQL context cannot be dumped");
      return jsonPrettyPrint(data, undefined);
    }),
    defineFunction("json_dump", "function", [param.any("data")], ([data]) => jsonDump(data)),
    defineFunction("json_parse", "function", [param.any("data")], ([data]) => jsonParse(data)),
    defineFunction("yaml_dump", "function", [param.any("data")], ([data]) => yamlDump(data)),
    defineFunction("yaml_parse", "function", [param.any("data")], ([data]) => yamlParse(data)),
    defineFunction("uuid", "function", [], () => uuid()),
    defineFunction("env", "function", [], (_, call) => engineFunctions.env(call.scope.contextFunctions)),
    defineFunction("execution", "function", [], (_, call) =>
      engineFunctions.execution(call.scope.contextFunctions),
    ),
    defineFunction(
      "executions",
      "function",
      [
        optional(param.any("id")),
        optional(param.any("root_execution_id")),
        optional(param.any("state")),
        optional(param.any("from_time")),
        optional(param.any("to_time")),
      ],
      ([id, rootExecutionId, state, fromTime, toTime], call) =>
        engineFunctions.executions(call.scope.contextFunctions, {
          id,
          rootExecutionId,
          state,
          fromTime,
          toTime,
        }),
    ),
    defineFunction("global", "function", [param.string("var_name")], ([name], call) =>
      engineFunctions.global(call.scope.contextFunctions, name),
    ),
    defineFunction("task", "function", [optional(param.any("task_name"))], ([name], call) =>
      engineFunctions.task(call.scope.contextFunctions, name),
    ),
    defineFunction(
      "tasks",
      "function",
      [
        optional(param.any("workflow_execution_id")),
        optional(param.any("recursive"), false),
        optional(param.any("state")),
        optional(param.any("flat"), false),
      ],
      ([workflowExecutionId, recursive, state, flat], call) =>
        engineFunctions.tasks(call.scope.contextFunctions, {
          workflowExecutionId,
          recursive: Boolean(recursive),
          state,
          flat: Boolean(flat),
        }),
    ),
  );
}

// std.javascript and its alias std.js: evaluate a script with `$` bound to `context`, in an
// isolated worker with time and memory limits (see javascript-sandbox.ts).
import { pyStr } from "@ops/dsl";
import type { ActionImplementation } from "./action-implementation.js";
import { defineStdAction } from "./define-std-action.js";
import { evaluateJavaScript } from "./javascript-sandbox.js";
import type { ResolvedStdActionsOptions } from "./std-actions-options.js";

/** std.javascript and std.js with the given limits. */
export function javascriptActions(options: ResolvedStdActionsOptions): ActionImplementation[] {
  return ["std.javascript", "std.js"].map((name) =>
    defineStdAction({
      name,
      className: "mistral.actions.std_actions.JavaScriptAction",
      description:
        "Evaluates JavaScript with $ bound to the given context; the script's return value is the result.",
      signature: "script, context=null",
      logFields: (input) => ({ scriptLength: pyStr(input["script"]).length }),
      async execute(input, context) {
        const output = await evaluateJavaScript(
          pyStr(input["script"]),
          input["context"],
          options.javascript,
          context.signal,
        );
        return { ok: true, output };
      },
    }),
  );
}

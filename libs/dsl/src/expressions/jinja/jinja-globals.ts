// Jinja's global functions (DEFAULT_NAMESPACE, with the sandbox's bounded range) and Mistral's
// expression functions, which Mistral passes into every context with `_` bound as their first
// argument and also registers as filters (where the filtered value takes that first place).
import {
  engineFunctions,
  jsonDump,
  jsonParse,
  jsonPrettyPrint,
  uuid,
  yamlDump,
  yamlParse,
} from "../mistral-functions.js";
import { pyRepr } from "../../python/py-repr.js";
import { updateDict } from "./jinja-methods.js";
import { jinjaError } from "./jinja-errors.js";
import { toPlainData, toStr } from "./jinja-protocol.js";
import { signature } from "./jinja-signature.js";
import type { FilterTable } from "./jinja-filters.js";
import { asNumber } from "./jinja-operators.js";
import {
  builtin,
  fakeAddress,
  Cycler,
  isStr,
  Joiner,
  Namespace,
  PyRange,
  type PyCallable,
  strValue,
  typeName,
  Undefined,
  type Kwargs,
  type Runtime,
} from "./jinja-values.js";

/** The sandbox's limit on range(): jinja2.sandbox.MAX_RANGE. */
export const MAX_RANGE = 100_000;

function rangeArg(value: unknown): number {
  const number = asNumber(value);
  if (
    number === undefined ||
    (typeof number !== "bigint" && !Number.isInteger(number)) ||
    typeof number === "object"
  ) {
    if (value instanceof Undefined) value.fail();
    throw jinjaError("TypeError", `'${typeName(value)}' object cannot be interpreted as an integer`);
  }
  if (typeof number === "bigint") {
    throw jinjaError(
      "OverflowError",
      `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`,
    );
  }
  return number;
}

/** sandbox.safe_range. */
function safeRange(args: unknown[], kwargs: Kwargs): PyRange {
  if (kwargs.size > 0) {
    throw jinjaError(
      "TypeError",
      `safe_range() got an unexpected keyword argument '${[...kwargs.keys()][0]}'`,
    );
  }
  if (args.length === 0) throw jinjaError("TypeError", "range expected at least 1 argument, got 0");
  if (args.length > 3)
    throw jinjaError("TypeError", `range expected at most 3 arguments, got ${args.length}`);
  const numbers = args.map(rangeArg);
  const [start, stop, step] =
    numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) throw jinjaError("ValueError", "range() arg 3 must not be zero");
  const range = new PyRange(start, stop, step);
  if (range.length > MAX_RANGE) {
    throw jinjaError(
      "OverflowError",
      `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`,
    );
  }
  return range;
}

/** Python's dict(*args, **kwargs) for str keys. */
function makeDict(args: unknown[], kwargs: Kwargs, runtime: Runtime, what = "dict"): Record<string, unknown> {
  if (args.length > 1)
    throw jinjaError("TypeError", `${what} expected at most 1 argument, got ${args.length}`);
  const dict: Record<string, unknown> = {};
  updateDict(dict, args[0], kwargs, runtime);
  return dict;
}

/** The globals every template sees (unless a variable of the same name hides them). */
export const GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ["range", builtin("range", safeRange, () => `<function safe_range at ${fakeAddress()}>`, "function")],
  [
    "dict",
    builtin("dict", (args, kwargs, runtime) => makeDict(args, kwargs, runtime), "<class 'dict'>", "type"),
  ],
  [
    "namespace",
    builtin(
      "namespace",
      (args, kwargs, runtime) => {
        const namespace = new Namespace();
        Object.assign(namespace.attrs, makeDict(args, kwargs, runtime));
        return namespace;
      },
      "<class 'jinja2.utils.Namespace'>",
      "type",
    ),
  ],
  [
    "cycler",
    builtin(
      "cycler",
      (args) => {
        if (args.length === 0) throw jinjaError("RuntimeError", "at least one item has to be provided");
        return new Cycler(args.slice());
      },
      "<class 'jinja2.utils.Cycler'>",
      "type",
    ),
  ],
  [
    "joiner",
    builtin(
      "joiner",
      (args, kwargs) => {
        const [separator] = signature("Joiner.__init__", "sep=', '").bind(args, kwargs);
        return new Joiner(separator);
      },
      "<class 'jinja2.utils.Joiner'>",
      "type",
    ),
  ],
]);

// ---- Mistral's functions --------------------------------------------------------------------

type MistralImpl = (context: unknown, args: unknown[], runtime: Runtime) => unknown;

interface MistralFunction {
  /** Python's parameters after the context one. */
  readonly params: string;
  readonly impl: MistralImpl;
}

function optionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : toStr(value);
}

function textArg(value: unknown): unknown {
  return isStr(value) ? strValue(value) : value;
}

const MISTRAL_FUNCTIONS: ReadonlyMap<string, MistralFunction> = new Map<string, MistralFunction>([
  [
    "json_pp",
    {
      params: "data=None",
      impl: (context, [data]) => jsonPrettyPrint(toPlainData(data), toPlainData(context)),
    },
  ],
  ["json_dump", { params: "data", impl: (_context, [data]) => jsonDump(toPlainData(data)) }],
  ["yaml_dump", { params: "data", impl: (_context, [data]) => yamlDump(toPlainData(data)) }],
  ["json_parse", { params: "data", impl: (_context, [data]) => jsonParse(textArg(data)) }],
  ["yaml_parse", { params: "data", impl: (_context, [data]) => yamlParse(textArg(data)) }],
  ["uuid", { params: "", impl: () => uuid() }],
  ["env", { params: "", impl: (_context, _args, runtime) => engineFunctions.env(runtime.contextFunctions) }],
  [
    "execution",
    { params: "", impl: (_context, _args, runtime) => engineFunctions.execution(runtime.contextFunctions) },
  ],
  [
    "executions",
    {
      params: "id=None, root_execution_id=None, state=None, from_time=None, to_time=None",
      impl: (_context, [id, rootExecutionId, state, fromTime, toTime], runtime) =>
        engineFunctions.executions(runtime.contextFunctions, {
          id: optionalText(id),
          rootExecutionId: optionalText(rootExecutionId),
          state: optionalText(state),
          fromTime: optionalText(fromTime),
          toTime: optionalText(toTime),
        }),
    },
  ],
  [
    "global",
    {
      params: "var_name",
      impl: (_context, [name], runtime) => engineFunctions.global(runtime.contextFunctions, toStr(name)),
    },
  ],
  [
    "task",
    {
      params: "task_name=None",
      impl: (_context, [name], runtime) => engineFunctions.task(runtime.contextFunctions, optionalText(name)),
    },
  ],
  [
    "tasks",
    {
      params: "workflow_execution_id=None, recursive=False, state=None, flat=False",
      impl: (_context, [workflowExecutionId, recursive, state, flat], runtime) =>
        engineFunctions.tasks(runtime.contextFunctions, {
          workflowExecutionId: optionalText(workflowExecutionId),
          recursive: Boolean(recursive),
          state: optionalText(state),
          flat: Boolean(flat),
        }),
    },
  ],
]);

/** The names under which Mistral's functions are globals and filters. */
export const MISTRAL_FUNCTION_NAMES: ReadonlySet<string> = new Set(MISTRAL_FUNCTIONS.keys());

const mistralSignatures = new Map(
  [...MISTRAL_FUNCTIONS].map(([name, fn]) => [
    name,
    signature(`${name}_`, fn.params ? `context, ${fn.params}` : "context=None"),
  ]),
);

/** Mistral's function `name` with the context bound, as `partial(fn, _)` gives it. */
export function boundMistralFunction(name: string, context: unknown): PyCallable | undefined {
  const fn = MISTRAL_FUNCTIONS.get(name);
  if (!fn) return undefined;
  const sig = mistralSignatures.get(name)!;
  return builtin(
    name,
    (args, kwargs, runtime) => {
      const bound = sig.bind([context, ...args], kwargs);
      return fn.impl(bound[0], bound.slice(1), runtime);
    },
    () => `functools.partial(<function ${name}_ at ${fakeAddress()}>, ${pyRepr(context)})`,
    "functools.partial",
  );
}

/** Adds Mistral's functions as filters: the filtered value is their context argument. */
export function addMistralFilters(filters: FilterTable): void {
  for (const [name, fn] of MISTRAL_FUNCTIONS) {
    filters.set(name, {
      sig: mistralSignatures.get(name)!,
      impl: (args, runtime) => fn.impl(args[0], args.slice(1), runtime),
    });
  }
}

// Reads the policies of a task or of task-defaults: retry, wait-before, wait-after, timeout,
// pause-before, concurrency and fail-on (mistral/lang/v2/policies.py and retry_policy.py).
import type { YamlMappingEntry, YamlMappingNode, YamlNode } from "../yaml/yaml-document.js";
import { checkExpressions } from "./expression-check.js";
import { parseInlineCommand } from "./inline-command.js";
import type { Located, SpecReader } from "./spec-reader.js";
import type { PoliciesSpec, RetryPolicySpec } from "./task-spec.js";

/** The policy keys, as written in YAML. */
export const POLICY_KEYS = [
  "retry",
  "wait-before",
  "wait-after",
  "timeout",
  "pause-before",
  "concurrency",
  "fail-on",
] as const;

const RETRY_KEYS = ["count", "delay", "break-on", "continue-on"];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads the policy keys present in a task or task-defaults mapping. */
export function readPolicies(reader: SpecReader, owner: Located<YamlMappingNode>): PoliciesSpec {
  const policies: Mutable<PoliciesSpec> = {};
  const integer = (key: string): number | string | undefined => {
    const at = reader.child(owner, key);
    if (at === undefined) return undefined;
    checkExpressions(reader, at);
    return reader.expressionOrPositiveInteger(at);
  };
  const boolean = (key: string): boolean | string | undefined => {
    const at = reader.child(owner, key);
    if (at === undefined) return undefined;
    checkExpressions(reader, at);
    return reader.expressionOrBoolean(at);
  };
  const retryAt = reader.child(owner, "retry");
  const retry = retryAt === undefined ? undefined : readRetry(reader, retryAt);
  if (retry !== undefined) policies.retry = retry;
  const waitBefore = integer("wait-before");
  if (waitBefore !== undefined) policies.waitBefore = waitBefore;
  const waitAfter = integer("wait-after");
  if (waitAfter !== undefined) policies.waitAfter = waitAfter;
  const timeout = integer("timeout");
  if (timeout !== undefined) policies.timeout = timeout;
  const pauseBefore = boolean("pause-before");
  if (pauseBefore !== undefined) policies.pauseBefore = pauseBefore;
  const concurrency = integer("concurrency");
  if (concurrency !== undefined) policies.concurrency = concurrency;
  const failOn = boolean("fail-on");
  if (failOn !== undefined) policies.failOn = failOn;
  return policies;
}

/** Reads `retry` in its mapping form or its one-line form `count=3 delay=1 break-on=<% ... %>`. */
function readRetry(reader: SpecReader, at: Located): RetryPolicySpec | undefined {
  let fields: Located<YamlMappingNode>;
  if (at.node.kind === "mapping") {
    fields = at as Located<YamlMappingNode>;
  } else {
    const text = reader.nonEmptyString(
      at,
      "a mapping with `count` and `delay`, or a line like `count=3 delay=1`",
    );
    if (text === undefined) return undefined;
    const line = parseInlineCommand(text);
    if (line === undefined) {
      reader.error(
        "DSL_ERR_INLINE_PARAMS",
        `\`retry\` cannot be read as \`count=... delay=...\`: ${JSON.stringify(text)}.`,
        at,
        "Write it as `count=3 delay=10`, or as a mapping with `count` and `delay`.",
      );
      return undefined;
    }
    // The leading word of the line is not a name here: anything outside the parameters is dropped.
    if (line.outsideParams !== "") {
      reader.warn(
        "DSL_ERR_INLINE_PARAMS",
        `Mistral ignores \`${line.outsideParams}\` in \`retry\`.`,
        at,
        "A value must be a number, true/false/null, a quoted string or an expression.",
      );
    }
    // The parameters of the line stand in for the keys of a mapping, all reported at the line itself.
    fields = { node: syntheticMapping(line.params, at.node), path: at.path };
  }
  reader.checkKeys(fields, RETRY_KEYS);
  for (const required of ["count", "delay"]) {
    if (!fields.node.byKey.has(required)) {
      reader.error(
        "DSL_ERR_MISSING_KEY",
        `\`retry\` needs \`${required}\`.`,
        at,
        "Both `count` (how many retries) and `delay` (seconds between them) are required.",
      );
    }
  }
  const field = (key: string): Located | undefined => {
    const child = reader.child(fields, key);
    if (child !== undefined) checkExpressions(reader, child);
    return child;
  };
  const countAt = field("count");
  const delayAt = field("delay");
  const breakOnAt = field("break-on");
  const continueOnAt = field("continue-on");
  const count = countAt === undefined ? undefined : reader.expressionOrPositiveInteger(countAt);
  const delay = delayAt === undefined ? undefined : reader.expressionOrPositiveInteger(delayAt);
  const breakOn = breakOnAt === undefined ? undefined : reader.expression(breakOnAt);
  const continueOn = continueOnAt === undefined ? undefined : reader.expression(continueOnAt);
  if (count === undefined || delay === undefined) return undefined;
  return {
    count,
    delay,
    ...(breakOn === undefined ? {} : { breakOn }),
    ...(continueOn === undefined ? {} : { continueOn }),
  };
}

/** A mapping node made of parsed parameters, every part placed at `source`. */
function syntheticMapping(params: Record<string, unknown>, source: YamlNode): YamlMappingNode {
  const entries: YamlMappingEntry[] = Object.entries(params).map(([key, value]) => ({
    key,
    keyIsString: true,
    keyText: key,
    keyPosition: source.position,
    node: { kind: "scalar", value, text: String(value), style: "plain", position: source.position },
  }));
  return {
    kind: "mapping",
    value: params,
    entries,
    byKey: new Map(entries.map((entry) => [entry.key, entry] as const)),
    position: source.position,
  };
}

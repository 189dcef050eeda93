import { describe, expect, it } from "vitest";
import { expectOracleResult, type OracleExpectation } from "../../../../test/support/yaql-expectations.js";
import { evaluateYaql } from "../yaql-language.js";

// Expected values are what python3-yaql 2.0 (configured as Mistral configures it) returns.
const NULL_COMPARISONS: Array<[string, OracleExpectation]> = [
  ["1 < null", "false bool"],
  ["1 <= null", "false bool"],
  ["1 > null", "true bool"],
  ["1 >= null", "true bool"],
  ["null < 1", "true bool"],
  ["null <= 1", "true bool"],
  ["null > 1", "false bool"],
  ["null >= 1", "false bool"],
  ["null < null", "false bool"],
  ["null <= null", "true bool"],
  ["null > null", "false bool"],
  ["null >= null", "true bool"],
  ["null != null", "false bool"],
  ["true > null", "true bool"],
  ["false >= null", "true bool"],
  ["[1] < null", "false bool"],
  ["{} > null", "true bool"],
  ["'a' >= null", "true bool"],
  ["null < 'a'", "true bool"],
  ["null <= {}", "true bool"],
  ["null < -1", "true bool"],
  ["null > now()", "false bool"],
  ["now() > null", "true bool"],
  ["timespan() >= null", "true bool"],
  ["$ < null", "false bool"],
];

describe("yaql's null comparisons", () => {
  it.each(NULL_COMPARISONS)("evaluates %s with null below every value", expectOracleResult);

  it("keeps null's comparisons apart from the numeric ones", () => {
    expect(evaluateYaql("$.missing_ok < 1", { missing_ok: null })).toBe(true);
    expect(evaluateYaql("$.n >= $.n", { n: null })).toBe(true);
  });
});

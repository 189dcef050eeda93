import { describe, expect, it } from "vitest";
import { splitSqlScript } from "./sql-script.js";

describe("splitSqlScript", () => {
  it("splits at the semicolons that end statements and drops comments between them", () => {
    const script = `-- CreateTable
CREATE TABLE "a" ("x" TEXT DEFAULT 'a;b');

/* a block; comment */
CREATE INDEX "a_x_idx" ON "a"("x");
-- trailing comment`;
    expect(splitSqlScript(script)).toEqual([
      `CREATE TABLE "a" ("x" TEXT DEFAULT 'a;b')`,
      `CREATE INDEX "a_x_idx" ON "a"("x")`,
    ]);
  });

  it("keeps quoted identifiers, doubled quotes and dollar-quoted bodies whole", () => {
    const script =
      "INSERT INTO `t;1` VALUES ('it''s; fine');\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;";
    expect(splitSqlScript(script)).toEqual([
      "INSERT INTO `t;1` VALUES ('it''s; fine')",
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
    ]);
  });

  it("returns nothing for a script of comments", () => {
    expect(splitSqlScript("-- This is an empty migration.\n")).toEqual([]);
  });
});

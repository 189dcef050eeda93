// What Mistral accepts we accept, and what it refuses we refuse: the cases of Mistral's own unit tests
// of the language (mistral/tests/unit/lang/v2, Mistral 15), each a definition and whether it is valid.
// Definitions are written as JSON, which is YAML too.
import { describe, expect, it } from "vitest";
import { parseWorkbook } from "../../src/spec/parse-workbook.js";
import { parseWorkflows } from "../../src/spec/parse-workflows.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Case = readonly [Json, boolean];

/** Mistral's merge_dicts: values of `right` recursively merged into `left`, `right` winning. */
function merge(left: Json, right: Json): Json {
  if (typeof left !== "object" || left === null || Array.isArray(left)) return right;
  if (typeof right !== "object" || right === null || Array.isArray(right)) return right;
  const result: { [key: string]: Json } = { ...left };
  for (const [key, value] of Object.entries(right)) {
    result[key] = key in result ? merge(result[key] ?? null, value) : value;
  }
  return result;
}

const TASKS: Json = {
  get: { action: "std.http", input: { url: "https://www.openstack.org" } },
  echo: { action: "std.echo", input: { output: "This is a test." } },
  email: {
    action: "std.email",
    input: {
      from_addr: "mistral@example.com",
      to_addrs: ["admin@example.com"],
      subject: "Test",
      body: "This is a test.",
      smtp_server: "localhost",
      smtp_password: "password",
    },
  },
};

/** A workflow list `{version, test: {type: direct, tasks?}}` with `changes` merged in, as Mistral's tests build it. */
function workflowsWith(changes: Json, addTasks: boolean): string {
  const test: Json = addTasks ? { type: "direct", tasks: TASKS } : { type: "direct" };
  return JSON.stringify(merge({ version: "2.0", test }, changes));
}

function issuesOfWorkflows(changes: Json, addTasks = true): string[] {
  return parseWorkflows(workflowsWith(changes, addTasks)).issues.map(
    (issue) => `${issue.code} ${issue.path}`,
  );
}

function issuesOfWorkbook(changes: Json): string[] {
  const text = JSON.stringify(merge({ version: "2.0", name: "test_wb" }, changes));
  return parseWorkbook(text).issues.map((issue) => `${issue.code} ${issue.path}`);
}

/** Runs a table: every case must be refused exactly when Mistral refuses it. */
function checkTable(cases: readonly Case[], issuesOf: (changes: Json) => string[]): void {
  const wrong = cases
    .map(([changes, refused]) => ({ changes, refused, issues: issuesOf(changes) }))
    .filter(({ refused, issues }) => refused !== issues.length > 0);
  expect(wrong).toEqual([]);
}

const onTask = (task: string, fields: Json): Json => ({ test: { tasks: { [task]: fields } } });

/** The policy cases, shared by tasks and task-defaults. */
const policyCases: Case[] = [
  [{ retry: { count: 3, delay: 1 } }, false],
  [{ retry: { "continue-on": "<% 1 %>", delay: 2, "break-on": "<% 1 %>", count: 2 } }, false],
  [{ retry: { count: 3, delay: 1, "continue-on": "<% 1 %>" } }, false],
  [{ retry: { count: "<% 3 %>", delay: 1 } }, false],
  [{ retry: { count: "<% * %>", delay: 1 } }, true],
  [{ retry: { count: 3, delay: "<% 1 %>" } }, false],
  [{ retry: { count: 3, delay: "<% * %>" } }, true],
  [{ retry: { "continue-on": "{{ 1 }}", delay: 2, "break-on": "{{ 1 }}", count: 2 } }, false],
  [{ retry: { count: 3, delay: 1, "continue-on": "{{ 1 }}" } }, false],
  [{ retry: { count: "{{ 3 }}", delay: 1 } }, false],
  [{ retry: { count: 3, delay: "{{ 1 }}" } }, false],
  [{ retry: { count: -3, delay: 1 } }, true],
  [{ retry: { count: 3, delay: -1 } }, true],
  [{ retry: { count: "3", delay: 1 } }, true],
  [{ retry: { count: 3, delay: "1" } }, true],
  [{ retry: null }, true],
  [{ "wait-before": 1 }, false],
  [{ "wait-before": "<% 1 %>" }, false],
  [{ "wait-before": "<% * %>" }, true],
  [{ "wait-before": "{{ 1 }}" }, false],
  [{ "wait-before": -1 }, true],
  [{ "wait-before": 1.1 }, true],
  [{ "wait-before": "1" }, true],
  [{ "wait-after": 1 }, false],
  [{ "wait-after": "<% 1 %>" }, false],
  [{ "wait-after": "<% * %>" }, true],
  [{ "wait-after": "{{ 1 }}" }, false],
  [{ "wait-after": -1 }, true],
  [{ "wait-after": 1.1 }, true],
  [{ "wait-after": "1" }, true],
  [{ timeout: 300 }, false],
  [{ timeout: "<% 300 %>" }, false],
  [{ timeout: "<% * %>" }, true],
  [{ timeout: "{{ 300 }}" }, false],
  [{ timeout: -300 }, true],
  [{ timeout: 300.1 }, true],
  [{ timeout: "300" }, true],
  [{ "pause-before": false }, false],
  [{ "pause-before": "<% False %>" }, false],
  [{ "pause-before": "<% * %>" }, true],
  [{ "pause-before": "{{ False }}" }, false],
  [{ "pause-before": "False" }, true],
  [{ concurrency: 10 }, false],
  [{ concurrency: "<% 10 %>" }, false],
  [{ concurrency: "<% * %>" }, true],
  [{ concurrency: "{{ 10 }}" }, false],
  [{ concurrency: -10 }, true],
  [{ concurrency: 10.1 }, true],
  [{ concurrency: "10" }, true],
];

describe("Mistral's task cases", () => {
  it("accepts and refuses actions and workflows with inline parameters as Mistral does", () => {
    const cases: Case[] = [
      [{ action: "std.noop" }, false],
      [{ action: 'std.http url="openstack.org"' }, false],
      [{ action: 'std.http url="openstack.org" timeout=10' }, false],
      [{ action: "std.http url=<% $.url %>" }, false],
      [{ action: "std.http url=<% $.url %> timeout=<% $.t %>" }, false],
      [{ action: "std.http url=<% * %>" }, true],
      [{ action: "std.http url={{ _.url }}" }, false],
      [{ action: "std.http url={{ _.url }} timeout={{ _.t }}" }, false],
      [{ workflow: "test.wf" }, false],
      [{ workflow: 'test.wf k1="v1"' }, false],
      [{ workflow: 'test.wf k1="v1" k2="v2"' }, false],
      [{ workflow: "test.wf k1=<% $.v1 %>" }, false],
      [{ workflow: "test.wf k1=<% $.v1 %> k2=<% $.v2 %>" }, false],
      [{ workflow: "test.wf k1=<% * %>" }, true],
      [{ workflow: "test.wf k1={{ _.v1 }}" }, false],
      [{ workflow: "test.wf k1={{ _.v1 }} k2={{ _.v2 }}" }, false],
      [{ action: "std.noop", workflow: "test.wf" }, true],
      [{ action: 123 }, true],
      [{ workflow: 123 }, true],
      [{ action: "" }, true],
      [{ workflow: "" }, true],
      [{ action: null }, true],
      [{ workflow: null }, true],
    ];
    checkTable(
      cases.map(([task, refused]) => [{ test: { tasks: { task1: task } } }, refused] as const),
      (changes) => issuesOfWorkflows(changes, false),
    );
  });

  it("accepts and refuses task inputs as Mistral does", () => {
    const cases: Case[] = [
      [{ input: "" }, true],
      [{ input: {} }, true],
      [{ input: null }, true],
      [{ input: { k1: "v1" } }, false],
      [{ input: { k1: "<% $.v1 %>" } }, false],
      [{ input: { k1: "<% 1 + 2 %>" } }, false],
      [{ input: { k1: "<% * %>" } }, true],
      [{ input: { k1: "{{ _.v1 }}" } }, false],
      [{ input: { k1: "{{ 1 + 2 }}" } }, false],
    ];
    checkTable(
      cases.map(
        ([fields, refused]) => [onTask("task1", merge({ action: "test.mock" }, fields)), refused] as const,
      ),
      (changes) => issuesOfWorkflows(changes, false),
    );
  });

  it("accepts and refuses with-items as Mistral does", () => {
    const cases: Case[] = [
      ["", true],
      [[], true],
      [[""], true],
      [null, true],
      [12345, true],
      ["x in y", true],
      ["<% $.y %>", true],
      ["x in <% $.y %>", false],
      [["x in [1, 2, 3]"], false],
      [["x in <% $.y %>"], false],
      [["x in <% $.y %>", "i in [1, 2, 3]"], false],
      [["x in <% $.y %>", "i in <% $.j %>"], false],
      [["x in <% * %>"], true],
      [["x in <% $.y %>", "i in <% * %>"], true],
      ["{{ _.y }}", true],
      ["x in {{ _.y }}", false],
      [["x in {{ _.y }}"], false],
      [["x in {{ _.y }}", "i in [1, 2, 3]"], false],
      [["x in {{ _.y }}", "i in {{ _.j }}"], false],
    ];
    checkTable(
      cases.map(([value, refused]) => [onTask("get", { "with-items": value }), refused] as const),
      (changes) => issuesOfWorkflows(changes),
    );
  });

  it("accepts and refuses publish and publish-on-error as Mistral does", () => {
    for (const key of ["publish", "publish-on-error"]) {
      const cases: Case[] = [
        ["", true],
        [{}, true],
        [null, true],
        [{ k1: "v1" }, false],
        [{ k1: "<% $.v1 %>" }, false],
        [{ k1: "<% 1 + 2 %>" }, false],
        [{ k1: "<% * %>" }, true],
        [{ k1: "{{ _.v1 }}" }, false],
        [{ k1: "{{ 1 + 2 }}" }, false],
      ];
      checkTable(
        cases.map(
          ([value, refused]) => [onTask("task1", { action: "test.mock", [key]: value }), refused] as const,
        ),
        (changes) => issuesOfWorkflows(changes, false),
      );
    }
  });

  it("accepts and refuses policies as Mistral does", () => {
    const oneLine: Case[] = [
      [{ retry: "count=3 delay=1 break-on=<% false %>" }, false],
      [{ retry: "count=3 delay=1 break-on={{ false }}" }, false],
      [{ retry: "count=3 delay=1" }, false],
      [{ retry: "coun=3 delay=1" }, true],
    ];
    checkTable(
      [...policyCases, ...oneLine].map(([policy, refused]) => [onTask("get", policy), refused] as const),
      (changes) => issuesOfWorkflows(changes),
    );
  });

  it("accepts and refuses transitions as Mistral does", () => {
    const cases: Case[] = [
      [["email"], false],
      [["email%"], true],
      [[{ email: "<% 1 %>" }], false],
      [[{ email: "<% 1 %>" }, { email: "<% 1 %>" }], true],
      [[{ email: "<% 1 %>", more_email: "<% 2 %>" }], true],
      [[{ email: "<% 1 %>" }, "echo"], false],
      [[{ email: "<% $.v1 in $.v2 %>" }], false],
      [[{ email: "<% * %>" }], true],
      [[{ email: "{{ 1 }}" }], false],
      [[{ email: "{{ 1 }}" }, "echo"], false],
      [[{ email: "{{ _.v1 in _.v2 }}" }], false],
      ["email", false],
      ['fail msg="<% task().result %>"', false],
      ["fail(msg=<% task() %>)", false],
      [null, true],
      [[""], true],
      [[], true],
      [["email", "email"], true],
      [["email", 12345], true],
    ];
    for (const clause of ["on-error", "on-success", "on-complete"]) {
      checkTable(
        cases.map(([value, refused]) => [onTask("get", { [clause]: value }), refused] as const),
        (changes) => issuesOfWorkflows(changes),
      );
    }
  });

  it("accepts and refuses the dict form of clauses as Mistral does", () => {
    const publish = {
      branch: { var1: 1234 },
      global: { global_var1: "val" },
      atomic: { atomic_var1: "<% my_func() %>" },
    };
    const cases: Case[] = [
      [{ publish: { var1: 1234 } }, true],
      [{ publish: { branch: { var1: 1234 } } }, false],
      [{ publish }, false],
      [{ publish: merge(publish, { global: { global_var1: "<% * %>" } }) }, true],
      [{ publish, next: "email" }, false],
      [{ publish, next: ["email"] }, false],
      [{ publish, next: [{ email: "<% 1 %>" }] }, false],
      [{ publish, next: [{ email: "<% $.v1 and $.v2 %>" }] }, false],
      [{ publish, next: [{ email: "<% * %>" }] }, true],
      [{ next: [{ email: "<% $.v1 %>" }] }, false],
      [{ next: "email" }, false],
      [{ next: ["email"] }, false],
      [{ next: [{ email: "email" }] }, true],
      [{ next: [{ email: "email", more_email: "more_email" }] }, true],
      [{ next: { email: "email" } }, true],
    ];
    for (const clause of ["on-error", "on-success", "on-complete"]) {
      checkTable(
        cases.map(([value, refused]) => [onTask("get", { [clause]: value }), refused] as const),
        (changes) => issuesOfWorkflows(changes),
      );
    }
  });

  it("accepts and refuses join as Mistral does", () => {
    const cases: Case[] = [
      [{ join: "" }, true],
      [{ join: null }, true],
      [{ join: "all" }, false],
      [{ join: "one" }, false],
      [{ join: 0 }, false],
      [{ join: 2 }, false],
      [{ join: 3 }, true],
      [{ join: "3" }, true],
      [{ join: -3 }, true],
    ];
    checkTable(
      cases.map(
        ([join, refused]) =>
          [
            {
              test: {
                tasks: { get: { "on-success": ["email"] }, echo: { "on-success": ["email"] }, email: join },
              },
            },
            refused,
          ] as const,
      ),
      (changes) => issuesOfWorkflows(changes),
    );
  });

  it("accepts and refuses requires as Mistral does", () => {
    const cases: Case[] = [
      ["", true],
      [[], true],
      [[""], true],
      [null, true],
      [12345, true],
      [["echo"], false],
      [["echo", "get"], false],
      ["echo", false],
    ];
    checkTable(
      cases.map(
        ([requires, refused]) =>
          [{ test: { type: "reverse", tasks: { email: { requires } } } }, refused] as const,
      ),
      (changes) => issuesOfWorkflows(changes),
    );
  });

  it("accepts and refuses keep-result and safe-rerun as Mistral does", () => {
    const keepResult: Case[] = [
      ["", true],
      [[], true],
      ["asd", true],
      [null, true],
      [12345, true],
      [true, false],
      [false, false],
      ["<% 'a' in $.val %>", false],
      ["<% 1 + 2 %>", false],
      ["<% * %>", true],
      ["{{ 'a' in _.val }}", false],
      ["{{ 1 + 2 }}", false],
    ];
    checkTable(
      keepResult.map(([value, refused]) => [onTask("email", { "keep-result": value }), refused] as const),
      (changes) => issuesOfWorkflows(changes),
    );
    const safeRerun: Case[] = [
      [true, false],
      [false, false],
      ["<% false %>", false],
      ["<% true %>", false],
      ["<% * %>", true],
      [null, true],
    ];
    checkTable(
      safeRerun.map(
        ([value, refused]) => [{ test: { "task-defaults": { "safe-rerun": value } } }, refused] as const,
      ),
      (changes) => issuesOfWorkflows(changes),
    );
  });
});

describe("Mistral's workflow cases", () => {
  it("accepts the two workflow types only", () => {
    checkTable(
      [
        [{ test: { type: "direct" } }, false],
        [{ test: { type: "reverse" } }, false],
        [{ test: { type: "circular" } }, true],
        [{ test: { type: null } }, true],
      ],
      (changes) => issuesOfWorkflows(changes),
    );
  });

  it("refuses keys of the other workflow type in tasks", () => {
    expect(issuesOfWorkflows({ test: { tasks: { email: { requires: ["echo", "get"] } } } })).toEqual([
      "DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE test.tasks.email.requires",
    ]);
    expect(
      issuesOfWorkflows({
        test: {
          type: "reverse",
          tasks: {
            get: { "on-success": ["email"] },
            echo: { "on-success": ["email"] },
            email: { join: "all" },
          },
        },
      }),
    ).toEqual([
      "DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE test.tasks.get.on-success",
      "DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE test.tasks.echo.on-success",
      "DSL_ERR_KEY_NOT_FOR_WORKFLOW_TYPE test.tasks.email.join",
    ]);
  });

  it("refuses a direct workflow without a start task", () => {
    expect(
      issuesOfWorkflows(
        { test: { tasks: { task1: { "on-complete": "task2" }, task2: { "on-complete": "task1" } } } },
        false,
      ),
    ).toEqual(["DSL_ERR_NO_START_TASK test.tasks"]);
  });

  it("refuses a join that waits for more tasks than lead to it", () => {
    const cases: Case[] = [
      [{ task3: { join: 2 } }, false],
      [{ task3: { join: 5 } }, true],
      [{ task3: { join: 1 } }, false],
      [{ task3: { join: "one" } }, false],
      [{ task3: { join: "all" } }, false],
      [{ task4: { join: "all" } }, true],
      [{ task4: { join: 1 } }, true],
      [{ task4: { join: "one" } }, true],
    ];
    checkTable(
      cases.map(
        ([tasks, refused]) =>
          [
            {
              test: {
                tasks: merge({ task1: { "on-complete": "task3" }, task2: { "on-complete": "task3" } }, tasks),
              },
            },
            refused,
          ] as const,
      ),
      (changes) => issuesOfWorkflows(changes, false),
    );
  });

  it("requires a version of 2.0", () => {
    checkTable(
      [
        [{ version: null }, true],
        [{ version: "" }, true],
        [{ version: "2.0" }, false],
        [{ version: 2.0 }, false],
        [{ version: 2 }, false],
      ],
      (changes) => issuesOfWorkflows(changes),
    );
    expect(
      parseWorkflows(JSON.stringify({ test: { tasks: TASKS } })).issues.map((issue) => issue.code),
    ).toEqual(["DSL_ERR_VERSION"]);
  });

  it("accepts and refuses workflow input, output and vars as Mistral does", () => {
    const input: Case[] = [
      [["var1", "var2"], false],
      [["var1", "var1"], true],
      [[12345], true],
      [[null], true],
      [[""], true],
      [null, true],
      [[], true],
      [["var1", { var2: 2 }], false],
      [[{ var1: 1 }, { var2: 2 }], false],
      [[{ var1: null }], false],
      [[{ var1: 1 }, { var1: 1 }], true],
      [[{ var1: 1, var2: 2 }], true],
    ];
    checkTable(
      input.map(([value, refused]) => [{ test: { input: value } }, refused] as const),
      (changes) => issuesOfWorkflows(changes),
    );
    for (const key of ["output", "vars"]) {
      const cases: Case[] = [
        [{ k1: "a", k2: 1, k3: true, k4: null }, false],
        [{ k1: "<% $.v1 %>" }, false],
        [{ k1: "<% 1 + 2 %>" }, false],
        [{ k1: "<% * %>" }, true],
        [{ k1: "{{ _.input_var1 }}" }, false],
        [{ k1: "{{ 1 + 2 }}" }, false],
        [[], true],
        ["whatever", true],
        [null, true],
        [{}, true],
      ];
      checkTable(
        cases.map(([value, refused]) => [{ test: { [key]: value } }, refused] as const),
        (changes) => issuesOfWorkflows(changes),
      );
    }
  });

  it("requires tasks", () => {
    expect(issuesOfWorkflows({}, false)).toEqual(["DSL_ERR_MISSING_KEY test"]);
    checkTable(
      [
        [{ test: { tasks: {} } }, true],
        [{ test: { tasks: null } }, true],
        [{ test: { tasks: TASKS } }, false],
      ],
      (changes) => issuesOfWorkflows(changes, false),
    );
  });

  it("accepts and refuses task-defaults as Mistral does", () => {
    const transitions: Case[] = [
      [["email"], false],
      [[{ email: "<% 1 %>" }], false],
      [[{ email: "<% 1 %>" }, "echo"], false],
      [[{ email: "<% $.v1 in $.v2 %>" }], false],
      [[{ email: "<% * %>" }], true],
      [[{ email: "{{ 1 }}" }], false],
      [[{ email: "{{ 1 }}" }, "echo"], false],
      [[{ email: "{{ _.v1 in _.v2 }}" }], false],
      ["email", false],
      [null, true],
      [[""], true],
      [[], true],
      [["email", "email"], true],
      [["email", 12345], true],
    ];
    const cases: Case[] = [
      ...["on-success", "on-error", "on-complete"].flatMap((clause) =>
        transitions.map(([value, refused]) => [{ [clause]: value }, refused] as const),
      ),
      [{ requires: "" }, true],
      [{ requires: [] }, true],
      [{ requires: [""] }, true],
      [{ requires: null }, true],
      [{ requires: 12345 }, true],
      [{ requires: ["echo"] }, false],
      [{ requires: ["echo", "get"] }, false],
      [{ requires: "echo" }, false],
      ...policyCases,
      [{ "safe-rerun": true }, false],
      [{ "safe-rerun": false }, false],
      [{ "safe-rerun": "<% false %>" }, false],
      [{ "safe-rerun": "<% true %>" }, false],
      [{ "safe-rerun": "<% * %>" }, true],
      [{ "safe-rerun": null }, true],
    ];
    checkTable(
      cases.map(([defaults, refused]) => [{ test: { "task-defaults": defaults } }, refused] as const),
      (changes) => issuesOfWorkflows(changes),
    );
  });

  it("refuses a top-level key that is not a workflow", () => {
    expect(issuesOfWorkflows({ name: "invalid" })).toEqual(["DSL_ERR_WRONG_TYPE name"]);
  });

  it("refuses a workflow named like a UUID", () => {
    const text = JSON.stringify({
      version: "2.0",
      "b98180ba-48a0-4e26-ab2e-50dc224f6fd1": { type: "direct", tasks: { t1: { action: "std.noop" } } },
    });
    expect(parseWorkflows(text).issues.map((issue) => issue.code)).toEqual(["DSL_ERR_INVALID_NAME"]);
  });

  it("accepts task names with punctuation", () => {
    const names = ["task1", "t2-task", "t3.task", "t4,task", "t5+task", "t6$task", "t7%task", "t8^task"];
    const tasks = Object.fromEntries(
      names.map((name, index) => {
        const next = names[index + 1];
        return [
          name,
          next === undefined ? { action: "std.noop" } : { action: "std.noop", "on-success": [next] },
        ];
      }),
    );
    expect(
      parseWorkflows(JSON.stringify({ version: "2.0", workflowname: { type: "direct", tasks } })).issues,
    ).toEqual([]);
  });

  it("accepts and refuses workflow tags as Mistral does", () => {
    checkTable(
      [
        [{ test: { tags: "" } }, true],
        [{ test: { tags: [] } }, true],
        [{ test: { tags: [""] } }, true],
        [{ test: { tags: ["tag"] } }, false],
        [{ test: { tags: ["tag", "tag"] } }, true],
        [{ test: { tags: null } }, true],
      ],
      (changes) => issuesOfWorkflows(changes),
    );
  });
});

describe("Mistral's workbook and action cases", () => {
  it("requires a workbook version of 2.0 and a name", () => {
    checkTable(
      [
        [{ version: null }, true],
        [{ version: "" }, true],
        [{ version: "1.0" }, true],
        [{ version: "2.0" }, false],
        [{ version: 2.0 }, false],
        [{ version: 2 }, false],
        [{ name: "" }, true],
        [{ name: null }, true],
        [{ name: 12345 }, true],
        [{ name: "foobar" }, false],
        [{ description: "" }, true],
        [{ description: null }, true],
        [{ description: 12345 }, true],
        [{ description: "This is a test workflow." }, false],
        [{ tags: "" }, true],
        [{ tags: [""] }, true],
        [{ tags: null }, true],
        [{ tags: 12345 }, true],
        [{ tags: ["foo", "bar"] }, false],
        [{ tags: ["foobar", "foobar"] }, true],
      ],
      issuesOfWorkbook,
    );
    expect(parseWorkbook(JSON.stringify({ version: "2.0" })).issues.map((issue) => issue.code)).toEqual([
      "DSL_ERR_MISSING_KEY",
    ]);
  });

  it("accepts and refuses workbook sections as Mistral does", () => {
    const actions: Json = { version: "2.0", noop: { base: "std.noop" }, echo: { base: "std.echo" } };
    const workflows: Json = {
      version: "2.0",
      wf1: { tasks: { noop: { action: "std.noop" } } },
      wf2: { tasks: { echo: { action: 'std.echo output="This is a test."' } } },
    };
    checkTable(
      [
        [{ actions: [] }, true],
        [{ actions: {} }, true],
        [{ actions: null }, true],
        [{ actions: { version: null } }, true],
        [{ actions: { version: "" } }, true],
        [{ actions: { version: "1.0" } }, true],
        [{ actions: { version: "2.0" } }, false],
        [{ actions: { version: 2.0 } }, false],
        [{ actions: { version: 2 } }, false],
        [{ actions: { noop: { base: "std.noop" } } }, false],
        [{ actions: { version: "2.0", noop: "std.noop" } }, true],
        [{ actions }, false],
        [{ workflows: { version: "2.0", wf1: "wf1" } }, true],
        [{ workflows }, false],
        [{ workflows: { "my workflow": { tasks: { t: { action: "std.noop" } } } } }, true],
        [{ workflows: { "version-workflow": { tasks: { t: { action: "std.noop" } } } } }, false],
      ],
      issuesOfWorkbook,
    );
  });

  it("accepts and refuses ad-hoc actions as Mistral does", () => {
    const action = (fields: Json): Json => ({ actions: { a1: merge({ base: "foobar" }, fields) } });
    const cases: Case[] = [
      [{ actions: { a1: {} } }, true],
      [{ actions: { a1: { base: "" } } }, true],
      [{ actions: { a1: { base: null } } }, true],
      [{ actions: { a1: { base: 12345 } } }, true],
      [{ actions: { a1: { base: "std.noop" } } }, false],
      [{ actions: { a1: { base: 'std.echo output="foo"' } } }, false],
      [{ actions: { a1: { base: 'std.echo output="<% $.x %>"' } } }, false],
      [{ actions: { a1: { base: 'std.echo output="<% * %>"' } } }, true],
      [{ actions: { a1: { base: 'std.echo output="{{ _.x }}"' } } }, false],
      [action({ "base-input": {} }), true],
      [action({ "base-input": null }), true],
      [action({ "base-input": { k1: "v1", k2: "<% $.v2 %>" } }), false],
      [action({ "base-input": { k1: "v1", k2: "<% * %>" } }), true],
      [action({ "base-input": { k1: "v1", k2: "{{ _.v2 }}" } }), false],
      [action({ input: "" }), true],
      [action({ input: [] }), true],
      [action({ input: [""] }), true],
      [action({ input: null }), true],
      [action({ input: ["k1", "k2"] }), false],
      [action({ input: ["k1", 12345] }), true],
      [action({ input: ["k1", { k2: 2 }] }), false],
      [action({ input: [{ k1: 1 }, { k2: 2 }] }), false],
      [action({ input: [{ k1: null }] }), false],
      [action({ input: [{ k1: 1 }, { k1: 1 }] }), true],
      [action({ input: [{ k1: 1, k2: 2 }] }), true],
      [action({ output: null }), false],
      [action({ output: false }), false],
      [action({ output: 12345 }), false],
      [action({ output: 0.12345 }), false],
      [action({ output: "foobar" }), false],
      [action({ output: "<% $.x %>" }), false],
      [action({ output: "<% * %>" }), true],
      [action({ output: "{{ _.x }}" }), false],
      [action({ output: ["v1"] }), false],
      [action({ output: { k1: "v1" } }), false],
    ];
    checkTable(cases, issuesOfWorkbook);
  });
});

describe("Mistral's cases of Jinja syntax errors", () => {
  it("refuses a broken Jinja expression wherever Mistral checks one", () => {
    const broken = "{{ * }}";
    const taskCases: Json[] = [
      { action: "std.http url={{ $ }}" },
      { workflow: "test.wf k1={{ $ }}" },
      { action: "std.noop", input: { k1: broken } },
      { action: "std.noop", "with-items": ["x in {{ * }}"] },
      { action: "std.noop", "with-items": ["x in {{ _.y }}", "i in {{ * }}"] },
      { action: "std.noop", publish: { k1: broken } },
      { action: "std.noop", "publish-on-error": { k1: broken } },
      { action: "std.noop", retry: { count: broken, delay: 1 } },
      { action: "std.noop", retry: { count: 3, delay: broken } },
      { action: "std.noop", "wait-before": broken },
      { action: "std.noop", "wait-after": broken },
      { action: "std.noop", timeout: broken },
      { action: "std.noop", "pause-before": broken },
      { action: "std.noop", concurrency: broken },
      { action: "std.noop", "keep-result": broken },
      { action: "std.noop", "on-success": [{ task1: broken }] },
    ];
    checkTable(
      taskCases.map((task) => [{ test: { tasks: { task1: task } } }, true] as const),
      (changes) => issuesOfWorkflows(changes, false),
    );
    checkTable(
      [
        [{ test: { vars: { v1: broken } } }, true],
        [{ test: { "task-defaults": { "on-success": [{ email: broken }] } } }, true],
      ],
      (changes) => issuesOfWorkflows(changes),
    );
    checkTable(
      [
        [{ actions: { a1: { base: 'std.echo output="{{ * }}"' } } }, true],
        [{ actions: { a1: { base: "foobar", "base-input": { k1: "v1", k2: broken } } } }, true],
        [{ actions: { a1: { base: "foobar", output: broken } } }, true],
      ],
      issuesOfWorkbook,
    );
  });
});

// The syntax tree of Jinja templates and expressions, shaped after jinja2.nodes. Every node keeps
// the offset (in the lexed source) and line where it starts, for messages.

interface At {
  readonly offset: number;
  readonly lineno: number;
}

export interface Keyword {
  readonly key: string;
  readonly value: Expr;
}

/** The arguments of a call, filter or test: `f(a, b, k=v, *args, **kwargs)`. */
export interface CallArgs {
  readonly args: Expr[];
  readonly kwargs: Keyword[];
  readonly dynArgs: Expr | null;
  readonly dynKwargs: Expr | null;
}

export type BinaryOperator = "add" | "sub" | "mul" | "div" | "floordiv" | "mod" | "pow";
export type CompareOperator = "eq" | "ne" | "lt" | "lteq" | "gt" | "gteq" | "in" | "notin";

export type Expr =
  | (At & { readonly kind: "const"; readonly value: unknown })
  | (At & { readonly kind: "name"; readonly name: string })
  | (At & { readonly kind: "nsref"; readonly name: string; readonly attr: string })
  | (At & { readonly kind: "tuple"; readonly items: Expr[] })
  | (At & { readonly kind: "list"; readonly items: Expr[] })
  | (At & { readonly kind: "dict"; readonly pairs: Array<{ key: Expr; value: Expr }> })
  | (At & {
      readonly kind: "condexpr";
      readonly test: Expr;
      readonly expr1: Expr;
      readonly expr2: Expr | null;
    })
  | (At & { readonly kind: "or" | "and"; readonly left: Expr; readonly right: Expr })
  | (At & { readonly kind: "not" | "neg" | "pos"; readonly node: Expr })
  | (At & {
      readonly kind: "compare";
      readonly expr: Expr;
      readonly ops: Array<{ op: CompareOperator; expr: Expr }>;
    })
  | (At & { readonly kind: "binop"; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr })
  | (At & { readonly kind: "concat"; readonly nodes: Expr[] })
  | (At & { readonly kind: "getattr"; readonly node: Expr; readonly attr: string })
  | (At & { readonly kind: "getitem"; readonly node: Expr; readonly arg: Expr })
  | (At & {
      readonly kind: "slice";
      readonly start: Expr | null;
      readonly stop: Expr | null;
      readonly step: Expr | null;
    })
  | (At & { readonly kind: "call"; readonly node: Expr; readonly call: CallArgs })
  | (At & {
      readonly kind: "filter";
      readonly node: Expr | null;
      readonly name: string;
      readonly call: CallArgs;
    })
  | (At & { readonly kind: "test"; readonly node: Expr; readonly name: string; readonly call: CallArgs });

export type ExprKind = Expr["kind"];

export interface MacroSignature {
  readonly args: string[];
  readonly defaults: Expr[];
}

export type Stmt =
  | (At & {
      readonly kind: "output";
      readonly nodes: Array<Expr | { readonly kind: "data"; readonly data: string }>;
    })
  | (At & {
      readonly kind: "if";
      readonly branches: Array<{ test: Expr; body: Stmt[] }>;
      readonly else_: Stmt[];
    })
  | (At & {
      readonly kind: "for";
      readonly target: Expr;
      readonly iter: Expr;
      readonly body: Stmt[];
      readonly else_: Stmt[];
      readonly test: Expr | null;
      readonly recursive: boolean;
    })
  | (At & { readonly kind: "assign"; readonly target: Expr; readonly expr: Expr })
  | (At & {
      readonly kind: "assignblock";
      readonly target: Expr;
      readonly filter: Expr | null;
      readonly body: Stmt[];
    })
  | (At & { readonly kind: "with"; readonly targets: Expr[]; readonly values: Expr[]; readonly body: Stmt[] })
  | (At & { readonly kind: "filterblock"; readonly filter: Expr; readonly body: Stmt[] })
  | (At & { readonly kind: "scope"; readonly autoescape: Expr; readonly body: Stmt[] })
  | (At & { readonly kind: "block"; readonly name: string; readonly body: Stmt[] })
  | (At & ({ readonly kind: "macro"; readonly name: string } & MacroSignature & { readonly body: Stmt[] }))
  | (At & ({ readonly kind: "callblock"; readonly call: Expr } & MacroSignature & { readonly body: Stmt[] }))
  /** extends, include, import, from: they need a template loader, which Mistral does not configure. */
  | (At & { readonly kind: "load"; readonly statement: string; readonly template: Expr });

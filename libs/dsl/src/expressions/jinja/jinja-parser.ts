// The Jinja2 3.1 parser: the same grammar, precedence and error messages as jinja2/parser.py,
// producing the nodes of jinja-nodes.ts. Filters bind tighter than arithmetic (`1 + 2 | abs` is
// `1 + (2 | abs)`), unary minus binds looser than postfix (`-3 | abs` is `(-3) | abs`), comparisons
// chain, and `{{ a, b }}` is a tuple.
import { JinjaSyntaxError } from "./jinja-errors.js";
import { describeToken, describeTokenType, tokenize, type Token, type TokenType } from "./jinja-lexer.js";
import type {
  BinaryOperator,
  CallArgs,
  CompareOperator,
  Expr,
  Keyword,
  MacroSignature,
  Stmt,
} from "./jinja-nodes.js";

/** Nesting deeper than this is refused, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 500;

const STATEMENT_KEYWORDS = new Set([
  "for",
  "if",
  "block",
  "extends",
  "print",
  "macro",
  "include",
  "from",
  "import",
  "set",
  "with",
  "autoescape",
]);
const COMPARE_OPERATORS = new Set<TokenType>(["eq", "ne", "lt", "lteq", "gt", "gteq"]);
const CONSTANT_NAMES = new Set(["true", "false", "True", "False", "none", "None"]);

function describeExpectation(expr: string): string {
  const colon = expr.indexOf(":");
  if (colon >= 0) {
    const [type, value] = [expr.slice(0, colon), expr.slice(colon + 1)];
    if (type === "name") return value;
    return describeTokenType(type as TokenType);
  }
  return describeTokenType(expr as TokenType);
}

/** Python's repr() of a short ASCII-ish message part. */
function quote(text: string): string {
  return text.includes("'") && !text.includes('"')
    ? `"${text}"`
    : `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

class TokenStream {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly fail: (message: string, token: Token) => never,
  ) {
    this.check(0);
  }

  private check(index: number): void {
    const token = this.tokens[index];
    if (token?.type === "error") this.fail(token.value as string, token);
  }

  get current(): Token {
    return this.tokens[this.index]!;
  }

  /** The current token's type (a method, so that TypeScript does not narrow it across advances). */
  type(): TokenType {
    return this.tokens[this.index]!.type;
  }

  get eos(): boolean {
    return this.current.type === "eof";
  }

  next(): Token {
    const token = this.current;
    if (token.type !== "eof") {
      this.index++;
      this.check(this.index);
    }
    return token;
  }

  look(): Token {
    if (this.current.type === "eof") return this.current;
    this.check(this.index + 1);
    return this.tokens[this.index + 1]!;
  }

  skip(n = 1): void {
    for (let i = 0; i < n; i++) this.next();
  }

  test(token: Token, expr: string): boolean {
    if (token.type === expr) return true;
    const colon = expr.indexOf(":");
    return colon >= 0 && token.type === expr.slice(0, colon) && token.value === expr.slice(colon + 1);
  }

  nextIf(expr: string): Token | undefined {
    return this.test(this.current, expr) ? this.next() : undefined;
  }

  skipIf(expr: string): boolean {
    return this.nextIf(expr) !== undefined;
  }

  expect(expr: string): Token {
    const token = this.current;
    if (!this.test(token, expr)) {
      const described = describeExpectation(expr);
      if (token.type === "eof") this.fail(`unexpected end of template, expected ${quote(described)}.`, token);
      this.fail(`expected token ${quote(described)}, got ${quote(describeToken(token))}`, token);
    }
    return this.next();
  }
}

export interface ParsedSource {
  /** The source as lexed (newlines normalized); node offsets refer to it. */
  readonly source: string;
  readonly originalOffset: (offset: number) => number;
}

class Parser {
  readonly stream: TokenStream;
  private readonly lineStarts: number[] = [0];
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];
  private depth = 0;
  readonly lexed: ParsedSource;

  constructor(text: string, state: "root" | "variable") {
    const { tokens, source, originalOffset } = tokenize(text, state);
    this.lexed = { source, originalOffset };
    for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    this.stream = new TokenStream(tokens, (message, token) => this.failAt(message, token.offset));
  }

  lineno(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  failAt(message: string, offset: number): never {
    throw new JinjaSyntaxError(message, this.lexed.originalOffset(offset), this.lineno(offset));
  }

  fail(message: string, token: Token = this.stream.current): never {
    return this.failAt(message, token.offset);
  }

  private at(token: Token): { offset: number; lineno: number } {
    return { offset: token.offset, lineno: this.lineno(token.offset) };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail("expression or template nested too deeply");
  }

  private leave(): void {
    this.depth--;
  }

  /** Each link of a chain (`a.b.c`, `x | f | g`, `1 + 2 + 3`) nests the tree one level deeper. */
  private link(): void {
    this.enter();
  }

  /** Leaves the levels a chain of `links` links entered. */
  private unlink(links: number): void {
    this.depth -= links;
  }

  private failUnknownTagOrEof(name: string | null, endTokenStack: string[][], token: Token): never {
    const expected = new Set<string>();
    for (const exprs of endTokenStack) for (const expr of exprs) expected.add(describeExpectation(expr));
    const top = endTokenStack[endTokenStack.length - 1];
    const currentlyLooking = top ? top.map((expr) => quote(describeExpectation(expr))).join(" or ") : null;
    const message = [
      name === null ? "Unexpected end of template." : `Encountered unknown tag ${quote(name)}.`,
    ];
    if (currentlyLooking) {
      if (name !== null && expected.has(name)) {
        message.push(
          `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${currentlyLooking}.`,
        );
      } else message.push(`Jinja was looking for the following tags: ${currentlyLooking}.`);
    }
    if (this.tagStack.length > 0) {
      message.push(
        `The innermost block that needs to be closed is ${quote(this.tagStack[this.tagStack.length - 1]!)}.`,
      );
    }
    return this.fail(message.join(" "), token);
  }

  private isTupleEnd(): boolean {
    // Jinja 3.1 also passes extra end rules here, but tests them as one tuple-valued rule that
    // never matches (`test_any(extra_end_rules)`), so only these three end a tuple.
    const type = this.stream.type();
    return type === "variable_end" || type === "block_end" || type === "rparen";
  }

  // ---- statements -------------------------------------------------------------------------

  parseStatement(): Stmt | Stmt[] {
    const token = this.stream.current;
    if (token.type !== "name") this.fail("tag name expected", token);
    const name = token.value as string;
    this.tagStack.push(name);
    let popTag = true;
    try {
      if (STATEMENT_KEYWORDS.has(name)) return this.parseKeywordStatement(name);
      if (name === "call") return this.parseCallBlock();
      if (name === "filter") return this.parseFilterBlock();
      this.tagStack.pop();
      popTag = false;
      return this.failUnknownTagOrEof(name, this.endTokenStack, token);
    } finally {
      if (popTag) this.tagStack.pop();
    }
  }

  private parseKeywordStatement(name: string): Stmt | Stmt[] {
    switch (name) {
      case "for":
        return this.parseFor();
      case "if":
        return this.parseIf();
      case "set":
        return this.parseSet();
      case "with":
        return this.parseWith();
      case "autoescape":
        return this.parseAutoescape();
      case "block":
        return this.parseBlock();
      case "print":
        return this.parsePrint();
      case "macro":
        return this.parseMacro();
      default:
        return this.parseLoad(name);
    }
  }

  private parseStatements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.stream.skipIf("colon");
    this.stream.expect("block_end");
    const result = this.subparse(endTokens);
    if (this.stream.type() === "eof") {
      this.failUnknownTagOrEof(null, [...this.endTokenStack, endTokens], this.stream.current);
    }
    if (dropNeedle) this.stream.next();
    return result;
  }

  private parseSet(): Stmt {
    const token = this.stream.next();
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.stream.skipIf("assign")) {
      return { kind: "assign", target, expr: this.parseTuple(), ...this.at(token) };
    }
    const filter = this.parseFilter(null);
    const body = this.parseStatements(["name:endset"], true);
    return { kind: "assignblock", target, filter, body, ...this.at(token) };
  }

  private parseFor(): Stmt {
    const token = this.stream.expect("name:for");
    const target = this.parseAssignTarget();
    this.stream.expect("name:in");
    const iter = this.parseTuple({ withCondexpr: false });
    let test: Expr | null = null;
    if (this.stream.skipIf("name:if")) test = this.parseExpression();
    const recursive = this.stream.skipIf("name:recursive");
    const body = this.parseStatements(["name:endfor", "name:else"]);
    let else_: Stmt[] = [];
    if (this.stream.next().value !== "endfor") else_ = this.parseStatements(["name:endfor"], true);
    return { kind: "for", target, iter, body, else_, test, recursive, ...this.at(token) };
  }

  private parseIf(): Stmt {
    const token = this.stream.expect("name:if");
    const branches: Array<{ test: Expr; body: Stmt[] }> = [];
    let else_: Stmt[] = [];
    while (true) {
      const test = this.parseTuple({ withCondexpr: false });
      const body = this.parseStatements(["name:elif", "name:else", "name:endif"]);
      branches.push({ test, body });
      const next = this.stream.next();
      if (this.stream.test(next, "name:elif")) continue;
      if (this.stream.test(next, "name:else")) else_ = this.parseStatements(["name:endif"], true);
      break;
    }
    return { kind: "if", branches, else_, ...this.at(token) };
  }

  private parseWith(): Stmt {
    const token = this.stream.next();
    const targets: Expr[] = [];
    const values: Expr[] = [];
    while (this.stream.type() !== "block_end") {
      if (targets.length > 0) this.stream.expect("comma");
      targets.push(this.parseAssignTarget());
      this.stream.expect("assign");
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(["name:endwith"], true);
    return { kind: "with", targets, values, body, ...this.at(token) };
  }

  private parseAutoescape(): Stmt {
    const token = this.stream.next();
    const autoescape = this.parseExpression();
    const body = this.parseStatements(["name:endautoescape"], true);
    return { kind: "scope", autoescape, body, ...this.at(token) };
  }

  private parseBlock(): Stmt {
    const token = this.stream.next();
    const name = this.stream.expect("name").value as string;
    this.stream.skipIf("name:scoped");
    const required = this.stream.skipIf("name:required");
    if (this.stream.type() === "sub") {
      this.fail(
        "Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.",
      );
    }
    const body = this.parseStatements(["name:endblock"], true);
    if (
      required &&
      !body.every(
        (stmt) =>
          stmt.kind === "output" &&
          stmt.nodes.every((node) => node.kind === "data" && node.data.trim() === "" && node.data !== ""),
      )
    ) {
      this.fail("Required blocks can only contain comments or whitespace");
    }
    this.stream.skipIf(`name:${name}`);
    return { kind: "block", name, body, ...this.at(token) };
  }

  private parsePrint(): Stmt {
    const token = this.stream.next();
    const nodes: Expr[] = [];
    while (this.stream.type() !== "block_end") {
      if (nodes.length > 0) this.stream.expect("comma");
      nodes.push(this.parseExpression());
    }
    return { kind: "output", nodes, ...this.at(token) };
  }

  private parseSignature(): MacroSignature {
    const args: string[] = [];
    const defaults: Expr[] = [];
    this.stream.expect("lparen");
    while (this.stream.type() !== "rparen") {
      if (args.length > 0) this.stream.expect("comma");
      const arg = this.parseAssignTarget({ nameOnly: true });
      if (this.stream.skipIf("assign")) defaults.push(this.parseExpression());
      else if (defaults.length > 0) this.fail("non-default argument follows default argument");
      args.push((arg as { name: string }).name);
    }
    this.stream.expect("rparen");
    return { args, defaults };
  }

  private parseMacro(): Stmt {
    const token = this.stream.next();
    const name = (this.parseAssignTarget({ nameOnly: true }) as { name: string }).name;
    const signature = this.parseSignature();
    const body = this.parseStatements(["name:endmacro"], true);
    return { kind: "macro", name, ...signature, body, ...this.at(token) };
  }

  private parseCallBlock(): Stmt {
    const token = this.stream.next();
    const signature = this.stream.type() === "lparen" ? this.parseSignature() : { args: [], defaults: [] };
    const call = this.parseExpression();
    if (call.kind !== "call") this.fail("expected call", token);
    const body = this.parseStatements(["name:endcall"], true);
    return { kind: "callblock", call, ...signature, body, ...this.at(token) };
  }

  private parseFilterBlock(): Stmt {
    const token = this.stream.next();
    const filter = this.parseFilter(null, true)!;
    const body = this.parseStatements(["name:endfilter"], true);
    return { kind: "filterblock", filter, body, ...this.at(token) };
  }

  /** `with context` / `without context` after an include or import. */
  private parseImportContext(): void {
    if (
      (this.stream.test(this.stream.current, "name:with") ||
        this.stream.test(this.stream.current, "name:without")) &&
      this.stream.test(this.stream.look(), "name:context")
    ) {
      this.stream.skip(2);
    }
  }

  /** extends, include, import and from: parsed for validation; they fail when rendered. */
  private parseLoad(statement: string): Stmt {
    const token = this.stream.next();
    const template = this.parseExpression();
    const node: Stmt = { kind: "load", statement, template, ...this.at(token) };
    if (statement === "extends") return node;
    if (statement === "include") {
      if (
        this.stream.test(this.stream.current, "name:ignore") &&
        this.stream.test(this.stream.look(), "name:missing")
      ) {
        this.stream.skip(2);
      }
      this.parseImportContext();
      return node;
    }
    if (statement === "import") {
      this.stream.expect("name:as");
      this.parseAssignTarget({ nameOnly: true });
      this.parseImportContext();
      return node;
    }
    // from ... import a, b as c [with context]
    this.stream.expect("name:import");
    const parseContext = (): boolean => {
      const value = this.stream.current.value;
      if ((value === "with" || value === "without") && this.stream.test(this.stream.look(), "name:context")) {
        this.stream.skip(2);
        return true;
      }
      return false;
    };
    let names = 0;
    while (true) {
      if (names > 0) this.stream.expect("comma");
      if (this.stream.type() === "name") {
        if (parseContext()) break;
        const target = this.parseAssignTarget({ nameOnly: true }) as { name: string; lineno: number };
        if (target.name.startsWith("_")) this.fail("names starting with an underline can not be imported");
        if (this.stream.skipIf("name:as")) this.parseAssignTarget({ nameOnly: true });
        names++;
        if (parseContext() || this.stream.type() !== "comma") break;
      } else this.stream.expect("name");
    }
    return node;
  }

  private parseAssignTarget(
    options: { withTuple?: boolean; nameOnly?: boolean; withNamespace?: boolean } = {},
  ): Expr {
    const { withTuple = true, nameOnly = false, withNamespace = false } = options;
    let target: Expr;
    if (withNamespace && this.stream.look().type === "dot") {
      const token = this.stream.expect("name");
      this.stream.next();
      const attr = this.stream.expect("name");
      target = { kind: "nsref", name: token.value as string, attr: attr.value as string, ...this.at(token) };
    } else if (nameOnly) {
      const token = this.stream.expect("name");
      target = { kind: "name", name: token.value as string, ...this.at(token) };
    } else {
      target = withTuple ? this.parseTuple({ simplified: true }) : this.parsePrimary();
    }
    if (!canAssign(target)) this.failAt(`can't assign to ${quote(nodeTypeName(target))}`, target.offset);
    return target;
  }

  // ---- expressions ------------------------------------------------------------------------

  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    this.enter();
    const start = this.stream.current;
    let expr1 = this.parseOr();
    while (this.stream.skipIf("name:if")) {
      const expr2 = this.parseOr();
      const expr3 = this.stream.skipIf("name:else") ? this.parseCondexpr() : null;
      expr1 = { kind: "condexpr", test: expr2, expr1, expr2: expr3, ...this.at(start) };
    }
    this.leave();
    return expr1;
  }

  private parseOr(): Expr {
    const start = this.stream.current;
    let left = this.parseAnd();
    while (this.stream.skipIf("name:or")) {
      left = { kind: "or", left, right: this.parseAnd(), ...this.at(start) };
    }
    return left;
  }

  private parseAnd(): Expr {
    const start = this.stream.current;
    let left = this.parseNot();
    while (this.stream.skipIf("name:and")) {
      left = { kind: "and", left, right: this.parseNot(), ...this.at(start) };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.stream.test(this.stream.current, "name:not")) {
      const token = this.stream.next();
      this.enter();
      const node = this.parseNot();
      this.leave();
      return { kind: "not", node, ...this.at(token) };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const start = this.stream.current;
    const expr = this.parseMath1();
    const ops: Array<{ op: CompareOperator; expr: Expr }> = [];
    while (true) {
      const type = this.stream.type();
      if (COMPARE_OPERATORS.has(type)) {
        this.stream.next();
        ops.push({ op: type as CompareOperator, expr: this.parseMath1() });
      } else if (this.stream.skipIf("name:in")) {
        ops.push({ op: "in", expr: this.parseMath1() });
      } else if (
        this.stream.test(this.stream.current, "name:not") &&
        this.stream.test(this.stream.look(), "name:in")
      ) {
        this.stream.skip(2);
        ops.push({ op: "notin", expr: this.parseMath1() });
      } else break;
    }
    if (ops.length === 0) return expr;
    return { kind: "compare", expr, ops, ...this.at(start) };
  }

  private parseBinary(types: readonly TokenType[], operand: () => Expr): Expr {
    const start = this.stream.current;
    let left = operand();
    let links = 0;
    while (types.includes(this.stream.type())) {
      const op = this.stream.next().type as BinaryOperator;
      links++;
      this.link();
      left = { kind: "binop", op, left, right: operand(), ...this.at(start) };
    }
    this.unlink(links);
    return left;
  }

  private parseMath1(): Expr {
    return this.parseBinary(["add", "sub"], () => this.parseConcat());
  }

  private parseConcat(): Expr {
    const start = this.stream.current;
    const nodes = [this.parseMath2()];
    while (this.stream.type() === "tilde") {
      this.stream.next();
      nodes.push(this.parseMath2());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: "concat", nodes, ...this.at(start) };
  }

  private parseMath2(): Expr {
    return this.parseBinary(["mul", "div", "floordiv", "mod"], () => this.parsePow());
  }

  private parsePow(): Expr {
    return this.parseBinary(["pow"], () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    const token = this.stream.current;
    this.enter();
    let node: Expr;
    if (token.type === "sub" || token.type === "add") {
      this.stream.next();
      node = { kind: token.type === "sub" ? "neg" : "pos", node: this.parseUnary(false), ...this.at(token) };
    } else node = this.parsePrimary();
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    this.leave();
    return node;
  }

  private parsePrimary(): Expr {
    const token = this.stream.current;
    const at = this.at(token);
    switch (token.type) {
      case "name": {
        this.stream.next();
        const name = token.value as string;
        if (CONSTANT_NAMES.has(name)) {
          const value =
            name === "true" || name === "True" ? true : name === "false" || name === "False" ? false : null;
          return { kind: "const", value, ...at };
        }
        return { kind: "name", name, ...at };
      }
      case "string": {
        this.stream.next();
        let value = token.value as string;
        while (this.stream.type() === "string") value += this.stream.next().value as string;
        return { kind: "const", value, ...at };
      }
      case "integer":
      case "float":
        this.stream.next();
        return { kind: "const", value: token.value, ...at };
      case "lparen": {
        this.stream.next();
        const node = this.parseTuple({ explicitParentheses: true });
        this.stream.expect("rparen");
        return node;
      }
      case "lbracket":
        return this.parseList();
      case "lbrace":
        return this.parseDict();
      default:
        return this.fail(`unexpected ${quote(describeToken(token))}`, token);
    }
  }

  parseTuple(
    options: { simplified?: boolean; withCondexpr?: boolean; explicitParentheses?: boolean } = {},
  ): Expr {
    const { simplified = false, withCondexpr = true, explicitParentheses = false } = options;
    const start = this.stream.current;
    const parse = simplified
      ? () => this.parsePrimary()
      : withCondexpr
        ? () => this.parseExpression()
        : () => this.parseExpression(false);
    const items: Expr[] = [];
    let isTuple = false;
    this.enter();
    while (true) {
      if (items.length > 0) this.stream.expect("comma");
      if (this.isTupleEnd()) break;
      items.push(parse());
      if (this.stream.type() === "comma") isTuple = true;
      else break;
    }
    this.leave();
    if (!isTuple) {
      if (items.length > 0) return items[0]!;
      if (!explicitParentheses) {
        this.fail(`Expected an expression, got ${quote(describeToken(this.stream.current))}`);
      }
    }
    return { kind: "tuple", items, ...this.at(start) };
  }

  private parseList(): Expr {
    const token = this.stream.expect("lbracket");
    const items: Expr[] = [];
    this.enter();
    while (this.stream.type() !== "rbracket") {
      if (items.length > 0) this.stream.expect("comma");
      if (this.stream.type() === "rbracket") break;
      items.push(this.parseExpression());
    }
    this.leave();
    this.stream.expect("rbracket");
    return { kind: "list", items, ...this.at(token) };
  }

  private parseDict(): Expr {
    const token = this.stream.expect("lbrace");
    const pairs: Array<{ key: Expr; value: Expr }> = [];
    this.enter();
    while (this.stream.type() !== "rbrace") {
      if (pairs.length > 0) this.stream.expect("comma");
      if (this.stream.type() === "rbrace") break;
      const key = this.parseExpression();
      this.stream.expect("colon");
      pairs.push({ key, value: this.parseExpression() });
    }
    this.leave();
    this.stream.expect("rbrace");
    return { kind: "dict", pairs, ...this.at(token) };
  }

  private parsePostfix(node: Expr): Expr {
    for (let links = 1; ; links++) {
      const type = this.stream.type();
      this.link();
      if (type === "dot" || type === "lbracket") node = this.parseSubscript(node);
      else if (type === "lparen") node = this.parseCall(node);
      else {
        this.unlink(links);
        return node;
      }
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (let links = 1; ; links++) {
      const token = this.stream.current;
      this.link();
      if (token.type === "pipe") node = this.parseFilter(node)!;
      else if (token.type === "name" && token.value === "is") node = this.parseTest(node);
      else if (token.type === "lparen") node = this.parseCall(node);
      else {
        this.unlink(links);
        return node;
      }
    }
  }

  private parseSubscript(node: Expr): Expr {
    const token = this.stream.next();
    if (token.type === "dot") {
      const attr = this.stream.current;
      this.stream.next();
      if (attr.type === "name")
        return { kind: "getattr", node, attr: attr.value as string, ...this.at(token) };
      if (attr.type !== "integer") this.fail("expected name or number", attr);
      return {
        kind: "getitem",
        node,
        arg: { kind: "const", value: attr.value, ...this.at(attr) },
        ...this.at(token),
      };
    }
    // lbracket
    const args: Expr[] = [];
    this.enter();
    while (this.stream.type() !== "rbracket") {
      if (args.length > 0) this.stream.expect("comma");
      args.push(this.parseSubscribed());
    }
    this.leave();
    this.stream.expect("rbracket");
    const arg: Expr = args.length === 1 ? args[0]! : { kind: "tuple", items: args, ...this.at(token) };
    return { kind: "getitem", node, arg, ...this.at(token) };
  }

  private parseSubscribed(): Expr {
    const start = this.stream.current;
    const parts: Array<Expr | null> = [];
    if (this.stream.type() === "colon") {
      this.stream.next();
      parts.push(null);
    } else {
      const node = this.parseExpression();
      if (this.stream.type() !== "colon") return node;
      this.stream.next();
      parts.push(node);
    }
    const type = this.stream.type();
    if (type === "colon") parts.push(null);
    else if (type !== "rbracket" && type !== "comma") parts.push(this.parseExpression());
    else parts.push(null);
    if (this.stream.type() === "colon") {
      this.stream.next();
      const next = this.stream.type();
      parts.push(next !== "rbracket" && next !== "comma" ? this.parseExpression() : null);
    } else parts.push(null);
    return { kind: "slice", start: parts[0]!, stop: parts[1]!, step: parts[2]!, ...this.at(start) };
  }

  private parseCallArgs(): CallArgs {
    const token = this.stream.expect("lparen");
    const args: Expr[] = [];
    const kwargs: Keyword[] = [];
    let dynArgs: Expr | null = null;
    let dynKwargs: Expr | null = null;
    let requireComma = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail("invalid syntax for function call expression", token);
    };
    this.enter();
    while (this.stream.type() !== "rparen") {
      if (requireComma) {
        this.stream.expect("comma");
        if (this.stream.type() === "rparen") break;
      }
      const type = this.stream.type();
      if (type === "mul") {
        ensure(dynArgs === null && dynKwargs === null);
        this.stream.next();
        dynArgs = this.parseExpression();
      } else if (type === "pow") {
        ensure(dynKwargs === null);
        this.stream.next();
        dynKwargs = this.parseExpression();
      } else if (type === "name" && this.stream.look().type === "assign") {
        ensure(dynKwargs === null);
        const key = this.stream.current.value as string;
        this.stream.skip(2);
        kwargs.push({ key, value: this.parseExpression() });
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.leave();
    this.stream.expect("rparen");
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private parseCall(node: Expr): Expr {
    const token = this.stream.current;
    return { kind: "call", node, call: this.parseCallArgs(), ...this.at(token) };
  }

  private dottedName(): string {
    let name = this.stream.expect("name").value as string;
    while (this.stream.type() === "dot") {
      this.stream.next();
      name += `.${this.stream.expect("name").value as string}`;
    }
    return name;
  }

  private static readonly NO_ARGS: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };

  parseFilter(node: Expr | null, startInline = false): Expr | null {
    let links = 0;
    while (this.stream.type() === "pipe" || startInline) {
      links++;
      this.link();
      if (!startInline) this.stream.next();
      const token = this.stream.current;
      const name = this.dottedName();
      const call = this.stream.type() === "lparen" ? this.parseCallArgs() : Parser.NO_ARGS;
      node = { kind: "filter", node, name, call, ...this.at(token) };
      startInline = false;
    }
    this.unlink(links);
    return node;
  }

  private parseTest(node: Expr): Expr {
    const token = this.stream.next();
    const negated = this.stream.skipIf("name:not");
    const name = this.dottedName();
    let call = Parser.NO_ARGS;
    const current = this.stream.current;
    if (current.type === "lparen") call = this.parseCallArgs();
    else if (
      ["name", "string", "integer", "float", "lparen", "lbracket", "lbrace"].includes(current.type) &&
      !["name:else", "name:or", "name:and"].some((rule) => this.stream.test(current, rule))
    ) {
      if (this.stream.test(current, "name:is")) this.fail("You cannot chain multiple tests with is");
      this.enter();
      const arg = this.parsePostfix(this.parsePrimary());
      this.leave();
      call = { args: [arg], kwargs: [], dynArgs: null, dynKwargs: null };
    }
    const test: Expr = { kind: "test", node, name, call, ...this.at(token) };
    return negated ? { kind: "not", node: test, ...this.at(token) } : test;
  }

  // ---- templates --------------------------------------------------------------------------

  subparse(endTokens?: string[]): Stmt[] {
    const body: Stmt[] = [];
    let buffer: Array<Expr | { kind: "data"; data: string }> = [];
    let bufferStart: Token | undefined;
    if (endTokens) this.endTokenStack.push(endTokens);
    this.enter();
    const flush = () => {
      if (buffer.length > 0) {
        body.push({ kind: "output", nodes: buffer, ...this.at(bufferStart!) });
        buffer = [];
      }
    };
    try {
      while (!this.stream.eos) {
        const token = this.stream.current;
        if (token.type === "data") {
          if (buffer.length === 0) bufferStart = token;
          buffer.push({ kind: "data", data: token.value as string });
          this.stream.next();
        } else if (token.type === "variable_begin") {
          this.stream.next();
          if (buffer.length === 0) bufferStart = token;
          buffer.push(this.parseTuple({ withCondexpr: true }));
          this.stream.expect("variable_end");
        } else if (token.type === "block_begin") {
          flush();
          this.stream.next();
          if (endTokens && endTokens.some((rule) => this.stream.test(this.stream.current, rule))) return body;
          const result = this.parseStatement();
          if (Array.isArray(result)) body.push(...result);
          else body.push(result);
          this.stream.expect("block_end");
        } else {
          this.fail("internal parsing error");
        }
      }
      flush();
    } finally {
      if (endTokens) this.endTokenStack.pop();
      this.leave();
    }
    return body;
  }
}

function canAssign(node: Expr): boolean {
  switch (node.kind) {
    case "name":
      return !CONSTANT_NAMES.has(node.name);
    case "nsref":
      return true;
    case "tuple":
      return node.items.every(canAssign);
    default:
      return false;
  }
}

/** jinja2's node class name, lowercased, for "can't assign to 'const'". */
function nodeTypeName(node: Expr): string {
  return node.kind === "binop" ? node.op : node.kind;
}

/** A parsed template: its statements and the lexed source they refer to. */
export interface ParsedTemplate extends ParsedSource {
  readonly body: Stmt[];
}

/** A parsed bare expression (compile_expression's grammar: one expression, nothing after it). */
export interface ParsedExpression extends ParsedSource {
  readonly expr: Expr;
}

/** Parses a template as Environment.parse does. Raises JinjaSyntaxError. */
export function parseTemplate(text: string): ParsedTemplate {
  const parser = new Parser(text, "root");
  return { body: parser.subparse(), ...parser.lexed };
}

/** Parses a bare expression as Environment.compile_expression does. Raises JinjaSyntaxError. */
export function parseExpression(text: string): ParsedExpression {
  const parser = new Parser(text, "variable");
  const expr = parser.parseExpression();
  if (!parser.stream.eos) parser.fail("chunk after expression");
  return { expr, ...parser.lexed };
}

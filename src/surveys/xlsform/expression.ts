/**
 * The subset of XLSForm (XPath) expressions Glas runs: `${name}`, `.`, comparisons
 * (= != < <= > >=), and, or, not(), parentheses, numbers, quoted strings,
 * selected(), count-selected() and string-length(). Anything else is refused, never dropped.
 */

export type Operand =
  | { type: "ref"; name: string }
  | { type: "self" }
  | { type: "number"; value: number }
  | { type: "string"; value: string }
  | { type: "count"; of: FieldRef }
  | { type: "length"; of: FieldRef };

export type FieldRef = Extract<Operand, { type: "ref" | "self" }>;

export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type Expr =
  | { type: "or"; terms: Expr[] }
  | { type: "and"; terms: Expr[] }
  | { type: "not"; arg: Expr }
  | { type: "paren"; inner: Expr }
  | { type: "compare"; op: CompareOp; left: Operand; right: Operand }
  | { type: "selected"; field: FieldRef; value: string };

/** An expression outside the subset, or malformed; the message says what and where. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
}

type Token =
  | { kind: "ref"; name: string; at: number }
  | { kind: "self"; at: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "op"; op: CompareOp; at: number }
  | { kind: "word"; word: string; at: number }
  | { kind: "(" | ")" | ","; at: number };

const OPS: CompareOp[] = ["!=", "<=", ">=", "=", "<", ">"];

/** Where a value may start, "-3" is a negative number; any other minus is arithmetic. */
function startsOperand(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === "op" || previous.kind === "(" || previous.kind === ",") return true;
  return previous.kind === "word" && (previous.word === "and" || previous.word === "or");
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const ref = /^\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}/.exec(rest);
    if (ref) {
      tokens.push({ kind: "ref", name: ref[1] as string, at: i });
      i += ref[0].length;
      continue;
    }
    const number = /^-?\s*(\d+(\.\d+)?|\.\d+)/.exec(rest);
    if (number && (c !== "-" || startsOperand(tokens.at(-1)))) {
      tokens.push({ kind: "number", value: Number(number[0].replace(/\s/g, "")), at: i });
      i += number[0].length;
      continue;
    }
    if (c === "." && rest[1] !== ".") {
      tokens.push({ kind: "self", at: i });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`a quote opened at character ${i + 1} is never closed`);
      tokens.push({ kind: "string", value: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: "op", op, at: i });
      i += op.length;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c, at: i });
      i++;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_:-]*/.exec(rest);
    if (word) {
      tokens.push({ kind: "word", word: word[0], at: i });
      i += word[0].length;
      continue;
    }
    throw new ExpressionError(`"${c}" (character ${i + 1}) is not supported`);
  }
  return tokens;
}

/**
 * Parses an expression of the subset.
 * @example parseExpression("selected(${topics}, 'food') and ${age} >= 18")
 */
export function parseExpression(text: string): Expr {
  if (text.trim() === "") throw new ExpressionError("the expression is empty");
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const t = peek();
    throw new ExpressionError(t ? `${what} at character ${t.at + 1}` : `${what} at the end`);
  };
  const expect = (kind: "(" | ")" | ",") => {
    if (peek()?.kind !== kind) fail(`expected "${kind}"`);
    pos++;
  };
  const isWord = (word: string) => {
    const t = peek();
    return t?.kind === "word" && t.word === word;
  };

  const or = (): Expr => {
    const terms = [and()];
    while (isWord("or")) {
      pos++;
      terms.push(and());
    }
    return terms.length === 1 ? (terms[0] as Expr) : { type: "or", terms };
  };
  const and = (): Expr => {
    const terms = [comparison()];
    while (isWord("and")) {
      pos++;
      terms.push(comparison());
    }
    return terms.length === 1 ? (terms[0] as Expr) : { type: "and", terms };
  };
  const comparison = (): Expr => {
    const t = peek();
    if (t?.kind === "(") {
      pos++;
      const inner = or();
      expect(")");
      return { type: "paren", inner };
    }
    if (t?.kind === "word" && t.word === "not") {
      pos++;
      expect("(");
      const arg = or();
      expect(")");
      return { type: "not", arg };
    }
    if (t?.kind === "word" && t.word === "selected") {
      pos++;
      expect("(");
      const field = fieldRef();
      expect(",");
      const v = peek();
      if (v?.kind !== "string" && v?.kind !== "number") fail("selected() takes a choice name in quotes");
      pos++;
      expect(")");
      return { type: "selected", field, value: String((v as { value: string | number }).value) };
    }
    const left = operand();
    const o = peek();
    if (o?.kind !== "op") return fail("expected a comparison (= != < <= > >=)");
    pos++;
    const right = operand();
    if (peek()?.kind === "op") fail("a comparison cannot be compared again");
    return { type: "compare", op: (o as { op: CompareOp }).op, left, right };
  };
  const fieldRef = (): FieldRef => {
    const t = peek();
    if (t?.kind === "ref") {
      pos++;
      return { type: "ref", name: t.name };
    }
    if (t?.kind === "self") {
      pos++;
      return { type: "self" };
    }
    return fail("expected a question reference or .");
  };
  const operand = (): Operand => {
    const t = peek();
    if (!t) return fail("expected a value");
    if (t.kind === "number" || t.kind === "string") {
      pos++;
      return t.kind === "number" ? { type: "number", value: t.value } : { type: "string", value: t.value };
    }
    if (t.kind === "word" && (t.word === "count-selected" || t.word === "string-length")) {
      pos++;
      expect("(");
      const of = fieldRef();
      expect(")");
      return t.word === "count-selected" ? { type: "count", of } : { type: "length", of };
    }
    if (t.kind === "word") {
      const call = peek() && tokens[pos + 1]?.kind === "(";
      throw new ExpressionError(`${call ? `the function ${t.word}()` : `"${t.word}"`} is not supported`);
    }
    return fieldRef();
  };

  const expr = or();
  if (pos < tokens.length) fail("unexpected text");
  return expr;
}

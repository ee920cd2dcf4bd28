import type { Condition, QuestionType } from "../../engine/definition.ts";
import { type CompareOp, type Expr, ExpressionError, type FieldRef, type Operand, parseExpression } from "./expression.ts";

type Test = Extract<Condition, { question: string }>;

/** What the compiler needs to know of each question an expression may name. */
export type QuestionInfo = { type: QuestionType; choices?: string[] };

export type CompileScope = {
  /** Questions an expression may refer to (earlier ones, and for a constraint the question itself). */
  questions: ReadonlyMap<string, QuestionInfo>;
  /** The question a constraint belongs to: `.` stands for its answer. Absent in `relevant`. */
  self?: string;
};

const NUMERIC: ReadonlySet<QuestionType> = new Set(["number", "rating", "nps"]);
const CHOICES_OF_YES_NO = ["yes", "no"];

/**
 * Compiles an XLSForm expression of the subset into an engine condition.
 * @example compileExpression("${age} >= 18", { questions: new Map([["age", { type: "number" }]]) })
 */
export function compileExpression(text: string, scope: CompileScope): Condition {
  return compile(parseExpression(text), scope);
}

function compile(expr: Expr, scope: CompileScope): Condition {
  switch (expr.type) {
    case "paren":
      return compile(expr.inner, scope);
    case "not": {
      const inner = compile(expr.arg, scope);
      // not(selected(${multi}, 'x')) is "x is not ticked": the form a multiple choice's notIn is written in.
      if (isTest(inner) && keysOf(inner).join() === "equals" && inner.measure === undefined) {
        if (infoOf(scope, inner.question).type === "select_multiple")
          return { question: inner.question, notIn: [inner.equals as string] };
      }
      return { not: inner };
    }
    case "and":
      return mergeAll(expr.terms.map((t) => compile(t, scope)));
    case "or":
      return mergeAny(expr.terms.map((t) => compile(t, scope)));
    case "selected": {
      const question = nameOf(expr.field, scope);
      const info = infoOf(scope, question);
      const choices = choicesOf(info);
      if (!choices) throw new ExpressionError(`selected() needs a choice question; \${${question}} is ${info.type}`);
      checkChoice(question, choices, expr.value);
      return { question, equals: expr.value };
    }
    case "compare":
      return comparison(expr.op, expr.left, expr.right, scope);
    default: {
      const never: never = expr;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

const FLIPPED: Record<CompareOp, CompareOp> = { "=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function comparison(op: CompareOp, left: Operand, right: Operand, scope: CompileScope): Condition {
  const isValue = (o: Operand) => o.type === "number" || o.type === "string";
  if (isValue(left) && !isValue(right)) return comparison(FLIPPED[op], right, left, scope);
  if (isValue(left) || !isValue(right)) {
    throw new ExpressionError("each comparison needs a question on one side and a number or quoted text on the other");
  }
  const value = (right as { value: string | number }).value;
  const field = left as Exclude<Operand, { type: "number" | "string" }>;
  const measure = field.type === "count" ? "count" : field.type === "length" ? "length" : undefined;
  const question = nameOf(field.type === "count" || field.type === "length" ? field.of : field, scope);
  const info = infoOf(scope, question);
  const base: Test = measure ? { question, measure } : { question };
  if (value === "" && !measure && (op === "=" || op === "!=")) return { ...base, answered: op === "!=" };
  if (measure) {
    if (typeof value !== "number")
      throw new ExpressionError(`${measure === "count" ? "count-selected" : "string-length"}() is compared with a number`);
  } else if (info.type === "select_multiple") {
    throw new ExpressionError(
      `\${${question}} takes several choices: use selected(\${${question}}, 'choice') or count-selected()`,
    );
  }
  if (op === "=" || op === "!=") {
    const choices = measure ? undefined : choicesOf(info);
    if (choices) checkChoice(question, choices, String(value));
    return op === "=" ? { ...base, equals: value } : { ...base, notIn: [value] };
  }
  if (typeof value !== "number") throw new ExpressionError(`"${op}" compares with a number, not with quoted text`);
  if (!measure && !NUMERIC.has(info.type))
    throw new ExpressionError(`\${${question}} is not a number (${info.type}); "${op}" needs one`);
  const key = ({ "<": "below", "<=": "max", ">": "above", ">=": "min" } as const)[op];
  return { ...base, [key]: value };
}

function nameOf(field: FieldRef, scope: CompileScope): string {
  if (field.type === "self") {
    if (scope.self === undefined) throw new ExpressionError('"." (this question\'s answer) is only meaningful in a constraint');
    return scope.self;
  }
  if (field.name === scope.self) return scope.self;
  if (!scope.questions.has(field.name)) throw new ExpressionError(`\${${field.name}} is not an earlier question`);
  return field.name;
}

function infoOf(scope: CompileScope, question: string): QuestionInfo {
  const info = scope.questions.get(question);
  if (!info) throw new ExpressionError(`\${${question}} is not an earlier question`);
  return info;
}

function choicesOf(info: QuestionInfo): string[] | undefined {
  if (info.type === "yes_no") return CHOICES_OF_YES_NO;
  return info.type === "select_one" || info.type === "select_multiple" ? (info.choices ?? []) : undefined;
}

function checkChoice(question: string, choices: string[], value: string): void {
  if (!choices.includes(value))
    throw new ExpressionError(`'${value}' is not a choice of \${${question}} (${choices.join(", ")})`);
}

export function isTest(c: Condition): c is Test {
  return "question" in c;
}

const OPERATOR_KEYS = ["answered", "equals", "in", "notIn", "min", "max", "below", "above"] as const;
export type OperatorKey = (typeof OPERATOR_KEYS)[number];

/** A test's operators, in the order they are written out. */
export function keysOf(test: Test): OperatorKey[] {
  return OPERATOR_KEYS.filter((k) => test[k] !== undefined);
}

/**
 * `a and b and c`: tests of one question (and one measure) with different operators become one
 * test, as a survey file writes them (`min` and `max` together); `!=` tests add up into notIn.
 */
export function mergeAll(cs: Condition[]): Condition {
  const tests = cs.filter(isTest);
  const first = tests[0];
  if (first && tests.length === cs.length && tests.every((t) => t.question === first.question && t.measure === first.measure)) {
    const merged: Test = first.measure ? { question: first.question, measure: first.measure } : { question: first.question };
    let ok = true;
    for (const t of tests) {
      for (const k of keysOf(t)) {
        if (k === "notIn") merged.notIn = [...(merged.notIn ?? []), ...(t.notIn ?? [])];
        else if (merged[k] !== undefined) ok = false;
        else Object.assign(merged, { [k]: t[k] });
      }
    }
    if (ok) return merged;
  }
  return { all: cs };
}

/** `${q} = 'a' or ${q} = 'b'`: one of these, written `in`. */
function mergeAny(cs: Condition[]): Condition {
  const tests = cs.filter(isTest);
  const first = tests[0];
  const plainEquals = (t: Test) => t.measure === undefined && keysOf(t).join() === "equals";
  if (first && tests.length === cs.length && tests.every((t) => t.question === first.question && plainEquals(t))) {
    return { question: first.question, in: tests.map((t) => t.equals as string | number) };
  }
  return { any: cs };
}

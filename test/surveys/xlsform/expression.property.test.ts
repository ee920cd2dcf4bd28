import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holds } from "../../../src/engine/condition.ts";
import type { AnswerValue } from "../../../src/engine/state.ts";
import { compileExpression, type QuestionInfo } from "../../../src/surveys/xlsform/compile.ts";
import { printCondition } from "../../../src/surveys/xlsform/print.ts";

/**
 * Random expressions of the subset, written as text, evaluated twice: by the compiled engine
 * condition, and by a reference evaluator with XPath 1.0's rules (an unanswered question is
 * the empty string; a number compared with a non-number is NaN, so only != holds).
 */
const QUESTIONS = new Map<string, QuestionInfo>([
  ["s", { type: "select_one", choices: ["a", "b", "c"] }],
  ["m", { type: "select_multiple", choices: ["a", "b", "c"] }],
  ["y", { type: "yes_no" }],
  ["n", { type: "number" }],
  ["r", { type: "rating" }],
  ["t", { type: "text" }],
]);

type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";
type Field = { kind: "ref"; name: string } | { kind: "count"; name: string } | { kind: "length"; name: string };
type Node =
  | { kind: "cmp"; field: Field; op: Op; value: string | number; flipped: boolean }
  | { kind: "selected"; name: string; value: string }
  | { kind: "not"; arg: Node }
  | { kind: "and" | "or"; terms: Node[] }
  | { kind: "paren"; inner: Node };

const OPS: Op[] = ["=", "!=", "<", "<=", ">", ">="];
const FLIP: Record<Op, Op> = { "=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const choice = fc.constantFrom("a", "b", "c");

const atom: fc.Arbitrary<Node> = fc.oneof(
  fc.record({
    kind: fc.constant("cmp" as const),
    field: fc.constantFrom<Field>({ kind: "ref", name: "n" }, { kind: "ref", name: "r" }),
    op: fc.constantFrom(...OPS),
    value: fc.integer({ min: -3, max: 12 }),
    flipped: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("cmp" as const),
    field: fc.constantFrom<Field>({ kind: "ref", name: "s" }),
    op: fc.constantFrom<Op>("=", "!="),
    value: fc.oneof(choice, fc.constant("")),
    flipped: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("cmp" as const),
    field: fc.constantFrom<Field>({ kind: "ref", name: "y" }),
    op: fc.constantFrom<Op>("=", "!="),
    value: fc.constantFrom("yes", "no", ""),
    flipped: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("cmp" as const),
    field: fc.constantFrom<Field>({ kind: "ref", name: "m" }, { kind: "ref", name: "t" }, { kind: "ref", name: "n" }),
    op: fc.constantFrom<Op>("=", "!="),
    value: fc.constant(""),
    flipped: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("cmp" as const),
    field: fc.constantFrom<Field>({ kind: "count", name: "m" }, { kind: "count", name: "s" }, { kind: "length", name: "t" }),
    op: fc.constantFrom(...OPS),
    value: fc.integer({ min: 0, max: 5 }),
    flipped: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("selected" as const), name: fc.constantFrom("s", "m"), value: choice }),
  fc.record({ kind: fc.constant("selected" as const), name: fc.constant("y"), value: fc.constantFrom("yes", "no") }),
);

const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.record({ kind: fc.constant("not" as const), arg: tie("node") }),
    fc.record({
      kind: fc.constantFrom("and" as const, "or" as const),
      terms: fc.array(tie("node"), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant("paren" as const), inner: tie("node") }),
  ),
}));

function fieldText(f: Field): string {
  if (f.kind === "ref") return `\${${f.name}}`;
  return f.kind === "count" ? `count-selected(\${${f.name}})` : `string-length(\${${f.name}})`;
}
const lit = (v: string | number) => (typeof v === "number" ? String(v) : `'${v}'`);

/** Text with the parentheses needed for the tree's own grouping (and binds tighter than or). */
function write(n: Node, inside: "top" | "and" | "or" = "top"): string {
  switch (n.kind) {
    case "cmp":
      return n.flipped ? `${lit(n.value)} ${FLIP[n.op]} ${fieldText(n.field)}` : `${fieldText(n.field)} ${n.op} ${lit(n.value)}`;
    case "selected":
      return `selected(\${${n.name}}, '${n.value}')`;
    case "not":
      return `not(${write(n.arg)})`;
    case "paren":
      return `(${write(n.inner)})`;
    case "and": {
      const text = n.terms.map((t) => write(t, "and")).join(" and ");
      return inside === "top" || inside === "or" ? text : `(${text})`;
    }
    case "or": {
      const text = n.terms.map((t) => write(t, "or")).join(" or ");
      return inside === "top" ? text : `(${text})`;
    }
  }
}

// ----- the reference evaluator: XPath 1.0 on the values an ODK form would hold -----
type Answers = Record<string, AnswerValue>;
const asString = (v: AnswerValue | undefined): string =>
  v === undefined || v === null ? "" : Array.isArray(v) ? v.join(" ") : String(v);
const asNumber = (s: string): number => (s.trim() === "" ? Number.NaN : Number(s));

function fieldValue(f: Field, answers: Answers): string | number {
  const s = asString(answers[f.name]);
  if (f.kind === "ref") return s;
  if (f.kind === "count") return s === "" ? 0 : s.split(" ").length;
  return s.length;
}

function compare(op: Op, a: number, b: number): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b; // NaN != 5 holds in XPath
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

function evaluate(n: Node, answers: Answers): boolean {
  switch (n.kind) {
    case "cmp": {
      const v = fieldValue(n.field, answers);
      if (typeof n.value === "string" && (n.op === "=" || n.op === "!=")) {
        return n.op === "=" ? String(v) === n.value : String(v) !== n.value;
      }
      return compare(n.op, typeof v === "number" ? v : asNumber(v), Number(n.value));
    }
    case "selected":
      return asString(answers[n.name]).split(" ").includes(n.value);
    case "not":
      return !evaluate(n.arg, answers);
    case "paren":
      return evaluate(n.inner, answers);
    case "and":
      return n.terms.every((t) => evaluate(t, answers));
    case "or":
      return n.terms.some((t) => evaluate(t, answers));
  }
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(null), fc.constant(undefined));
const answersArb: fc.Arbitrary<Answers> = fc
  .record({
    s: maybe(choice),
    m: maybe(fc.subarray(["a", "b", "c"])),
    y: maybe(fc.constantFrom("yes", "no")),
    n: maybe(fc.integer({ min: -4, max: 13 })),
    r: maybe(fc.integer({ min: 1, max: 5 })),
    t: maybe(fc.string({ unit: fc.constantFrom("a", "b", "z", " "), minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== "")),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Answers);

describe("the expression compiler against a reference evaluator", () => {
  it("compiled conditions hold exactly when the expression is true", () => {
    fc.assert(
      fc.property(node, answersArb, (tree, answers) => {
        const text = write(tree);
        const condition = compileExpression(text, { questions: QUESTIONS });
        expect(holds(condition, answers), `${text} with ${JSON.stringify(answers)}`).toBe(evaluate(tree, answers));
      }),
      { numRuns: 3000 },
    );
  });

  it("a compiled condition, written back out, compiles to the same condition", () => {
    fc.assert(
      fc.property(node, (tree) => {
        const condition = compileExpression(write(tree), { questions: QUESTIONS });
        const printed = printCondition(condition, { questions: QUESTIONS });
        expect(compileExpression(printed, { questions: QUESTIONS }), printed).toEqual(condition);
      }),
      { numRuns: 2000 },
    );
  });
});

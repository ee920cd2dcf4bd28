import type { Condition } from "../../engine/definition.ts";
import { keysOf, type QuestionInfo } from "./compile.ts";

type Test = Extract<Condition, { question: string }>;

export type PrintScope = { questions: ReadonlyMap<string, QuestionInfo>; self?: string };

/** Printed text, and whether it is a chain of `and`/`or` that needs parentheses inside another. */
export type Printed = { text: string; chain: boolean };

/**
 * Writes an engine condition as an XLSForm expression that compiles back to the same condition.
 * @example printCondition({ question: "age", min: 18 }, scope) // "${age} >= 18"
 */
export function printCondition(condition: Condition, scope: PrintScope): string {
  return print(condition, scope).text;
}

export function printParts(condition: Condition, scope: PrintScope): Printed {
  return print(condition, scope);
}

function print(c: Condition, scope: PrintScope): Printed {
  if ("all" in c) return join(c.all, " and ", scope);
  if ("any" in c) return join(c.any, " or ", scope);
  if ("not" in c) return { text: `not(${print(c.not, scope).text})`, chain: false };
  return printTest(c, scope);
}

function join(cs: Condition[], by: string, scope: PrintScope): Printed {
  const parts = cs.map((c) => print(c, scope)).map((p) => (p.chain ? `(${p.text})` : p.text));
  return { text: parts.join(by), chain: parts.length > 1 };
}

export function literal(value: string | number): string {
  if (typeof value === "number") return String(value);
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

function printTest(t: Test, scope: PrintScope): Printed {
  const ref = t.question === scope.self ? "." : `\${${t.question}}`;
  const field = t.measure === "count" ? `count-selected(${ref})` : t.measure === "length" ? `string-length(${ref})` : ref;
  const multiple = t.measure === undefined && scope.questions.get(t.question)?.type === "select_multiple";
  const is = (v: string | number) => (multiple ? `selected(${ref}, ${literal(v)})` : `${field} = ${literal(v)}`);
  const isNot = (v: string | number) => (multiple ? `not(selected(${ref}, ${literal(v)}))` : `${field} != ${literal(v)}`);
  const parts: Printed[] = keysOf(t).map((k) => {
    switch (k) {
      case "answered":
        return { text: `${field} ${t.answered ? "!=" : "="} ''`, chain: false };
      case "equals":
        return { text: is(t.equals as string | number), chain: false };
      case "in":
        return { text: (t.in ?? []).map(is).join(" or "), chain: (t.in ?? []).length > 1 };
      case "notIn":
        return { text: (t.notIn ?? []).map(isNot).join(" and "), chain: (t.notIn ?? []).length > 1 };
      case "min":
        return { text: `${field} >= ${t.min}`, chain: false };
      case "max":
        return { text: `${field} <= ${t.max}`, chain: false };
      case "below":
        return { text: `${field} < ${t.below}`, chain: false };
      case "above":
        return { text: `${field} > ${t.above}`, chain: false };
      default: {
        const never: never = k;
        throw new Error(`unhandled operator ${String(never)}`);
      }
    }
  });
  // A test with no operator holds when answered: the nearest the expression language has.
  if (parts.length === 0) return { text: `${field} != ''`, chain: false };
  if (parts.length === 1) return parts[0] as Printed;
  const text = parts.map((p) => (p.chain && p.text.includes(" or ") ? `(${p.text})` : p.text)).join(" and ");
  return { text, chain: true };
}

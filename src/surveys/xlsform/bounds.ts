import type { Condition } from "../../engine/definition.ts";
import { isTest, keysOf, mergeAll } from "./compile.ts";

type Test = Extract<Condition, { question: string }>;

/** The bounds a question type keeps natively, pulled out of its compiled constraint. */
export type Bounds = { min?: number; max?: number; maxLength?: number; maxChoices?: number };

/**
 * Splits a compiled constraint into the type's own bounds (`. >= 0 and . <= 120` on a number,
 * `string-length(.) <= 500` on a text, `count-selected(.) <= 3` on a multiple choice) and
 * what is left, which the engine checks as the question's constraint.
 */
export function splitBounds(
  type: "number" | "text" | "select_multiple",
  integer: boolean,
  self: string,
  constraint: Condition,
): { bounds: Bounds; rest: Condition | undefined } {
  const measure = type === "number" ? undefined : type === "text" ? "length" : "count";
  const terms = "all" in constraint ? constraint.all : [constraint];
  const bounds: Bounds = {};
  const remaining: Condition[] = [];
  let lower: number | undefined;
  let upper: number | undefined;
  for (const term of terms) {
    if (!isTest(term) || term.question !== self || term.measure !== measure) {
      remaining.push(term);
      continue;
    }
    const left: Test = { ...term };
    const whole = type === "number" ? integer : true;
    if (type === "number" && lower === undefined) {
      if (left.min !== undefined) [lower, left.min] = [left.min, undefined];
      else if (left.above !== undefined && whole && Number.isInteger(left.above))
        [lower, left.above] = [left.above + 1, undefined];
    }
    if (upper === undefined) {
      if (left.max !== undefined) [upper, left.max] = [left.max, undefined];
      else if (left.below !== undefined && whole && Number.isInteger(left.below))
        [upper, left.below] = [left.below - 1, undefined];
    }
    if (keysOf(left).length > 0) remaining.push(withoutUndefined(left));
  }
  if (type === "number") {
    if (lower !== undefined) bounds.min = lower;
    if (upper !== undefined) bounds.max = upper;
  } else if (upper !== undefined) {
    bounds[type === "text" ? "maxLength" : "maxChoices"] = upper;
  }
  const rest = remaining.length === 0 ? undefined : remaining.length === 1 ? remaining[0] : mergeAll(remaining);
  return { bounds, rest };
}

function withoutUndefined(t: Test): Test {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Test;
}

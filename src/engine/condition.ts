import type { Condition, Question } from "./definition.ts";
import type { AnswerValue } from "./state.ts";

type Test = Extract<Condition, { question: string }>;

/** Whether a condition holds for the answers given so far (XLSForm's `relevant` and `constraint`). */
export function holds(condition: Condition, answers: Record<string, AnswerValue>): boolean {
  if ("all" in condition) return condition.all.every((c) => holds(c, answers));
  if ("any" in condition) return condition.any.some((c) => holds(c, answers));
  if ("not" in condition) return !holds(condition.not, answers);
  const value = answers[condition.question];
  if (condition.measure !== undefined) return testMeasure(condition, measured(condition.measure, value));
  const given = value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  if (condition.answered !== undefined && condition.answered !== given) return false;
  // Unanswered (or skipped): only "not one of these" and "not answered" can hold, as
  // XLSForm's not(selected(...)) and ${q} != 'x' do.
  if (!given) {
    const asksForValue = [condition.equals, condition.in, condition.min, condition.max, condition.below, condition.above].some(
      (x) => x !== undefined,
    );
    return !asksForValue && (condition.notIn !== undefined || condition.answered === false);
  }
  const values = Array.isArray(value) ? value : [value];
  const matches = (x: string | number) => values.some((v) => String(v) === String(x));
  if (condition.equals !== undefined && !matches(condition.equals)) return false;
  if (condition.in && !condition.in.some(matches)) return false;
  if (condition.notIn?.some(matches)) return false;
  const n = typeof value === "number" ? value : Number.NaN;
  return inRange(condition, n);
}

/** `count-selected` of a skipped question is 0, as is `string-length` of an empty text. */
function measured(measure: "count" | "length", value: AnswerValue | undefined): number {
  if (value === undefined || value === null) return 0;
  if (measure === "count") return Array.isArray(value) ? value.length : 1;
  return [...(Array.isArray(value) ? value.join(" ") : String(value))].length;
}

function testMeasure(condition: Test, n: number): boolean {
  if (condition.answered !== undefined && condition.answered !== n > 0) return false;
  if (condition.equals !== undefined && n !== Number(condition.equals)) return false;
  if (condition.in && !condition.in.some((x) => Number(x) === n)) return false;
  if (condition.notIn?.some((x) => Number(x) === n)) return false;
  return inRange(condition, n);
}

/** NaN (no number to compare) passes no bound. */
function inRange(condition: Test, n: number): boolean {
  if (condition.min !== undefined && !(n >= condition.min)) return false;
  if (condition.max !== undefined && !(n <= condition.max)) return false;
  if (condition.below !== undefined && !(n < condition.below)) return false;
  if (condition.above !== undefined && !(n > condition.above)) return false;
  return true;
}

export function isShown(question: Question, answers: Record<string, AnswerValue>): boolean {
  return question.showIf === undefined || holds(question.showIf, answers);
}

/** Whether an answer passes the question's `constraint` (its own name stands for the answer). */
export function fits(question: Question, answers: Record<string, AnswerValue>, value: AnswerValue): boolean {
  return question.constraint === undefined || holds(question.constraint, { ...answers, [question.name]: value });
}

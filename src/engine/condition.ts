import type { Condition, Question } from "./definition.ts";
import type { AnswerValue } from "./state.ts";

/** Whether a `showIf` condition holds for the answers given so far (XLSForm's `relevant`). */
export function holds(condition: Condition, answers: Record<string, AnswerValue>): boolean {
  if ("all" in condition) return condition.all.every((c) => holds(c, answers));
  if ("any" in condition) return condition.any.some((c) => holds(c, answers));
  const value = answers[condition.question];
  const given = value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
  if (condition.answered !== undefined && condition.answered !== given) return false;
  // Unanswered (or skipped): only "not one of these" and "not answered" can hold, as
  // XLSForm's not(selected(...)) does.
  if (!given) {
    const asksForValue = [condition.equals, condition.in, condition.min, condition.max].some((x) => x !== undefined);
    return !asksForValue && (condition.notIn !== undefined || condition.answered === false);
  }
  const values = Array.isArray(value) ? value : [value];
  const matches = (x: string | number) => values.some((v) => String(v) === String(x));
  if (condition.equals !== undefined && !matches(condition.equals)) return false;
  if (condition.in && !condition.in.some(matches)) return false;
  if (condition.notIn?.some(matches)) return false;
  if (condition.min !== undefined && !(typeof value === "number" && value >= condition.min)) return false;
  if (condition.max !== undefined && !(typeof value === "number" && value <= condition.max)) return false;
  return true;
}

export function isShown(question: Question, answers: Record<string, AnswerValue>): boolean {
  return question.showIf === undefined || holds(question.showIf, answers);
}

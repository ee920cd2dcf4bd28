import type { Question } from "../definition.ts";
import { i18n, literal } from "../intents.ts";
import { answer, type QuestionKind, reask, STALE } from "./kind.ts";

type NumberQuestion = Extract<Question, { type: "number" }>;

/**
 * Accepts "12", "12,5", "12.5" and "1 200" (spaces only between groups of three digits, as
 * numbers are written in ro, ru and uk); nothing else counts as a number ("1 2" does not).
 */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?:[.,]\d+)?$/.test(trimmed)) return null;
  return Number(trimmed.replace(/[ \u00a0\u202f]/g, "").replace(",", "."));
}

export const numberQuestion: QuestionKind<NumberQuestion> = {
  input: "number",
  instructions: ({ question }) => [i18n("survey.instructions.number", { min: question.min, max: question.max })],
  buttons: () => [],
  press: () => STALE,
  text: ({ question }, text) => {
    const value = parseNumber(text);
    if (value === null) return reask("not_a_number", { min: question.min, max: question.max });
    if (question.integer && !Number.isInteger(value)) return reask("not_integer");
    if (value < question.min) return reask("below_min", { min: question.min });
    if (value > question.max) return reask("above_max", { max: question.max });
    return answer(value);
  },
  summary: (_ctx, value) => [literal(String(value))],
};

import type { Question } from "../definition.ts";
import { i18n, literal } from "../intents.ts";
import { answer, type QuestionKind, reask, STALE } from "./kind.ts";

type NumberQuestion = Extract<Question, { type: "number" }>;

/** Accepts "12", "12,5" and "12.5"; nothing else counts as a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/\s/g, "");
  if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(trimmed)) return null;
  return Number(trimmed.replace(",", "."));
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

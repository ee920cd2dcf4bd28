import type { Question } from "../definition.ts";
import { i18n } from "../intents.ts";
import { answer, type QuestionKind, reask, STALE } from "./kind.ts";

type TextQuestion = Extract<Question, { type: "text" }>;

export const textQuestion: QuestionKind<TextQuestion> = {
  input: "text",
  instructions: ({ question }) => [i18n("survey.instructions.text", { count: question.maxLength })],
  buttons: () => [],
  press: () => STALE,
  text: ({ question }, text) => {
    const value = text.trim();
    if (value.length === 0) return reask("empty");
    const length = [...value].length;
    if (length > question.maxLength) return reask("too_long", { count: question.maxLength, length });
    return answer(value);
  },
  summary: () => [i18n("survey.answer.textReceived")],
};

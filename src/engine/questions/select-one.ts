import type { Question } from "../definition.ts";
import { literal } from "../intents.ts";
import { answer, CHOICE_INDEX, fold, type QuestionKind, reask, STALE } from "./kind.ts";

type SelectOne = Extract<Question, { type: "select_one" }>;

export const selectOne: QuestionKind<SelectOne> = {
  input: "buttons",
  instructions: () => [],
  buttons: ({ question, prefix, locale }) =>
    question.choices.map((c, i) => [{ id: `${prefix}${i}`, label: literal(c.label[locale]) }]),
  press: ({ question }, suffix) => {
    const choice = CHOICE_INDEX.test(suffix) ? question.choices[Number(suffix)] : undefined;
    return choice ? answer(choice.name) : STALE;
  },
  text: ({ question, locale }, text) => {
    const choice = question.choices.find((c) => fold(c.label[locale]) === fold(text));
    return choice ? answer(choice.name) : reask("expected_button");
  },
  summary: ({ question, locale }, value) => {
    const choice = question.choices.find((c) => c.name === value);
    return [literal(choice ? choice.label[locale] : String(value))];
  },
};

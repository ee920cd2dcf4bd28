import type { Question } from "../definition.ts";
import { i18n } from "../intents.ts";
import { answer, type QuestionKind, reask, STALE } from "./kind.ts";

type YesNo = Extract<Question, { type: "yes_no" }>;

export const YES = "yes";
export const NO = "no";

export const yesNo: QuestionKind<YesNo> = {
  input: "buttons",
  instructions: () => [],
  buttons: ({ prefix }) => [
    [
      { id: `${prefix}y`, label: i18n("survey.button.yes") },
      { id: `${prefix}n`, label: i18n("survey.button.no") },
    ],
  ],
  press: (_ctx, suffix) => (suffix === "y" ? answer(YES) : suffix === "n" ? answer(NO) : STALE),
  // Typed yes/no words differ per language and dialect; the buttons are the reliable way.
  text: () => reask("expected_button"),
  summary: (_ctx, value) => [i18n(value === YES ? "survey.button.yes" : "survey.button.no")],
};

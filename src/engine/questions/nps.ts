import type { Question } from "../definition.ts";
import { i18n, literal } from "../intents.ts";
import { answer, type QuestionKind, reask, STALE, typedInteger } from "./kind.ts";

type Nps = Extract<Question, { type: "nps" }>;

export const NPS_MAX = 10;

/** 0–10 in two rows (0–5, 6–10) so each button stays wide enough to tap. */
export const nps: QuestionKind<Nps> = {
  input: "buttons",
  instructions: () => [i18n("survey.instructions.nps")],
  buttons: ({ prefix }) => {
    const all = Array.from({ length: NPS_MAX + 1 }, (_, n) => ({ id: `${prefix}${n}`, label: literal(String(n)) }));
    return [all.slice(0, 6), all.slice(6)];
  },
  press: (_ctx, suffix) => (/^(?:\d|10)$/.test(suffix) ? answer(Number(suffix)) : STALE),
  text: (_ctx, text) => {
    const n = typedInteger(text);
    return n !== null && n <= NPS_MAX ? answer(n) : reask("expected_button");
  },
  summary: (_ctx, value) => [literal(String(value))],
};

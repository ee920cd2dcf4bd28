import { type Question, RATING_POINTS } from "../definition.ts";
import { type Button, i18n, literal, type Phrase } from "../intents.ts";
import type { Locale } from "../locale.ts";
import { answer, fold, type QuestionKind, reask, STALE, typedInteger } from "./kind.ts";

type Rating = Extract<Question, { type: "rating" }>;

const FACES = ["😞", "🙁", "😐", "🙂", "😄"] as const;
const POINTS = Array.from({ length: RATING_POINTS }, (_, i) => i + 1);

function label(question: Rating, locale: Locale, point: number): Phrase {
  const custom = question.scale?.[point - 1]?.[locale];
  if (custom) return literal(custom);
  return i18n(`survey.rating.${point}`);
}

function button(question: Rating, prefix: string, locale: Locale, point: number): Button {
  const id = `${prefix}${point}`;
  if (question.style === "faces") return { id, label: literal(FACES[point - 1] ?? String(point)) };
  if (question.style === "stars") return { id, label: literal("⭐".repeat(point)) };
  return { id, label: label(question, locale, point) };
}

/**
 * Worded ratings go one per row (long labels, big targets); faces and stars fit one row.
 * Always 1 to 5 in order, so that button N means N wherever buttons are numbered.
 */
export const rating: QuestionKind<Rating> = {
  input: "buttons",
  instructions: ({ question }) => (question.style === "words" ? [] : [i18n("survey.instructions.scale")]),
  buttons: ({ question, prefix, locale }) => {
    const buttons = POINTS.map((p) => button(question, prefix, locale, p));
    return question.style === "words" ? buttons.map((b) => [b]) : [buttons];
  },
  press: (_ctx, suffix) => {
    const point = /^[1-5]$/.test(suffix) ? Number(suffix) : null;
    return point === null ? STALE : answer(point);
  },
  text: ({ question, locale }, text) => {
    const point = typedInteger(text);
    if (point !== null) return point >= 1 && point <= RATING_POINTS ? answer(point) : reask("expected_button");
    const typed = fold(text);
    const custom = POINTS.find((p) => fold(question.scale?.[p - 1]?.[locale] ?? "") === typed);
    const face = POINTS.find((p) => FACES[p - 1] === text.trim() || "⭐".repeat(p) === text.trim());
    const match = custom ?? (question.style === "words" ? undefined : face);
    return match ? answer(match) : reask("expected_button");
  },
  summary: ({ question, prefix, locale }, value) => {
    const point = Number(value);
    return question.style === "words" ? [label(question, locale, point)] : [button(question, prefix, locale, point).label];
  },
};

import type { Question } from "../definition.ts";
import type { AskInput, Button, Phrase, ReaskReason } from "../intents.ts";
import type { Locale } from "../locale.ts";
import type { AnswerValue } from "../state.ts";

/** How a reply to a question was understood. */
export type Reply =
  | { type: "answer"; value: Exclude<AnswerValue, null> }
  /** Nothing chosen where that is allowed: recorded as skipped. */
  | { type: "skip" }
  | { type: "toggle"; draft: string[] }
  | { type: "reask"; reason: ReaskReason; params?: Record<string, string | number> }
  | { type: "stale" };

export type KindContext<Q extends Question> = {
  question: Q;
  /** Prefix of every button id of this question (`q3:`). */
  prefix: string;
  locale: Locale;
  draft: string[] | null;
};

/** One question type: its buttons, and how a tap or typed text answers it. */
export type QuestionKind<Q extends Question> = {
  input: AskInput;
  /** Extra interface text under the question (how to answer). */
  instructions(ctx: KindContext<Q>): Phrase[];
  buttons(ctx: KindContext<Q>): Button[][];
  /** `suffix` is the part of the button id after the prefix, checked exactly. */
  press(ctx: KindContext<Q>, suffix: string): Reply;
  text(ctx: KindContext<Q>, text: string): Reply;
  /** The answer in words, shown in place of the buttons once answered. */
  summary(ctx: KindContext<Q>, value: Exclude<AnswerValue, null>): Phrase[];
};

export const answer = (value: Exclude<AnswerValue, null>): Reply => ({ type: "answer", value });
export const reask = (reason: ReaskReason, params?: Record<string, string | number>): Reply =>
  params ? { type: "reask", reason, params } : { type: "reask", reason };
export const STALE: Reply = { type: "stale" };
export const SKIPPED: Reply = { type: "skip" };
/** A choice index as the buttons write it: no leading zeros. */
export const CHOICE_INDEX = /^(0|[1-9]\d?)$/;

/**
 * Folds case, spaces and diacritics so a typed label matches its button: cheap phones often
 * have no ă, ș or ї on the keyboard ("Acasa" is "Acasă"; ş with a cedilla is ș).
 */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").trim().replace(/\s+/g, " ").toLocaleLowerCase();
}

/** A whole number typed on its own ("4", " 10 "), or null. */
export function typedInteger(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : null;
}

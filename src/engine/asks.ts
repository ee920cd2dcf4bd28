import { isShown } from "./condition.ts";
import type { Question, SurveyVersion } from "./definition.ts";
import { type Ask, type Intent, i18n, literal, type Phrase, type ReaskReason } from "./intents.ts";
import { LOCALES, type Locale } from "./locale.ts";
import { kindOf } from "./questions/index.ts";
import type { KindContext } from "./questions/kind.ts";
import type { SessionState } from "./state.ts";

/**
 * What the engine says and asks: the language and consent questions, a survey question with
 * its buttons, a question asked again with the reason, and the notes and group labels passed
 * on the way from one question to the next. Pure, like the step that uses them.
 */

const OUT_OF_BOUNDS: ReadonlySet<ReaskReason> = new Set([
  "below_min",
  "above_max",
  "not_integer",
  "too_long",
  "too_many_choices",
]);
const EMPTY: ReadonlySet<ReaskReason> = new Set(["empty", "choose_one_or_more"]);

/** The survey's own words for a refused answer, where it has them. */
export function ownMessage(question: Question, reason: ReaskReason) {
  if (OUT_OF_BOUNDS.has(reason)) return question.constraintMessage;
  if (EMPTY.has(reason)) return question.requiredMessage;
  return undefined;
}

/**
 * What is said on the way from one question to the next: the notes of every question passed
 * (shown or not, as XLSForm notes are), and the label of a group being entered.
 */
export function passing(survey: SurveyVersion, state: SessionState, from: number | null, to: number | null): Intent[] {
  const locale = state.locale ?? "en";
  const questions = survey.definition.questions;
  const end = to ?? questions.length - 1;
  const parts: Phrase[] = [];
  const target = to === null ? undefined : questions[to];
  const left = from === null ? undefined : questions[from];
  if (target?.group !== undefined && target.group !== left?.group) {
    const label = survey.definition.groups?.find((g) => g.name === target.group)?.label;
    if (label) parts.push(literal(label[locale]));
  }
  for (let i = (from ?? -1) + 1; i <= end; i++) {
    for (const note of questions[i]?.before ?? []) parts.push(literal(note[locale]));
  }
  return parts.length > 0 ? [{ type: "say", parts }] : [];
}

export function context(state: SessionState, question: Question, index: number): KindContext<Question> {
  return { question, prefix: `q${index}:`, locale: state.locale ?? "en", draft: state.draft };
}

export function languageAsk(): Ask {
  return {
    type: "ask",
    ref: "language",
    parts: LOCALES.map((lng) => ({ type: "i18n", key: "language.choose", lng }) as const),
    buttons: LOCALES.map((lng) => [{ id: `lang:${lng}`, label: { type: "i18n", key: "language.self", lng } as const }]),
    input: "buttons",
  };
}

function consentAsk(survey: SurveyVersion, locale: Locale): Ask {
  const d = survey.definition;
  return {
    type: "ask",
    ref: "consent",
    parts: [literal(d.title[locale]), literal(d.intro[locale])],
    buttons: [
      [{ id: "consent:yes", label: i18n("survey.button.agree") }],
      [{ id: "consent:no", label: i18n("survey.button.decline") }],
      [{ id: "language", label: i18n("survey.button.language") }],
    ],
    input: "buttons",
  };
}

function questionAsk(survey: SurveyVersion, state: SessionState, index: number): Ask {
  const question = survey.definition.questions[index];
  if (!question) throw new Error(`question ${index} is not in ${survey.definition.slug} v${survey.version}`);
  const locale = state.locale ?? "en";
  const kind = kindOf(question);
  const ctx = context(state, question, index);
  const total = survey.definition.questions.filter((q) => isShown(q, state.answers)).length;
  const nav = [
    ...(state.trail.length > 0 ? [{ id: `q${index}:back`, label: i18n("survey.button.back") }] : []),
    ...(question.required ? [] : [{ id: `q${index}:skip`, label: i18n("survey.button.skip") }]),
  ];
  return {
    type: "ask",
    ref: question.name,
    parts: [
      i18n("survey.progress", { current: state.trail.length + 1, total: Math.max(total, state.trail.length + 1) }),
      literal(question.label[locale]),
      ...(question.hint ? [literal(question.hint[locale])] : []),
      ...kind.instructions(ctx),
    ],
    buttons: [...kind.buttons(ctx), ...(nav.length > 0 ? [nav] : [])],
    input: kind.input,
  };
}

function currentAsk(survey: SurveyVersion, state: SessionState): Ask | null {
  if (state.phase === "language" || !state.locale) return languageAsk();
  if (state.phase === "consent") return consentAsk(survey, state.locale);
  if (state.phase === "question" && state.current !== null) return questionAsk(survey, state, state.current);
  return null;
}

export function askCurrent(survey: SurveyVersion, state: SessionState): Intent[] {
  const ask = currentAsk(survey, state);
  return ask ? [ask] : [];
}

export function reaskCurrent(
  survey: SurveyVersion,
  state: SessionState,
  reason: ReaskReason,
  params?: Record<string, string | number>,
): Intent[] {
  const ask = currentAsk(survey, state);
  if (!ask) return [];
  return [params ? { type: "reask", reason, params, ask } : { type: "reask", reason, ask }];
}

import { askCurrent, context, languageAsk, ownMessage, passing, reaskCurrent } from "./asks.ts";
import { fits, isShown } from "./condition.ts";
import type { Question, SurveyVersion } from "./definition.ts";
import type { EngineEvent } from "./events.ts";
import { type Intent, i18n, literal, type Phrase } from "./intents.ts";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "./locale.ts";
import { kindOf } from "./questions/index.ts";
import { fold } from "./questions/kind.ts";
import { type AnswerValue, isExpired, isFinished, SEEN_EVENTS_KEPT, type SessionState } from "./state.ts";

export type StepResult = {
  state: SessionState;
  intents: Intent[];
  /**
   * Nothing to save and nothing to send: the event was seen before, or it is an edit that no
   * open survey takes.
   */
  duplicate: boolean;
};

/**
 * Advances one person's survey by one event. Pure: no I/O, no clock (time is `event.at`).
 * A null state means the person has no session for this survey yet.
 * @example
 * const { state, intents } = step(survey, null, { id: "1", at, type: "start", suggestedLocale: "uk" });
 */
export function step(survey: SurveyVersion, state: SessionState | null, event: EngineEvent): StepResult {
  if (state?.seen.includes(event.id)) return { state, intents: [], duplicate: true };
  if (event.type === "edit") {
    // Once the survey is over (or gone stale) an edit changes nothing: the answers are final.
    if (!state || isFinished(state) || isExpired(state, event.at)) {
      return { state: state ?? initialState(survey, event, null, null), intents: [], duplicate: true };
    }
    const edited = edit(survey, state, event.ref, event.text);
    return edited ? finish(edited.state, event, edited.intents) : { state, intents: [], duplicate: true };
  }
  if (state && isExpired(state, event.at)) {
    const expired: Intent = { type: "say", parts: [i18n("survey.expired")] };
    // Start over as a new start would, remembering only the language.
    const start = event.type === "start" ? event : { ...event, type: "start" as const };
    const suggestedLocale = isLocale(start.suggestedLocale) ? start.suggestedLocale : state.locale;
    const fresh = initialState(survey, event, suggestedLocale, start.service ?? (event.type === "start" ? null : state.service));
    return finish(fresh, event, [expired, ...askCurrent(survey, fresh)]);
  }
  const next = handle(survey, state, event);
  return finish(next.state, event, next.intents);
}

/**
 * A session's current question asked again ("Let's continue where you left off"), the state
 * unchanged: for someone whose survey something else interrupted (in Viber, a broadcast's
 * keyboard replaces the question's). Empty for a finished or expired session.
 */
export function resumeIntents(survey: SurveyVersion, state: SessionState, at: string): Intent[] {
  if (isFinished(state) || isExpired(state, at)) return [];
  const ask = askCurrent(survey, state);
  return ask.length > 0 ? [{ type: "say", parts: [i18n("survey.resumed")] }, ...ask] : [];
}

function finish(state: SessionState, event: EngineEvent, intents: Intent[]): StepResult {
  const seen = [...state.seen, event.id].slice(-SEEN_EVENTS_KEPT);
  // A late delivery of an older event must not make the session look older than it is.
  const updatedAt = Date.parse(event.at) > Date.parse(state.updatedAt) ? event.at : state.updatedAt;
  return { state: { ...state, seen, updatedAt }, intents, duplicate: false };
}

type Next = { state: SessionState; intents: Intent[] };

function handle(survey: SurveyVersion, state: SessionState | null, event: EngineEvent): Next {
  if (event.type === "start") {
    if (state && !isFinished(state)) {
      return { state, intents: [{ type: "say", parts: [i18n("survey.resumed")] }, ...askCurrent(survey, state)] };
    }
    const locale = isLocale(event.suggestedLocale) ? event.suggestedLocale : (state?.locale ?? null);
    const fresh = initialState(survey, event, locale, event.service ?? null);
    return { state: fresh, intents: askCurrent(survey, fresh) };
  }
  if (!state) {
    if (event.type === "press") return { state: initialState(survey, event, null, null), intents: [{ type: "stale" }] };
    const fresh = initialState(survey, event, null, null);
    return { state: fresh, intents: askCurrent(survey, fresh) };
  }
  if (isFinished(state)) {
    if (event.type === "press") return { state, intents: [{ type: "stale" }] };
    return { state, intents: [{ type: "say", parts: [i18n("survey.finished")] }] };
  }
  switch (event.type) {
    case "language":
      return { state, intents: [languageAsk()] };
    case "unsupported":
      return { state, intents: reaskCurrent(survey, state, "unsupported") };
    case "forwarded":
      return { state, intents: reaskCurrent(survey, state, "forwarded") };
    case "press":
      return press(survey, state, event.data);
    case "text":
      return event.ref ? remember(survey, state, text(survey, state, event.text), event.ref) : text(survey, state, event.text);
    case "edit":
      return { state, intents: [] };
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${JSON.stringify(never)}`);
    }
  }
}

export function initialState(
  survey: SurveyVersion,
  event: EngineEvent,
  locale: Locale | null,
  service: string | null,
): SessionState {
  return {
    v: 1,
    survey: { slug: survey.definition.slug, version: survey.version },
    phase: locale ? "consent" : "language",
    locale,
    service,
    current: null,
    trail: [],
    answers: {},
    draft: null,
    seen: [],
    startedAt: event.at,
    updatedAt: event.at,
  };
}

/** Button ids are checked exactly: `q3:2`, never `q03:2` or `q3:2x`. */
const QUESTION_BUTTON = /^q(0|[1-9]\d?):([a-z0-9]{1,8})$/;

function press(survey: SurveyVersion, state: SessionState, data: string): Next {
  const lang = /^lang:([a-z]{2})$/.exec(data)?.[1];
  if (lang !== undefined && isLocale(lang)) return chooseLanguage(survey, state, lang);
  if (data === "language") return { state, intents: [languageAsk()] };
  if (state.phase === "consent" && (data === "consent:yes" || data === "consent:no")) {
    return data === "consent:yes" ? begin(survey, state) : decline(state);
  }
  const match = QUESTION_BUTTON.exec(data);
  if (!match || state.phase !== "question" || Number(match[1]) !== state.current) return { state, intents: [{ type: "stale" }] };
  const index = state.current;
  const question = survey.definition.questions[index];
  if (!question) return { state, intents: [{ type: "stale" }] };
  const suffix = match[2] ?? "";
  if (suffix === "back") return back(survey, state);
  if (suffix === "skip") {
    return question.required ? { state, intents: [{ type: "stale" }] } : advance(survey, state, question, null);
  }
  return reply(survey, state, question, kindOf(question).press(context(state, question, index), suffix));
}

function text(survey: SurveyVersion, state: SessionState, typed: string): Next {
  if (state.phase === "language") {
    const wanted = LOCALES.find((l) => fold(typed) === l || fold(typed) === fold(LOCALE_NAMES[l])) ?? null;
    return wanted ? chooseLanguage(survey, state, wanted) : { state, intents: reaskCurrent(survey, state, "expected_button") };
  }
  const index = state.current;
  const question = index === null ? undefined : survey.definition.questions[index];
  if (state.phase !== "question" || index === null || !question) {
    return { state, intents: reaskCurrent(survey, state, "expected_button") };
  }
  return reply(survey, state, question, kindOf(question).text(context(state, question, index), typed));
}

/** At most this many typed answers are remembered by message id (a survey has few text questions). */
export const TYPED_KEPT = 16;

/** A typed answer the engine took is remembered by its message, so an edit of that message can replace it. */
function remember(survey: SurveyVersion, before: SessionState, next: Next, ref: string): Next {
  const asked = before.phase === "question" && before.current !== null ? survey.definition.questions[before.current] : undefined;
  const taken = asked !== undefined && next.intents.some((i) => i.type === "answered" && i.ref === asked.name);
  if (!asked || !taken) return next;
  const entries = Object.entries({ ...(next.state.typed ?? {}), [ref]: asked.name }).slice(-TYPED_KEPT);
  return { state: { ...next.state, typed: Object.fromEntries(entries) }, intents: next.intents };
}

/**
 * An edit of a message that answered a question: the edited text replaces the answer if it
 * fits the question, and nothing else moves (the person stays at the question they are on).
 * Null when the message answered nothing that is still part of the survey.
 */
function edit(survey: SurveyVersion, state: SessionState, ref: string, typed: string): Next | null {
  const name = state.typed?.[ref];
  const index = survey.definition.questions.findIndex((q) => q.name === name);
  const question = survey.definition.questions[index];
  if (!question || !(question.name in state.answers)) return null;
  const r = kindOf(question).text({ ...context(state, question, index), draft: null }, typed);
  if (r.type === "reask") {
    return { state, intents: [{ type: "say", parts: [i18n(`survey.reask.${r.reason}`, r.params), i18n("survey.edit.kept")] }] };
  }
  if (r.type !== "answer") return null;
  const answers = shownAnswers(survey, { ...state.answers, [question.name]: r.value });
  return { state: { ...state, answers }, intents: [{ type: "say", parts: [i18n("survey.edit.saved")] }] };
}

function reply(
  survey: SurveyVersion,
  state: SessionState,
  question: Question,
  r: ReturnType<ReturnType<typeof kindOf>["text"]>,
): Next {
  switch (r.type) {
    case "answer":
      if (!fits(question, state.answers, r.value)) {
        const message = question.constraintMessage?.[state.locale ?? "en"];
        return {
          state,
          intents: reaskCurrent(survey, state, message ? "custom" : "constraint", message ? { message } : undefined),
        };
      }
      return advance(survey, state, question, r.value);
    case "skip":
      return advance(survey, state, question, null);
    case "toggle": {
      const next = { ...state, draft: r.draft };
      return { state: next, intents: askCurrent(survey, next) };
    }
    case "reask": {
      const message = ownMessage(question, r.reason)?.[state.locale ?? "en"];
      if (message) return { state, intents: reaskCurrent(survey, state, "custom", { message }) };
      return { state, intents: reaskCurrent(survey, state, r.reason, r.params) };
    }
    case "stale":
      return { state, intents: [{ type: "stale" }] };
    default: {
      const never: never = r;
      throw new Error(`unhandled reply ${JSON.stringify(never)}`);
    }
  }
}

function chooseLanguage(survey: SurveyVersion, state: SessionState, locale: Locale): Next {
  const next: SessionState = { ...state, locale, phase: state.phase === "language" ? "consent" : state.phase };
  const chosen: Intent = { type: "answered", ref: "language", parts: [{ type: "i18n", key: "language.self", lng: locale }] };
  const note: Intent[] = state.phase === "language" ? [] : [{ type: "say", parts: [i18n("language.changed")] }];
  return { state: next, intents: [chosen, ...note, ...askCurrent(survey, next)] };
}

function begin(survey: SurveyVersion, state: SessionState): Next {
  const first = nextShown(survey, state.answers, -1);
  const started: SessionState = { ...state, phase: "question", current: first, trail: [], draft: null };
  const agreed: Intent = { type: "answered", ref: "consent", parts: [i18n("survey.button.agree")] };
  const said = passing(survey, started, null, first);
  if (first === null) {
    const done = complete(survey, started);
    return { state: done.state, intents: [agreed, ...said, ...done.intents] };
  }
  return { state: started, intents: [agreed, ...said, ...askCurrent(survey, started)] };
}

function decline(state: SessionState): Next {
  return {
    state: { ...state, phase: "declined", current: null },
    intents: [
      { type: "say", parts: [i18n("survey.declined")] },
      { type: "end", outcome: "declined" },
    ],
  };
}

function advance(survey: SurveyVersion, state: SessionState, question: Question, value: AnswerValue): Next {
  const index = state.current ?? 0;
  // Answers to questions that this answer hides are dropped at once, so they decide nothing.
  const answers = shownAnswers(survey, { ...state.answers, [question.name]: value });
  const summary: Phrase[] =
    value === null ? [i18n("survey.answer.skipped")] : kindOf(question).summary(context(state, question, index), value);
  const answered: Intent = { type: "answered", ref: question.name, parts: summary };
  const nextIndex = nextShown(survey, answers, index);
  const moved: SessionState = { ...state, answers, trail: [...state.trail, index], current: nextIndex, draft: null };
  const said = passing(survey, moved, index, nextIndex);
  if (nextIndex === null) {
    const done = complete(survey, moved);
    return { state: done.state, intents: [answered, ...said, ...done.intents] };
  }
  return { state: moved, intents: [answered, ...said, ...askCurrent(survey, moved)] };
}

function back(survey: SurveyVersion, state: SessionState): Next {
  const previous = state.trail[state.trail.length - 1];
  if (previous === undefined) return { state, intents: [{ type: "stale" }] };
  const next: SessionState = { ...state, current: previous, trail: state.trail.slice(0, -1), draft: null };
  return { state: next, intents: askCurrent(survey, next) };
}

/** The answers to questions that are shown, given the answers before them (XLSForm's `relevant`). */
function shownAnswers(survey: SurveyVersion, given: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const q of survey.definition.questions) {
    if (q.name in given && isShown(q, answers)) answers[q.name] = given[q.name] ?? null;
  }
  return answers;
}

function complete(survey: SurveyVersion, state: SessionState): Next {
  const locale = state.locale ?? "en";
  return {
    state: { ...state, answers: shownAnswers(survey, state.answers), phase: "completed", current: null, draft: null },
    intents: [
      { type: "say", parts: [literal(survey.definition.thanks[locale])] },
      { type: "end", outcome: "completed" },
    ],
  };
}

function nextShown(survey: SurveyVersion, answers: Record<string, AnswerValue>, after: number): number | null {
  const questions = survey.definition.questions;
  for (let i = after + 1; i < questions.length; i++) {
    const q = questions[i];
    if (q && isShown(q, answers)) return i;
  }
  return null;
}

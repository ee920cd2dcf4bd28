import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { parse } from "yaml";
import { type Question, type SurveyVersion, validateSurvey } from "../../src/engine/definition.ts";
import type { EngineEvent } from "../../src/engine/events.ts";
import type { Ask, Intent, Phrase } from "../../src/engine/intents.ts";
import type { Locale } from "../../src/engine/locale.ts";
import type { AnswerValue, SessionState } from "../../src/engine/state.ts";
import { initialState, type StepResult } from "../../src/engine/step.ts";

// ---------------------------------------------------------------------------------------------
// The fixture survey (every question type)
// ---------------------------------------------------------------------------------------------

/** test/fixtures/surveys/all-types.yaml as text, before parsing and validation. */
export const FIXTURE_TEXT = readFileSync(new URL("../fixtures/surveys/all-types.yaml", import.meta.url), "utf8");

function loadSurvey(): SurveyVersion {
  const result = validateSurvey(parse(FIXTURE_TEXT));
  if (result.type !== "valid") throw new Error(result.errors.map((e) => e.message).join("\n"));
  return { version: 1, definition: result.survey };
}

/** The validated fixture, as version 1. */
export const SURVEY = loadSurvey();
export const QUESTIONS = SURVEY.definition.questions;

export const indexOf = (name: string): number => {
  const i = QUESTIONS.findIndex((q) => q.name === name);
  if (i < 0) throw new Error(`no question ${name}`);
  return i;
};
export const questionNamed = (name: string): Question => QUESTIONS[indexOf(name)] as Question;

/** A text in the four locales: `${base} ro`, `${base} ru`, … */
export const text4 = (base: string) => ({ ro: `${base} ro`, ru: `${base} ru`, uk: `${base} uk`, en: `${base} en` });

// ---------------------------------------------------------------------------------------------
// Events and time
// ---------------------------------------------------------------------------------------------

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An engine event without its id and time. */
export type Body = DistributiveOmit<EngineEvent, "id" | "at">;

export const press = (data: string): Body => ({ type: "press", data });
export const typed = (text: string): Body => ({ type: "text", text });

/** The first event's time, in milliseconds. */
export const T0 = Date.parse("2026-11-24T08:00:00.000Z");
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Sessions placed directly on a question
// ---------------------------------------------------------------------------------------------

/** Answers given before each question (recommend "no", so why_not is shown). */
export const EARLIER: Record<string, AnswerValue> = {
  service: "home",
  topics: ["food"],
  overall: 4,
  mood: 5,
  recommend: "no",
  why_not: "Too slow",
  nps: 9,
  age: 42,
};

/** A session whose current question is `name`, with every earlier question answered. */
export function sessionAt(name: string, options: { locale?: Locale; draft?: string[] | null } = {}): SessionState {
  const index = indexOf(name);
  const earlier = QUESTIONS.slice(0, index).map((q) => q.name);
  return {
    ...initialState(SURVEY, { id: "start", at: iso(T0), type: "start" }, options.locale ?? "en", null),
    seen: ["start"],
    phase: "question",
    current: index,
    trail: earlier.map(indexOf),
    answers: Object.fromEntries(earlier.map((n) => [n, EARLIER[n] ?? null])),
    draft: options.draft ?? null,
  };
}

/** The state without the bookkeeping every handled event changes. */
export function core(state: SessionState | null): Omit<SessionState, "seen" | "updatedAt"> | null {
  if (!state) return null;
  const { seen: _seen, updatedAt: _updatedAt, ...rest } = state;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Intents
// ---------------------------------------------------------------------------------------------

/** The result's one intent, which must be an ask. */
/** The one ask of a result, after the acknowledgement of a language or consent choice. */
export function onlyAsk(result: StepResult): Ask {
  const intents = result.intents.filter((i) => !(i.type === "answered" && (i.ref === "language" || i.ref === "consent")));
  expect(intents).toHaveLength(1);
  const [intent] = intents;
  if (intent?.type !== "ask") throw new Error(`expected an ask, got ${JSON.stringify(intent)}`);
  return intent;
}

/** The last intent, which must be an ask. */
export function lastAsk(intents: Intent[]): Ask {
  const ask = intents.at(-1);
  if (ask?.type !== "ask") throw new Error(`expected the last intent to be an ask, got ${JSON.stringify(ask)}`);
  return ask;
}

/** The result's one intent, which must be a reask. */
export function onlyReask(result: StepResult): Extract<Intent, { type: "reask" }> {
  expect(result.intents).toHaveLength(1);
  const [intent] = result.intents;
  if (intent?.type !== "reask") throw new Error(`expected a reask, got ${JSON.stringify(intent)}`);
  return intent;
}

/** Every ask, including those inside reasks, in order. */
export function allAsks(intents: Intent[]): Ask[] {
  return intents.flatMap((i) => (i.type === "ask" ? [i] : i.type === "reask" ? [i.ask] : []));
}

/** The ids of an ask's buttons, row by row, flattened. */
export const ids = (ask: Ask): string[] => ask.buttons.flat().map((b) => b.id);
export const button = (ask: Ask, id: string) => ask.buttons.flat().find((b) => b.id === id);
export const progressOf = (ask: Ask): Phrase | undefined =>
  ask.parts.find((p) => p.type === "i18n" && p.key === "survey.progress");

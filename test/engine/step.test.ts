import { describe, expect, it } from "vitest";
import { type SurveyDefinition, type SurveyVersion, validateSurvey } from "../../src/engine/definition.ts";
import type { EngineEvent } from "../../src/engine/events.ts";
import type { Ask, ReaskReason } from "../../src/engine/intents.ts";
import { LOCALES, type Locale } from "../../src/engine/locale.ts";
import {
  type AnswerValue,
  diffAnswers,
  isExpired,
  isFinished,
  SEEN_EVENTS_KEPT,
  SESSION_TTL_MS,
  type SessionState,
} from "../../src/engine/state.ts";
import { initialState, type StepResult, step } from "../../src/engine/step.ts";
import {
  allAsks,
  type Body,
  button,
  core,
  HOUR,
  ids,
  indexOf,
  iso,
  lastAsk,
  MINUTE,
  onlyAsk,
  onlyReask,
  press,
  progressOf,
  QUESTIONS,
  SURVEY,
  sessionAt,
  T0,
  typed,
} from "../support/engine.ts";

// ---------------------------------------------------------------------------------------------
// A small chat driver
// ---------------------------------------------------------------------------------------------

/** One person talking to the engine: every event gets a fresh id and a time a minute later. */
class Chat {
  state: SessionState | null;
  clock = T0;
  private seq = 0;

  constructor(
    readonly survey: SurveyVersion = SURVEY,
    state: SessionState | null = null,
  ) {
    this.state = state;
  }

  send(body: Body, options: { id?: string; at?: string } = {}): StepResult {
    this.seq += 1;
    this.clock = options.at ? Date.parse(options.at) : this.clock + MINUTE;
    const event = { id: options.id ?? `ev-${this.seq}`, at: iso(this.clock), ...body } as EngineEvent;
    const result = step(this.survey, this.state, event);
    this.state = result.state;
    return result;
  }

  start(suggestedLocale?: Locale | null, service?: string | null): StepResult {
    return this.send({ type: "start", suggestedLocale, service });
  }
  press(data: string): StepResult {
    return this.send(press(data));
  }
  type(text: string): StepResult {
    return this.send(typed(text));
  }

  get now(): SessionState {
    if (!this.state) throw new Error("no session yet");
    return this.state;
  }
  get question(): string | undefined {
    const current = this.now.current;
    return current === null ? undefined : this.survey.definition.questions[current]?.name;
  }
}

/** A reply that answers each question of the fixture (recommend "no", so why_not is shown). */
const DEFAULT_REPLIES: Record<string, Body[]> = {
  service: [press("q0:1")],
  topics: [press("q1:t0"), press("q1:t2"), press("q1:done")],
  overall: [press("q2:4")],
  mood: [press("q3:5")],
  recommend: [press("q4:n")],
  why_not: [typed("Too slow")],
  nps: [press("q6:9")],
  age: [typed("42")],
  comment: [typed("All good")],
};

/** Starts in `locale`, consents, and answers until the named question is the current one. */
function chatAt(name: string, options: { locale?: Locale; replies?: Record<string, Body[]> } = {}): Chat {
  const chat = new Chat();
  chat.start(options.locale ?? "en");
  chat.press("consent:yes");
  answerUntil(chat, name, options.replies);
  return chat;
}

function answerUntil(chat: Chat, name: string | null, replies: Record<string, Body[]> = {}): StepResult[] {
  const results: StepResult[] = [];
  for (let guard = 0; chat.now.phase === "question" && chat.question !== name; guard++) {
    if (guard > 50) throw new Error("the survey does not move on");
    const q = chat.question as string;
    for (const body of replies[q] ?? DEFAULT_REPLIES[q] ?? []) results.push(chat.send(body));
  }
  return results;
}

/** Runs a whole survey and returns every result on the way. */
function walk(locale: Locale, replies: Record<string, Body[]> = {}): { chat: Chat; results: StepResult[] } {
  const chat = new Chat();
  const results = [chat.start(locale), chat.press("consent:yes")];
  results.push(...answerUntil(chat, null, replies));
  return { chat, results };
}

const YES_PATH: Record<string, Body[]> = { recommend: [press("q4:y")] };

// ---------------------------------------------------------------------------------------------

describe("starting a survey", () => {
  it("without a suggested locale shows the language picker, written in every language", () => {
    const chat = new Chat();
    const result = chat.start();
    expect(chat.now).toMatchObject({ phase: "language", locale: null, current: null, answers: {}, trail: [] });
    const ask = onlyAsk(result);
    expect(ask.ref).toBe("language");
    expect(ask.input).toBe("buttons");
    expect(ask.parts).toEqual(LOCALES.map((lng) => ({ type: "i18n", key: "language.choose", lng })));
    expect(ask.buttons).toEqual(
      LOCALES.map((lng) => [{ id: `lang:${lng}`, label: { type: "i18n", key: "language.self", lng } }]),
    );
  });

  it.each(LOCALES)("then pressing lang:%s asks for consent in that language", (locale) => {
    const chat = new Chat();
    chat.start();
    const ask = onlyAsk(chat.press(`lang:${locale}`));
    expect(chat.now).toMatchObject({ phase: "consent", locale });
    expect(ask.ref).toBe("consent");
    expect(ask.parts).toEqual([
      { type: "literal", text: SURVEY.definition.title[locale] },
      { type: "literal", text: SURVEY.definition.intro[locale] },
    ]);
    expect(ids(ask)).toEqual(["consent:yes", "consent:no", "language"]);
  });

  it.each([
    { typed: "English", locale: "en" },
    { typed: "  română ", locale: "ro" },
    { typed: "РУССКИЙ", locale: "ru" },
    { typed: "Українська", locale: "uk" },
    { typed: "uk", locale: "uk" },
    { typed: "RO", locale: "ro" },
    { typed: "romana", locale: "ro" },
  ] as const)("on the picker, typing $typed chooses $locale", ({ typed, locale }) => {
    const chat = new Chat();
    chat.start();
    const ask = onlyAsk(chat.type(typed));
    expect(chat.now).toMatchObject({ phase: "consent", locale });
    expect(ask.ref).toBe("consent");
  });

  it.each(["Deutsch", "romanian", "hello", ""])("on the picker, typing %j re-asks with expected_button", (typed) => {
    const chat = new Chat();
    chat.start();
    const before = core(chat.state);
    const reask = onlyReask(chat.type(typed));
    expect(reask.reason).toBe("expected_button");
    expect(reask.ask.ref).toBe("language");
    expect(core(chat.state)).toEqual(before);
  });

  it.each(["lang:de", "lang:EN", "lang:en ", "lang:", "q0:0", "consent:yes"])("on the picker, pressing %j is stale", (data) => {
    const chat = new Chat();
    chat.start();
    const before = core(chat.state);
    expect(chat.press(data).intents).toEqual([{ type: "stale" }]);
    expect(core(chat.state)).toEqual(before);
  });

  it.each(LOCALES)("with suggested locale %s skips the picker and asks for consent", (locale) => {
    const chat = new Chat();
    const ask = onlyAsk(chat.start(locale));
    expect(chat.now).toMatchObject({ phase: "consent", locale });
    expect(ask.ref).toBe("consent");
    expect(ask.parts[0]).toEqual({ type: "literal", text: SURVEY.definition.title[locale] });
  });

  it("with a suggested locale the survey does not have shows the picker", () => {
    const chat = new Chat();
    const ask = onlyAsk(chat.send({ type: "start", suggestedLocale: "de" as Locale }));
    expect(chat.now.phase).toBe("language");
    expect(ask.ref).toBe("language");
  });

  it("records the service, the start time, the survey version and the event id", () => {
    const chat = new Chat();
    chat.send({ type: "start", suggestedLocale: "ro", service: "centre-7" }, { id: "tg:1", at: "2026-11-24T09:30:00.000Z" });
    expect(chat.now).toEqual({
      v: 1,
      survey: { slug: "all-types", version: 1 },
      phase: "consent",
      locale: "ro",
      service: "centre-7",
      current: null,
      trail: [],
      answers: {},
      draft: null,
      seen: ["tg:1"],
      startedAt: "2026-11-24T09:30:00.000Z",
      updatedAt: "2026-11-24T09:30:00.000Z",
    });
  });

  it("without a session, a button press is stale and opens an empty session on the picker", () => {
    const result = new Chat().press("q0:1");
    expect(result.intents).toEqual([{ type: "stale" }]);
    expect(result.state).toMatchObject({ phase: "language", locale: null, answers: {} });
  });

  it.each<{ label: string; body: Body }>([
    { label: "typed text", body: { type: "text", text: "hello" } },
    { label: "an unsupported message", body: { type: "unsupported" } },
    { label: "a language request", body: { type: "language" } },
  ])("without a session, $label opens the language picker", ({ body }) => {
    const chat = new Chat();
    const ask = onlyAsk(chat.send(body));
    expect(ask.ref).toBe("language");
    expect(chat.now.phase).toBe("language");
  });
});

describe("consent", () => {
  it("yes starts the first question, in the chosen language, with its hint and no back button", () => {
    const chat = new Chat();
    chat.start("ru");
    const ask = onlyAsk(chat.press("consent:yes"));
    expect(chat.now).toMatchObject({ phase: "question", current: 0, trail: [], draft: null });
    expect(ask.ref).toBe("service");
    expect(ask.input).toBe("buttons");
    expect(ask.parts).toEqual([
      { type: "i18n", key: "survey.progress", params: { current: 1, total: 8 } },
      { type: "literal", text: "Q1 ru" },
      { type: "literal", text: "H1 ru" },
    ]);
    expect(ids(ask)).toEqual(["q0:0", "q0:1", "q0:2"]);
    expect(ask.buttons.flat().map((b) => b.label)).toEqual([
      { type: "literal", text: "Офис" },
      { type: "literal", text: "Дома" },
      { type: "literal", text: "Телефон" },
    ]);
  });

  it("no declines: the session ends with survey.declined", () => {
    const chat = new Chat();
    chat.start("en");
    const result = chat.press("consent:no");
    expect(result.intents).toEqual([
      { type: "say", parts: [{ type: "i18n", key: "survey.declined" }] },
      { type: "end", outcome: "declined" },
    ]);
    expect(chat.now).toMatchObject({ phase: "declined", current: null, answers: {} });
    expect(isFinished(chat.now)).toBe(true);
  });

  it("after declining, buttons are stale, text is told the survey is finished, and start begins again", () => {
    const chat = new Chat();
    chat.start("en");
    chat.press("consent:no");
    expect(chat.press("consent:yes").intents).toEqual([{ type: "stale" }]);
    expect(chat.type("hello").intents).toEqual([{ type: "say", parts: [{ type: "i18n", key: "survey.finished" }] }]);
    expect(chat.send({ type: "language" }).intents).toEqual([{ type: "say", parts: [{ type: "i18n", key: "survey.finished" }] }]);
    expect(chat.now.phase).toBe("declined");
    expect(onlyAsk(chat.start()).ref).toBe("consent");
    expect(chat.now.phase).toBe("consent");
  });

  it("the language button shows the picker; a new language re-asks consent in it, noting the change", () => {
    const chat = new Chat();
    chat.start("en");
    const picker = onlyAsk(chat.press("language"));
    expect(picker.ref).toBe("language");
    expect(chat.now).toMatchObject({ phase: "consent", locale: "en" });
    const result = chat.press("lang:uk");
    expect(result.intents[0]).toEqual({
      type: "answered",
      ref: "language",
      parts: [{ type: "i18n", key: "language.self", lng: "uk" }],
    });
    expect(result.intents[1]).toEqual({ type: "say", parts: [{ type: "i18n", key: "language.changed" }] });
    const ask = lastAsk(result.intents);
    expect(result.intents).toHaveLength(3);
    expect(ask.ref).toBe("consent");
    expect(ask.parts[0]).toEqual({ type: "literal", text: "Заголовок uk" });
    expect(chat.now).toMatchObject({ phase: "consent", locale: "uk" });
  });

  it("typed text re-asks consent with expected_button", () => {
    const chat = new Chat();
    chat.start("en");
    const reask = onlyReask(chat.type("yes"));
    expect(reask.reason).toBe("expected_button");
    expect(reask.ask.ref).toBe("consent");
    expect(chat.now.phase).toBe("consent");
  });

  it("consent buttons are stale once the survey has begun", () => {
    const chat = chatAt("overall");
    const before = core(chat.state);
    expect(chat.press("consent:yes").intents).toEqual([{ type: "stale" }]);
    expect(chat.press("consent:no").intents).toEqual([{ type: "stale" }]);
    expect(core(chat.state)).toEqual(before);
  });
});

describe("changing language mid-survey", () => {
  it("a language event shows the picker and keeps the place; choosing re-asks the same question in the new language", () => {
    const chat = chatAt("overall");
    const before = core(chat.state);
    const picker = onlyAsk(chat.send({ type: "language" }));
    expect(picker.ref).toBe("language");
    expect(core(chat.state)).toEqual(before);

    const result = chat.press("lang:ro");
    expect(result.intents).toHaveLength(3);
    expect(result.intents[0]).toMatchObject({ type: "answered", ref: "language" });
    expect(result.intents[1]).toEqual({ type: "say", parts: [{ type: "i18n", key: "language.changed" }] });
    const ask = lastAsk(result.intents);
    expect(ask.ref).toBe("overall");
    expect(ask.parts).toContainEqual({ type: "literal", text: "Q3 ro" });
    expect(chat.now).toMatchObject({ phase: "question", current: indexOf("overall"), locale: "ro" });
    expect(chat.now.answers).toEqual(before?.answers);
  });

  it("keeps the ticks of a multiple-choice question, shown in the new language", () => {
    const chat = chatAt("topics");
    chat.press("q1:t1");
    const ask = lastAsk(chat.press("lang:ru").intents);
    expect(chat.now.draft).toEqual(["care"]);
    expect(button(ask, "q1:t1")).toEqual({ id: "q1:t1", label: { type: "literal", text: "Уход" }, checked: true });
  });

  it("an old picker's button still works later in the survey", () => {
    const chat = chatAt("nps");
    const ask = lastAsk(chat.press("lang:uk").intents);
    expect(ask.ref).toBe("nps");
    expect(chat.now.locale).toBe("uk");
  });
});

describe("walking through the whole survey", () => {
  const paths = [
    {
      label: 'recommend "no" shows why_not',
      replies: {},
      asked: ["service", "topics", "overall", "mood", "recommend", "why_not", "nps", "age", "comment"],
      answers: {
        service: "home",
        topics: ["food", "transport"],
        overall: 4,
        mood: 5,
        recommend: "no",
        why_not: "Too slow",
        nps: 9,
        age: 42,
        comment: "All good",
      },
    },
    {
      label: 'recommend "yes" hides why_not',
      replies: YES_PATH,
      asked: ["service", "topics", "overall", "mood", "recommend", "nps", "age", "comment"],
      answers: {
        service: "home",
        topics: ["food", "transport"],
        overall: 4,
        mood: 5,
        recommend: "yes",
        nps: 9,
        age: 42,
        comment: "All good",
      },
    },
  ];

  it.each(paths)("$label, and the last question is reached", ({ replies, asked, answers }) => {
    const { chat, results } = walk("en", replies);
    const askedRefs = results.flatMap((r) => r.intents).flatMap((i) => (i.type === "ask" ? [i.ref] : []));
    const distinct = askedRefs.filter((ref, i) => ref !== "consent" && ref !== askedRefs[i - 1]); // ticks re-ask topics
    expect(distinct).toEqual(asked);
    expect(chat.now.answers).toEqual(answers);
    expect(chat.now).toMatchObject({ phase: "completed", current: null, draft: null });
  });

  it.each(LOCALES)("completing in %s thanks with the survey's own text, then ends", (locale) => {
    const { results } = walk(locale);
    const last = results.at(-1) as StepResult;
    expect(last.intents).toEqual([
      { type: "answered", ref: "comment", parts: [{ type: "i18n", key: "survey.answer.textReceived" }] },
      { type: "say", parts: [{ type: "literal", text: SURVEY.definition.thanks[locale] }] },
      { type: "end", outcome: "completed" },
    ]);
    expect(last.state.phase).toBe("completed");
  });

  it("skipping the last question completes the survey with a null answer", () => {
    const chat = chatAt("comment");
    const result = chat.press(`q${indexOf("comment")}:skip`);
    expect(result.intents.map((i) => i.type)).toEqual(["answered", "say", "end"]);
    expect(chat.now.phase).toBe("completed");
    expect(chat.now.answers.comment).toBeNull();
  });

  it("every answer (and the consent) is acknowledged with an answered intent before the next question", () => {
    const { results } = walk("en");
    const answered = results.flatMap((r) => r.intents).filter((i) => i.type === "answered");
    expect(answered.map((i) => i.ref)).toEqual([
      "consent",
      "service",
      "topics",
      "overall",
      "mood",
      "recommend",
      "why_not",
      "nps",
      "age",
      "comment",
    ]);
  });

  it("an answer to a question hidden by a later change is dropped at once", () => {
    const chat = chatAt("nps");
    expect(chat.now.answers.why_not).toBe("Too slow");
    chat.press(`q${indexOf("nps")}:back`); // to why_not
    chat.press(`q${indexOf("why_not")}:back`); // to recommend
    expect(chat.question).toBe("recommend");
    const result = chat.press("q4:y");
    expect(lastAsk(result.intents).ref).toBe("nps"); // why_not is hidden now
    expect(chat.now.answers).not.toHaveProperty("why_not");
    answerUntil(chat, null);
    expect(chat.now.phase).toBe("completed");
    expect(chat.now.answers).not.toHaveProperty("why_not");
    expect(chat.now.answers.recommend).toBe("yes");
  });

  it("questions answered and then skipped keep null, not the earlier answer", () => {
    const chat = chatAt("age");
    chat.type("30");
    chat.press(`q${indexOf("comment")}:back`);
    expect(chat.question).toBe("age");
    chat.press(`q${indexOf("age")}:skip`);
    expect(chat.now.answers.age).toBeNull();
  });
});

describe("visibility after a changed answer", () => {
  // a → b (only after a = no) → c (only when b was answered) → d
  const text = { ro: "x", ru: "x", uk: "x", en: "x" };
  const chained = validateSurvey({
    slug: "chained",
    title: text,
    intro: text,
    thanks: text,
    questions: [
      { name: "a", type: "yes_no", label: text },
      { name: "b", type: "text", label: text, showIf: { question: "a", equals: "no" } },
      { name: "c", type: "yes_no", label: text, showIf: { question: "b", answered: true } },
      { name: "d", type: "nps", label: text },
    ],
  });
  if (chained.type !== "valid") throw new Error("invalid");
  const survey: SurveyVersion = { version: 1, definition: chained.survey };

  function changedToYes(): { chat: Chat; result: StepResult } {
    const chat = new Chat(survey);
    chat.start("en");
    chat.press("consent:yes");
    chat.press("q0:n");
    chat.type("because");
    chat.press("q2:y");
    chat.press("q3:back");
    chat.press("q2:back");
    chat.press("q1:back");
    return { chat, result: chat.press("q0:y") };
  }

  it("a question whose condition now fails is not asked", () => {
    const { chat } = changedToYes();
    expect(chat.now.answers.a).toBe("yes");
    expect(chat.now.current).not.toBe(1);
  });

  it("a question depending on a now-hidden question's stale answer is not asked", () => {
    const { chat, result } = changedToYes();
    expect(lastAsk(result.intents).ref).toBe("d");
    expect(chat.question).toBe("d");
  });

  it("whatever was asked, completion keeps only answers of questions shown for the final answers", () => {
    const { chat } = changedToYes();
    answerUntil(chat, null, { c: [{ type: "press", data: "q2:n" }], d: [{ type: "press", data: "q3:8" }] });
    expect(chat.now.phase).toBe("completed");
    expect(chat.now.answers).toEqual({ a: "yes", d: 8 });
  });
});

describe("the progress phrase", () => {
  it.each([
    { at: "service", current: 1, total: 8 },
    { at: "topics", current: 2, total: 8 },
    { at: "overall", current: 3, total: 8 },
    { at: "mood", current: 4, total: 8 },
    { at: "recommend", current: 5, total: 8 },
    { at: "why_not", current: 6, total: 9 },
    { at: "nps", current: 7, total: 9 },
    { at: "age", current: 8, total: 9 },
    { at: "comment", current: 9, total: 9 },
  ])('on the "no" path, $at is question $current of $total', ({ at, current, total }) => {
    const chat = chatAt(at);
    const ask = onlyReask(chat.send({ type: "unsupported" })).ask;
    expect(progressOf(ask)).toEqual({ type: "i18n", key: "survey.progress", params: { current, total } });
  });

  it.each([
    { at: "nps", current: 6, total: 8 },
    { at: "age", current: 7, total: 8 },
    { at: "comment", current: 8, total: 8 },
  ])('on the "yes" path, $at is question $current of $total', ({ at, current, total }) => {
    const chat = chatAt(at, { replies: YES_PATH });
    const ask = onlyReask(chat.send({ type: "unsupported" })).ask;
    expect(progressOf(ask)).toEqual({ type: "i18n", key: "survey.progress", params: { current, total } });
  });

  it("counts down again after going back", () => {
    const chat = chatAt("overall");
    const ask = onlyAsk(chat.press("q2:back"));
    expect(progressOf(ask)).toEqual({ type: "i18n", key: "survey.progress", params: { current: 2, total: 8 } });
  });
});

describe("going back", () => {
  it("there is no back button on the first question, and one on every later question", () => {
    const { results } = walk("en");
    const asks = results.flatMap((r) => r.intents).filter((i): i is Ask => i.type === "ask" && i.ref !== "consent");
    for (const ask of asks) {
      const index = indexOf(ask.ref);
      expect(ids(ask).includes(`q${index}:back`), ask.ref).toBe(index !== 0);
    }
  });

  it("q<i>:back returns to the previous question and shortens the trail", () => {
    const chat = chatAt("overall");
    expect(chat.now.trail).toEqual([0, 1]);
    const ask = onlyAsk(chat.press("q2:back"));
    expect(ask.ref).toBe("topics");
    expect(chat.now).toMatchObject({ current: 1, trail: [0] });
  });

  it("keeps the earlier answer in the state until it is answered again", () => {
    const chat = chatAt("topics");
    chat.press("q1:back");
    expect(chat.now.answers.service).toBe("home");
    chat.press("q0:2");
    expect(chat.now.answers.service).toBe("phone");
    expect(chat.question).toBe("topics");
  });

  it("a forged back button on the first question is stale", () => {
    const chat = chatAt("service");
    const before = core(chat.state);
    expect(chat.press("q0:back").intents).toEqual([{ type: "stale" }]);
    expect(core(chat.state)).toEqual(before);
  });

  it("back from nps skips a hidden question and returns to recommend", () => {
    const chat = chatAt("nps", { replies: YES_PATH });
    expect(onlyAsk(chat.press("q6:back")).ref).toBe("recommend");
  });

  it("back returns to a question that was skipped", () => {
    const chat = chatAt("recommend", { replies: { mood: [{ type: "press", data: "q3:skip" }] } });
    expect(chat.now.answers.mood).toBeNull();
    expect(onlyAsk(chat.press("q4:back")).ref).toBe("mood");
  });

  it("back clears the ticks of a multiple-choice question", () => {
    const chat = chatAt("topics");
    chat.press("q1:t0");
    chat.press("q1:back");
    expect(chat.now.draft).toBeNull();
    const ask = lastAsk(chat.press("q0:0").intents);
    expect(ask.ref).toBe("topics");
    expect(ask.buttons.flat().filter((b) => b.checked)).toEqual([]);
  });

  it("the back button of an earlier question is stale", () => {
    const chat = chatAt("mood");
    expect(chat.press("q2:back").intents).toEqual([{ type: "stale" }]);
    expect(chat.question).toBe("mood");
  });
});

describe("skipping", () => {
  it.each(QUESTIONS.map((q, i) => ({ name: q.name, index: i, required: q.required })))(
    "$name (required: $required) offers q$index:skip only when not required",
    ({ name, index, required }) => {
      const chat = chatAt(name);
      const ask = onlyReask(chat.send({ type: "unsupported" })).ask;
      expect(ids(ask).includes(`q${index}:skip`)).toBe(!required);
    },
  );

  it("skipping an optional question records null, says skipped, and asks the next", () => {
    const chat = chatAt("mood");
    const result = chat.press("q3:skip");
    expect(result.intents[0]).toEqual({
      type: "answered",
      ref: "mood",
      parts: [{ type: "i18n", key: "survey.answer.skipped" }],
    });
    expect(lastAsk(result.intents).ref).toBe("recommend");
    expect(chat.now.answers).toHaveProperty("mood", null);
  });

  it.each(["service", "topics", "overall", "recommend", "why_not", "nps"])(
    "a forged skip on the required question %s is stale",
    (name) => {
      const chat = chatAt(name);
      const before = core(chat.state);
      expect(chat.press(`q${indexOf(name)}:skip`).intents).toEqual([{ type: "stale" }]);
      expect(core(chat.state)).toEqual(before);
    },
  );
});

describe("multiple choice", () => {
  it("each list entry is a toggle button, plus done, and no ticks at first", () => {
    const chat = chatAt("topics");
    const ask = onlyReask(chat.send({ type: "unsupported" })).ask;
    expect(ask.buttons.slice(0, 5)).toEqual([
      [{ id: "q1:t0", label: { type: "literal", text: "Food" }, checked: false }],
      [{ id: "q1:t1", label: { type: "literal", text: "Care" }, checked: false }],
      [{ id: "q1:t2", label: { type: "literal", text: "Transport" }, checked: false }],
      [{ id: "q1:t3", label: { type: "literal", text: "Other" }, checked: false }],
      [{ id: "q1:done", label: { type: "i18n", key: "survey.button.done" } }],
    ]);
    expect(ask.parts).toContainEqual({ type: "i18n", key: "survey.instructions.multipleUpTo", params: { count: 2 } });
  });

  it("q<i>:t<k> ticks a choice: the draft holds it and its button is checked", () => {
    const chat = chatAt("topics");
    const ask = onlyAsk(chat.press("q1:t2"));
    expect(chat.now.draft).toEqual(["transport"]);
    expect(button(ask, "q1:t2")?.checked).toBe(true);
    expect(button(ask, "q1:t0")?.checked).toBe(false);
    expect(ask.ref).toBe("topics");
    expect(chat.now.answers).not.toHaveProperty("topics");
  });

  it("keeps the definition's order whatever the order of the taps", () => {
    const chat = chatAt("topics");
    chat.press("q1:t3");
    chat.press("q1:t0");
    expect(chat.now.draft).toEqual(["food", "other"]);
  });

  it("a second tap unticks", () => {
    const chat = chatAt("topics");
    chat.press("q1:t1");
    const ask = onlyAsk(chat.press("q1:t1"));
    expect(chat.now.draft).toEqual([]);
    expect(button(ask, "q1:t1")?.checked).toBe(false);
  });

  it("typing a choice's label ticks it too", () => {
    const chat = chatAt("topics");
    onlyAsk(chat.type("transport"));
    expect(chat.now.draft).toEqual(["transport"]);
  });

  it("done with nothing ticked on a required question re-asks with choose_one_or_more", () => {
    const chat = chatAt("topics");
    const reask = onlyReask(chat.press("q1:done"));
    expect(reask.reason).toBe("choose_one_or_more");
    expect(reask.ask.ref).toBe("topics");
    expect(chat.question).toBe("topics");
  });

  it("done after unticking everything also re-asks with choose_one_or_more", () => {
    const chat = chatAt("topics");
    chat.press("q1:t0");
    chat.press("q1:t0");
    expect(onlyReask(chat.press("q1:done")).reason).toBe("choose_one_or_more");
  });

  it("ticking more than maxChoices re-asks with too_many_choices and keeps the ticks", () => {
    const chat = chatAt("topics");
    chat.press("q1:t0");
    chat.press("q1:t1");
    const reask = onlyReask(chat.press("q1:t2"));
    expect(reask).toMatchObject({ reason: "too_many_choices", params: { count: 2 } });
    expect(chat.now.draft).toEqual(["food", "care"]);
    expect(
      reask.ask.buttons
        .flat()
        .filter((b) => b.checked)
        .map((b) => b.id),
    ).toEqual(["q1:t0", "q1:t1"]);
  });

  it("done answers with the ticked choices, summarised by their labels", () => {
    const chat = chatAt("topics", { locale: "ro" });
    chat.press("q1:t1");
    chat.press("q1:t0");
    const result = chat.press("q1:done");
    expect(result.intents[0]).toEqual({
      type: "answered",
      ref: "topics",
      parts: [{ type: "literal", text: "Hrană, Îngrijire" }],
    });
    expect(lastAsk(result.intents).ref).toBe("overall");
    expect(chat.now).toMatchObject({ draft: null, answers: { topics: ["food", "care"] } });
  });

  it.each(["q1:t4", "q1:t9", "q1:t", "q1:tx", "q1:t0x", "q1:donex", "q1:0"])("%s is stale", (data) => {
    const chat = chatAt("topics");
    chat.press("q1:t0");
    const before = core(chat.state);
    expect(chat.press(data).intents).toEqual([{ type: "stale" }]);
    expect(core(chat.state)).toEqual(before);
  });
});

describe("stale and malformed buttons", () => {
  // At "overall" (index 2), whose real buttons are q2:1..q2:5 and q2:back.
  it.each([
    { label: "a button of an earlier question", data: "q0:1" },
    { label: "a button of a later question", data: "q4:y" },
    { label: "a button of a question the survey does not have", data: "q40:1" },
    { label: "a letter appended", data: "q2:1x" },
    { label: "a space appended", data: "q2:1 " },
    { label: "a newline appended", data: "q2:1\n" },
    { label: "a space prepended", data: " q2:1" },
    { label: "upper case", data: "Q2:1" },
    { label: "no suffix", data: "q2:" },
    { label: "a point out of range", data: "q2:6" },
    { label: "point zero", data: "q2:0" },
    { label: "a leading zero in the point", data: "q2:01" },
    { label: "a three-digit index", data: "q002:1" },
    { label: "a too long suffix", data: "q2:123456789" },
    { label: "unknown data", data: "hello" },
    { label: "empty data", data: "" },
    { label: "a consent button", data: "consent:no" },
    { label: "an unknown language", data: "lang:de" },
    { label: "a yes/no suffix on a rating", data: "q2:y" },
  ])("$label ($data) is stale and changes nothing", ({ data }) => {
    const chat = chatAt("overall");
    const before = core(chat.state);
    const result = chat.press(data);
    expect(result.intents).toEqual([{ type: "stale" }]);
    expect(result.duplicate).toBe(false);
    expect(core(chat.state)).toEqual(before);
  });

  it.each([
    { at: "why_not", data: "q5:1" },
    { at: "age", data: "q7:1" },
    { at: "comment", data: "q8:ok" },
  ])("a button on the typed question $at ($data) is stale", ({ at, data }) => {
    const chat = chatAt(at);
    expect(chat.press(data).intents).toEqual([{ type: "stale" }]);
  });

  it("after completion, every button is stale and typed text is told the survey is finished", () => {
    const { chat } = walk("en");
    const before = core(chat.state);
    expect(chat.press("q8:skip").intents).toEqual([{ type: "stale" }]);
    expect(chat.press("lang:ru").intents).toEqual([{ type: "stale" }]);
    expect(chat.type("one more thing").intents).toEqual([{ type: "say", parts: [{ type: "i18n", key: "survey.finished" }] }]);
    expect(chat.send({ type: "unsupported" }).intents).toEqual([
      { type: "say", parts: [{ type: "i18n", key: "survey.finished" }] },
    ]);
    expect(core(chat.state)).toEqual(before);
  });
});

describe("unsupported messages", () => {
  it.each([
    { phase: "language", setup: (c: Chat) => c.start(), ref: "language" },
    { phase: "consent", setup: (c: Chat) => c.start("en"), ref: "consent" },
    {
      phase: "question",
      setup: (c: Chat) => {
        c.start("en");
        c.press("consent:yes");
      },
      ref: "service",
    },
  ])("in phase $phase re-ask the current step with reason unsupported", ({ setup, ref }) => {
    const chat = new Chat();
    setup(chat);
    const before = core(chat.state);
    const reask = onlyReask(chat.send({ type: "unsupported" }));
    expect(reask.reason).toBe("unsupported");
    expect(reask.ask.ref).toBe(ref);
    expect(core(chat.state)).toEqual(before);
  });

  it("re-ask with exactly the ask the question was first shown with", () => {
    const chat = chatAt("recommend");
    const shown = lastAsk(chat.press("q4:y").intents);
    expect(shown.ref).toBe("nps");
    const reask = onlyReask(chat.send({ type: "unsupported" }));
    expect(reask.ask).toEqual(shown);
    expect(reask).not.toHaveProperty("params");
  });
});

describe("redelivered events", () => {
  it("an event id seen before is a duplicate: same state object, nothing to send", () => {
    const chat = chatAt("overall");
    chat.send({ type: "press", data: "q2:3" }, { id: "tg:dup" });
    const state = chat.now;
    const again = step(SURVEY, state, { id: "tg:dup", at: iso(chat.clock + HOUR), type: "press", data: "q2:3" });
    expect(again).toEqual({ state, intents: [], duplicate: true });
    expect(again.state).toBe(state);
  });

  it("a duplicate is recognised even with different content", () => {
    const chat = chatAt("mood");
    const state = chat.now;
    const lastId = state.seen.at(-1) as string;
    const again = step(SURVEY, state, { id: lastId, at: iso(chat.clock), type: "text", text: "something else" });
    expect(again.duplicate).toBe(true);
    expect(again.state).toBe(state);
  });

  it("a duplicate of a finished session changes nothing either", () => {
    const { chat } = walk("en");
    const state = chat.now;
    const again = step(SURVEY, state, { id: state.seen.at(-1) as string, at: iso(chat.clock), type: "start" });
    expect(again).toEqual({ state, intents: [], duplicate: true });
  });

  it(`remembers the last ${SEEN_EVENTS_KEPT} event ids, dropping the oldest`, () => {
    const chat = chatAt("service");
    chat.send({ type: "unsupported" }, { id: "first" });
    for (let i = 0; i < SEEN_EVENTS_KEPT - 1; i++) chat.send({ type: "unsupported" });
    expect(chat.now.seen).toHaveLength(SEEN_EVENTS_KEPT);
    expect(chat.now.seen[0]).toBe("first");
    chat.send({ type: "unsupported" });
    expect(chat.now.seen).toHaveLength(SEEN_EVENTS_KEPT);
    expect(chat.now.seen).not.toContain("first");
  });

  it("every handled event, even a stale one, is remembered and moves updatedAt", () => {
    const chat = chatAt("overall");
    chat.send({ type: "press", data: "nonsense" }, { id: "tg:stale", at: "2026-11-25T10:00:00.000Z" });
    expect(chat.now.seen.at(-1)).toBe("tg:stale");
    expect(chat.now.updatedAt).toBe("2026-11-25T10:00:00.000Z");
  });
});

describe("expiry", () => {
  it(`an event more than ${SESSION_TTL_MS / HOUR} h after the last one on an unfinished session starts afresh`, () => {
    const chat = chatAt("overall", { locale: "uk" });
    const last = Date.parse(chat.now.updatedAt);
    const at = iso(last + SESSION_TTL_MS + 1);
    const result = chat.send({ type: "press", data: "q2:4" }, { at });
    expect(result.intents[0]).toEqual({ type: "say", parts: [{ type: "i18n", key: "survey.expired" }] });
    expect(result.intents).toHaveLength(2);
    const ask = lastAsk(result.intents);
    expect(ask.ref).toBe("consent");
    expect(ask.parts[0]).toEqual({ type: "literal", text: "Заголовок uk" }); // the old language is kept
    expect(chat.now).toMatchObject({
      phase: "consent",
      locale: "uk",
      current: null,
      trail: [],
      answers: {},
      draft: null,
      startedAt: at,
      updatedAt: at,
    });
    expect(chat.now.answers).not.toHaveProperty("overall"); // the press itself was not applied
  });

  it("typed text after expiry is not taken as an answer either", () => {
    const chat = chatAt("age");
    const at = iso(Date.parse(chat.now.updatedAt) + 100 * HOUR);
    const result = chat.send({ type: "text", text: "42" }, { at });
    expect(result.intents.map((i) => i.type)).toEqual(["say", "ask"]);
    expect(chat.now.answers).toEqual({});
  });

  it("a session on the language picker expires back to the picker", () => {
    const chat = new Chat();
    chat.start();
    const at = iso(Date.parse(chat.now.updatedAt) + SESSION_TTL_MS + MINUTE);
    const result = chat.send({ type: "press", data: "lang:en" }, { at });
    expect(result.intents[0]).toEqual({ type: "say", parts: [{ type: "i18n", key: "survey.expired" }] });
    expect(lastAsk(result.intents).ref).toBe("language");
    expect(chat.now.phase).toBe("language");
  });

  it(`exactly ${SESSION_TTL_MS / HOUR} h later the session is still alive`, () => {
    const chat = chatAt("overall");
    const at = iso(Date.parse(chat.now.updatedAt) + SESSION_TTL_MS);
    const result = chat.send({ type: "press", data: "q2:4" }, { at });
    expect(result.intents[0]).toMatchObject({ type: "answered", ref: "overall" });
    expect(chat.now.answers.overall).toBe(4);
  });

  it("the clock restarts with every event, so a slow but steady respondent never expires", () => {
    const chat = chatAt("service");
    for (const data of ["q0:0", "q1:t0", "q1:done", "q2:3"]) {
      chat.send({ type: "press", data }, { at: iso(chat.clock + 71 * HOUR) });
    }
    expect(chat.question).toBe("mood");
  });

  it.each([
    {
      label: "completed",
      finish: (c: Chat) => {
        c.press("consent:yes");
        answerUntil(c, null);
      },
    },
    { label: "declined", finish: (c: Chat) => c.press("consent:no") },
  ])("a $label session never expires", ({ label, finish }) => {
    const chat = new Chat();
    chat.start("en");
    finish(chat);
    expect(chat.now.phase).toBe(label);
    const phase = chat.now.phase;
    const result = chat.send({ type: "text", text: "hello" }, { at: iso(chat.clock + 1000 * HOUR) });
    expect(result.intents).toEqual([{ type: "say", parts: [{ type: "i18n", key: "survey.finished" }] }]);
    expect(chat.now.phase).toBe(phase);
  });

  it("a start on an expired session says expired, not also resumed", () => {
    const chat = chatAt("overall");
    const at = iso(Date.parse(chat.now.updatedAt) + SESSION_TTL_MS + MINUTE);
    const result = chat.send({ type: "start", suggestedLocale: "en" }, { at });
    const keys = result.intents
      .flatMap((i) => (i.type === "say" ? i.parts : []))
      .map((p) => (p.type === "i18n" ? p.key : p.text));
    expect(keys).toEqual(["survey.expired"]);
    expect(lastAsk(result.intents).ref).toBe("consent");
  });

  it("a start on an expired session takes the service and locale of the new start", () => {
    const chat = new Chat();
    chat.start("en", "old-service");
    chat.press("consent:yes");
    const at = iso(Date.parse(chat.now.updatedAt) + SESSION_TTL_MS + MINUTE);
    chat.send({ type: "start", suggestedLocale: "ro", service: "new-service" }, { at });
    expect(chat.now).toMatchObject({ phase: "consent", locale: "ro", service: "new-service" });
  });
});

describe("starting again", () => {
  it("start after completion gives a fresh session with the new start's service", () => {
    const { chat } = walk("ru");
    const at = iso(chat.clock + 5 * MINUTE);
    const result = chat.send({ type: "start", service: "svc-9" }, { at });
    const ask = onlyAsk(result);
    expect(ask.ref).toBe("consent");
    expect(ask.parts[0]).toEqual({ type: "literal", text: "Заголовок ru" }); // remembered language
    expect(chat.now).toMatchObject({
      phase: "consent",
      locale: "ru",
      service: "svc-9",
      current: null,
      trail: [],
      answers: {},
      draft: null,
      startedAt: at,
    });
  });

  it("start after completion with a suggested locale uses that locale", () => {
    const { chat } = walk("ru");
    chat.start("ro");
    expect(chat.now.locale).toBe("ro");
  });

  it("start mid-survey resumes: says survey.resumed and re-asks the current question, changing nothing", () => {
    const chat = chatAt("topics");
    chat.press("q1:t3");
    const before = core(chat.state);
    const result = chat.start("ro", "another-service");
    expect(result.intents).toHaveLength(2);
    expect(result.intents[0]).toEqual({ type: "say", parts: [{ type: "i18n", key: "survey.resumed" }] });
    const ask = lastAsk(result.intents);
    expect(ask.ref).toBe("topics");
    expect(button(ask, "q1:t3")?.checked).toBe(true);
    expect(core(chat.state)).toEqual(before); // neither locale nor service change on resume
  });

  it.each([
    { phase: "language", setup: (c: Chat) => c.start(), ref: "language" },
    { phase: "consent", setup: (c: Chat) => c.start("en"), ref: "consent" },
  ])("start in phase $phase resumes there", ({ setup, ref }) => {
    const chat = new Chat();
    setup(chat);
    const result = chat.start();
    expect(result.intents[0]).toEqual({ type: "say", parts: [{ type: "i18n", key: "survey.resumed" }] });
    expect(lastAsk(result.intents).ref).toBe(ref);
  });
});

describe("button ids", () => {
  const byteLength = (s: string) => new TextEncoder().encode(s).length;

  it.each(LOCALES)(
    "every button in every ask of a %s walk, re-asks included, fits Telegram's 64 bytes and is unique",
    (locale) => {
      const asks: Ask[] = [];
      const collect = (r: StepResult) => asks.push(...allAsks(r.intents));
      const chat = new Chat();
      collect(chat.start());
      collect(chat.press(`lang:${locale}`));
      collect(chat.press("language"));
      collect(chat.press(`lang:${locale}`));
      collect(chat.press("consent:yes"));
      for (let guard = 0; chat.now.phase === "question"; guard++) {
        if (guard > 50) throw new Error("stuck");
        collect(chat.send({ type: "unsupported" }));
        for (const body of DEFAULT_REPLIES[chat.question as string] ?? []) collect(chat.send(body));
      }
      expect(asks.length).toBeGreaterThan(20);
      for (const ask of asks) {
        const all = ids(ask);
        expect(new Set(all).size, ask.ref).toBe(all.length);
        for (const id of all) expect(byteLength(id), id).toBeLessThanOrEqual(64);
      }
    },
  );

  it("stay within 64 bytes in the largest survey the definition allows", () => {
    const text = { ro: "x", ru: "x", uk: "x", en: "x" };
    const longName = (i: number) => `q${String(i).padStart(2, "0")}_${"x".repeat(20)}`;
    const definition: SurveyDefinition = {
      slug: "big",
      title: text,
      anonymous: true,
      audience: "adult",
      intro: text,
      thanks: text,
      questions: Array.from({ length: 40 }, (_, i) => ({
        name: longName(i),
        label: text,
        required: false,
        type: "select_multiple" as const,
        choices: Array.from({ length: 20 }, (_, c) => ({ name: `c${c}_${"y".repeat(20)}`, label: text })),
      })),
    };
    const valid = validateSurvey(definition);
    expect(valid.type).toBe("valid");
    const chat = new Chat({ version: 1, definition });
    chat.start("en");
    const asks: Ask[] = [];
    asks.push(...allAsks(chat.press("consent:yes").intents));
    for (let i = 0; i < 40; i++) asks.push(...allAsks(chat.press(`q${i}:skip`).intents));
    expect(chat.now.phase).toBe("completed");
    expect(asks).toHaveLength(40);
    const longest = Math.max(...asks.flatMap(ids).map(byteLength));
    expect(longest).toBeLessThanOrEqual(64);
  });
});

describe("purity", () => {
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") {
      for (const v of Object.values(value)) deepFreeze(v);
      Object.freeze(value);
    }
    return value;
  }

  it("step neither mutates the survey nor the state it is given", () => {
    const survey = deepFreeze(structuredClone(SURVEY));
    const chat = new Chat(survey);
    chat.start("en");
    chat.press("consent:yes");
    for (const body of [...(DEFAULT_REPLIES.service ?? []), ...(DEFAULT_REPLIES.topics ?? [])]) {
      const state = deepFreeze(structuredClone(chat.now));
      const copy = structuredClone(state);
      step(survey, state, { id: `p-${Math.random()}`, at: iso(T0 + HOUR), ...body } as EngineEvent);
      expect(state).toEqual(copy);
      chat.send(body);
    }
  });

  it("the same state and event give the same result", () => {
    const chat = chatAt("overall");
    const event: EngineEvent = { id: "same", at: iso(chat.clock + MINUTE), type: "press", data: "q2:5" };
    expect(step(SURVEY, chat.now, event)).toEqual(step(SURVEY, chat.now, event));
  });

  it("states are plain JSON", () => {
    const { chat } = walk("uk");
    expect(JSON.parse(JSON.stringify(chat.now))).toEqual(chat.now);
  });

  it("initialState starts on the picker without a locale and at consent with one", () => {
    const event: EngineEvent = { id: "x", at: iso(T0), type: "start" };
    expect(initialState(SURVEY, event, null, null)).toMatchObject({ phase: "language", locale: null, seen: [] });
    expect(initialState(SURVEY, event, "ro", "s")).toMatchObject({ phase: "consent", locale: "ro", service: "s" });
  });
});

describe("state helpers", () => {
  const sample = (updatedAt: string, phase: SessionState["phase"]): SessionState => ({
    ...initialState(SURVEY, { id: "x", at: updatedAt, type: "start" }, "en", null),
    phase,
  });

  it.each([
    { label: "just under 72 h", hours: 71.99, phase: "question", expired: false },
    { label: "exactly 72 h", hours: 72, phase: "question", expired: false },
    { label: "72 h and a millisecond", hours: 72 + 1 / 3_600_000, phase: "question", expired: true },
    { label: "a week, on consent", hours: 168, phase: "consent", expired: true },
    { label: "a week, on the picker", hours: 168, phase: "language", expired: true },
    { label: "a week, completed", hours: 168, phase: "completed", expired: false },
    { label: "a week, declined", hours: 168, phase: "declined", expired: false },
  ] as const)("isExpired: $label → $expired", ({ hours, phase, expired }) => {
    const state = sample(iso(T0), phase);
    expect(isExpired(state, iso(T0 + hours * HOUR))).toBe(expired);
  });

  it.each<{
    label: string;
    before: Record<string, AnswerValue>;
    after: Record<string, AnswerValue>;
    upsert: Record<string, AnswerValue>;
    remove: string[];
  }>([
    { label: "nothing to nothing", before: {}, after: {}, upsert: {}, remove: [] },
    { label: "a new answer", before: {}, after: { a: 1 }, upsert: { a: 1 }, remove: [] },
    { label: "an unchanged answer", before: { a: 1 }, after: { a: 1 }, upsert: {}, remove: [] },
    { label: "a changed answer", before: { a: 1 }, after: { a: 2 }, upsert: { a: 2 }, remove: [] },
    { label: "a number becoming its string", before: { a: 1 }, after: { a: "1" }, upsert: { a: "1" }, remove: [] },
    { label: "an answer becoming skipped", before: { a: "x" }, after: { a: null }, upsert: { a: null }, remove: [] },
    { label: "a new skipped answer", before: {}, after: { a: null }, upsert: { a: null }, remove: [] },
    { label: "an unchanged list", before: { a: ["x", "y"] }, after: { a: ["x", "y"] }, upsert: {}, remove: [] },
    {
      label: "a list in another order",
      before: { a: ["x", "y"] },
      after: { a: ["y", "x"] },
      upsert: { a: ["y", "x"] },
      remove: [],
    },
    { label: "a list gaining an item", before: { a: ["x"] }, after: { a: ["x", "y"] }, upsert: { a: ["x", "y"] }, remove: [] },
    { label: "a pruned answer", before: { a: 1, b: "x" }, after: { a: 1 }, upsert: {}, remove: ["b"] },
    { label: "everything removed", before: { a: 1, b: null }, after: {}, upsert: {}, remove: ["a", "b"] },
    { label: "mixed", before: { a: 1, b: 2, c: 3 }, after: { a: 1, b: 5, d: 4 }, upsert: { b: 5, d: 4 }, remove: ["c"] },
  ])("diffAnswers: $label", ({ before, after, upsert, remove }) => {
    expect(diffAnswers(before, after)).toEqual({ upsert, remove });
  });

  it("diffAnswers between the states of a walk writes each answer once and removes pruned ones", () => {
    const chat = chatAt("nps");
    const before = chat.now.answers;
    chat.press("q6:back");
    chat.press("q5:back");
    chat.press("q4:y");
    answerUntil(chat, null);
    const { upsert, remove } = diffAnswers(before, chat.now.answers);
    expect(upsert).toEqual({ recommend: "yes", nps: 9, age: 42, comment: "All good" });
    expect(remove).toEqual(["why_not"]);
  });
});

// Every reason the fixture can produce through step(), each leaving the state as it was.
describe("reask reasons reachable through the fixture", () => {
  const cases: { reason: ReaskReason; at: string; body: Body }[] = [
    { reason: "expected_button", at: "service", body: { type: "text", text: "nope" } },
    { reason: "not_a_number", at: "age", body: { type: "text", text: "abc" } },
    { reason: "below_min", at: "age", body: { type: "text", text: "-1" } },
    { reason: "above_max", at: "age", body: { type: "text", text: "121" } },
    { reason: "not_integer", at: "age", body: { type: "text", text: "12,5" } },
    { reason: "too_long", at: "comment", body: { type: "text", text: "x".repeat(21) } },
    { reason: "empty", at: "comment", body: { type: "text", text: "   " } },
    { reason: "choose_one_or_more", at: "topics", body: { type: "press", data: "q1:done" } },
    { reason: "unsupported", at: "nps", body: { type: "unsupported" } },
  ];

  it.each(cases)("$reason at $at", ({ reason, at, body }) => {
    const chat = chatAt(at);
    const before = core(chat.state);
    const reask = onlyReask(chat.send(body));
    expect(reask.reason).toBe(reason);
    expect(reask.ask.ref).toBe(at);
    expect(core(chat.state)).toEqual(before);
  });
});

describe("forwarded messages and edits", () => {
  const at = (n: number) => iso(T0 + n * MINUTE);

  it.each(["why_not", "overall", "comment"])("asks for the person's own answer when %s gets a forwarded message", (name) => {
    const state = sessionAt(name);
    const result = step(SURVEY, state, { id: "fw", at: at(1), type: "forwarded" });
    expect(onlyReask(result).reason).toBe("forwarded");
    expect(core(result.state)).toEqual(core(state));
  });

  it.each([
    { label: "a fitting edit replaces the answer", edit: "No bus", answer: "No bus", says: "survey.edit.saved" },
    {
      label: "an edit too long for the question keeps it",
      edit: "x".repeat(21),
      answer: "Too far",
      says: "survey.reask.too_long",
    },
  ])("$label, and the person stays where they are", ({ edit, answer, says }) => {
    const asked = sessionAt("why_not");
    const answered = step(SURVEY, asked, { id: "t1", at: at(1), type: "text", text: "Too far", ref: "m7" });
    expect(answered.state.typed).toEqual({ m7: "why_not" });
    const edited = step(SURVEY, answered.state, { id: "e1", at: at(2), type: "edit", ref: "m7", text: edit });
    expect(edited.duplicate).toBe(false);
    expect(edited.state.answers.why_not).toBe(answer);
    expect(edited.state.current).toBe(answered.state.current);
    expect(edited.intents).toEqual([{ type: "say", parts: expect.arrayContaining([expect.objectContaining({ key: says })]) }]);
  });

  it.each([
    { label: "a message that answered nothing", ref: "other" },
    { label: "a message whose answer a later answer hid", ref: "m7", hide: true },
  ])("ignores an edit of $label", ({ ref, hide }) => {
    const answered = step(SURVEY, sessionAt("why_not"), { id: "t1", at: at(1), type: "text", text: "Too far", ref: "m7" });
    const state = hide
      ? { ...answered.state, answers: { ...answered.state.answers, recommend: "yes" }, typed: { m7: "gone" } }
      : answered.state;
    const edited = step(SURVEY, state, { id: "e1", at: at(2), type: "edit", ref, text: "No bus" });
    expect(edited.duplicate).toBe(true);
    expect(edited.intents).toEqual([]);
  });

  it("ignores an edit once the survey is finished, and with no session at all", () => {
    const done = { ...sessionAt("comment"), phase: "completed" as const, current: null, typed: { m9: "comment" } };
    expect(step(SURVEY, done, { id: "e1", at: at(1), type: "edit", ref: "m9", text: "later" }).duplicate).toBe(true);
    expect(step(SURVEY, null, { id: "e2", at: at(1), type: "edit", ref: "m9", text: "later" }).duplicate).toBe(true);
  });
});

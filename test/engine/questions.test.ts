import { describe, expect, it } from "vitest";
import { type Question, question as questionSchema } from "../../src/engine/definition.ts";
import type { EngineEvent } from "../../src/engine/events.ts";
import type { Ask, Intent, Phrase, ReaskReason } from "../../src/engine/intents.ts";
import type { Locale } from "../../src/engine/locale.ts";
import { kindOf } from "../../src/engine/questions/index.ts";
import { fold, type KindContext, typedInteger } from "../../src/engine/questions/kind.ts";
import { parseNumber } from "../../src/engine/questions/number.ts";
import type { AnswerValue, SessionState } from "../../src/engine/state.ts";
import { type StepResult, step } from "../../src/engine/step.ts";
import {
  type Body,
  core,
  indexOf,
  iso,
  MINUTE,
  press,
  QUESTIONS,
  questionNamed,
  SURVEY,
  sessionAt,
  T0,
  text4,
  typed,
} from "../support/engine.ts";

// ---------------------------------------------------------------------------------------------
// Sending one reply to a session placed on a question
// ---------------------------------------------------------------------------------------------

const T1 = iso(T0 + 5 * MINUTE);

let eventCount = 0;
function send(state: SessionState, body: Body): StepResult {
  eventCount += 1;
  return step(SURVEY, state, { id: `q-${eventCount}`, at: T1, ...body } as EngineEvent);
}

function ctxFor<Q extends Question>(question: Q, locale: Locale = "en", draft: string[] | null = null): KindContext<Q> {
  return { question, prefix: "q3:", locale, draft };
}

/** A question as the definition schema would produce it (defaults filled in). */
function makeQuestion(input: Record<string, unknown>): Question {
  return questionSchema.parse({ name: "q", label: text4("Label"), ...input });
}

const CYRILLIC_20 = "Жж".repeat(10); // 20 characters, 40 bytes in UTF-8

// ---------------------------------------------------------------------------------------------

type Expected =
  | { answer: AnswerValue }
  | { toggle: string[] }
  | { reask: ReaskReason; params?: Record<string, string | number> }
  | "stale";

type Case = { label: string; at: string; reply: Body; expected: Expected; locale?: Locale; draft?: string[] };

const cases: Case[] = [
  // select_one — service (q0), required
  { label: "a choice button", at: "service", reply: press("q0:0"), expected: { answer: "office" } },
  { label: "the last choice button", at: "service", reply: press("q0:2"), expected: { answer: "phone" } },
  { label: "a choice's label typed exactly", at: "service", reply: typed("At home"), expected: { answer: "home" } },
  {
    label: "a label typed in another case and spacing",
    at: "service",
    reply: typed("  at   HOME "),
    expected: { answer: "home" },
  },
  { label: "a Romanian label", at: "service", locale: "ro", reply: typed("Acasă"), expected: { answer: "home" } },
  { label: "a Ukrainian label", at: "service", locale: "uk", reply: typed("вдома"), expected: { answer: "home" } },
  { label: "other words", at: "service", reply: typed("Home visits"), expected: { reask: "expected_button" } },
  { label: "the choice's name, not its label", at: "service", reply: typed("home"), expected: { reask: "expected_button" } },
  {
    label: "another language's label",
    at: "service",
    locale: "ru",
    reply: typed("At home"),
    expected: { reask: "expected_button" },
  },
  { label: "a number", at: "service", reply: typed("1"), expected: { reask: "expected_button" } },
  { label: "a button beyond the choices", at: "service", reply: press("q0:3"), expected: "stale" },
  { label: "a named suffix", at: "service", reply: press("q0:home"), expected: "stale" },
  { label: "skip on a required question", at: "service", reply: press("q0:skip"), expected: "stale" },

  // select_multiple — topics (q1), required, at most 2
  { label: "a tick", at: "topics", reply: press("q1:t3"), expected: { toggle: ["other"] } },
  {
    label: "a second tick, kept in definition order",
    at: "topics",
    draft: ["other"],
    reply: press("q1:t1"),
    expected: { toggle: ["care", "other"] },
  },
  { label: "an untick", at: "topics", draft: ["care", "other"], reply: press("q1:t3"), expected: { toggle: ["care"] } },
  { label: "a label typed", at: "topics", reply: typed("food"), expected: { toggle: ["food"] } },
  { label: "a ticked label typed again", at: "topics", draft: ["food"], reply: typed("Food"), expected: { toggle: [] } },
  {
    label: "done with ticks",
    at: "topics",
    draft: ["food", "transport"],
    reply: press("q1:done"),
    expected: { answer: ["food", "transport"] },
  },
  { label: "done with nothing ticked", at: "topics", reply: press("q1:done"), expected: { reask: "choose_one_or_more" } },
  {
    label: "a third tick",
    at: "topics",
    draft: ["food", "care"],
    reply: press("q1:t3"),
    expected: { reask: "too_many_choices", params: { count: 2 } },
  },
  {
    label: "a third tick typed",
    at: "topics",
    draft: ["food", "care"],
    reply: typed("Other"),
    expected: { reask: "too_many_choices", params: { count: 2 } },
  },
  { label: "other words", at: "topics", reply: typed("Food and care"), expected: { reask: "expected_button" } },
  { label: "typed done", at: "topics", draft: ["food"], reply: typed("done"), expected: { reask: "expected_button" } },
  { label: "a tick beyond the choices", at: "topics", reply: press("q1:t4"), expected: "stale" },
  { label: "a select_one style button", at: "topics", reply: press("q1:0"), expected: "stale" },
  { label: "skip on a required question", at: "topics", reply: press("q1:skip"), expected: "stale" },

  // rating, words — overall (q2), required
  { label: "point 1", at: "overall", reply: press("q2:1"), expected: { answer: 1 } },
  { label: "point 5", at: "overall", reply: press("q2:5"), expected: { answer: 5 } },
  { label: "a point typed", at: "overall", reply: typed(" 3 "), expected: { answer: 3 } },
  { label: "0 typed", at: "overall", reply: typed("0"), expected: { reask: "expected_button" } },
  { label: "6 typed", at: "overall", reply: typed("6"), expected: { reask: "expected_button" } },
  { label: "3.5 typed", at: "overall", reply: typed("3.5"), expected: { reask: "expected_button" } },
  { label: "words", at: "overall", reply: typed("good"), expected: { reask: "expected_button" } },
  { label: "point 0", at: "overall", reply: press("q2:0"), expected: "stale" },
  { label: "point 6", at: "overall", reply: press("q2:6"), expected: "stale" },
  { label: "skip on a required question", at: "overall", reply: press("q2:skip"), expected: "stale" },

  // rating, faces — mood (q3), optional
  { label: "a face", at: "mood", reply: press("q3:2"), expected: { answer: 2 } },
  { label: "a point typed", at: "mood", reply: typed("5"), expected: { answer: 5 } },
  { label: "skip", at: "mood", reply: press("q3:skip"), expected: { answer: null } },
  { label: "a face emoji typed", at: "mood", reply: typed("😐"), expected: { answer: 3 } },
  { label: "a point out of range", at: "mood", reply: press("q3:9"), expected: "stale" },

  // yes_no — recommend (q4), required
  { label: "yes", at: "recommend", reply: press("q4:y"), expected: { answer: "yes" } },
  { label: "no", at: "recommend", reply: press("q4:n"), expected: { answer: "no" } },
  { label: "yes typed", at: "recommend", reply: typed("yes"), expected: { reask: "expected_button" } },
  { label: "da typed", at: "recommend", locale: "ro", reply: typed("Da"), expected: { reask: "expected_button" } },
  { label: "a long suffix", at: "recommend", reply: press("q4:yes"), expected: "stale" },
  { label: "an upper-case suffix", at: "recommend", reply: press("q4:Y"), expected: "stale" },
  { label: "skip on a required question", at: "recommend", reply: press("q4:skip"), expected: "stale" },

  // text, shown only after "no" — why_not (q5), required, at most 20 characters
  { label: "some text", at: "why_not", reply: typed("Too slow"), expected: { answer: "Too slow" } },
  { label: "text with spaces around", at: "why_not", reply: typed("  padded \n"), expected: { answer: "padded" } },
  { label: "20 Cyrillic characters (40 bytes)", at: "why_not", reply: typed(CYRILLIC_20), expected: { answer: CYRILLIC_20 } },
  { label: "20 emoji (40 UTF-16 units)", at: "why_not", reply: typed("👍".repeat(20)), expected: { answer: "👍".repeat(20) } },
  {
    label: "21 Cyrillic characters",
    at: "why_not",
    reply: typed(`${CYRILLIC_20}ж`),
    expected: { reask: "too_long", params: { count: 20, length: 21 } },
  },
  {
    label: "30 Latin characters",
    at: "why_not",
    reply: typed("x".repeat(30)),
    expected: { reask: "too_long", params: { count: 20, length: 30 } },
  },
  { label: "empty text", at: "why_not", reply: typed(""), expected: { reask: "empty" } },
  { label: "only spaces", at: "why_not", reply: typed("  \n\t "), expected: { reask: "empty" } },
  { label: "a button", at: "why_not", reply: press("q5:1"), expected: "stale" },
  { label: "skip on a required question", at: "why_not", reply: press("q5:skip"), expected: "stale" },

  // nps — nps (q6), required
  { label: "0", at: "nps", reply: press("q6:0"), expected: { answer: 0 } },
  { label: "10", at: "nps", reply: press("q6:10"), expected: { answer: 10 } },
  { label: "7 typed", at: "nps", reply: typed("7"), expected: { answer: 7 } },
  { label: "10 typed", at: "nps", reply: typed("10"), expected: { answer: 10 } },
  { label: "11 typed", at: "nps", reply: typed("11"), expected: { reask: "expected_button" } },
  { label: "-1 typed", at: "nps", reply: typed("-1"), expected: { reask: "expected_button" } },
  { label: "7.5 typed", at: "nps", reply: typed("7.5"), expected: { reask: "expected_button" } },
  { label: "seven typed", at: "nps", reply: typed("seven"), expected: { reask: "expected_button" } },
  { label: "button 11", at: "nps", reply: press("q6:11"), expected: "stale" },
  { label: "button 05", at: "nps", reply: press("q6:05"), expected: "stale" },
  { label: "skip on a required question", at: "nps", reply: press("q6:skip"), expected: "stale" },

  // number — age (q7), optional, 0..120, whole numbers
  { label: "12", at: "age", reply: typed("12"), expected: { answer: 12 } },
  { label: "spaces around", at: "age", reply: typed(" 42 "), expected: { answer: 42 } },
  { label: "the minimum", at: "age", reply: typed("0"), expected: { answer: 0 } },
  { label: "the maximum", at: "age", reply: typed("120"), expected: { answer: 120 } },
  { label: "a plus sign", at: "age", reply: typed("+5"), expected: { answer: 5 } },
  { label: "a whole number written with a decimal comma", at: "age", reply: typed("12,0"), expected: { answer: 12 } },
  { label: "12,5 when whole numbers are asked", at: "age", reply: typed("12,5"), expected: { reask: "not_integer" } },
  { label: "12.5 when whole numbers are asked", at: "age", reply: typed("12.5"), expected: { reask: "not_integer" } },
  { label: "letters", at: "age", reply: typed("abc"), expected: { reask: "not_a_number", params: { min: 0, max: 120 } } },
  {
    label: "a number with a unit",
    at: "age",
    reply: typed("12 years"),
    expected: { reask: "not_a_number", params: { min: 0, max: 120 } },
  },
  { label: "an exponent", at: "age", reply: typed("1e2"), expected: { reask: "not_a_number", params: { min: 0, max: 120 } } },
  { label: "empty text", at: "age", reply: typed(""), expected: { reask: "not_a_number", params: { min: 0, max: 120 } } },
  { label: "below the minimum", at: "age", reply: typed("-1"), expected: { reask: "below_min", params: { min: 0 } } },
  { label: "above the maximum", at: "age", reply: typed("121"), expected: { reask: "above_max", params: { max: 120 } } },
  {
    label: "a huge number",
    at: "age",
    reply: typed("99999999999999999999"),
    expected: { reask: "above_max", params: { max: 120 } },
  },
  { label: "skip", at: "age", reply: press("q7:skip"), expected: { answer: null } },
  { label: "a button", at: "age", reply: press("q7:12"), expected: "stale" },

  // text — comment (q8), optional, the last question
  { label: "some text", at: "comment", reply: typed("ok"), expected: { answer: "ok" } },
  { label: "skip", at: "comment", reply: press("q8:skip"), expected: { answer: null } },
  { label: "empty text", at: "comment", reply: typed(""), expected: { reask: "empty" } },
  {
    label: "21 characters",
    at: "comment",
    reply: typed("abcdefghijklmnopqrstu"),
    expected: { reask: "too_long", params: { count: 20, length: 21 } },
  },
];

describe("replies to each question type, through step()", () => {
  const typeOf = (name: string) => questionNamed(name).type;

  it.each(cases.map((c) => ({ ...c, type: typeOf(c.at) })))("$type $at: $label", ({ at, reply, expected, locale, draft }) => {
    const state = sessionAt(at, { locale, draft });
    const result = send(state, reply);
    expect(result.duplicate).toBe(false);

    if (expected === "stale") {
      expect(result.intents).toEqual([{ type: "stale" }]);
      expect(core(result.state)).toEqual(core(state));
    } else if ("reask" in expected) {
      expect(result.intents).toHaveLength(1);
      const [intent] = result.intents;
      expect(intent).toMatchObject({ type: "reask", reason: expected.reask });
      if (intent?.type !== "reask") throw new Error("not a reask");
      if (expected.params) expect(intent.params).toEqual(expected.params);
      else expect(intent).not.toHaveProperty("params");
      expect(intent.ask.ref).toBe(at);
      expect(core(result.state)).toEqual(core(state));
    } else if ("toggle" in expected) {
      expect(result.state.draft).toEqual(expected.toggle);
      expect(result.state.answers).toEqual(state.answers);
      expect(result.state.current).toBe(state.current);
      const [ask] = result.intents;
      expect(result.intents).toHaveLength(1);
      if (ask?.type !== "ask") throw new Error("not an ask");
      const checked = ask.buttons.flat().filter((b) => b.checked);
      expect(checked).toHaveLength(expected.toggle.length);
    } else {
      expect(result.intents[0]).toMatchObject({ type: "answered", ref: at });
      expect(result.state.answers).toHaveProperty(at, expected.answer);
      expect(result.state.draft).toBeNull();
      expect(result.state.trail).toEqual([...state.trail, indexOf(at)]);
      const last = result.intents.at(-1) as Intent;
      if (at === "comment") expect(last).toEqual({ type: "end", outcome: "completed" });
      else expect(last.type).toBe("ask");
    }
  });
});

describe("what an answer looks like once given (the answered summary)", () => {
  const literal = (text: string): Phrase => ({ type: "literal", text });
  const key = (k: string): Phrase => ({ type: "i18n", key: k });

  it.each<{ label: string; at: string; reply: Body; locale?: Locale; draft?: string[]; parts: Phrase[] }>([
    { label: "select_one shows the label", at: "service", reply: press("q0:1"), parts: [literal("At home")] },
    { label: "select_one in Russian", at: "service", locale: "ru", reply: press("q0:0"), parts: [literal("Офис")] },
    {
      label: "select_multiple lists the labels in order",
      at: "topics",
      locale: "uk",
      draft: ["food", "other"],
      reply: press("q1:done"),
      parts: [literal("Їжа, Інше")],
    },
    { label: "worded rating uses the interface's words", at: "overall", reply: press("q2:2"), parts: [key("survey.rating.2")] },
    { label: "face rating shows the face", at: "mood", reply: press("q3:4"), parts: [literal("🙂")] },
    { label: "yes", at: "recommend", reply: press("q4:y"), parts: [key("survey.button.yes")] },
    { label: "no", at: "recommend", reply: press("q4:n"), parts: [key("survey.button.no")] },
    {
      label: "text is acknowledged, not repeated",
      at: "why_not",
      reply: typed("secret"),
      parts: [key("survey.answer.textReceived")],
    },
    { label: "nps shows the number", at: "nps", reply: press("q6:0"), parts: [literal("0")] },
    { label: "number shows the number", at: "age", reply: typed("7"), parts: [literal("7")] },
    { label: "a skip says skipped", at: "age", reply: press("q7:skip"), parts: [key("survey.answer.skipped")] },
  ])("$label", ({ at, reply, locale, draft, parts }) => {
    const result = send(sessionAt(at, { locale, draft }), reply);
    expect(result.intents[0]).toEqual({ type: "answered", ref: at, parts });
  });
});

describe("the ask of each question type", () => {
  function askAt(name: string, locale: Locale = "en"): Ask {
    const result = send(sessionAt(name, { locale }), { type: "unsupported" });
    const [intent] = result.intents;
    if (intent?.type !== "reask") throw new Error("not a reask");
    return intent.ask;
  }
  const rowsOfIds = (ask: Ask) => ask.buttons.map((row) => row.map((b) => b.id));
  const NAV = (i: number, skip: boolean) => (skip ? [`q${i}:back`, `q${i}:skip`] : [`q${i}:back`]);

  it.each([
    { at: "topics", input: "buttons", rows: [["q1:t0"], ["q1:t1"], ["q1:t2"], ["q1:t3"], ["q1:done"], NAV(1, false)] },
    { at: "overall", input: "buttons", rows: [["q2:1"], ["q2:2"], ["q2:3"], ["q2:4"], ["q2:5"], NAV(2, false)] },
    { at: "mood", input: "buttons", rows: [["q3:1", "q3:2", "q3:3", "q3:4", "q3:5"], NAV(3, true)] },
    { at: "recommend", input: "buttons", rows: [["q4:y", "q4:n"], NAV(4, false)] },
    { at: "why_not", input: "text", rows: [NAV(5, false)] },
    {
      at: "nps",
      input: "buttons",
      rows: [["q6:0", "q6:1", "q6:2", "q6:3", "q6:4", "q6:5"], ["q6:6", "q6:7", "q6:8", "q6:9", "q6:10"], NAV(6, false)],
    },
    { at: "age", input: "number", rows: [NAV(7, true)] },
    { at: "comment", input: "text", rows: [NAV(8, true)] },
  ])("$at takes $input with rows $rows", ({ at, input, rows }) => {
    const ask = askAt(at);
    expect(ask.input).toBe(input);
    expect(rowsOfIds(ask)).toEqual(rows);
  });

  it.each([
    { at: "service", instructions: [{ type: "literal", text: "H1 ro" }] }, // its hint
    { at: "topics", instructions: [{ type: "i18n", key: "survey.instructions.multipleUpTo", params: { count: 2 } }] },
    { at: "overall", instructions: [] },
    { at: "mood", instructions: [{ type: "i18n", key: "survey.instructions.scale" }] },
    { at: "recommend", instructions: [] },
    { at: "why_not", instructions: [{ type: "i18n", key: "survey.instructions.text", params: { count: 20 } }] },
    { at: "nps", instructions: [{ type: "i18n", key: "survey.instructions.nps" }] },
    { at: "age", instructions: [{ type: "i18n", key: "survey.instructions.number", params: { min: 0, max: 120 } }] },
  ])("$at follows its label with $instructions", ({ at, instructions }) => {
    const ask = askAt(at, "ro");
    const index = indexOf(at);
    expect(ask.parts[0]).toMatchObject({ type: "i18n", key: "survey.progress" });
    expect(ask.parts[1]).toEqual({ type: "literal", text: `Q${index + 1} ro` });
    expect(ask.parts.slice(2)).toEqual(instructions);
  });

  it("worded ratings use the interface's five labels; faces go from sad to happy", () => {
    expect(
      askAt("overall")
        .buttons.slice(0, 5)
        .map((row) => row[0]?.label),
    ).toEqual([1, 2, 3, 4, 5].map((p) => ({ type: "i18n", key: `survey.rating.${p}` })));
    expect(askAt("mood").buttons[0]?.map((b) => b.label)).toEqual(
      ["😞", "🙁", "😐", "🙂", "😄"].map((text) => ({ type: "literal", text })),
    );
  });

  it("yes/no buttons are labelled by the interface", () => {
    expect(askAt("recommend").buttons[0]?.map((b) => b.label)).toEqual([
      { type: "i18n", key: "survey.button.yes" },
      { type: "i18n", key: "survey.button.no" },
    ]);
  });
});

describe("question kinds on their own", () => {
  it.each([
    { type: "select_one", input: "buttons" },
    { type: "select_multiple", input: "buttons" },
    { type: "rating", input: "buttons" },
    { type: "yes_no", input: "buttons" },
    { type: "nps", input: "buttons" },
    { type: "number", input: "number" },
    { type: "text", input: "text" },
  ])("$type takes $input", ({ type, input }) => {
    const q = QUESTIONS.find((x) => x.type === type) as Question;
    expect(kindOf(q).input).toBe(input);
  });

  describe("rating with its own scale", () => {
    const scale = ["Never", "Rarely", "Sometimes", "Often", "Always"].map((w) => ({
      ro: `${w} ro`,
      ru: `${w} ru`,
      uk: `${w} uk`,
      en: w,
    }));
    const words = makeQuestion({ type: "rating", scale });
    const faces = makeQuestion({ type: "rating", style: "faces", scale });

    it("shows the scale's words, one per row", () => {
      expect(kindOf(words).buttons(ctxFor(words, "ru"))).toEqual(
        scale.map((s, i) => [{ id: `q3:${i + 1}`, label: { type: "literal", text: s.ru } }]),
      );
    });

    it.each([
      { question: "words", text: "Often", value: 4 },
      { question: "words", text: "  sometimes ", value: 3 },
      { question: "faces", text: "always", value: 5 },
      { question: "faces", text: "2", value: 2 },
    ])("accepts $text typed on the $question style as $value", ({ question, text, value }) => {
      const q = question === "words" ? words : faces;
      expect(kindOf(q).text(ctxFor(q), text)).toEqual({ type: "answer", value });
    });

    it("does not accept another language's word", () => {
      expect(kindOf(words).text(ctxFor(words, "en"), "Often ro")).toEqual({ type: "reask", reason: "expected_button" });
    });

    it("summarises with the scale's word, or the face", () => {
      expect(kindOf(words).summary(ctxFor(words, "uk"), 1)).toEqual([{ type: "literal", text: "Never uk" }]);
      expect(kindOf(faces).summary(ctxFor(faces, "uk"), 1)).toEqual([{ type: "literal", text: "😞" }]);
    });
  });

  it("a star rating is one row of one to five stars", () => {
    const stars = makeQuestion({ type: "rating", style: "stars" });
    const rows = kindOf(stars).buttons(ctxFor(stars));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.map((b) => b.label)).toEqual([1, 2, 3, 4, 5].map((n) => ({ type: "literal", text: "⭐".repeat(n) })));
    expect(kindOf(stars).summary(ctxFor(stars), 3)).toEqual([{ type: "literal", text: "⭐⭐⭐" }]);
    expect(kindOf(stars).instructions(ctxFor(stars))).toEqual([{ type: "i18n", key: "survey.instructions.scale" }]);
  });

  describe("number that allows decimals", () => {
    const q = makeQuestion({ type: "number", min: 1, max: 10, integer: false });

    it.each([
      { text: "12,5", reply: { type: "reask", reason: "above_max", params: { max: 10 } } },
      { text: "2,5", reply: { type: "answer", value: 2.5 } },
      { text: "2.5", reply: { type: "answer", value: 2.5 } },
      { text: "0,5", reply: { type: "reask", reason: "below_min", params: { min: 1 } } },
      { text: "10,0", reply: { type: "answer", value: 10 } },
      { text: "1,", reply: { type: "reask", reason: "not_a_number", params: { min: 1, max: 10 } } },
      { text: ",5", reply: { type: "reask", reason: "not_a_number", params: { min: 1, max: 10 } } },
    ])("$text → $reply", ({ text, reply }) => {
      expect(kindOf(q).text(ctxFor(q), text)).toEqual(reply);
    });

    it("presses are always stale", () => {
      expect(kindOf(q).press(ctxFor(q), "5")).toEqual({ type: "stale" });
    });
  });

  it("a number question defaults to whole numbers", () => {
    const q = makeQuestion({ type: "number", min: 0, max: 10 });
    expect(q).toMatchObject({ integer: true });
    expect(kindOf(q).text(ctxFor(q), "2,5")).toEqual({ type: "reask", reason: "not_integer" });
  });

  it("checks whole numbers before bounds", () => {
    const q = makeQuestion({ type: "number", min: 1, max: 10 });
    expect(kindOf(q).text(ctxFor(q), "0,5")).toEqual({ type: "reask", reason: "not_integer" });
  });

  it("a text question defaults to 1000 characters and counts characters, not UTF-16 units", () => {
    const q = makeQuestion({ type: "text" });
    expect(q).toMatchObject({ maxLength: 1000, shareable: false });
    expect(kindOf(q).instructions(ctxFor(q))).toEqual([
      { type: "i18n", key: "survey.instructions.text", params: { count: 1000 } },
    ]);
    expect(kindOf(q).text(ctxFor(q), "😀".repeat(1000))).toEqual({ type: "answer", value: "😀".repeat(1000) });
    expect(kindOf(q).text(ctxFor(q), "я".repeat(1001))).toEqual({
      type: "reask",
      reason: "too_long",
      params: { count: 1000, length: 1001 },
    });
  });

  it("a text longer only because of surrounding spaces is accepted, trimmed", () => {
    const q = makeQuestion({ type: "text", maxLength: 3 });
    expect(kindOf(q).text(ctxFor(q), "   abc   ")).toEqual({ type: "answer", value: "abc" });
  });

  describe("multiple choice without a limit, optional", () => {
    const q = makeQuestion({
      type: "select_multiple",
      required: false,
      choices: ["a", "b", "c"].map((n) => ({ name: n, label: text4(n.toUpperCase()) })),
    });

    it("instructions do not mention a limit", () => {
      expect(kindOf(q).instructions(ctxFor(q))).toEqual([{ type: "i18n", key: "survey.instructions.multiple" }]);
    });

    it("every choice can be ticked", () => {
      expect(kindOf(q).press(ctxFor(q, "en", ["a", "b"]), "t2")).toEqual({ type: "toggle", draft: ["a", "b", "c"] });
    });

    it("done with nothing ticked on an optional question is a skip (recorded as null)", () => {
      expect(kindOf(q).press(ctxFor(q), "done")).toEqual({ type: "skip" });
    });
  });

  it("select_one summarises an unknown stored value as itself", () => {
    const q = questionNamed("service");
    expect(kindOf(q).summary(ctxFor(q), "gone")).toEqual([{ type: "literal", text: "gone" }]);
  });
});

describe("button suffixes are checked exactly", () => {
  it.each([
    { at: "service", data: "q0:1x" },
    { at: "service", data: "q0:1 " },
    { at: "topics", data: "q1:t1x" },
    { at: "topics", data: "q1:done " },
    { at: "overall", data: "q2:3x" },
    { at: "recommend", data: "q4:yx" },
    { at: "nps", data: "q6:10x" },
    { at: "mood", data: "q3:skipx" },
    { at: "overall", data: "q2:backx" },
  ])("$data is stale on $at", ({ at, data }) => {
    expect(send(sessionAt(at), press(data)).intents).toEqual([{ type: "stale" }]);
  });

  it("q0:01 is not choice 1", () => {
    expect(send(sessionAt("service"), press("q0:01")).intents).toEqual([{ type: "stale" }]);
  });

  it("q02:3 is not q2:3", () => {
    expect(send(sessionAt("overall"), press("q02:3")).intents).toEqual([{ type: "stale" }]);
  });
});

describe("typed-text helpers", () => {
  it.each([
    { input: "  Hello   World ", folded: "hello world" },
    { input: "Tab\tand\nnewline", folded: "tab and newline" },
    { input: "ŞTEFAN", folded: "stefan" },
    { input: "Ţară", folded: "tara" },
    { input: "şi ţi", folded: "si ti" },
    { input: "e\u0301", folded: "e" },
    { input: "Acasă", folded: "acasa" },
    { input: "ПРИВІТ", folded: "привіт" },
  ])("fold($input) is $folded", ({ input, folded }) => {
    expect(fold(input)).toBe(folded);
  });

  it("cedilla and comma-below Romanian spellings fold alike", () => {
    expect(fold("Îngrijire la domiciliu, Ş")).toBe(fold("îngrijire la domiciliu, ș"));
  });

  it.each([
    { input: "4", value: 4 },
    { input: " 10 ", value: 10 },
    { input: "007", value: 7 },
    { input: "999", value: 999 },
    { input: "1000", value: null },
    { input: "-1", value: null },
    { input: "+1", value: null },
    { input: "4.0", value: null },
    { input: "4,0", value: null },
    { input: "", value: null },
    { input: "٣", value: null },
    { input: "four", value: null },
  ])("typedInteger($input) is $value", ({ input, value }) => {
    expect(typedInteger(input)).toBe(value);
  });

  it.each([
    { input: "12", value: 12 },
    { input: "12,5", value: 12.5 },
    { input: "12.5", value: 12.5 },
    { input: " -3 ", value: -3 },
    { input: "+3", value: 3 },
    { input: "1 000", value: 1000 },
    { input: "0", value: 0 },
    { input: "abc", value: null },
    { input: "", value: null },
    { input: "12,5,1", value: null },
    { input: "1e3", value: null },
    { input: ".5", value: null },
    { input: "5.", value: null },
    { input: "0x10", value: null },
    { input: "Infinity", value: null },
    { input: "NaN", value: null },
    { input: "--1", value: null },
  ])("parseNumber($input) is $value", ({ input, value }) => {
    expect(parseNumber(input)).toBe(value);
  });
});

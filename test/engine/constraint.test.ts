import { describe, expect, it } from "vitest";
import { fits, holds } from "../../src/engine/condition.ts";
import { type Condition, type SurveyVersion, validateSurvey } from "../../src/engine/definition.ts";
import type { Intent } from "../../src/engine/intents.ts";
import type { AnswerValue, SessionState } from "../../src/engine/state.ts";
import { step } from "../../src/engine/step.ts";
import { iso, press, T0, text4, typed } from "../support/engine.ts";

const ANSWERS: Record<string, AnswerValue> = {
  service: "home",
  topics: ["food", "care"],
  overall: 4,
  mood: null,
  comment: "Good",
};

describe("holds, with the tests XLSForm expressions compile to", () => {
  it.each<{ label: string; condition: Condition; holds: boolean }>([
    { label: "not of a met test", condition: { not: { question: "service", equals: "home" } }, holds: false },
    { label: "not of an unmet test", condition: { not: { question: "service", equals: "office" } }, holds: true },
    { label: "not of a test on a skipped question", condition: { not: { question: "mood", min: 1 } }, holds: true },
    { label: "below, strictly", condition: { question: "overall", below: 4 }, holds: false },
    { label: "below a larger bound", condition: { question: "overall", below: 5 }, holds: true },
    { label: "above, strictly", condition: { question: "overall", above: 4 }, holds: false },
    { label: "above a smaller bound", condition: { question: "overall", above: 3 }, holds: true },
    { label: "below on a skipped question", condition: { question: "mood", below: 10 }, holds: false },
    { label: "count of ticked choices", condition: { question: "topics", measure: "count", equals: 2 }, holds: true },
    { label: "count at most 1", condition: { question: "topics", measure: "count", max: 1 }, holds: false },
    { label: "count of a skipped question is 0", condition: { question: "mood", measure: "count", equals: 0 }, holds: true },
    { label: "count of a one-choice answer is 1", condition: { question: "service", measure: "count", min: 1 }, holds: true },
    { label: "length of a text", condition: { question: "comment", measure: "length", equals: 4 }, holds: true },
    { label: "length below", condition: { question: "comment", measure: "length", below: 4 }, holds: false },
    { label: "length of nothing is 0", condition: { question: "later", measure: "length", max: 0 }, holds: true },
    { label: "length with notIn", condition: { question: "comment", measure: "length", notIn: [4] }, holds: false },
  ])("$label", ({ condition, holds: expected }) => {
    expect(holds(condition, ANSWERS)).toBe(expected);
  });
});

const definition = validateSurvey({
  slug: "groups",
  title: text4("Title"),
  intro: text4("Intro"),
  thanks: text4("Thanks"),
  groups: [{ name: "about", label: text4("About you") }, { name: "quiet" }],
  questions: [
    { name: "age", type: "number", min: 0, max: 120, label: text4("Age"), group: "about", before: [text4("Welcome note")] },
    {
      name: "kids",
      type: "number",
      min: 0,
      max: 20,
      label: text4("Kids"),
      group: "about",
      constraint: { question: "kids", below: 10 },
      constraintMessage: text4("Fewer than ten"),
    },
    {
      name: "hidden",
      type: "text",
      required: false,
      label: text4("Hidden"),
      showIf: { question: "kids", min: 15 },
      before: [text4("Passed note")],
    },
    {
      name: "comment",
      type: "text",
      maxLength: 10,
      label: text4("Comment"),
      group: "quiet",
      requiredMessage: text4("Say something"),
      constraint: { not: { question: "comment", equals: "nothing" } },
    },
  ],
});
if (definition.type !== "valid") throw new Error(JSON.stringify(definition.errors));
const SURVEY: SurveyVersion = { version: 1, definition: definition.survey };

function run(events: ReturnType<typeof typed>[]): { state: SessionState | null; intents: Intent[][] } {
  let state: SessionState | null = null;
  const intents: Intent[][] = [];
  events.forEach((body, i) => {
    const r = step(SURVEY, state, { ...body, id: `e${i}`, at: iso(T0 + i * 1000) } as Parameters<typeof step>[2]);
    state = r.state;
    intents.push(r.intents);
  });
  return { state, intents };
}

const said = (intents: Intent[]) =>
  intents.flatMap((i) => (i.type === "say" ? i.parts.map((p) => (p.type === "literal" ? p.text : p.key)) : []));

describe("step with groups, notes and constraints", () => {
  const start = { type: "start", suggestedLocale: "en" } as const;

  it("says the group label and the notes once, before the first question of the group", () => {
    const { intents } = run([start, press("consent:yes"), typed("40"), typed("2")]);
    expect(said(intents[1] ?? [])).toEqual(["About you en", "Welcome note en"]);
    expect(said(intents[2] ?? [])).toEqual([]);
    // "hidden" is passed over: its note is said all the same; the unlabelled group says nothing.
    expect(said(intents[3] ?? [])).toEqual(["Passed note en"]);
  });

  it("re-asks with the survey's constraint message, and keeps the question", () => {
    const { state, intents } = run([start, press("consent:yes"), typed("40"), typed("12")]);
    const reask = intents[3]?.[0];
    expect(reask).toMatchObject({ type: "reask", reason: "custom", params: { message: "Fewer than ten en" } });
    expect(state?.current).toBe(1);
  });

  it("re-asks with the generic reason where the constraint has no message, and with the required message", () => {
    const { intents } = run([start, press("consent:yes"), typed("40"), typed("2"), typed("nothing"), typed("   ")]);
    expect(intents[4]?.[0]).toMatchObject({ type: "reask", reason: "constraint" });
    expect(intents[5]?.[0]).toMatchObject({ type: "reask", reason: "custom", params: { message: "Say something en" } });
  });

  it("uses the constraint message for the type's own bounds too", () => {
    const { intents } = run([start, press("consent:yes"), typed("40"), typed("25")]);
    expect(intents[3]?.[0]).toMatchObject({ type: "reask", reason: "custom", params: { message: "Fewer than ten en" } });
  });

  it("fits checks the answer under the question's own name", () => {
    const kids = SURVEY.definition.questions[1];
    if (!kids) throw new Error("no question");
    expect(fits(kids, {}, 9)).toBe(true);
    expect(fits(kids, {}, 10)).toBe(false);
  });

  it("refuses a group that is not declared, and a constraint on a later question", () => {
    const bad = validateSurvey({
      ...definition.survey,
      questions: [
        { ...definition.survey.questions[0], group: "nowhere", constraint: { question: "kids", min: 1 } },
        ...definition.survey.questions.slice(1),
      ],
    });
    expect(bad.type).toBe("invalid");
    const messages = bad.type === "invalid" ? bad.errors.map((e) => e.message).join("\n") : "";
    expect(messages).toContain('group "nowhere" is not in groups');
    expect(messages).toContain('refers to "kids", which is neither this question nor an earlier one');
  });
});

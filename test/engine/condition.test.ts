import { describe, expect, it } from "vitest";
import { holds, isShown } from "../../src/engine/condition.ts";
import type { Condition } from "../../src/engine/definition.ts";
import type { AnswerValue } from "../../src/engine/state.ts";
import { questionNamed } from "../support/engine.ts";

/** Answers so far: a choice, a list, numbers (one zero), a skip, an empty list, a numeric string. */
const ANSWERS: Record<string, AnswerValue> = {
  service: "home",
  topics: ["food", "care"],
  overall: 4,
  zero: 0,
  mood: null,
  none: [],
  code: "5",
};

type Case = { label: string; condition: Condition; holds: boolean };

const plain: Case[] = [
  // no operator: just "has an answer"
  { label: "a question with an answer, no operator", condition: { question: "service" }, holds: true },
  { label: "a skipped question, no operator", condition: { question: "mood" }, holds: false },
  { label: "an unanswered question, no operator", condition: { question: "later" }, holds: false },
  { label: "an answer of zero, no operator", condition: { question: "zero" }, holds: true },

  // equals
  { label: "equals the answer", condition: { question: "service", equals: "home" }, holds: true },
  { label: "equals another value", condition: { question: "service", equals: "office" }, holds: false },
  { label: "equals is case-sensitive", condition: { question: "service", equals: "Home" }, holds: false },
  { label: "equals one of a list's items", condition: { question: "topics", equals: "care" }, holds: true },
  { label: "equals an item not in the list", condition: { question: "topics", equals: "transport" }, holds: false },
  { label: "equals a number", condition: { question: "overall", equals: 4 }, holds: true },
  { label: "equals a number written as text", condition: { question: "overall", equals: "4" }, holds: true },
  { label: "equals text holding a number", condition: { question: "code", equals: 5 }, holds: true },
  { label: "equals zero", condition: { question: "zero", equals: 0 }, holds: true },
  { label: "equals on a skipped question", condition: { question: "mood", equals: "null" }, holds: false },
  { label: "equals on an unanswered question", condition: { question: "later", equals: "x" }, holds: false },

  // in / notIn
  { label: "in, with the answer listed", condition: { question: "service", in: ["office", "home"] }, holds: true },
  { label: "in, without the answer", condition: { question: "service", in: ["office", "phone"] }, holds: false },
  { label: "in, sharing one item with a list answer", condition: { question: "topics", in: ["transport", "food"] }, holds: true },
  {
    label: "in, sharing nothing with a list answer",
    condition: { question: "topics", in: ["transport", "other"] },
    holds: false,
  },
  { label: "in, with numbers", condition: { question: "overall", in: [1, 2, 4] }, holds: true },
  { label: "in, on a skipped question", condition: { question: "mood", in: ["x"] }, holds: false },
  { label: "notIn, without the answer", condition: { question: "service", notIn: ["office", "phone"] }, holds: true },
  { label: "notIn, with the answer", condition: { question: "service", notIn: ["home"] }, holds: false },
  { label: "notIn, sharing one item with a list answer", condition: { question: "topics", notIn: ["care"] }, holds: false },
  { label: "notIn, sharing nothing with a list answer", condition: { question: "topics", notIn: ["other"] }, holds: true },
  { label: "notIn, on an empty list answer", condition: { question: "none", notIn: ["other"] }, holds: true },
  // A skipped or unanswered question satisfies no value condition, notIn included
  // (XLSForm's not(selected(...)) would be true there). Kept as the engine defines it.
  { label: "notIn, on a skipped question", condition: { question: "mood", notIn: ["x"] }, holds: true },
  { label: "notIn, on an unanswered question", condition: { question: "later", notIn: ["x"] }, holds: true },

  // min / max, inclusive, numbers only
  { label: "min below the answer", condition: { question: "overall", min: 3 }, holds: true },
  { label: "min equal to the answer", condition: { question: "overall", min: 4 }, holds: true },
  { label: "min above the answer", condition: { question: "overall", min: 5 }, holds: false },
  { label: "max above the answer", condition: { question: "overall", max: 5 }, holds: true },
  { label: "max equal to the answer", condition: { question: "overall", max: 4 }, holds: true },
  { label: "max below the answer", condition: { question: "overall", max: 3 }, holds: false },
  { label: "a range holding the answer", condition: { question: "overall", min: 4, max: 5 }, holds: true },
  { label: "a range missing the answer", condition: { question: "overall", min: 1, max: 3 }, holds: false },
  { label: "max on a zero answer", condition: { question: "zero", max: 0 }, holds: true },
  { label: "min on text holding a number", condition: { question: "code", min: 1 }, holds: false },
  { label: "min on a list", condition: { question: "topics", min: 0 }, holds: false },
  { label: "max on a skipped question", condition: { question: "mood", max: 10 }, holds: false },

  // answered
  { label: "answered: true, with an answer", condition: { question: "service", answered: true }, holds: true },
  { label: "answered: true, skipped", condition: { question: "mood", answered: true }, holds: false },
  { label: "answered: true, not reached", condition: { question: "later", answered: true }, holds: false },
  { label: "answered: true, an empty list", condition: { question: "none", answered: true }, holds: false },
  { label: "answered: false, with an answer", condition: { question: "service", answered: false }, holds: false },
  { label: "answered: false, skipped", condition: { question: "mood", answered: false }, holds: true },
  { label: "answered: false, not reached", condition: { question: "later", answered: false }, holds: true },
  {
    label: "answered: true and equals, both met",
    condition: { question: "service", answered: true, equals: "home" },
    holds: true,
  },
  {
    label: "answered: true and equals, one met",
    condition: { question: "service", answered: true, equals: "phone" },
    holds: false,
  },
];

const combined: Case[] = [
  {
    label: "all, every part met",
    condition: {
      all: [
        { question: "service", equals: "home" },
        { question: "overall", min: 4 },
      ],
    },
    holds: true,
  },
  {
    label: "all, one part unmet",
    condition: {
      all: [
        { question: "service", equals: "home" },
        { question: "overall", min: 5 },
      ],
    },
    holds: false,
  },
  {
    label: "any, one part met",
    condition: {
      any: [
        { question: "service", equals: "office" },
        { question: "topics", equals: "food" },
      ],
    },
    holds: true,
  },
  {
    label: "any, no part met",
    condition: {
      any: [
        { question: "service", equals: "office" },
        { question: "mood", answered: true },
      ],
    },
    holds: false,
  },
  {
    label: "all inside any",
    condition: {
      any: [
        {
          all: [
            { question: "service", equals: "office" },
            { question: "overall", max: 2 },
          ],
        },
        {
          all: [
            { question: "service", equals: "home" },
            { question: "topics", in: ["care"] },
          ],
        },
      ],
    },
    holds: true,
  },
  {
    label: "any inside all, one branch failing",
    condition: {
      all: [
        { question: "overall", min: 1 },
        {
          any: [
            { question: "mood", answered: true },
            { question: "code", equals: "6" },
          ],
        },
      ],
    },
    holds: false,
  },
];

describe("holds", () => {
  it.each(plain)("$label → $holds", ({ condition, holds: expected }) => {
    expect(holds(condition, ANSWERS)).toBe(expected);
  });

  it.each(combined)("$label → $holds", ({ condition, holds: expected }) => {
    expect(holds(condition, ANSWERS)).toBe(expected);
  });

  it("does not change the answers", () => {
    const answers = structuredClone(ANSWERS);
    for (const c of [...plain, ...combined]) holds(c.condition, answers);
    expect(answers).toEqual(ANSWERS);
  });

  it("with no answers at all, only answered: false and notIn hold (as XLSForm's not(selected()))", () => {
    expect(holds({ question: "service", answered: false }, {})).toBe(true);
    expect(holds({ question: "service", equals: "home" }, {})).toBe(false);
    expect(holds({ question: "service", notIn: ["home"] }, {})).toBe(true);
    expect(holds({ question: "service", notIn: ["home"], answered: true }, {})).toBe(false);
    expect(holds({ question: "service", notIn: ["home"], min: 1 }, {})).toBe(false);
    expect(holds({ any: [{ question: "a" }, { question: "b", answered: false }] }, {})).toBe(true);
  });
});

describe("isShown on the fixture", () => {
  it("a question without showIf is always shown", () => {
    expect(isShown(questionNamed("nps"), {})).toBe(true);
    expect(isShown(questionNamed("comment"), { recommend: "yes" })).toBe(true);
  });

  it.each([
    { label: 'recommend answered "no"', answers: { recommend: "no" }, shown: true },
    { label: 'recommend answered "yes"', answers: { recommend: "yes" }, shown: false },
    { label: "recommend not reached yet", answers: {}, shown: false },
    { label: "recommend skipped", answers: { recommend: null }, shown: false },
  ])("why_not with $label → shown: $shown", ({ answers, shown }) => {
    expect(isShown(questionNamed("why_not"), answers as Record<string, AnswerValue>)).toBe(shown);
  });
});

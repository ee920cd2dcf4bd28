import { describe, expect, it } from "vitest";
import { describeIssue, type XlsformRead } from "../../../src/surveys/xlsform/index.ts";
import { headers4, type Rows, readSheets, SETTINGS, texts4 } from "../../support/xlsform.ts";

const HEAD = [
  "type",
  "name",
  ...headers4("label"),
  "required",
  "relevant",
  "constraint",
  "appearance",
  "parameters",
  "choice_filter",
];
const CHOICES: Rows = [
  ["list_name", "name", ...headers4("label")],
  ["colours", "red", ...texts4("Red")],
  ["colours", "blue", ...texts4("Blue")],
  ["yn", "yes", ...texts4("Yes")],
  ["yn", "no", ...texts4("No")],
  ["likert", "1", ...texts4("Bad")],
  ["likert", "2", ...texts4("Poor")],
  ["likert", "3", ...texts4("So-so")],
  ["likert", "4", ...texts4("Good")],
  ["likert", "5", ...texts4("Great")],
];

/** A row of the survey sheet: type, name, then named columns. */
function q(type: string, name: string, extra: Partial<Record<(typeof HEAD)[number], string>> = {}): string[] {
  return HEAD.map((h, i) =>
    i === 0 ? type : i === 1 ? name : h.startsWith("label::") ? `${name} ${h.slice(-3, -1)}` : (extra[h] ?? ""),
  );
}

function valid(read: XlsformRead) {
  if (read.type !== "valid") throw new Error(read.issues.map(describeIssue).join("\n"));
  return read.survey;
}

describe("reading XLSForm types", () => {
  it("maps each type and column onto a Glas question", async () => {
    const survey = valid(
      await readSheets({
        survey: [
          HEAD,
          q("select_one colours", "colour", { required: "yes" }),
          q("select_multiple colours", "colours", { required: "TRUE", constraint: "count-selected(.) <= 1" }),
          q("select one yn", "agree", { required: "true()" }),
          q("acknowledge", "ack"),
          q("select_one likert", "mood", { appearance: "likert" }),
          q("range", "stars", { parameters: "start=1 end=5 step=1", appearance: "rating" }),
          q("range", "nps", { parameters: "start=0;end=10;step=1" }),
          q("range", "half", { parameters: "start=0 end=5 step=0.5" }),
          q("integer", "age", { constraint: ". > 17 and . < 121" }),
          q("decimal", "weight", { constraint: ". >= 0.5 and . <= 300 and . != 100" }),
          q("text", "why", { relevant: "${agree} = 'no' or ${age} >= 65", constraint: "string-length(.) <= 200" }),
        ],
        choices: CHOICES,
        settings: SETTINGS,
      }),
    );
    expect(survey.slug).toBe("test-form");
    const byName = Object.fromEntries(survey.questions.map((x) => [x.name, x]));
    expect(byName.colour).toMatchObject({ type: "select_one", required: true, choices: [{ name: "red" }, { name: "blue" }] });
    expect(byName.colours).toMatchObject({ type: "select_multiple", maxChoices: 1 });
    expect(byName.agree).toMatchObject({ type: "yes_no", required: true });
    expect(byName.ack).toMatchObject({ type: "yes_no", required: false });
    expect(byName.mood).toMatchObject({
      type: "rating",
      style: "words",
      scale: [{ en: "Bad en" }, {}, {}, {}, { ro: "Great ro" }],
    });
    expect(byName.stars).toMatchObject({ type: "rating", style: "stars" });
    expect(byName.stars).not.toHaveProperty("scale");
    expect(byName.nps).toMatchObject({ type: "nps" });
    expect(byName.half).toMatchObject({ type: "number", min: 0, max: 5, integer: false });
    expect(byName.age).toMatchObject({ type: "number", min: 18, max: 120, integer: true });
    expect(byName.age).not.toHaveProperty("constraint");
    expect(byName.weight).toMatchObject({ min: 0.5, max: 300, constraint: { question: "weight", notIn: [100] } });
    expect(byName.why).toMatchObject({
      maxLength: 200,
      showIf: {
        any: [
          { question: "agree", equals: "no" },
          { question: "age", min: 65 },
        ],
      },
    });
  });

  it("flattens groups (both spellings), folds a group's relevant into its questions and keeps notes and labels", async () => {
    const read = await readSheets({
      survey: [
        HEAD,
        q("start", "start"),
        q("select_one yn", "adult"),
        q("begin_group", "g1"),
        q("note", "hello"),
        q("text", "a", { relevant: "${adult} = 'yes'" }),
        q("end_group", ""),
        q("begin group", "g2", { relevant: "${adult} = 'no'" }),
        q("text", "b"),
        q("text", "c", { relevant: "${b} != ''" }),
        q("end group", ""),
        q("note", "bye"),
        q("audit", "audit"),
      ],
      choices: CHOICES,
      settings: SETTINGS,
    });
    const survey = valid(read);
    expect(survey.groups).toEqual([
      { name: "g1", label: { ro: "g1 ro", ru: "g1 ru", uk: "g1 uk", en: "g1 en" } },
      { name: "g2", label: { ro: "g2 ro", ru: "g2 ru", uk: "g2 uk", en: "g2 en" } },
    ]);
    expect(survey.questions.map((x) => [x.name, x.group, x.showIf])).toEqual([
      ["adult", undefined, undefined],
      ["a", "g1", { question: "adult", equals: "yes" }],
      ["b", "g2", { question: "adult", equals: "no" }],
      [
        "c",
        "g2",
        {
          all: [
            { question: "adult", equals: "no" },
            { question: "b", answered: true },
          ],
        },
      ],
    ]);
    expect(survey.questions[1]?.before).toEqual([{ ro: "hello ro", ru: "hello ru", uk: "hello uk", en: "hello en" }]);
    expect(survey.thanks.en).toBe("bye en\n\nThanks en");
    expect(read.notes.map(describeIssue)).toEqual(
      expect.arrayContaining([
        'sheet "survey", row 2, column "type": "start" is filled in by a phone, not in a chat; the row is ignored',
        'sheet "survey", row 13, column "type": "audit" is filled in by a phone, not in a chat; the row is ignored',
      ]),
    );
  });

  it("adds or_other's choice and its follow-up question", async () => {
    const survey = valid(
      await readSheets({ survey: [HEAD, q("select_one colours or_other", "colour")], choices: CHOICES, settings: SETTINGS }),
    );
    expect(survey.questions).toMatchObject([
      { name: "colour", choices: [{ name: "red" }, { name: "blue" }, { name: "other", label: { en: "Other" } }] },
      { name: "colour_other", type: "text", showIf: { question: "colour", equals: "other" }, label: { en: "Please specify:" } },
    ]);
  });

  it("reads languages from names, codes and default_language, and ignores others with a note", async () => {
    const read = await readSheets({
      survey: [
        ["type", "name", "label", "label::Russian", "label::Українська", "label::English (en)", "label::Deutsch (de)"],
        ["text", "t", "Text ro", "Текст ru", "Текст uk", "Text en", "Text de"],
      ],
      settings: [
        [
          "form_id",
          "default_language",
          "form_title",
          "form_title::ru",
          "form_title::UK",
          "form_title::english",
          ...headers4("intro"),
          "thanks::Romanian",
          "thanks::Русский",
          "thanks::Ukrainian",
          "thanks::English",
        ],
        [
          "x",
          "Română (ro)",
          "Titlu",
          "Заголовок",
          "Заголовок",
          "Title",
          ...texts4("Intro"),
          "Mersi",
          "Спасибо",
          "Дякую",
          "Thanks",
        ],
      ],
    });
    const survey = valid(read);
    expect(survey.questions[0]?.label).toEqual({ ro: "Text ro", ru: "Текст ru", uk: "Текст uk", en: "Text en" });
    expect(survey.title).toEqual({ ro: "Titlu", ru: "Заголовок", uk: "Заголовок", en: "Title" });
    expect(survey.thanks.ro).toBe("Mersi");
    expect(read.notes.map(describeIssue)).toContain(
      'sheet "survey", row 1, column "label::Deutsch (de)": Glas speaks ro, ru, uk and en; the language "Deutsch (de)" is ignored',
    );
  });

  it("takes the slug from the file name when settings has no form_id, as pyxform does", async () => {
    const survey = valid(
      await readSheets(
        { survey: [HEAD, q("text", "t")], settings: [SETTINGS[0]?.slice(2) ?? [], SETTINGS[1]?.slice(2) ?? []] },
        "Feedback Form 2026.xlsx",
      ),
    );
    expect(survey.slug).toBe("feedback-form-2026");
  });
});

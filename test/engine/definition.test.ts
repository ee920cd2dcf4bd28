import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type Condition,
  NAME_MAX_CHARS,
  referencedQuestions,
  TEXT_MAX_LENGTH_LIMIT,
  type ValidationError,
  validateSurvey,
} from "../../src/engine/definition.ts";
import { isLocale, LOCALE_NAMES, LOCALES, matchLocale } from "../../src/engine/locale.ts";
import { FIXTURE_TEXT, text4 } from "../support/engine.ts";

// The fixture as parsed YAML, before validation; each test changes its own copy.
type Raw = {
  slug: string;
  title: Record<string, string>;
  intro: Record<string, string>;
  thanks: Record<string, string>;
  questions: Array<Record<string, unknown> & { name: string; label: Record<string, string> }>;
  [key: string]: unknown;
};

const raw = (): Raw => parse(FIXTURE_TEXT) as Raw;
const SURVEYS_DIR = new URL("../../surveys/", import.meta.url);

function q(survey: Raw, name: string) {
  const found = survey.questions.find((x) => x.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found;
}

function errorsOf(input: unknown): ValidationError[] {
  const result = validateSurvey(input);
  if (result.type === "valid") throw new Error("expected the survey to be invalid");
  return result.errors;
}

describe("the test fixture", () => {
  it("is a valid survey with every question type", () => {
    const result = validateSurvey(raw());
    expect(result.type).toBe("valid");
    if (result.type !== "valid") return;
    const types = new Set(result.survey.questions.map((x) => x.type));
    expect([...types].sort()).toEqual(["nps", "number", "rating", "select_multiple", "select_one", "text", "yes_no"]);
  });

  it("gets the schema's defaults filled in", () => {
    const result = validateSurvey(raw());
    if (result.type !== "valid") throw new Error("invalid fixture");
    const s = result.survey;
    expect(s).toMatchObject({ anonymous: true, audience: "adult" });
    expect(s.minCell).toBeUndefined();
    expect(s.questions.find((x) => x.name === "service")).toMatchObject({ required: true });
    expect(s.questions.find((x) => x.name === "overall")).toMatchObject({ style: "words" });
    expect(s.questions.find((x) => x.name === "age")).toMatchObject({ integer: true, required: false });
    expect(s.questions.find((x) => x.name === "comment")).toMatchObject({ maxLength: 20, shareable: false });
  });

  it("is not changed by validation", () => {
    const input = raw();
    const copy = structuredClone(input);
    validateSurvey(input);
    expect(input).toEqual(copy);
  });
});

describe("the surveys shipped in surveys/", () => {
  const files = readdirSync(SURVEYS_DIR).filter((f) => f.endsWith(".yaml"));

  it("are there", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s is valid", (file) => {
    const result = validateSurvey(parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8")));
    expect(result.type === "valid" ? [] : result.errors).toEqual([]);
  });

  it.each(files)("%s is named after its slug", (file) => {
    const result = validateSurvey(parse(readFileSync(new URL(file, SURVEYS_DIR), "utf8")));
    if (result.type !== "valid") throw new Error("invalid");
    expect(`${result.survey.slug}.yaml`).toBe(file);
  });
});

describe("a missing translation", () => {
  it.each<{ label: string; change: (s: Raw) => void; path: string; message: string }>([
    {
      label: "a title without uk",
      change: (s) => delete s.title.uk,
      path: "title.uk",
      message: 'survey "all-types": missing translation for "uk"',
    },
    {
      label: "an empty ru intro",
      change: (s) => {
        s.intro.ru = "";
      },
      path: "intro.ru",
      message: 'survey "all-types": missing translation for "ru"',
    },
    {
      label: "a blank ro thanks",
      change: (s) => {
        s.thanks.ro = "   ";
      },
      path: "thanks.ro",
      message: 'survey "all-types": missing translation for "ro"',
    },
    {
      label: "a question label without en",
      change: (s) => delete q(s, "overall").label.en,
      path: "questions.2.label.en",
      message: 'survey "all-types", question "overall": missing translation for "en"',
    },
    {
      label: "a hint without uk",
      change: (s) => delete (q(s, "service").hint as Record<string, string>).uk,
      path: "questions.0.hint.uk",
      message: 'survey "all-types", question "service": missing translation for "uk"',
    },
    {
      label: "a choice without ro",
      change: (s) => delete (q(s, "topics").choices as { label: Record<string, string> }[])[2]?.label.ro,
      path: "questions.1.choices.2.label.ro",
      message: 'survey "all-types", question "topics": missing translation for "ro"',
    },
    {
      label: "a rating scale word without ru",
      change: (s) => {
        const scale = [1, 2, 3, 4, 5].map((n) => text4(`P${n}`)) as Record<string, string>[];
        delete scale[3]?.ru;
        q(s, "overall").scale = scale;
      },
      path: "questions.2.scale.3.ru",
      message: 'survey "all-types", question "overall": missing translation for "ru"',
    },
    {
      label: "a null en label on the last question",
      change: (s) => {
        (q(s, "comment").label as Record<string, unknown>).en = null;
      },
      path: "questions.8.label.en",
      message: 'survey "all-types", question "comment": missing translation for "en"',
    },
  ])("$label is reported with the survey, the question and the locale", ({ change, path, message }) => {
    const survey = raw();
    change(survey);
    expect(errorsOf(survey)).toEqual([{ path, message }]);
  });

  it("reports every missing locale of a text, one error each", () => {
    const survey = raw();
    q(survey, "nps").label = { ro: "only ro" };
    expect(errorsOf(survey).map((e) => e.path)).toEqual(["questions.6.label.ru", "questions.6.label.uk", "questions.6.label.en"]);
  });

  it("names a question without a usable name by its position", () => {
    const survey = raw();
    const question = q(survey, "mood") as Record<string, unknown>;
    delete question.name;
    delete (question.label as Record<string, string>).ro;
    const messages = errorsOf(survey).map((e) => e.message);
    expect(messages).toContain('survey "all-types", question #4: missing translation for "ro"');
  });

  it("without a slug, says so", () => {
    const survey = raw() as Partial<Raw>;
    delete survey.slug;
    delete survey.title?.en;
    expect(errorsOf(survey)).toContainEqual({ path: "title.en", message: 'survey "(no slug)": missing translation for "en"' });
  });
});

describe("structural errors", () => {
  it.each<{ label: string; change: (s: Raw) => void; path: string; message: string }>([
    {
      label: "two questions with the same name",
      change: (s) => {
        q(s, "mood").name = "service";
      },
      path: "questions.3.name",
      message: 'survey "all-types", question "service": "service" is used twice',
    },
    {
      label: "two choices with the same name",
      change: (s) => {
        (q(s, "service").choices as { name: string }[])[2] = {
          ...(q(s, "service").choices as { name: string }[])[2],
          name: "office",
        };
      },
      path: "questions.0.choices.2.name",
      message: 'survey "all-types", question "service": choice "office" is used twice',
    },
    {
      label: "showIf on a later question",
      change: (s) => {
        q(s, "overall").showIf = { question: "nps", min: 9 };
      },
      path: "questions.2.showIf",
      message: 'survey "all-types", question "overall": refers to "nps", which is not an earlier question',
    },
    {
      label: "showIf on an unknown question",
      change: (s) => {
        q(s, "comment").showIf = { question: "ghost", answered: true };
      },
      path: "questions.8.showIf",
      message: 'survey "all-types", question "comment": refers to "ghost", which is not an earlier question',
    },
    {
      label: "showIf on the question itself",
      change: (s) => {
        q(s, "recommend").showIf = { question: "recommend", answered: true };
      },
      path: "questions.4.showIf",
      message: 'survey "all-types", question "recommend": refers to "recommend", which is not an earlier question',
    },
    {
      label: "showIf nesting a later question inside all/any",
      change: (s) => {
        q(s, "overall").showIf = { all: [{ question: "service", equals: "home" }, { any: [{ question: "age", min: 1 }] }] };
      },
      path: "questions.2.showIf",
      message: 'survey "all-types", question "overall": refers to "age", which is not an earlier question',
    },
    {
      label: "a number question with min above max",
      change: (s) => {
        q(s, "age").min = 200;
      },
      path: "questions.7.min",
      message: 'survey "all-types", question "age": min is greater than max',
    },
  ])("$label is reported", ({ change, path, message }) => {
    const survey = raw();
    change(survey);
    expect(errorsOf(survey)).toEqual([{ path, message }]);
  });

  it("a number question with min equal to max is fine", () => {
    const survey = raw();
    Object.assign(q(survey, "age"), { min: 5, max: 5 });
    expect(validateSurvey(survey).type).toBe("valid");
  });

  it("a showIf on an earlier question, however nested, is fine", () => {
    const survey = raw();
    q(survey, "comment").showIf = {
      any: [
        { question: "recommend", equals: "no" },
        {
          all: [
            { question: "nps", max: 6 },
            { question: "age", answered: true },
          ],
        },
      ],
    };
    expect(validateSurvey(survey).type).toBe("valid");
  });

  // `patch` sets fields of the named question (or of the survey, without `question`); undefined deletes.
  const choicesOf = (survey: Raw, name: string) => q(survey, name).choices as { name: string }[];
  it.each<{ label: string; question?: string; patch: (s: Raw) => Record<string, unknown>; path: string }>([
    { label: "an upper-case question name", question: "nps", patch: () => ({ name: "NPS" }), path: "questions.6.name" },
    {
      label: "a question name starting with a digit",
      question: "nps",
      patch: () => ({ name: "1nps" }),
      path: "questions.6.name",
    },
    {
      label: `a question name over ${NAME_MAX_CHARS} characters`,
      question: "nps",
      patch: () => ({ name: "n".repeat(NAME_MAX_CHARS + 1) }),
      path: "questions.6.name",
    },
    {
      label: "a choice name with a dash",
      question: "topics",
      patch: (s) => ({ choices: choicesOf(s, "topics").map((c, i) => (i === 0 ? { ...c, name: "fo-od" } : c)) }),
      path: "questions.1.choices.0.name",
    },
    { label: "a slug with an underscore", patch: () => ({ slug: "all_types" }), path: "slug" },
    { label: "a slug over 40 characters", patch: () => ({ slug: "a".repeat(41) }), path: "slug" },
    { label: "a lower-case indicator", question: "nps", patch: () => ({ indicator: "nps" }), path: "questions.6.indicator" },
    {
      label: "a single choice",
      question: "service",
      patch: (s) => ({ choices: choicesOf(s, "service").slice(0, 1) }),
      path: "questions.0.choices",
    },
    {
      label: "21 choices",
      question: "service",
      patch: () => ({ choices: Array.from({ length: 21 }, (_, i) => ({ name: `c${i}`, label: text4(`C${i}`) })) }),
      path: "questions.0.choices",
    },
    { label: "maxChoices of 0", question: "topics", patch: () => ({ maxChoices: 0 }), path: "questions.1.maxChoices" },
    { label: "maxChoices of 1.5", question: "topics", patch: () => ({ maxChoices: 1.5 }), path: "questions.1.maxChoices" },
    { label: "an unknown rating style", question: "mood", patch: () => ({ style: "hearts" }), path: "questions.3.style" },
    {
      label: "a rating scale of four",
      question: "overall",
      patch: () => ({ scale: [1, 2, 3, 4].map((n) => text4(`P${n}`)) }),
      path: "questions.2.scale",
    },
    {
      label: `a text maxLength over ${TEXT_MAX_LENGTH_LIMIT}`,
      question: "comment",
      patch: () => ({ maxLength: TEXT_MAX_LENGTH_LIMIT + 1 }),
      path: "questions.8.maxLength",
    },
    { label: "a text maxLength of 0", question: "comment", patch: () => ({ maxLength: 0 }), path: "questions.8.maxLength" },
    { label: "a number question without max", question: "age", patch: () => ({ max: undefined }), path: "questions.7.max" },
    { label: "required as a string", question: "age", patch: () => ({ required: "no" }), path: "questions.7.required" },
    { label: "an unknown question type", question: "nps", patch: () => ({ type: "slider" }), path: "questions.6.type" },
    { label: "a property the type does not have", question: "nps", patch: () => ({ maxChoices: 2 }), path: "questions.6" },
    {
      label: "a misspelt showIf operator",
      question: "comment",
      patch: () => ({ showIf: { question: "nps", equal: 1 } }),
      path: "questions.8.showIf",
    },
    { label: "an empty showIf all", question: "comment", patch: () => ({ showIf: { all: [] } }), path: "questions.8.showIf.all" },
    { label: "an unknown top-level field", patch: () => ({ colour: "blue" }), path: "" },
    { label: "no questions", patch: () => ({ questions: [] }), path: "questions" },
    {
      label: "41 questions",
      patch: () => ({
        questions: Array.from({ length: 41 }, (_, i) => ({ name: `q${i}`, type: "yes_no", label: text4(`Q${i}`) })),
      }),
      path: "questions",
    },
    { label: "an unknown audience", patch: () => ({ audience: "elderly" }), path: "audience" },
    { label: "a minCell of 0", patch: () => ({ minCell: 0 }), path: "minCell" },
  ])("$label is reported at $path", ({ question, patch, path }) => {
    const survey = raw();
    const target: Record<string, unknown> = question ? q(survey, question) : survey;
    for (const [key, value] of Object.entries(patch(survey))) {
      if (value === undefined) delete target[key];
      else target[key] = value;
    }
    const errors = errorsOf(survey);
    expect(errors.map((e) => e.path)).toContain(path);
    for (const e of errors) expect(e.message.startsWith(`survey "${survey.slug}"`), e.message).toBe(true);
  });

  it.each([
    { label: "null", input: null },
    { label: "a string", input: "slug: x" },
    { label: "a number", input: 42 },
    { label: "an array", input: [] },
    { label: "an empty object", input: {} },
  ])("$label is invalid, for want of a slug", ({ input }) => {
    const errors = errorsOf(input);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).toMatch(/^survey "\(no slug\)"/);
  });

  it("extra locales in a text are ignored rather than refused", () => {
    const survey = raw();
    (q(survey, "nps").label as Record<string, string>).de = "F7 de";
    const result = validateSurvey(survey);
    expect(result.type).toBe("valid");
    if (result.type === "valid") expect(result.survey.questions[6]?.label).not.toHaveProperty("de");
  });
});

describe("referencedQuestions", () => {
  it.each<{ label: string; condition: Condition; refs: string[] }>([
    { label: "a plain condition", condition: { question: "a", equals: 1 }, refs: ["a"] },
    { label: "all", condition: { all: [{ question: "a" }, { question: "b" }] }, refs: ["a", "b"] },
    { label: "any", condition: { any: [{ question: "a" }, { question: "a" }] }, refs: ["a", "a"] },
    {
      label: "nested all/any",
      condition: { all: [{ question: "a" }, { any: [{ question: "b" }, { all: [{ question: "c" }] }] }] },
      refs: ["a", "b", "c"],
    },
  ])("lists the questions of $label", ({ condition, refs }) => {
    expect(referencedQuestions(condition)).toEqual(refs);
  });
});

describe("locales", () => {
  it("are Romanian, Russian, Ukrainian and English, each with its own name", () => {
    expect(LOCALES).toEqual(["ro", "ru", "uk", "en"]);
    expect(Object.keys(LOCALE_NAMES).sort()).toEqual([...LOCALES].sort());
  });

  it.each([
    { tag: "uk", locale: "uk" },
    { tag: "ru-RU", locale: "ru" },
    { tag: "ro-MD", locale: "ro" },
    { tag: "RO", locale: "ro" },
    { tag: "en_GB", locale: "en" },
    { tag: "en-Latn-US", locale: "en" },
    { tag: "mo", locale: "ro" },
    { tag: "mo-MD", locale: "ro" },
    { tag: "de", locale: null },
    { tag: "be", locale: null },
    { tag: "ukr", locale: null },
    { tag: "-ru", locale: null },
    { tag: "", locale: null },
    { tag: null, locale: null },
    { tag: undefined, locale: null },
  ])("matchLocale($tag) is $locale", ({ tag, locale }) => {
    expect(matchLocale(tag)).toBe(locale);
  });

  it.each([
    { value: "ro", is: true },
    { value: "en", is: true },
    { value: "EN", is: false },
    { value: "mo", is: false },
    { value: "", is: false },
    { value: null, is: false },
    { value: 1, is: false },
  ])("isLocale($value) is $is", ({ value, is }) => {
    expect(isLocale(value)).toBe(is);
  });
});

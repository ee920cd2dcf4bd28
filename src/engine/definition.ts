import { z } from "zod";
import { LOCALES, type Locale } from "./locale.ts";

/** Names become parts of button ids; Telegram caps callback data at 64 bytes. */
export const NAME_MAX_CHARS = 24;
export const TEXT_MAX_LENGTH_LIMIT = 4000;
export const DEFAULT_TEXT_MAX_LENGTH = 1000;
export const RATING_POINTS = 5;

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "use lower-case letters, digits and _ (starting with a letter)")
  .max(NAME_MAX_CHARS);

/** A text in every locale. A missing or empty translation is an error, not a blank button. */
export const localizedText = z.object(
  Object.fromEntries(LOCALES.map((l) => [l, z.string().trim().min(1)])) as Record<Locale, z.ZodString>,
);
export type LocalizedText = Record<Locale, string>;

const choice = z.object({ name, label: localizedText });
export type Choice = z.infer<typeof choice>;

/**
 * A test on earlier answers (`showIf`, XLSForm's `relevant`) or on the answer being given
 * (`constraint`, where the question's own name stands for XLSForm's `.`). The keys of one test
 * all have to hold. `measure` tests the number of ticked choices (`count-selected`) or the
 * length of a text (`string-length`) instead of the answer itself.
 */
type Condition =
  | {
      question: string;
      measure?: "count" | "length" | undefined;
      equals?: string | number | undefined;
      in?: (string | number)[] | undefined;
      notIn?: (string | number)[] | undefined;
      min?: number | undefined;
      max?: number | undefined;
      /** Strictly less than. */
      below?: number | undefined;
      /** Strictly greater than. */
      above?: number | undefined;
      answered?: boolean | undefined;
    }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const scalar = z.union([z.string(), z.number()]);
export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
    z
      .object({
        question: name,
        measure: z.enum(["count", "length"]).optional(),
        equals: scalar.optional(),
        in: z.array(scalar).min(1).optional(),
        notIn: z.array(scalar).min(1).optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        below: z.number().optional(),
        above: z.number().optional(),
        answered: z.boolean().optional(),
      })
      .strict(),
  ]),
);
export type { Condition };

const common = {
  name,
  label: localizedText,
  hint: localizedText.optional(),
  required: z.boolean().default(true),
  showIf: condition.optional(),
  indicator: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, "use upper-case letters, digits and _")
    .optional(),
  /** Said before the question, in order, whether or not it is shown (XLSForm notes). */
  before: z.array(localizedText).min(1).optional(),
  /** The group the question belongs to; its label is said once before its first question asked. */
  group: name.optional(),
  /** Checked on every answer, beyond the type's own bounds (XLSForm's `constraint`). */
  constraint: condition.optional(),
  /** Said instead of the usual re-ask when the answer does not fit (`constraint_message`). */
  constraintMessage: localizedText.optional(),
  /** Said instead of the usual re-ask when a required answer is empty (`required_message`). */
  requiredMessage: localizedText.optional(),
};

const group = z.object({ name, label: localizedText.optional() }).strict();
export type Group = z.infer<typeof group>;

export const question = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("select_one"), choices: z.array(choice).min(2).max(20) }).strict(),
  z
    .object({
      ...common,
      type: z.literal("select_multiple"),
      choices: z.array(choice).min(2).max(20),
      maxChoices: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal("rating"),
      style: z.enum(["words", "faces", "stars"]).default("words"),
      /** Labels for 1..5; the interface's own labels are used when absent. */
      scale: z.array(localizedText).length(RATING_POINTS).optional(),
    })
    .strict(),
  z.object({ ...common, type: z.literal("yes_no") }).strict(),
  z.object({ ...common, type: z.literal("nps") }).strict(),
  z
    .object({
      ...common,
      type: z.literal("number"),
      min: z.number(),
      max: z.number(),
      integer: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal("text"),
      maxLength: z.number().int().positive().max(TEXT_MAX_LENGTH_LIMIT).default(DEFAULT_TEXT_MAX_LENGTH),
      /** Whether the directorate's workbook may quote this text; the consent notice must say so. */
      shareable: z.boolean().default(false),
    })
    .strict(),
]);
export type Question = z.infer<typeof question>;
export type QuestionType = Question["type"];

export const surveyDefinition = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and -")
      .max(40),
    title: localizedText,
    anonymous: z.boolean().default(true),
    audience: z.enum(["adult", "child"]).default("adult"),
    /** Smallest count shown in breakdowns for this survey (children's surveys use a higher one). */
    minCell: z.number().int().positive().optional(),
    intro: localizedText,
    thanks: localizedText,
    /** Groups of questions (XLSForm's begin_group): a label said before a group's first question. */
    groups: z.array(group).min(1).optional(),
    questions: z.array(question).min(1).max(40),
  })
  .strict()
  .superRefine((survey, ctx) => {
    const seen = new Map<string, number>();
    survey.questions.forEach((q, index) => {
      if (seen.has(q.name)) {
        ctx.addIssue({ code: "custom", path: ["questions", index, "name"], message: `"${q.name}" is used twice` });
      }
      if ("choices" in q) {
        const names = q.choices.map((c) => c.name);
        names.forEach((n, ci) => {
          if (names.indexOf(n) !== ci) {
            ctx.addIssue({
              code: "custom",
              path: ["questions", index, "choices", ci, "name"],
              message: `choice "${n}" is used twice`,
            });
          }
        });
      }
      if (q.type === "number" && q.min > q.max) {
        ctx.addIssue({ code: "custom", path: ["questions", index, "min"], message: "min is greater than max" });
      }
      if (q.group !== undefined && !survey.groups?.some((g) => g.name === q.group)) {
        ctx.addIssue({ code: "custom", path: ["questions", index, "group"], message: `group "${q.group}" is not in groups` });
      }
      if (q.constraint) {
        for (const ref of referencedQuestions(q.constraint)) {
          if (ref !== q.name && !seen.has(ref)) {
            ctx.addIssue({
              code: "custom",
              path: ["questions", index, "constraint"],
              message: `refers to "${ref}", which is neither this question nor an earlier one`,
            });
          }
        }
      }
      if (q.showIf) {
        for (const ref of referencedQuestions(q.showIf)) {
          if (!seen.has(ref)) {
            ctx.addIssue({
              code: "custom",
              path: ["questions", index, "showIf"],
              message: `refers to "${ref}", which is not an earlier question`,
            });
          }
        }
      }
      seen.set(q.name, index);
    });
    survey.groups?.forEach((g, gi) => {
      if (survey.groups?.findIndex((other) => other.name === g.name) !== gi) {
        ctx.addIssue({ code: "custom", path: ["groups", gi, "name"], message: `group "${g.name}" is used twice` });
      }
    });
  });

export type SurveyDefinition = z.output<typeof surveyDefinition>;

export function referencedQuestions(c: Condition): string[] {
  if ("all" in c) return c.all.flatMap(referencedQuestions);
  if ("any" in c) return c.any.flatMap(referencedQuestions);
  if ("not" in c) return referencedQuestions(c.not);
  return [c.question];
}

/** A survey pinned to the stored version it was loaded from. */
export type SurveyVersion = { version: number; definition: SurveyDefinition };

export type ValidationError = { path: string; message: string };

export type ValidationResult = { type: "valid"; survey: SurveyDefinition } | { type: "invalid"; errors: ValidationError[] };

/**
 * Validates a parsed survey file; every error names its place, and a missing translation
 * names the survey, the question and the locale.
 * @example validateSurvey(YAML.parse(text))
 */
export function validateSurvey(input: unknown): ValidationResult {
  const parsed = surveyDefinition.safeParse(input);
  if (parsed.success) return { type: "valid", survey: parsed.data };
  const slug = typeof input === "object" && input && "slug" in input ? String(input.slug) : "(no slug)";
  return { type: "invalid", errors: parsed.error.issues.map((issue) => describeIssue(slug, input, issue)) };
}

function describeIssue(slug: string, input: unknown, issue: z.core.$ZodIssue): ValidationError {
  const path = issue.path.map(String);
  const where = describePlace(input, issue.path);
  const last = path[path.length - 1];
  const missing = issue.code === "invalid_type" && last !== undefined && (LOCALES as readonly string[]).includes(last);
  const empty = issue.code === "too_small" && last !== undefined && (LOCALES as readonly string[]).includes(last);
  const message = missing || empty ? `missing translation for "${last}"` : issue.message;
  return { path: path.join("."), message: `survey "${slug}"${where}: ${message}` };
}

function describePlace(input: unknown, path: PropertyKey[]): string {
  if (path[0] !== "questions" || typeof path[1] !== "number") return "";
  const questions = (input as { questions?: unknown[] })?.questions;
  const q = Array.isArray(questions) ? (questions[path[1]] as { name?: unknown } | undefined) : undefined;
  const label = typeof q?.name === "string" ? `"${q.name}"` : `#${path[1] + 1}`;
  return `, question ${label}`;
}

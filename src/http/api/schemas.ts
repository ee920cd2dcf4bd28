import { z } from "@hono/zod-openapi";
import { CHOICE_MAX_CHARS, CHOICES_MAX, CHOICES_MIN, QUESTION_MAX_CHARS } from "../../usecases/staff/message.ts";

const localized = (max: number) =>
  z
    .object({
      ro: z.string().trim().min(1).max(max).optional(),
      ru: z.string().trim().min(1).max(max).optional(),
      uk: z.string().trim().min(1).max(max).optional(),
      en: z.string().trim().min(1).max(max).optional(),
    })
    .strict()
    .refine((v) => Object.values(v).some((s) => s !== undefined), "give at least one language");

export const LocalizedQuestion = localized(QUESTION_MAX_CHARS).openapi("LocalizedQuestion", {
  example: { ro: "Ce zi vă convine pentru vizita echipei mobile?", ru: "Какой день вам удобен для визита мобильной бригады?" },
});

export const LocalizedChoice = localized(CHOICE_MAX_CHARS).openapi("LocalizedChoice", {
  example: { ro: "Luni", ru: "Понедельник" },
});

export const Audience = z
  .union([
    z.object({ all: z.literal(true) }).strict(),
    z.object({ locality: z.string().trim().min(1).max(100) }).strict(),
    z.object({ service: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "a service code: letters, digits, _ and -") }).strict(),
  ])
  .openapi("Audience", { example: { locality: "Cahul" } });

export const NewConsultation = z
  .object({
    text: LocalizedQuestion,
    choices: z.array(LocalizedChoice).min(CHOICES_MIN).max(CHOICES_MAX).optional(),
    audience: Audience,
  })
  .strict()
  .openapi("NewConsultation", {
    description:
      "Without `choices` people answer in free text. Recipients whose language has no translation get the text in the question's language.",
  });

export const Created = z.object({ id: z.string() }).openapi("Created");

/** A count of people: a number, or the text "<5" (fewer than MIN_CELL) or "x" (hidden so a smaller one cannot be worked out). */
export const Count = z.union([z.number().int(), z.string()]).openapi("Count", {
  description:
    'A count of people. Where the disclosure step hides it: "<5" (fewer than MIN_CELL people) or "x" (hidden so that a smaller count cannot be worked out from a total).',
  example: 12,
});

export const ConsultationReport = z
  .object({
    id: z.string(),
    status: z.enum(["draft", "scheduled", "sending", "sent"]),
    scheduledAt: z.string().nullable().openapi({ description: "When sending starts (ISO 8601); null until sent" }),
    total: Count.openapi({ description: "Messages queued, one per recipient" }),
    sent: Count,
    failed: Count.openapi({ description: "Not delivered: the person blocked the bot or is gone" }),
    pending: Count,
    replies: Count.openapi({ description: "People who replied" }),
    choices: z.array(Count).nullable().openapi({ description: "People who chose each choice, in order; null for free text" }),
  })
  .openapi("ConsultationReport");

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "k2m8q4x7b9cd" }),
});

export const ErrorBody = z
  .object({
    error: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  })
  .openapi("Error");

const Figure = z.union([z.number(), z.string()]).nullable().openapi("Figure", {
  description:
    'A share (0–1), mean or score. "<5" where fewer than MIN_CELL people stand behind it, "x" where hidden to protect a smaller figure, null where nobody answered.',
});

const Rights = z.object({
  RIGHTS_DIGNITY: Figure,
  RIGHTS_INFORMATION: Figure,
  RIGHTS_PARTICIPATION: Figure,
  RIGHTS_ACCESSIBILITY: Figure,
  RIGHTS_CONFIDENTIALITY: Figure,
  RIGHTS_COMPLAINTS: Figure,
});

export const SummaryRow = z
  .object({
    code: z.string().nullable(),
    name: z.string().nullable(),
    locality: z.string().nullable(),
    responses: Count,
    rights: Rights,
    satisfaction: Figure,
    mean: Figure,
    nps: Figure,
    index: Figure,
  })
  .openapi("SummaryRow");

const PeriodJson = z.object({ key: z.string(), firstDay: z.string(), lastDay: z.string() });

export const SummaryBody = z
  .object({
    period: PeriodJson,
    previous: PeriodJson,
    service: z.string().nullable(),
    minCell: z.number().int(),
    responses: z.object({ current: Count, previous: Count, change: z.number().int().nullable() }),
    total: SummaryRow,
    previousTotal: z.object({ satisfaction: Figure, mean: Figure, nps: Figure, index: Figure, rights: Rights }),
    byService: z.array(SummaryRow),
    byLocality: z.array(SummaryRow),
  })
  .openapi("SummaryFigures", { description: "Only what passed the disclosure step" });

const SERVICE_CODE = /^[A-Za-z0-9_-]{1,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LOCALE = z.enum(["ro", "ru", "uk", "en"]);

export const ServiceInfo = z
  .object({ code: z.string(), name: z.string(), locality: z.string().nullable(), survey: z.string().nullable() })
  .openapi("Service");

export const NewService = z
  .object({
    code: z.string().regex(SERVICE_CODE, "letters, digits, _ and - (at most 40)"),
    name: z.string().trim().min(1).max(200),
    locality: z.string().trim().min(1).max(100).nullable().optional(),
    survey: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .strict()
  .openapi("NewService", { example: { code: "DC1", name: "Centrul de zi Speranța", locality: "Cahul" } });

export const SurveyInfo = z
  .object({ slug: z.string(), version: z.number().int(), title: z.string(), questions: z.number().int() })
  .openapi("Survey");

export const SurveyImported = z
  .object({ slug: z.string(), version: z.number().int(), created: z.boolean() })
  .openapi("SurveyImported", { description: "`created` is false when the same definition was stored already" });

export const SurveyDefinitionBody = z.record(z.string(), z.unknown()).openapi("SurveyDefinition", {
  description: "A survey definition as in surveys/*.yaml, as JSON; checked as `glas survey validate` does",
});

export const NewInvite = z
  .object({
    role: z.enum(["social_worker", "directorate"]),
    service: z.string().regex(SERVICE_CODE).nullable().optional(),
    locality: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .strict()
  .openapi("NewInvite");

export const InviteInfo = z
  .object({
    code: z.string().openapi({ description: "Shown once: the worker sends /join CODE to the bot" }),
    role: z.string(),
    service: z.object({ code: z.string(), name: z.string() }).nullable(),
    locality: z.string().nullable(),
    expiresAt: z.string(),
  })
  .openapi("Invite");

export const StaffInfo = z
  .object({
    id: z.string(),
    role: z.string(),
    service: z.string().nullable(),
    locality: z.string().nullable(),
    channel: z.string(),
    since: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("StaffMember", { description: "No names, no platform ids" });

export const Revoked = z.object({ revoked: z.literal(true) }).openapi("Revoked");

export const SummaryParams = z.object({
  period: z.enum(["week", "month"]).optional().openapi({ description: "the last full one in TIMEZONE (default week)" }),
  from: z.string().regex(DAY).optional().openapi({ description: "first day, with `to` instead of `period`" }),
  to: z.string().regex(DAY).optional().openapi({ description: "last day, included" }),
  service: z.string().regex(SERVICE_CODE).optional(),
  lang: LOCALE.optional(),
});

export const SummaryInfo = z
  .object({ periodKey: z.string(), text: z.string(), figures: SummaryBody })
  .openapi("Summary", { description: "The text and the figures, both through the disclosure step" });
export const SummarySent = z.object({ periodKey: z.string(), recipients: z.number().int() }).openapi("SummarySent");
export const SummaryFileParam = z.object({
  kind: z
    .enum(["workbook", "chart"])
    .openapi({ param: { name: "kind", in: "path" }, description: "workbook (.xlsx) or chart (.png)" }),
});

export const ExportParams = z.object({
  format: z.enum(["csv", "xlsx"]).default("csv"),
  from: z.string().optional().openapi({ description: "a local day YYYY-MM-DD or a moment with a zone" }),
  to: z.string().optional().openapi({ description: "the last local day, included, or the moment the export ends" }),
  service: z.string().regex(SERVICE_CODE).optional(),
  lang: LOCALE.optional(),
});
export const SlugParam = z.object({
  slug: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "slug", in: "path" }, example: "beneficiary-satisfaction" }),
});

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

export const ConsultationReport = z
  .object({
    id: z.string(),
    status: z.enum(["draft", "scheduled", "sending", "sent"]),
    scheduledAt: z.string().nullable().openapi({ description: "When sending starts (ISO 8601); null until sent" }),
    total: z.number().int().openapi({ description: "Messages queued, one per recipient" }),
    sent: z.number().int(),
    failed: z.number().int().openapi({ description: "Not delivered: the person blocked the bot or is gone" }),
    pending: z.number().int(),
    replies: z.number().int(),
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

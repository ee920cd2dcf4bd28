import { type Ask, type Button, type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Audience, Consultation, LocalizedText } from "../../store/ports.ts";
import { formatNumber } from "./quiet-hours.ts";

/** Up to 10 choices, each a button label. */
export const CHOICES_MIN = 2;
export const CHOICES_MAX = 10;
export const CHOICE_MAX_CHARS = 60;
export const QUESTION_MAX_CHARS = 1000;
export const REPLY_MAX_CHARS = 1000;

/** Ids are short: they travel in button data (`cr:<id>:2`), which Telegram caps at 64 bytes. */
const ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
export const CONSULTATION_ID = /^[a-z0-9]{12}$/;

export function newConsultationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}

/** Outbox keys: one message per recipient, and the worker's progress message with its edits. */
/** `who`: the recipient's pseudonym (`Store.pseudonym`), so a sent message's key names no one. */
export const recipientKey = (consultationId: string, who: string) => `consult:${consultationId}:${who}`;
export const recipientPrefix = (consultationId: string) => `consult:${consultationId}:`;
export const progressKey = (consultationId: string, seq: number, part = 0) => `cprog:${consultationId}:${seq}:${part}`;

/** The text in the person's language, or as written when it has no translation. */
export function inLocale(text: LocalizedText, locale: Locale, source: Locale): string {
  return text[locale] ?? text[source] ?? Object.values(text).find((v) => v !== undefined) ?? "";
}

export const CONSULT_REF = "consult";
export const replyButtonId = (consultationId: string, choice: number | "r") => `cr:${consultationId}:${choice}`;

/** The consultation as its recipient sees it: the question, then choice buttons or a Reply button. */
export function recipientIntents(c: Pick<Consultation, "id" | "text" | "choices" | "sourceLocale">, locale: Locale): Intent[] {
  const question = literal(inLocale(c.text, locale, c.sourceLocale));
  // No choices at all: an announcement ("You said, we did"), which asks nothing.
  if (c.choices?.length === 0) return [{ type: "say", parts: [i18n("announce.message.header"), question] }];
  const ask: Ask = c.choices
    ? {
        type: "ask",
        ref: CONSULT_REF,
        parts: [i18n("consult.message.header"), question, i18n("consult.message.anonymous")],
        buttons: c.choices.map((choice, i) => [
          { id: replyButtonId(c.id, i), label: literal(inLocale(choice, locale, c.sourceLocale)) },
        ]),
        input: "buttons",
      }
    : {
        type: "ask",
        ref: CONSULT_REF,
        parts: [i18n("consult.message.header"), question, i18n("consult.message.typeHint"), i18n("consult.message.anonymous")],
        buttons: [[{ id: replyButtonId(c.id, "r"), label: i18n("consult.message.reply") }]],
        input: "text",
      };
  return [ask];
}

export type DeliveryCounts = { total: number; sent: number; failed: number; pending: number };

/** Outbox counts by status → what the worker and the API see. */
export function deliveryCounts(byStatus: Partial<Record<string, number>>): DeliveryCounts {
  const n = (s: string) => byStatus[s] ?? 0;
  const sent = n("sent") + n("delivered") + n("seen");
  const failed = n("failed");
  const pending = n("pending") + n("sending");
  return { total: sent + failed + pending, sent, failed, pending };
}

/** "Sent 1,240 of 3,000, 12 unreachable", plural-correct in each language. */
export function progressPhrases(question: string, counts: DeliveryCounts, done: boolean, locale: Locale): Phrase[] {
  const parts: Phrase[] = [
    i18n("consult.progress.title", { question: clip(question, 80) }),
    i18n("consult.progress.sent", {
      count: counts.total,
      sent: formatNumber(counts.sent, locale),
      total: formatNumber(counts.total, locale),
    }),
  ];
  if (counts.failed > 0) {
    parts.push(i18n("consult.progress.unreachable", { count: counts.failed, failed: formatNumber(counts.failed, locale) }));
  }
  parts.push(i18n(done ? "consult.progress.done" : "consult.progress.running"));
  return parts;
}

export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** "everyone subscribed", "everyone in Cahul", "the beneficiaries of Centrul de zi". */
export function audiencePhrase(audience: Audience, serviceName: string | null): Phrase {
  if ("service" in audience) return i18n("consult.audience.service", { name: serviceName ?? audience.service });
  if ("locality" in audience) return i18n("consult.audience.locality", { name: audience.locality });
  return i18n("consult.audience.all");
}

export const button = (id: string, key: string, params?: Record<string, string | number>): Button => ({
  id,
  label: i18n(key, params),
});

import type { Locale } from "../engine/locale.ts";
import { LOCALES } from "../engine/locale.ts";
import type { ClosedConsultation } from "../store/ports.ts";
import { isSmall } from "./suppression.ts";

export type MaybeLocalized = Partial<Record<Locale, string>>;

/** A consultation closed in the period, with its result: the most chosen answer, or how many wrote. */
export type Consultation = {
  id: string;
  text: MaybeLocalized;
  closedAt: Date;
  replies: number;
  /** Fewer replies than MIN_CELL: the count shows as "<N" and no result is given. */
  hidden: boolean;
  /** The most chosen answers (more than one on a tie); empty for free text or when hidden. */
  leading: { text: MaybeLocalized; count: number; share: number }[];
};

export function consultationResults(closed: ClosedConsultation[], minCell: number): Consultation[] {
  // Announcements ("You said, we did": no choices at all) ask nothing, so have no result.
  return closed
    .filter((c) => c.choices !== "[]")
    .map((c) => {
      const replies = c.replies.reduce((s, r) => s + r.count, 0);
      const hidden = isSmall(replies, minCell);
      const choices = c.choices === null ? null : parseList(c.choices);
      let leading: Consultation["leading"] = [];
      if (choices && !hidden && replies > 0) {
        const chosen = c.replies.filter((r) => r.choice !== null && choices[r.choice] !== undefined);
        const top = Math.max(0, ...chosen.map((r) => r.count));
        leading = chosen
          .filter((r) => r.count === top && top > 0)
          .sort((a, b) => (a.choice ?? 0) - (b.choice ?? 0))
          .map((r) => ({ text: choices[r.choice as number] as MaybeLocalized, count: r.count, share: r.count / replies }));
      }
      return { id: c.id, text: parseText(c.text), closedAt: c.closedAt, replies, hidden, leading };
    });
}

/** The text in `locale`, else in the first language it has. */
export function localize(text: MaybeLocalized, locale: Locale): string {
  return text[locale] ?? LOCALES.map((l) => text[l]).find((t) => t !== undefined) ?? "";
}

// Consultation texts are written by our own code as JSON; anything else reads as no text,
// rather than stopping the whole summary.
function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function parseText(json: string): MaybeLocalized {
  return toLocalized(parseJson(json));
}

function parseList(json: string): MaybeLocalized[] {
  const value = parseJson(json);
  return Array.isArray(value) ? value.map(toLocalized) : [];
}

function toLocalized(value: unknown): MaybeLocalized {
  if (typeof value === "string") return { ro: value };
  if (!value || typeof value !== "object") return {};
  const out: MaybeLocalized = {};
  for (const l of LOCALES) {
    const text = (value as Record<string, unknown>)[l];
    if (typeof text === "string" && text.trim() !== "") out[l] = text;
  }
  return out;
}

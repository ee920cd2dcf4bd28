import type { Locale } from "../engine/locale.ts";
import { LOCALES } from "../engine/locale.ts";
import type { ClosedConsultation } from "../store/ports.ts";
import type { AuditInput } from "./audit.ts";
import { type CountCell, disclose, type FigureCell } from "./disclosure.ts";

export type MaybeLocalized = Partial<Record<Locale, string>>;

/** People who replied: all of them, and those who chose each choice (index order). */
export type ReplyCounts = { total: number; byChoice: Record<number, number> };

/** A consultation's replies as staff see them: through the disclosure step. */
export type ReplyFigures = {
  replies: CountCell;
  /** One per choice, in order; empty for a free-text question. A share only where count and total are shown. */
  choices: { count: CountCell; share: FigureCell<number> }[];
  /** Typed replies may be shown: at least MIN_CELL people replied. */
  textsShown: boolean;
  /** What these figures show, for the auditor. */
  audit: AuditInput;
};

/**
 * The replies of one consultation through the disclosure step: the choices' counts and their
 * total form one table, so that
 * "8 replies • Yes: 6 • No: <5" cannot happen: with No hidden, Yes or the total is hidden too.
 * @example replyFigures({ total: 8, byChoice: { 0: 6, 1: 2 } }, 2, 5).choices[1]?.count // { type: "hidden", reason: "small", label: "<5" }
 */
export function replyFigures(counts: ReplyCounts, choices: number, minCell: number, prefix = "replies"): ReplyFigures {
  const key = (i: number) => `${prefix}:${i}`;
  const chosen = Array.from({ length: choices }, (_, i) => counts.byChoice[i] ?? 0);
  // A choice question takes no typed reply, so its replies are exactly the sum of its choices.
  const people = choices > 0 ? chosen.reduce((a, b) => a + b, 0) : counts.total;
  const d = disclose({
    minCell,
    counts: [{ key: prefix, n: people }, ...chosen.map((n, i) => ({ key: key(i), n }))],
    sums: choices > 0 ? [{ total: prefix, parts: chosen.map((_, i) => key(i)) }] : [],
  });
  const total = d.cell(prefix);
  return {
    replies: total,
    choices: chosen.map((n, i) => {
      const count = d.cell(key(i));
      const share: FigureCell<number> =
        count.type === "hidden"
          ? count
          : total.type === "hidden"
            ? total
            : people === 0
              ? { type: "none" }
              : { type: "shown", value: n / people };
      return { count, share };
    }),
    textsShown: people >= minCell,
    audit: d.audit,
  };
}

/** Messages of a broadcast, one per person: sent, failed for good, still to go. */
export type DeliveryCounts = { total: number; sent: number; failed: number; pending: number };

export type DeliveryFigures = {
  total: CountCell;
  sent: CountCell;
  failed: CountCell;
  pending: CountCell;
  audit: AuditInput;
};

/**
 * A broadcast's delivery through the disclosure step: the people it went to, as one table
 * (total = sent + failed + pending), so that "2 could not be reached" cannot be read off the
 * total either.
 */
export function deliveryFigures(counts: DeliveryCounts, minCell: number, prefix = "delivery"): DeliveryFigures {
  const parts = ["sent", "failed", "pending"] as const;
  const d = disclose({
    minCell,
    counts: [{ key: `${prefix}:total`, n: counts.total }, ...parts.map((p) => ({ key: `${prefix}:${p}`, n: counts[p] }))],
    sums: [{ total: `${prefix}:total`, parts: parts.map((p) => `${prefix}:${p}`) }],
  });
  return {
    total: d.cell(`${prefix}:total`),
    sent: d.cell(`${prefix}:sent`),
    failed: d.cell(`${prefix}:failed`),
    pending: d.cell(`${prefix}:pending`),
    audit: d.audit,
  };
}

/** A consultation closed in the period, with its result: the most chosen answer, or how many wrote. */
export type Consultation = {
  id: string;
  text: MaybeLocalized;
  closedAt: Date;
  replies: CountCell;
  /** Answered with choices (else in free text). */
  choices: boolean;
  /** The most chosen answers (more than one on a tie); empty for free text or when hidden. */
  leading: { text: MaybeLocalized; count: number; share: number }[];
  audit: AuditInput;
};

export function consultationResults(closed: ClosedConsultation[], minCell: number): Consultation[] {
  // Announcements ("You said, we did": no choices at all) ask nothing, so have no result.
  return closed
    .filter((c) => c.choices !== "[]")
    .map((c) => {
      const choices = c.choices === null ? [] : parseList(c.choices);
      const byChoice: Record<number, number> = {};
      for (const r of c.replies) if (r.choice !== null) byChoice[r.choice] = (byChoice[r.choice] ?? 0) + r.count;
      const total = c.replies.reduce((s, r) => s + r.count, 0);
      const figures = replyFigures({ total, byChoice }, choices.length, minCell, `consultation:${c.id}`);
      // The most chosen, only when every one of them is shown: else a smaller shown choice would pass for it.
      const top = Math.max(0, ...Object.values(byChoice));
      const leaders = figures.choices.flatMap((f, i) => ((byChoice[i] ?? 0) === top && top > 0 ? [f] : []));
      const leading = leaders.every((f) => f.count.type === "shown" && f.share.type === "shown")
        ? figures.choices.flatMap((f, i) =>
            f.count.type === "shown" && f.share.type === "shown" && f.count.n === top && top > 0
              ? [{ text: choices[i] as MaybeLocalized, count: f.count.n, share: f.share.value }]
              : [],
          )
        : [];
      return {
        id: c.id,
        text: parseText(c.text),
        closedAt: c.closedAt,
        replies: figures.replies,
        choices: choices.length > 0,
        leading,
        audit: figures.audit,
      };
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

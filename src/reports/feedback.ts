import type { FeedbackFact, FeedbackKind } from "../store/ports.ts";
import { FEEDBACK_KINDS } from "../store/ports.ts";
import { type CountCell, disclose, type FigureCell, shareCell } from "./disclosure.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Feedback in a summary: how many messages came, by kind; the share answered by their due
 * date and the median days to the first answer. Counts pass the disclosure step (the kinds
 * add up to the total shown); the sensitive kind never shows more than that count. Shares and
 * the median leave the sensitive kind out and need `minCell` messages behind them.
 */
export type FeedbackFigures = {
  received: CountCell;
  byKind: { kind: FeedbackKind; count: CountCell }[];
  answeredInTime: FigureCell<number>;
  medianDays: FigureCell<number>;
};

const TOTAL = "feedback";
const kindKey = (kind: FeedbackKind) => `feedback:${kind}`;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** @example feedbackFigures(await store.feedback.facts({ from, to }), 5) */
export function feedbackFigures(facts: FeedbackFact[], minCell: number): FeedbackFigures {
  const byKind = new Map<FeedbackKind, number>(FEEDBACK_KINDS.map((k) => [k, 0]));
  for (const f of facts) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const disclosed = disclose({
    minCell,
    counts: [{ key: TOTAL, n: facts.length }, ...FEEDBACK_KINDS.map((k) => ({ key: kindKey(k), n: byKind.get(k) ?? 0 }))],
    sums: [{ total: TOTAL, parts: FEEDBACK_KINDS.map(kindKey) }],
  });
  const open = facts.filter((f) => f.kind !== "sensitive");
  const inTime = open.filter((f) => f.answeredAt !== null && f.answeredAt <= f.dueAt).length;
  const answered = open.filter((f): f is FeedbackFact & { answeredAt: Date } => f.answeredAt !== null);
  const days = answered.map((f) => (f.answeredAt.getTime() - f.createdAt.getTime()) / DAY_MS);
  return {
    received: disclosed.cell(TOTAL),
    byKind: FEEDBACK_KINDS.map((kind) => ({ kind, count: disclosed.cell(kindKey(kind)) })),
    answeredInTime: shareCell(open.length > 0 ? inTime / open.length : null, open.length, minCell),
    medianDays: shareCell(median(days), answered.length, minCell),
  };
}

import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import { localize } from "./consultations.ts";
import type { CountCell, FigureCell } from "./disclosure.ts";
import { type Formats, formats } from "./format.ts";
import { ARROWS, type Trend } from "./indicators.ts";
import type { ShareCell, Summary } from "./summary.ts";
import { hiddenLabel } from "./suppression.ts";

/** Shown instead of an arrow where there is nothing to compare with. */
const NO_TREND = "•";

/**
 * The summary as a chat message in the reader's language: one figure per short line, so it
 * reads on a phone without wrapping much. Plural forms and number formats follow the locale.
 * @example summaryText(summary, "ro", t)
 */
export function summaryText(summary: Summary, locale: Locale, t: Translate): string {
  const f = formats(locale);
  const hidden = hiddenLabel(summary.minCell);
  const arrow = (trend: Trend | null) => (trend ? ARROWS[trend] : NO_TREND);
  const value = (cell: ShareCell) => shareText(cell, f, locale, t, hidden);
  const lines: string[] = [];

  lines.push(t(locale, `summary.title.${summary.period.kind}`));
  const scope = summary.service
    ? t(locale, "summary.scope.service", { name: summary.service.name })
    : t(locale, "summary.scope.all");
  lines.push(t(locale, "summary.period_line", { dates: f.period(summary.period), scope }));
  lines.push("");

  const { current, previous } = summary.responses;
  lines.push(
    t(locale, `summary.responses.${summary.period.kind}`, {
      count: current,
      n: f.count(current),
      change: f.signed(current - previous),
    }),
  );
  const sat = summary.satisfaction.current;
  lines.push(
    sat.share === null || sat.hidden || sat.mean === null
      ? t(locale, "summary.satisfaction_value", { value: value(sat) })
      : t(locale, "summary.satisfaction", {
          share: f.percent(sat.share),
          mean: f.decimal(sat.mean),
          arrow: summary.satisfaction.trend ? ARROWS[summary.satisfaction.trend] : "",
        }).trimEnd(),
  );
  const nps = summary.nps.current;
  const npsValue =
    nps.score === null
      ? t(locale, "summary.no_answers")
      : nps.hidden
        ? t(locale, "summary.hidden_value", { hidden })
        : f.signed(nps.score);
  lines.push(t(locale, "summary.nps", { score: npsValue }));

  lines.push("", t(locale, "summary.rights_heading"));
  for (const line of summary.rights) {
    lines.push(
      t(locale, "summary.indicator_line", {
        arrow: arrow(line.trend),
        name: t(locale, `summary.indicator.${line.code}`),
        share: value(line.current),
      }),
    );
  }
  lines.push(t(locale, "summary.index_line", { arrow: arrow(summary.index.trend), share: value(summary.index.current) }));

  if (summary.movers.length > 0) {
    lines.push("", t(locale, "summary.movers_heading"));
    for (const m of summary.movers) {
      lines.push(t(locale, "summary.mover", { arrow: ARROWS[m.trend], name: m.name, change: f.points(m.change) }));
    }
  }

  if (summary.consultations.length > 0) {
    const n = summary.consultations.length;
    lines.push("", t(locale, "summary.consultations", { count: n, n: f.count(n) }));
    for (const c of summary.consultations) {
      lines.push(`• ${localize(c.text, locale)}`);
      lines.push(`  ${consultationResult(c, locale, f, t, hidden)}`);
    }
  }
  lines.push(...feedbackLines(summary, locale, f, t));
  return lines.join("\n");
}

function feedbackLines(summary: Summary, locale: Locale, f: Formats, t: Translate): string[] {
  const fb = summary.feedback;
  if (!fb || (fb.received.type === "shown" && fb.received.n === 0)) return [];
  const count = (cell: CountCell) => (cell.type === "shown" ? f.count(cell.n) : cell.label);
  const figure = (cell: FigureCell<number>, show: (v: number) => string) =>
    cell.type === "shown" ? show(cell.value) : cell.type === "hidden" ? cell.label : t(locale, "summary.no_answers");
  const lines = ["", t(locale, "summary.feedback.received", { n: count(fb.received) })];
  for (const { kind, count: cell } of fb.byKind) {
    if (cell.type === "shown" && cell.n === 0) continue;
    lines.push(t(locale, "summary.feedback.kind", { kind: t(locale, `summary.feedback.kinds.${kind}`), n: count(cell) }));
  }
  lines.push(t(locale, "summary.feedback.in_time", { value: figure(fb.answeredInTime, (v) => f.percent(v)) }));
  lines.push(t(locale, "summary.feedback.median", { value: figure(fb.medianDays, (v) => f.decimal(v)) }));
  return lines;
}

function shareText(cell: ShareCell, f: Formats, locale: Locale, t: Translate, hidden: string): string {
  if (cell.share === null) return t(locale, "summary.no_answers");
  if (cell.hidden) return t(locale, "summary.hidden_value", { hidden });
  return f.percent(cell.share);
}

function consultationResult(
  c: Summary["consultations"][number],
  locale: Locale,
  f: Formats,
  t: Translate,
  hidden: string,
): string {
  if (c.hidden) return t(locale, "summary.consultation.hidden", { hidden });
  if (c.replies === 0) return t(locale, "summary.consultation.hidden", { hidden: f.count(0) });
  if (c.leading.length === 0) return t(locale, "summary.consultation.free", { count: c.replies, n: f.count(c.replies) });
  return t(locale, "summary.consultation.choice", {
    count: c.replies,
    n: f.count(c.replies),
    choice: c.leading.map((l) => localize(l.text, locale)).join(" / "),
    share: f.percent((c.leading[0] as { share: number }).share),
  });
}

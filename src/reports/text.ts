import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import { localize } from "./consultations.ts";
import type { CountCell, FigureCell } from "./disclosure.ts";
import { type Formats, formats } from "./format.ts";
import { ARROWS, type Trend } from "./indicators.ts";
import type { Figure, Summary } from "./summary.ts";

/** Shown instead of an arrow where there is nothing to compare with. */
const NO_TREND = "•";

/**
 * The summary as a chat message in the reader's language: one figure per short line, so it
 * reads on a phone without wrapping much. Plural forms and number formats follow the locale.
 * @example summaryText(summary, "ro", t)
 */
export function summaryText(summary: Summary, locale: Locale, t: Translate): string {
  const f = formats(locale);
  const arrow = (trend: Trend | null) => (trend ? ARROWS[trend] : NO_TREND);
  const value = (cell: Figure) => figureText(cell, f.percent, locale, t);
  const lines: string[] = [];

  lines.push(t(locale, `summary.title.${summary.period.kind}`));
  const scope = summary.service
    ? t(locale, "summary.scope.service", { name: summary.service.name })
    : t(locale, "summary.scope.all");
  lines.push(t(locale, "summary.period_line", { dates: f.period(summary.period), scope }));
  lines.push("");

  const { current, change } = summary.responses;
  const kind = summary.period.kind;
  if (current.type === "hidden") lines.push(t(locale, "summary.responses_hidden", { hidden: current.label }));
  else if (change === null) lines.push(t(locale, `summary.responses_only.${kind}`, { count: current.n, n: f.count(current.n) }));
  else lines.push(t(locale, `summary.responses.${kind}`, { count: current.n, n: f.count(current.n), change: f.signed(change) }));

  const sat = summary.satisfaction.current;
  const mean = summary.mean.current;
  lines.push(
    sat.type === "shown" && mean.type === "shown"
      ? t(locale, "summary.satisfaction", {
          share: f.percent(sat.value),
          mean: f.decimal(mean.value),
          arrow: summary.satisfaction.trend ? ARROWS[summary.satisfaction.trend] : "",
        }).trimEnd()
      : t(locale, "summary.satisfaction_value", { value: value(sat) }),
  );
  lines.push(t(locale, "summary.nps", { score: figureText(summary.nps.current, f.signed, locale, t) }));

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
      lines.push(`  ${consultationResult(c, locale, f, t)}`);
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

/** A share, mean or score as the text shows it: the value, "no answers", or why it is hidden. */
export function figureText(cell: Figure, format: (value: number) => string, locale: Locale, t: Translate): string {
  switch (cell.type) {
    case "shown":
      return format(cell.value);
    case "none":
      return t(locale, "summary.no_answers");
    case "hidden":
      return t(locale, cell.reason === "small" ? "summary.hidden_value" : "summary.protected_value", { hidden: cell.label });
    default: {
      const never: never = cell;
      throw new Error(`unknown figure ${String(never)}`);
    }
  }
}

function consultationResult(c: Summary["consultations"][number], locale: Locale, f: Formats, t: Translate): string {
  if (c.replies.type === "hidden") return t(locale, "summary.consultation.hidden", { hidden: c.replies.label });
  const replies = c.replies.n;
  if (replies === 0) return t(locale, "summary.consultation.hidden", { hidden: f.count(0) });
  const [first] = c.leading;
  if (!c.choices) return t(locale, "summary.consultation.free", { count: replies, n: f.count(replies) });
  if (!first) return t(locale, "summary.consultation.choice_hidden", { count: replies, n: f.count(replies) });
  return t(locale, "summary.consultation.choice", {
    count: replies,
    n: f.count(replies),
    choice: c.leading.map((l) => localize(l.text, locale)).join(" / "),
    share: f.percent(first.share),
  });
}

import { type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import { type CountCell, PROTECTED_LABEL } from "../../reports/disclosure.ts";
import type { Consultation } from "../../store/ports.ts";
import { activeStaff, type StaffContext, say } from "./context.ts";
import { consultationFigures } from "./figures.ts";
import { clip, inLocale } from "./message.ts";
import { formatDate, formatNumber } from "./quiet-hours.ts";

export const RESULTS_SHOWN = 5;
const TEXTS_SHOWN = 3;
const TEXT_MAX_CHARS = 300;

/**
 * `/results`: the worker's latest consultations (the directorate sees everyone's), each with
 * delivery, replies, the share of each choice and the latest typed replies. No names, no ids.
 * Every count passes the disclosure step ("<5", or "x" where a total would give a smaller count
 * away), and typed replies show only once at least MIN_CELL people replied.
 */
export async function results(ctx: StaffContext): Promise<Intent[]> {
  const staff = await activeStaff(ctx);
  if (!staff) return [say("staff.only")];
  const recent = await ctx.store.consultations.recent(staff.role === "directorate" ? null : staff.id, RESULTS_SHOWN);
  if (recent.length === 0) return [say("results.none")];
  const blocks: Intent[] = [say(staff.role === "directorate" ? "results.titleAll" : "results.title")];
  for (const c of recent) blocks.push({ type: "say", parts: await block(ctx, c) });
  return blocks;
}

async function block(ctx: StaffContext, c: Consultation): Promise<Phrase[]> {
  const { locale } = ctx;
  const min = ctx.options.minCell;
  const { delivery, replies } = await consultationFigures(ctx.store, c, min);
  const text = (cell: CountCell) => (cell.type === "shown" ? formatNumber(cell.n, locale) : cell.label);
  const parts: Phrase[] = [
    i18n("results.item.title", {
      date: formatDate(c.scheduledAt ?? c.createdAt, locale, ctx.options.timezone),
      question: clip(inLocale(c.text, locale, c.sourceLocale), 200),
    }),
  ];
  if (c.scheduledAt && c.scheduledAt > ctx.at) parts.push(i18n("results.item.scheduled"));
  else if (delivery.total.type === "shown" && delivery.sent.type === "shown") {
    parts.push(
      i18n("results.item.delivered", {
        count: delivery.total.n,
        sent: text(delivery.sent),
        total: text(delivery.total),
      }),
    );
  } else parts.push(i18n("results.item.deliveredHidden", { sent: text(delivery.sent), total: text(delivery.total) }));

  const total = replies.replies;
  parts.push(
    total.type === "shown"
      ? i18n("results.item.replies", { count: total.n, replies: formatNumber(total.n, locale) })
      : total.reason === "small"
        ? i18n("results.item.repliesFew", { min })
        : i18n("results.item.repliesProtected", { hidden: total.label }),
  );
  if (c.choices) {
    const lines = c.choices.map((choice, i) => {
      const figure = replies.choices[i];
      const label = clip(inLocale(choice, locale, c.sourceLocale), 60);
      if (!figure) return `• ${label}: ${formatNumber(0, locale)}`;
      const share = figure.share.type === "shown" ? ` (${Math.round(figure.share.value * 100)}%)` : "";
      return `• ${label}: ${text(figure.count)}${share}`;
    });
    parts.push(literal(lines.join("\n")));
  } else if (replies.textsShown) {
    const texts = await ctx.store.consultations.latestTexts(c.id, TEXTS_SHOWN);
    if (texts.length > 0) {
      parts.push(i18n("results.item.latest"));
      parts.push(literal(texts.map((t) => `“${clip(t, TEXT_MAX_CHARS)}”`).join("\n")));
    }
  } else if (total.type === "hidden") parts.push(i18n("results.item.textsLater", { min }));
  const cells = [delivery.total, delivery.sent, total, ...replies.choices.map((f) => f.count)];
  if (cells.some((cell) => cell.type === "hidden" && cell.reason === "protects")) {
    parts.push(i18n("results.item.protectedNote", { protected: PROTECTED_LABEL }));
  }
  return parts;
}

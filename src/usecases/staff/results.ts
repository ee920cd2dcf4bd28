import { type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import type { Consultation } from "../../store/ports.ts";
import { activeStaff, type StaffContext, say } from "./context.ts";
import { clip, deliveryCounts, inLocale, recipientPrefix } from "./message.ts";
import { formatDate, formatNumber } from "./quiet-hours.ts";

export const RESULTS_SHOWN = 5;
const TEXTS_SHOWN = 3;
const TEXT_MAX_CHARS = 300;

/**
 * `/results`: the worker's latest consultations (the directorate sees everyone's), each with
 * delivery, replies, the share of each choice and the latest typed replies. No names, no ids;
 * a count under MIN_CELL shows as "<N".
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
  const shown = (n: number) => (n < min ? `<${min}` : formatNumber(n, locale));
  const delivery = deliveryCounts(await ctx.store.outbox.countByStatus(recipientPrefix(c.id)));
  const replies = await ctx.store.consultations.replyCounts(c.id);
  const parts: Phrase[] = [
    i18n("results.item.title", {
      date: formatDate(c.scheduledAt ?? c.createdAt, locale, ctx.options.timezone),
      question: clip(inLocale(c.text, locale, c.sourceLocale), 200),
    }),
  ];
  const status =
    c.scheduledAt && c.scheduledAt > ctx.at
      ? i18n("results.item.scheduled")
      : i18n("results.item.delivered", {
          count: delivery.total,
          sent: formatNumber(delivery.sent, locale),
          total: formatNumber(delivery.total, locale),
        });
  parts.push(status);
  parts.push(
    replies.total < min
      ? i18n("results.item.repliesFew", { min })
      : i18n("results.item.replies", { count: replies.total, replies: formatNumber(replies.total, locale) }),
  );
  if (c.choices) {
    const lines = c.choices.map((choice, i) => {
      const n = replies.byChoice[i] ?? 0;
      const label = clip(inLocale(choice, locale, c.sourceLocale), 60);
      // A share of a suppressed count would give the count away.
      if (n < min || replies.total === 0) return `• ${label}: ${shown(n)}`;
      return `• ${label}: ${shown(n)} (${Math.round((n / replies.total) * 100)}%)`;
    });
    parts.push(literal(lines.join("\n")));
  } else {
    const texts = await ctx.store.consultations.latestTexts(c.id, TEXTS_SHOWN);
    if (texts.length > 0) {
      parts.push(i18n("results.item.latest"));
      parts.push(literal(texts.map((t) => `“${clip(t, TEXT_MAX_CHARS)}”`).join("\n")));
    }
  }
  return parts;
}

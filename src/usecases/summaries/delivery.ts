import type { Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import { formats } from "../../reports/format.ts";
import type { Summary } from "../../reports/summary.ts";
import { summaryText } from "../../reports/text.ts";
import type { NewOutboxMessage, Store } from "../../store/ports.ts";

/** A stored file as a message refers to it: Telegram uploads it by id, Viber links to its token. */
export type SummaryAttachment = { id: string; token: string; filename: string; contentType: string; size: number };

/** One summary in one language, ready for a channel to turn into its messages. */
export type SummaryDelivery = {
  text: string;
  /** Null where the chart and workbook are not made (no attachments given) or the channel cannot take them. */
  chart: SummaryAttachment | null;
  chartCaption: string;
  workbook: SummaryAttachment | null;
  workbookCaption: string;
};

/**
 * How a messenger shows a summary: the text, the chart picture and the workbook file, as its
 * outbox payloads. `files` is false where it cannot take them at all (Viber without PUBLIC_URL).
 */
export type SummaryRenderer = { files: boolean; messages(locale: Locale, delivery: SummaryDelivery): unknown[] };
export type SummaryRenderers = Partial<Record<string, SummaryRenderer>>;

/** The chart (PNG) and the workbook (XLSX) of a summary, in the reader's language. */
export type Attachments = (summary: Summary, locale: Locale) => Promise<{ chartPng: Uint8Array; workbook: Uint8Array }>;

export type SummaryRecipient = {
  staffId: string;
  respondentId: string;
  channel: string;
  platformId: string;
  locale: Locale | null;
};

export type DeliveryDeps = {
  store: Store;
  log: Logger;
  t: Translate;
  defaultLocale: Locale;
  renderers: SummaryRenderers;
  /** Null where they cannot be made (the Workers build): the text goes alone. */
  attachments: Attachments | null;
  /** How long the links to the chart and the workbook work. */
  fileTtlMs: number;
  /** The wall clock links expire by (the period's clock may be another, in tests). */
  clock?: () => Date;
};

/** Links to a summary's files work for a week. */
export const FILE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PNG = "image/png";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** `week:2026-W47` → `2026-W47`, `range:2026-11-03..2026-11-09` → `2026-11-03_2026-11-09`. */
function fileStem(summary: Summary, locale: Locale): string {
  const period = summary.period.key.replace(/^[a-z]+:/, "").replace("..", "_");
  const scope = summary.service ? `-${summary.service.code.replace(/[^A-Za-z0-9_-]/g, "")}` : "";
  return `${period}${scope}-${locale}`;
}

/**
 * Queues one summary to each recipient, in their language and messenger: the figures are
 * computed once, the text, chart and workbook once per language, and the files stored once
 * per language for everyone who reads it. `key(who, part)` names each message, so a
 * second run after a crash queues nothing that was queued already; `who` is the reader's
 * pseudonym (a keyed hash of their staff id), so a sent message's key names no one. Returns how many people
 * it was queued for.
 */
export async function queueSummary(
  deps: DeliveryDeps,
  summary: Summary,
  recipients: SummaryRecipient[],
  options: { key(who: string, part: number): string; priority: number },
): Promise<number> {
  const byLocale = new Map<Locale, SummaryRecipient[]>();
  for (const r of recipients) {
    const locale = r.locale ?? deps.defaultLocale;
    byLocale.set(locale, [...(byLocale.get(locale) ?? []), r]);
  }
  const rows: NewOutboxMessage[] = [];
  const reached = new Set<string>();
  const skipped = new Set<string>();
  for (const [locale, readers] of byLocale) {
    const reachable = readers.filter((r) => {
      if (deps.renderers[r.channel]) return true;
      skipped.add(r.channel);
      return false;
    });
    if (reachable.length === 0) continue;
    const delivery = await render(deps, summary, locale, reachable);
    const payloads = new Map<string, unknown[]>();
    for (const r of reachable) {
      const who = await deps.store.pseudonym(r.staffId);
      let messages = payloads.get(r.channel);
      if (!messages) {
        messages = deps.renderers[r.channel]?.messages(locale, delivery) ?? [];
        payloads.set(r.channel, messages);
      }
      messages.forEach((payload, part) => {
        rows.push({
          channel: r.channel,
          recipient: r.platformId,
          respondentId: r.respondentId,
          payload,
          priority: options.priority,
          dedupeKey: options.key(who, part),
        });
      });
      reached.add(r.staffId);
    }
  }
  if (skipped.size > 0) deps.log.warn({ channels: [...skipped].join(",") }, "summary: no renderer for these channels");
  await deps.store.outbox.enqueue(rows);
  return reached.size;
}

async function render(
  deps: DeliveryDeps,
  summary: Summary,
  locale: Locale,
  readers: SummaryRecipient[],
): Promise<SummaryDelivery> {
  const period = formats(locale).period(summary.period);
  const delivery: SummaryDelivery = {
    text: summaryText(summary, locale, deps.t),
    chart: null,
    chartCaption: deps.t(locale, "summary.delivery.chart", { period }),
    workbook: null,
    workbookCaption: deps.t(locale, "summary.delivery.workbook", { period }),
  };
  const wanted = readers.some((r) => deps.renderers[r.channel]?.files);
  if (!deps.attachments || !wanted) return delivery;
  const { chartPng, workbook } = await deps.attachments(summary, locale);
  const expiresAt = new Date((deps.clock?.() ?? new Date()).getTime() + deps.fileTtlMs);
  const stem = fileStem(summary, locale);
  const store = async (bytes: Uint8Array, contentType: string, filename: string): Promise<SummaryAttachment> => {
    const file = await deps.store.files.put({ contentType, filename, bytes, expiresAt });
    return { id: file.id, token: file.token, filename, contentType, size: bytes.byteLength };
  };
  delivery.chart = await store(chartPng, PNG, `glas-chart-${stem}.png`);
  delivery.workbook = await store(workbook, XLSX, `glas-indicators-${stem}.xlsx`);
  return delivery;
}

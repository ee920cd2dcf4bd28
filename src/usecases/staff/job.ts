import type { Intent } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import { errorFields, type Logger } from "../../log.ts";
import type { Consultation, NewOutboxMessage, StaffContact, Store } from "../../store/ports.ts";
import {
  deliveryCounts,
  inLocale,
  progressKey,
  progressPhrases,
  recipientIntents,
  recipientKey,
  recipientPrefix,
} from "./message.ts";

/**
 * How a channel shows intents to someone who is not waiting for a reply: rendered once per
 * channel and language, stored in the outbox as the channel's sender takes them.
 */
export type ChannelRenderer = {
  messages(locale: Locale, intents: Intent[]): unknown[];
  /** Replaces an earlier message's text; null when the channel cannot edit (nothing is sent). */
  edit(locale: Locale, messageId: string, intents: Intent[]): unknown[] | null;
};

export type Renderers = Partial<Record<string, ChannelRenderer>>;

/** Broadcasts go after replies to people who are waiting (priority 0). */
export const BROADCAST_PRIORITY = 1;
export const PROGRESS_EVERY_MS = 3_000;
export const FANOUT_LEASE_MS = 60_000;
const PAGE_SIZE = 500;

export type ConsultationJobDeps = {
  store: Store;
  renderers: Renderers;
  log: Logger;
  defaultLocale: Locale;
  /** Tells the outbox drainer there is something to send. */
  onQueued?: () => void;
  progressEveryMs?: number;
  pageSize?: number;
};

export type ConsultationJob = {
  /** Writes the outbox rows of consultations that started sending, and updates progress. */
  tick(now: Date): Promise<void>;
  /** Ticks every `everyMs` until `signal` aborts, or at once on `wake()`. */
  run(signal: AbortSignal, everyMs?: number, now?: () => Date): Promise<void>;
  wake(): void;
};

/**
 * The broadcast side of consultations, run periodically (a loop on Node, each webhook's
 * `waitUntil` and the Cron Trigger on Workers). Everything it does is keyed, so two runs at
 * once, or a run after a crash, send nothing twice:
 * - fan-out: one outbox row per recipient, key `consult:<id>:<respondent>`, from the
 *   scheduled time; a fan-out cut short is taken up again when its lease expires;
 * - progress: the worker's progress message, then edits of it every few seconds (version-checked
 *   on the consultation), and the final count, which marks the consultation sent.
 */
export function createConsultationJob(deps: ConsultationJobDeps): ConsultationJob {
  const { store, renderers, log } = deps;
  const everyMs = deps.progressEveryMs ?? PROGRESS_EVERY_MS;
  const pageSize = deps.pageSize ?? PAGE_SIZE;
  const wakeDrain = () => deps.onQueued?.();

  async function fanOut(c: Consultation, now: Date): Promise<void> {
    if (!(await store.consultations.claimFanout(c.id, now, new Date(now.getTime() + FANOUT_LEASE_MS)))) return;
    const notBefore = c.scheduledAt && c.scheduledAt > now ? c.scheduledAt : now;
    const contact = c.createdById ? await store.staff.contact(c.createdById) : null;
    if (contact) {
      // The worker's progress message goes first; its edits follow as the counts change.
      const locale = contact.locale ?? deps.defaultLocale;
      const planned = Object.values(await store.consultations.recipientCounts(c.audience)).reduce((a, b) => a + b, 0);
      const intents = progressIntents(c, locale, { total: planned, sent: 0, failed: 0, pending: planned }, false);
      const payloads = renderers[contact.channel]?.messages(locale, intents) ?? [];
      await store.outbox.enqueue(toWorker(contact, payloads, (i) => progressKey(c.id, 0, i), notBefore));
    }
    const rendered = new Map<string, unknown | null>();
    const missing = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page = await store.consultations.recipients(c.audience, after, pageSize);
      if (page.length === 0) break;
      after = page[page.length - 1]?.respondentId ?? null;
      // Whom it went to is kept apart from the outbox (which forgets them once sent): only they may reply.
      await store.consultations.addRecipients(
        c.id,
        page.map((r) => r.respondentId),
      );
      const rows: NewOutboxMessage[] = [];
      for (const r of page) {
        const locale = r.locale ?? deps.defaultLocale;
        const key = `${r.channel}:${locale}`;
        if (!rendered.has(key)) {
          const renderer = renderers[r.channel];
          // One message per recipient: a rendering into several would need several keys.
          rendered.set(key, renderer ? (renderer.messages(locale, recipientIntents(c, locale))[0] ?? null) : null);
        }
        const payload = rendered.get(key);
        if (payload === null || payload === undefined) {
          missing.add(r.channel);
          continue;
        }
        rows.push({
          channel: r.channel,
          recipient: r.platformId,
          respondentId: r.respondentId,
          payload,
          priority: BROADCAST_PRIORITY,
          dedupeKey: recipientKey(c.id, await store.pseudonym(r.respondentId)),
          notBefore,
        });
      }
      await store.outbox.enqueue(rows);
      if (!c.choices) {
        await store.consultations.awaitReplies(
          rows.map((row) => row.respondentId ?? ""),
          c.id,
          notBefore,
        );
      }
    }
    if (missing.size > 0)
      log.warn(
        { consultation: c.id, channels: [...missing].join(",") },
        "no renderer for these channels; their people were skipped",
      );
    const total = deliveryCounts(await store.outbox.countByStatus(recipientPrefix(c.id))).total;
    await store.consultations.markQueued(c.id, total, now);
    log.info({ consultation: c.id, recipients: total, scheduled: notBefore > now }, "consultation queued");
    wakeDrain();
  }

  function progressIntents(c: Consultation, locale: Locale, counts: ReturnType<typeof deliveryCounts>, done: boolean): Intent[] {
    return [{ type: "say", parts: progressPhrases(inLocale(c.text, locale, c.sourceLocale), counts, done, locale) }];
  }

  async function progress(c: Consultation, now: Date): Promise<void> {
    if (!c.queuedAt) return;
    if (c.scheduledAt && c.scheduledAt > now) return;
    const counts = deliveryCounts(await store.outbox.countByStatus(recipientPrefix(c.id)));
    const done = counts.pending === 0;
    if (!done && c.progressAt && now.getTime() - c.progressAt.getTime() < everyMs) return;
    const shown = `${counts.sent}/${counts.failed}/${counts.total}/${done ? "done" : "sending"}`;
    if (shown === c.progressText && !done) return;
    const contact = c.createdById ? await store.staff.contact(c.createdById) : null;
    const renderer = contact ? renderers[contact.channel] : undefined;
    if (!contact || !renderer) {
      // Through the API, or the worker has since left: nobody to tell, only the status to keep.
      if (done) await store.consultations.saveProgress(c.id, c.progressSeq, shown, now, true);
      return;
    }
    const locale = contact.locale ?? deps.defaultLocale;
    const intents = progressIntents(c, locale, counts, done);
    const messageId = await store.consultations.sentMessageId(progressKey(c.id, 0));
    const edit = messageId ? renderer.edit(locale, messageId, intents) : null;
    // Until the first message is out (or where messages cannot be edited) only the final count
    // goes, as a message of its own: a new message every few seconds would be noise.
    if (!edit && !done) return;
    const payloads = edit ?? renderer.messages(locale, intents);
    if (!(await store.consultations.saveProgress(c.id, c.progressSeq, shown, now, done))) return;
    const seq = c.progressSeq + 1;
    await store.outbox.enqueue(toWorker(contact, payloads, (i) => progressKey(c.id, seq, i)));
    wakeDrain();
    if (done) log.info({ consultation: c.id, sent: counts.sent, failed: counts.failed }, "consultation sent");
  }

  async function tick(now: Date): Promise<void> {
    for (const c of await store.consultations.sending()) {
      try {
        if (!c.queuedAt) await fanOut(c, now);
        const fresh = c.queuedAt ? c : await store.consultations.get(c.id);
        if (fresh) await progress(fresh, now);
      } catch (err) {
        log.error({ consultation: c.id, ...errorFields(err) }, "consultation job failed");
      }
    }
  }

  let woken: (() => void) | null = null;
  let pendingWake = false;

  return {
    tick,
    wake() {
      pendingWake = true;
      woken?.();
    },
    async run(signal, every = Math.min(everyMs, 1_000), now = () => new Date()) {
      while (!signal.aborted) {
        pendingWake = false;
        await tick(now()).catch((err: unknown) => log.error(errorFields(err), "consultation job failed"));
        if (pendingWake || signal.aborted) continue;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            woken = null;
            resolve();
          };
          const timer = setTimeout(done, every);
          woken = done;
          signal.addEventListener("abort", done, { once: true });
        });
      }
    },
  };
}

/** The worker's progress messages, to their own chat, ahead of bulk messages. */
function toWorker(contact: StaffContact, payloads: unknown[], key: (i: number) => string, notBefore?: Date): NewOutboxMessage[] {
  return payloads.map((payload, i) => ({
    channel: contact.channel,
    recipient: contact.platformId,
    respondentId: contact.respondentId,
    payload,
    priority: 0,
    dedupeKey: key(i),
    ...(notBefore ? { notBefore } : {}),
  }));
}

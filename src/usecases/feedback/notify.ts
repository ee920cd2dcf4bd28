import { type Ask, type Button, type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { FeedbackHandler, FeedbackItem, NewOutboxMessage, Service, Store } from "../../store/ports.ts";
import { formatDate } from "../staff/quiet-hours.ts";
import type { FeedbackOptions } from "./context.ts";
import { kindLabel } from "./conversation.ts";
import { recipientsOf } from "./routing.ts";

/** Buttons under an item in a staff chat: `fbs:<action>:<ref>`. */
export const STAFF_ACTION = /^fbs:([rcpo]):(F-[2-9A-HJKMNP-Z]{4,6})$/;
export const staffButton = (action: "r" | "c" | "p" | "o", ref: string) => `fbs:${action}:${ref}`;
/** The person's "↩ Answer" under a relayed reply. */
export const ANSWER_ACTION = /^fb:ans:(F-[2-9A-HJKMNP-Z]{4,6})$/;
export const answerButton = (ref: string) => `fb:ans:${ref}`;

export type Reachable = { respondentId: string; channel: string; platformId: string; locale: Locale | null };

/**
 * Queues intents to someone other than the sender (a worker, the person a reply is for),
 * rendered for their messenger and language. `key` names the message: queued once.
 */
export async function queueTo(
  store: Store,
  options: FeedbackOptions,
  to: Reachable,
  intents: Intent[],
  key: string,
): Promise<boolean> {
  const renderer = options.renderers[to.channel];
  if (!renderer) return false;
  const locale = to.locale ?? options.defaultLocale;
  const rows: NewOutboxMessage[] = renderer.messages(locale, intents).map((payload, i) => ({
    channel: to.channel,
    recipient: to.platformId,
    respondentId: to.respondentId,
    payload,
    priority: 0,
    dedupeKey: `${key}:${i}`,
  }));
  return (await store.outbox.enqueue(rows)) > 0 || rows.length > 0;
}

/** The service's name, or "no service" (a phrase in the reader's language). */
export function servicePhrase(item: Pick<FeedbackItem, "serviceId">, services: Service[]): Phrase {
  const service = item.serviceId ? services.find((s) => s.id === item.serviceId) : undefined;
  return service ? literal(service.name) : i18n("feedback.staff.noService");
}

/** How staff see an item: reference, kind, service, due date, the thread; never who wrote it. */
export function itemPhrases(
  item: FeedbackItem,
  services: Service[],
  options: FeedbackOptions,
  locale: Locale,
  heading: Phrase,
  texts: Phrase[],
): Phrase[] {
  return [
    heading,
    i18n("feedback.staff.details", {
      ref: item.ref,
      due: formatDate(item.dueAt, locale, options.timezone),
    }),
    kindLabel(item.kind),
    servicePhrase(item, services),
    ...texts,
  ];
}

/** Reply, Close, and Pass to the directorate where it is not there already. */
export function staffButtons(item: Pick<FeedbackItem, "ref" | "routedTo">): Button[][] {
  const rows: Button[][] = [
    [
      { id: staffButton("r", item.ref), label: i18n("feedback.staff.reply") },
      { id: staffButton("c", item.ref), label: i18n("feedback.staff.close") },
    ],
  ];
  if (item.routedTo !== "directorate") rows.push([{ id: staffButton("p", item.ref), label: i18n("feedback.staff.pass") }]);
  return rows;
}

export const staffAsk = (ref: string, parts: Phrase[], buttons: Button[][]): Ask => ({
  type: "ask",
  ref: `feedback-staff:${ref}`,
  parts,
  buttons,
  input: "buttons",
});

/** Tells everyone who handles the item, in their messenger and language; returns how many. */
export async function notifyHandlers(
  store: Store,
  options: FeedbackOptions,
  item: FeedbackItem,
  handlers: FeedbackHandler[],
  services: Service[],
  message: { key: string; heading: string; texts: Phrase[]; buttons: boolean },
): Promise<number> {
  let reached = 0;
  for (const h of recipientsOf(item, handlers, services)) {
    const locale = h.locale ?? options.defaultLocale;
    const parts = itemPhrases(item, services, options, locale, i18n(message.heading, { ref: item.ref }), message.texts);
    const intents: Intent[] = message.buttons ? [staffAsk(item.ref, parts, staffButtons(item))] : [{ type: "say", parts }];
    if (await queueTo(store, options, h, intents, `${message.key}:${h.staffId}`)) reached++;
  }
  return reached;
}

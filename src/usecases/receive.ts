import type { Intent } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { Logger } from "../log.ts";
import type { DeliveryReceipt, NewOutboxMessage, Store } from "../store/ports.ts";
import { type Inbound, type RespondDeps, type RespondResult, respond } from "./respond.ts";

/**
 * What a channel made of one platform update, before Glas acts on it. The channel only
 * translates; every rule about an incoming message lives here, once for every messenger.
 * `C` is what the channel's renderer needs to shape the reply (the button that was pressed).
 */
export type Received<C> =
  /** Nothing Glas acts on (no valid sender, an event it does not read): nothing is stored. */
  | { type: "ignore" }
  | {
      type: "message";
      /** The platform's id for the update: redeliveries are recognised by it. Null: none given. */
      externalId: string | null;
      /** Where replies go (the chat). */
      recipient: string;
      inbound: Inbound;
      context: C;
    }
  /**
   * Something said to a chat no person stands behind (a group), at most once ever: `once` is
   * the outbox key that makes it so.
   */
  | {
      type: "notice";
      externalId: string;
      recipient: string;
      /** The messenger's language, if Glas speaks it. */
      locale: Locale | null;
      intents: Intent[];
      once: string;
      context: C;
    }
  /**
   * The person let the bot in (`active`) or shut it out. Only someone Glas has met has a
   * status to change: a membership event never creates a person (nor recreates one after /forget).
   */
  | { type: "membership"; platformId: string; active: boolean }
  /** A receipt for a message Glas sent, by the platform's id for it. */
  | { type: "receipt"; externalId: string; status: DeliveryReceipt };

/**
 * A channel's renderer: the reply's intents as platform payloads to queue, and what to
 * answer in the webhook's own response (a callback answer, Viber's welcome), if anything.
 */
export type ReplyRenderer<C, R> = (locale: Locale, intents: Intent[], context: C) => { payloads: unknown[]; reply: R | null };

export type ReceiveDeps = {
  store: Pick<Store, "outbox" | "updates" | "respondents">;
  respond: RespondDeps;
  log: Logger;
  /** Tells the outbox drainer there is something to send. */
  wake(): void;
};

export type Receive = <C, R>(channel: string, received: Received<C>, render: ReplyRenderer<C, R>) => Promise<R | null>;

/**
 * The one way in: seen? → respond → render → queue → remember. A redelivered update finds its
 * id (or its event id in the session, or its replies' keys in the outbox) and sends nothing.
 * Replies are queued, never sent from here; what the webhook answers itself is returned.
 * @example const reply = await receive("telegram", { type: "message", externalId: "42", recipient, inbound, context }, render);
 */
export function createReceive(deps: ReceiveDeps): Receive {
  const { store, log } = deps;
  return async function receive<C, R>(channel: string, received: Received<C>, render: ReplyRenderer<C, R>) {
    switch (received.type) {
      case "ignore":
        log.debug({ channel, input: "ignore" }, "update ignored");
        return null;
      case "membership":
        await membership(deps, channel, received);
        return null;
      case "receipt": {
        const changed = await store.outbox.markDelivery(channel, received.externalId, received.status);
        log.debug({ channel, input: "receipt", changed }, "receipt recorded");
        return null;
      }
      case "notice":
      case "message":
        break;
      default: {
        const never: never = received;
        throw new Error(`unhandled input ${JSON.stringify(never)}`);
      }
    }
    const { externalId } = received;
    if (externalId !== null && (await store.updates.seen(channel, externalId))) {
      log.debug({ channel, input: received.type }, "update already handled");
      // A press is still answered (no endless spinner), with nothing in it.
      return render(deps.respond.defaultLocale, [], received.context).reply;
    }
    const result: RespondResult =
      received.type === "message"
        ? await respond(deps.respond, received.inbound)
        : { locale: received.locale ?? deps.respond.defaultLocale, intents: received.intents, respondentId: null };
    const rendered = render(result.locale, result.intents, received.context);
    // Keys tie each reply to the update that caused it, so a redelivery queues nothing twice.
    const key = externalId ?? crypto.randomUUID();
    const queued: NewOutboxMessage[] = rendered.payloads.map((payload, i) => ({
      channel,
      recipient: received.recipient,
      respondentId: result.respondentId,
      payload,
      priority: 0,
      dedupeKey: received.type === "notice" ? received.once : `${channel}:${key}:${i}`,
    }));
    if (queued.length > 0) {
      await store.outbox.enqueue(queued);
      deps.wake();
    }
    // An update that touched no one and queued nothing (a stranger's stale tap) leaves no trace.
    const touched = result.respondentId !== null || queued.length > 0;
    if (externalId !== null && touched) await store.updates.mark(channel, externalId);
    log.debug({ channel, input: received.type, queued: queued.length, reply: rendered.reply !== null }, "update handled");
    return rendered.reply;
  };
}

async function membership(
  deps: ReceiveDeps,
  channel: string,
  received: Extract<Received<unknown>, { type: "membership" }>,
): Promise<void> {
  // Only someone Glas knows changes: nobody is created, nor recreated after /forget.
  const known = await deps.store.respondents.setStatus(channel, received.platformId, received.active ? "active" : "stopped");
  deps.log.debug({ channel, input: "membership", known, active: received.active }, "membership recorded");
}

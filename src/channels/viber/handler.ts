import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import type { NewOutboxMessage, OutboxStore, ProcessedUpdateStore, RespondentStore } from "../../store/ports.ts";
import { type RespondDeps, respond } from "../../usecases/respond.ts";
import { VIBER, type ViberPayload } from "./client.ts";
import { translate, type ViberCallback } from "./parse.ts";
import { renderViber, welcomeOf } from "./render.ts";

export type ViberHandlerDeps = {
  respond: RespondDeps;
  t: Translate;
  outbox: OutboxStore;
  updates: ProcessedUpdateStore;
  respondents: RespondentStore;
  /** The `sender` of a message answered in the webhook reply. */
  sender: { name: string; avatar?: string };
  log: Logger;
  /** Tells the outbox drainer there is something to send. */
  wake(): void;
  now?: () => Date;
};

export type HandledCallback = {
  /** The welcome message, answered in the webhook reply to `conversation_started`. */
  reply: (ViberPayload & { sender: { name: string } }) | null;
};

const NOTHING: HandledCallback = { reply: null };

/**
 * One Viber callback: translate, respond, queue the replies in the outbox (or, for the welcome,
 * answer them in the webhook reply), then remember the message token. A redelivered callback
 * finds its token and sends nothing; receipts and subscriptions are idempotent by themselves.
 */
export function createViberHandler(deps: ViberHandlerDeps) {
  return async function handle(callback: ViberCallback): Promise<HandledCallback> {
    const input = translate(callback, deps.now);
    switch (input.type) {
      case "ignore":
        return NOTHING;
      case "subscription": {
        const respondent = await deps.respondents.upsert(VIBER, input.platformId);
        await deps.respondents.update(respondent.id, { status: input.subscribed ? "active" : "stopped" });
        deps.log.debug({ channel: VIBER, event: callback.event }, "subscription recorded");
        return NOTHING;
      }
      case "delivery": {
        const changed = await deps.outbox.markDelivery(VIBER, input.externalId, input.status);
        deps.log.debug({ channel: VIBER, event: callback.event, changed }, "receipt recorded");
        return NOTHING;
      }
      case "inbound":
        break;
      default: {
        const never: never = input;
        throw new Error(`unhandled input ${JSON.stringify(never)}`);
      }
    }
    if (await deps.updates.seen(VIBER, input.externalId)) {
      deps.log.debug({ channel: VIBER, event: callback.event }, "callback already handled");
      return NOTHING;
    }
    const result = await respond(deps.respond, input.inbound);
    const payloads = renderViber(deps.t, result.locale, result.intents, input.pressed);
    let reply: HandledCallback["reply"] = null;
    if (input.welcome) {
      const welcome = welcomeOf(payloads);
      if (welcome) reply = { ...welcome, sender: deps.sender };
    } else if (payloads.length > 0) {
      const queued: NewOutboxMessage[] = payloads.map((payload, i) => ({
        channel: VIBER,
        recipient: input.userId,
        respondentId: result.respondentId,
        payload,
        priority: 0,
        dedupeKey: `viber:${input.externalId}:${i}`,
      }));
      await deps.outbox.enqueue(queued);
      deps.wake();
    }
    await deps.updates.mark(VIBER, input.externalId);
    deps.log.debug(
      { channel: VIBER, event: callback.event, welcome: reply !== null, queued: input.welcome ? 0 : payloads.length },
      "callback handled",
    );
    return { reply };
  };
}

import type { Update, UserFromGetMe } from "grammy/types";
import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import type { NewOutboxMessage, OutboxStore, ProcessedUpdateStore, RespondentStore } from "../../store/ports.ts";
import { type RespondDeps, respond } from "../../usecases/respond.ts";
import { createTelegramTranslator, TELEGRAM } from "./parse.ts";
import { type CallbackAnswer, renderTelegram, sendMessage } from "./render.ts";

export type TelegramHandlerDeps = {
  respond: RespondDeps;
  t: Translate;
  outbox: OutboxStore;
  updates: ProcessedUpdateStore;
  respondents: RespondentStore;
  me: UserFromGetMe;
  log: Logger;
  /** Tells the outbox drainer there is something to send. */
  wake(): void;
  now?: () => Date;
};

export type HandledUpdate = {
  /** Set for a button press: it must be answered (a webhook reply, or a call when polling). */
  callback: { id: string; answer: CallbackAnswer } | null;
};

/**
 * One Telegram update, from webhook or long polling alike: translate, respond, queue the
 * replies in the outbox, then remember the update id. A redelivered update finds its id
 * (or its event id in the session, or its replies' keys in the outbox) and sends nothing.
 */
export function createTelegramHandler(deps: TelegramHandlerDeps) {
  const translate = createTelegramTranslator(deps.me, deps.now);
  return async function handle(update: Update): Promise<HandledUpdate> {
    const externalId = String(update.update_id);
    const input = await translate(update);
    const pressed = input.type === "inbound" ? input.callback : null;
    const callback = pressed ? { id: pressed.id, answer: {} } : null;
    if (await deps.updates.seen(TELEGRAM, externalId)) {
      deps.log.debug({ channel: TELEGRAM, update: update.update_id }, "update already handled");
      return { callback };
    }
    const queued: NewOutboxMessage[] = [];
    switch (input.type) {
      case "ignore":
        break;
      case "group": {
        const locale = input.locale ?? deps.respond.defaultLocale;
        const text = deps.t(locale, "telegram.groupOnly", { bot: deps.me.username });
        // Said once per group, ever: the dedupe key holds only the group's id.
        queued.push(message(input.chatId, null, `telegram:group:${input.chatId}`, sendMessage({ text, buttons: [] })));
        break;
      }
      case "membership": {
        const respondent = await deps.respondents.upsert(TELEGRAM, input.platformId);
        if (input.blocked) await deps.respondents.update(respondent.id, { status: "stopped" });
        break;
      }
      case "inbound": {
        const result = await respond(deps.respond, input.inbound);
        const rendered = renderTelegram(deps.t, result.locale, result.intents, pressed);
        rendered.payloads.forEach((payload, i) => {
          queued.push(message(input.chatId, result.respondentId, `telegram:${externalId}:${i}`, payload));
        });
        if (callback && rendered.callbackAnswer) callback.answer = rendered.callbackAnswer;
        break;
      }
      default: {
        const never: never = input;
        throw new Error(`unhandled input ${JSON.stringify(never)}`);
      }
    }
    if (queued.length > 0) {
      await deps.outbox.enqueue(queued);
      deps.wake();
    }
    await deps.updates.mark(TELEGRAM, externalId);
    deps.log.debug({ channel: TELEGRAM, update: update.update_id, input: input.type, queued: queued.length }, "update handled");
    return { callback };
  };
}

function message(chatId: string, respondentId: string | null, dedupeKey: string, payload: unknown): NewOutboxMessage {
  return { channel: TELEGRAM, recipient: chatId, respondentId, payload, priority: 0, dedupeKey };
}

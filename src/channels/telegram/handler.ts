import type { Update, UserFromGetMe } from "grammy/types";
import type { Translate } from "../../i18n/index.ts";
import type { Receive, Received, ReplyRenderer } from "../../usecases/receive.ts";
import { createTelegramTranslator, TELEGRAM, type TelegramInput } from "./parse.ts";
import { type CallbackAnswer, type PressedButton, renderTelegram } from "./render.ts";

export type TelegramHandlerDeps = {
  receive: Receive;
  t: Translate;
  me: UserFromGetMe;
  now?: () => Date;
};

/** For a button press: the query to answer and the message the button was on. */
type Pressed = (PressedButton & { id: string }) | null;

export type HandledUpdate = {
  /** Set for a button press: it must be answered (a webhook reply, or a call when polling). */
  callback: { id: string; answer: CallbackAnswer } | null;
};

/** The Bot API calls for a reply, and the answer to the press that caused it. */
export function telegramReplyRenderer(t: Translate): ReplyRenderer<Pressed, HandledUpdate["callback"]> {
  return (locale, intents, pressed) => {
    const rendered = renderTelegram(t, locale, intents, pressed);
    return {
      payloads: rendered.payloads,
      reply: pressed ? { id: pressed.id, answer: rendered.callbackAnswer ?? {} } : null,
    };
  };
}

/** What an update is for the inbound use case; the adapter decides nothing about surveys. */
export function toReceived(input: TelegramInput, update: Update, me: UserFromGetMe): Received<Pressed> {
  const externalId = String(update.update_id);
  switch (input.type) {
    case "ignore":
      return { type: "ignore" };
    case "membership":
      return { type: "membership", platformId: input.platformId, active: input.active };
    case "group":
      // Said once per group, ever: the key holds only the group's id.
      return {
        type: "notice",
        externalId,
        recipient: input.chatId,
        locale: input.locale,
        intents: [{ type: "say", parts: [{ type: "i18n", key: "telegram.groupOnly", params: { bot: me.username } }] }],
        once: `telegram:group:${input.chatId}`,
        context: null,
      };
    case "inbound":
      return {
        type: "message",
        externalId,
        recipient: input.chatId,
        inbound: input.inbound,
        context: input.callback ? { ...input.callback } : null,
      };
    default: {
      const never: never = input;
      throw new Error(`unhandled input ${JSON.stringify(never)}`);
    }
  }
}

/** One Telegram update, from webhook or long polling alike: translated, then received. */
export function createTelegramHandler(deps: TelegramHandlerDeps) {
  const translate = createTelegramTranslator(deps.me, deps.now);
  const render = telegramReplyRenderer(deps.t);
  return async function handle(update: Update): Promise<HandledUpdate> {
    const input = await translate(update);
    return { callback: await deps.receive(TELEGRAM, toReceived(input, update, deps.me), render) };
  };
}

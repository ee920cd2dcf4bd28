import { Api, Composer, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { type Locale, matchLocale } from "../../engine/locale.ts";
import type { Inbound } from "../../usecases/respond.ts";
import { pressInbound, type Sender, textInbound } from "../inbound.ts";

export const TELEGRAM = "telegram";

/** What an update means for Glas. The adapter decides nothing about surveys. */
export type TelegramInput =
  | { type: "ignore" }
  /** Someone addressed the bot in a group: surveys run only in private chats. */
  | { type: "group"; chatId: string; locale: Locale | null }
  /** The person blocked (or unblocked) the bot. */
  | { type: "membership"; platformId: string; blocked: boolean }
  | {
      type: "inbound";
      chatId: string;
      inbound: Inbound;
      /** For a button press: the query to answer and the message the button was on. */
      callback: { id: string; data: string; messageId: number | null; messageText: string | null } | null;
    };

type TranslateContext = Context & { input?: TelegramInput };

/** Telegram update ids are unique per bot: they are the event ids the engine dedupes on. */
export const eventId = (update: Update) => `tg:${update.update_id}`;

function sender(ctx: Context): Sender {
  const from = ctx.from;
  return { channel: TELEGRAM, platformId: String(from?.id ?? ""), suggestedLocale: matchLocale(from?.language_code) };
}

function build(now: () => Date): Composer<TranslateContext> {
  const composer = new Composer<TranslateContext>();
  const inPrivate = composer.chatType("private");

  inPrivate.on("callback_query:data", (ctx) => {
    const message = ctx.callbackQuery.message;
    // Messages older than 48 hours come back "inaccessible" (date 0, no text).
    const text = message && message.date !== 0 && "text" in message ? (message.text ?? null) : null;
    ctx.input = {
      type: "inbound",
      chatId: String(ctx.chat.id),
      inbound: pressInbound(sender(ctx), eventId(ctx.update), now().toISOString(), ctx.callbackQuery.data),
      callback: {
        id: ctx.callbackQuery.id,
        data: ctx.callbackQuery.data,
        messageId: message && message.date !== 0 ? message.message_id : null,
        messageText: text,
      },
    };
  });

  inPrivate.on("message:text", (ctx) => {
    ctx.input = {
      type: "inbound",
      chatId: String(ctx.chat.id),
      inbound: textInbound(sender(ctx), eventId(ctx.update), now().toISOString(), ctx.message.text),
      callback: null,
    };
  });

  // A photo, sticker, voice message... where text or a button is expected: asked again.
  inPrivate.on("message", (ctx) => {
    ctx.input = {
      type: "inbound",
      chatId: String(ctx.chat.id),
      inbound: {
        ...sender(ctx),
        type: "event",
        event: { id: eventId(ctx.update), at: now().toISOString(), type: "unsupported" },
      },
      callback: null,
    };
  });

  inPrivate.on("my_chat_member", (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    ctx.input = { type: "membership", platformId: String(ctx.myChatMember.from.id), blocked: status === "kicked" };
  });

  composer.chatType(["group", "supergroup"]).on("message:text", (ctx) => {
    const addressed = ctx.message.text.startsWith("/") || ctx.message.text.includes(`@${ctx.me.username}`);
    if (addressed) ctx.input = { type: "group", chatId: String(ctx.chat.id), locale: matchLocale(ctx.from?.language_code) };
  });

  // Everything else (edited messages, channel posts, polls, join requests...) is ignored.
  return composer;
}

/** Translates updates with grammY's filter queries; makes no API call. */
export function createTelegramTranslator(me: UserFromGetMe, now: () => Date = () => new Date()) {
  const middleware = build(now).middleware();
  const api = new Api("0:translate-only"); // required by Context; never called here
  return async function translate(update: Update): Promise<TelegramInput> {
    const ctx = new Context(update, api, me) as TranslateContext;
    await middleware(ctx, async () => {});
    return ctx.input ?? { type: "ignore" };
  };
}

import { Api, Composer, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { type Locale, matchLocale } from "../../engine/locale.ts";
import { contactPress, type Inbound } from "../../usecases/respond.ts";
import { pressInbound, type Sender, textInbound } from "../inbound.ts";

export const TELEGRAM = "telegram";

/** What an update means for Glas. The adapter decides nothing about surveys. */
export type TelegramInput =
  | { type: "ignore" }
  /** Someone addressed the bot in a group: surveys run only in private chats. */
  | { type: "group"; chatId: string; locale: Locale | null }
  /** The person blocked the bot (`active` false), or let it back in (`active` true). */
  | { type: "membership"; platformId: string; active: boolean }
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

/**
 * The person behind an update, or null when there is none Glas may answer: no `from` (a
 * channel post, an anonymous admin), a bot, or an id that is not a positive whole number.
 */
function sender(ctx: Context): Sender | null {
  const from = ctx.from;
  if (!from || from.is_bot || !isUserId(from.id)) return null;
  return { channel: TELEGRAM, platformId: String(from.id), suggestedLocale: matchLocale(from.language_code) };
}

/** Telegram user ids are positive integers below 2^52 (groups and channels are negative). */
export const isUserId = (id: unknown): id is number => Number.isSafeInteger(id) && (id as number) > 0;

/** Telegram marks a forwarded message with `forward_origin` (Bot API 7) or, before it, `forward_date`. */
function isForwarded(message: object): boolean {
  return "forward_origin" in message || "forward_date" in message || "forward_from" in message;
}

function build(now: () => Date): Composer<TranslateContext> {
  const composer = new Composer<TranslateContext>();
  const inPrivate = composer.chatType("private");

  inPrivate.on("callback_query:data", (ctx) => {
    const from = sender(ctx);
    if (!from) return;
    const message = ctx.callbackQuery.message;
    // Messages older than 48 hours come back "inaccessible" (date 0, no text).
    const text = message && message.date !== 0 && "text" in message ? (message.text ?? null) : null;
    ctx.input = {
      type: "inbound",
      chatId: String(ctx.chat.id),
      inbound: pressInbound(from, eventId(ctx.update), now().toISOString(), ctx.callbackQuery.data),
      callback: {
        id: ctx.callbackQuery.id,
        data: ctx.callbackQuery.data,
        messageId: message && message.date !== 0 ? message.message_id : null,
        messageText: text,
      },
    };
  });

  inPrivate.on("message", (ctx) => {
    const from = sender(ctx);
    if (!from) return;
    const message = ctx.message;
    const at = now().toISOString();
    const id = eventId(ctx.update);
    let inbound: Inbound;
    if (isForwarded(message)) inbound = { ...from, type: "event", event: { id, at, type: "forwarded" } };
    else if (message.text !== undefined) inbound = textInbound(from, id, at, message.text, String(message.message_id));
    // The share-contact key: the person's own number only (a contact card of someone else is not theirs).
    else if (message.contact && String(message.contact.user_id) === from.platformId) {
      inbound = pressInbound(from, id, at, contactPress(message.contact.phone_number));
    }
    // A photo, sticker, voice message... where text or a button is expected: asked again.
    else inbound = { ...from, type: "event", event: { id, at, type: "unsupported" } };
    ctx.input = { type: "inbound", chatId: String(ctx.chat.id), inbound, callback: null };
  });

  // An edit of a typed answer replaces it while the survey is open; other edits change nothing.
  inPrivate.on("edited_message:text", (ctx) => {
    const from = sender(ctx);
    if (!from || isForwarded(ctx.editedMessage)) return;
    const message = ctx.editedMessage;
    const event = { id: eventId(ctx.update), at: now().toISOString(), type: "edit" as const };
    ctx.input = {
      type: "inbound",
      chatId: String(ctx.chat.id),
      inbound: { ...from, type: "event", event: { ...event, ref: String(message.message_id), text: message.text } },
      callback: null,
    };
  });

  inPrivate.on("my_chat_member", (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    const from = sender(ctx);
    if (!from || (status !== "kicked" && status !== "member")) return;
    ctx.input = { type: "membership", platformId: from.platformId, active: status === "member" };
  });

  composer.chatType(["group", "supergroup"]).on("message:text", (ctx) => {
    const addressed = ctx.message.text.startsWith("/") || ctx.message.text.includes(`@${ctx.me.username}`);
    if (addressed) ctx.input = { type: "group", chatId: String(ctx.chat.id), locale: matchLocale(ctx.from?.language_code) };
  });

  // Everything else (channel posts, polls, join requests...) is ignored.
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

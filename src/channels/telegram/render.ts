import { InlineKeyboard } from "grammy";
import type { Intent } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import type { SummaryDelivery } from "../../usecases/summaries/index.ts";
import { isTogglePress, type OutgoingMessage, renderIntent } from "../render-text.ts";

/** Telegram caps a message at 4096 characters and callback data at 64 bytes. */
export const MESSAGE_MAX_CHARS = 4096;
export const CALLBACK_DATA_MAX_BYTES = 64;
/** Captions of photos and documents. */
export const CAPTION_MAX_CHARS = 1024;

/**
 * A Bot API call as stored in the outbox; `chat_id` is added when it is sent. `file` names a
 * stored file to upload as `params[param]` (the row itself stays small).
 */
export type TelegramPayload = {
  method: string;
  params: Record<string, unknown>;
  file?: { id: string; param: "photo" | "document" };
};

export type CallbackAnswer = { text?: string };

export type RenderedReply = { payloads: TelegramPayload[]; callbackAnswer: CallbackAnswer | null };

export type PressedButton = { data: string; messageId: number | null; messageText: string | null };

function clip(text: string): string {
  return text.length <= MESSAGE_MAX_CHARS ? text : `${text.slice(0, MESSAGE_MAX_CHARS - 1)}…`;
}

export function keyboard(message: OutgoingMessage): InlineKeyboard | undefined {
  if (message.buttons.length === 0) return undefined;
  const kb = new InlineKeyboard();
  message.buttons.forEach((row, i) => {
    if (i > 0) kb.row();
    for (const b of row) {
      if (new TextEncoder().encode(b.id).length > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data too long: ${b.id}`);
      kb.text(b.label, b.id);
    }
  });
  return kb;
}

/**
 * Telegram shares a phone number only from a reply keyboard (not an inline one): a message
 * offering it gets one, whose other keys send their label as text, and which hides once used.
 */
function contactKeyboard(message: OutgoingMessage) {
  return {
    keyboard: message.buttons.map((row) =>
      row.map((b) => (b.request === "contact" ? { text: b.label, request_contact: true } : { text: b.label })),
    ),
    one_time_keyboard: true,
    resize_keyboard: true,
  };
}

export function sendMessage(message: OutgoingMessage): TelegramPayload {
  const kb = message.buttons.some((row) => row.some((b) => b.request === "contact"))
    ? contactKeyboard(message)
    : keyboard(message);
  return { method: "sendMessage", params: { text: clip(message.text), ...(kb ? { reply_markup: kb } : {}) } };
}

/**
 * Renders the engine's intents as Bot API calls. A button press is always answered (no
 * endless spinner); the question it answered is edited to show the answer without buttons,
 * so an old button cannot answer twice; ticks of a multiple choice edit the buttons in place;
 * and a reply that only says "use the buttons" becomes a short notice on the press itself.
 */
export function renderTelegram(t: Translate, locale: Locale, intents: Intent[], pressed: PressedButton | null): RenderedReply {
  const payloads: TelegramPayload[] = [];
  let callbackAnswer: CallbackAnswer | null = pressed ? {} : null;
  for (const intent of intents) {
    const message = renderIntent(t, locale, intent);
    if (intent.type === "stale") {
      if (pressed) callbackAnswer = { text: message?.text ?? "" };
      else if (message) payloads.push(sendMessage(message));
      continue;
    }
    if (!message) continue;
    if (intent.type === "answered") {
      if (pressed?.messageId && pressed.messageText) {
        payloads.push({
          method: "editMessageText",
          params: { message_id: pressed.messageId, text: clip(`${pressed.messageText}\n\n${message.text}`) },
        });
      }
      continue;
    }
    if (pressed && intent.type === "reask" && intents.length === 1) {
      callbackAnswer = { text: t(locale, `survey.reask.${intent.reason}`, intent.params) };
      continue;
    }
    if (pressed?.messageId && intent.type === "ask" && isTogglePress(pressed.data) && intents.length === 1) {
      payloads.push({
        method: "editMessageReplyMarkup",
        params: { message_id: pressed.messageId, reply_markup: keyboard(message) },
      });
      continue;
    }
    payloads.push(sendMessage(message));
  }
  return { payloads, callbackAnswer };
}

const caption = (text: string) => (text.length <= CAPTION_MAX_CHARS ? text : `${text.slice(0, CAPTION_MAX_CHARS - 1)}…`);

/** A summary as three messages: the text, the chart as a photo, the workbook as a document. */
export function renderTelegramSummary(t: Translate, locale: Locale, delivery: SummaryDelivery): TelegramPayload[] {
  const { chart, workbook } = delivery;
  if (!chart || !workbook) {
    return [sendMessage({ text: `${delivery.text}\n\n${t(locale, "summary.delivery.noFiles")}`, buttons: [] })];
  }
  return [
    sendMessage({ text: delivery.text, buttons: [] }),
    { method: "sendPhoto", params: { caption: caption(delivery.chartCaption) }, file: { id: chart.id, param: "photo" } },
    {
      method: "sendDocument",
      params: { caption: caption(delivery.workbookCaption) },
      file: { id: workbook.id, param: "document" },
    },
  ];
}

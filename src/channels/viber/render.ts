import type { Intent } from "../../engine/intents.ts";
import type { Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import type { SummaryAttachment, SummaryDelivery } from "../../usecases/summaries/delivery.ts";
import { isTogglePress, type OutgoingMessage, renderIntent } from "../render-text.ts";
import {
  fileMessage,
  keyboardMessage,
  pictureMessage,
  textMessage,
  type ViberButton,
  type ViberKeyboard,
  type ViberPayload,
} from "./client.ts";

/** Viber caps a text message at 7000 characters. */
export const MESSAGE_MAX_CHARS = 7000;
/** Keyboards are a grid six columns wide. */
export const GRID_COLUMNS = 6;
/**
 * A tap arrives as an ordinary text message holding the button's ActionBody. The prefix tells
 * a tap from typed text whatever the engine's button ids are; the rest is the engine's id.
 */
export const PRESS_PREFIX = "btn:";

function clip(text: string): string {
  return text.length <= MESSAGE_MAX_CHARS ? text : `${text.slice(0, MESSAGE_MAX_CHARS - 1)}…`;
}

/** Widths for `n` buttons sharing a row: whole columns adding up to six, the spare ones to the last. */
function widths(n: number): number[] {
  const base = Math.floor(GRID_COLUMNS / n);
  const spare = GRID_COLUMNS - base * n;
  return Array.from({ length: n }, (_, i) => base + (i >= n - spare ? 1 : 0));
}

/**
 * The engine's rows of buttons as a Viber keyboard. Viber packs buttons left to right into
 * six columns, so each row is made exactly six wide (at most six buttons a row) to stay a row:
 * NPS 0–5 and 6–10 stay two rows, yes/no share one, labelled ratings take one each.
 */
export function keyboard(message: OutgoingMessage): ViberKeyboard | null {
  if (message.buttons.length === 0) return null;
  const buttons: ViberButton[] = [];
  for (const row of message.buttons) {
    for (let start = 0; start < row.length; start += GRID_COLUMNS) {
      const chunk = row.slice(start, start + GRID_COLUMNS);
      const columns = widths(chunk.length);
      chunk.forEach((b, i) => {
        buttons.push({
          Columns: columns[i] ?? 1,
          Rows: 1,
          ActionType: b.request === "contact" ? "share-phone" : "reply",
          ActionBody: `${PRESS_PREFIX}${b.id}`,
          Text: b.label,
          TextSize: "regular",
          Silent: true,
        });
      });
    }
  }
  return { Type: "keyboard", DefaultHeight: false, Buttons: buttons };
}

/**
 * Renders one reply's intents as `send_message` payloads, as few as possible. Viber cannot
 * edit a sent message, and a tap is silent (the raw id never shows), so what was chosen is
 * shown as a first line ("Your answer: …") of the next message rather than by editing the
 * question; short notes likewise join the message that follows them. Most replies are thus one
 * message, which keeps within the account's rate. A multiple-choice tick only redraws the
 * keyboard; a tap on an old button gets no message (its keyboard is already gone, replaced by
 * the current one, which a notice without buttons would hide); a refused tap repeats the
 * reason with the same keyboard.
 */
export function renderViber(t: Translate, locale: Locale, intents: Intent[], pressed: string | null): ViberPayload[] {
  const payloads: ViberPayload[] = [];
  let pending: string[] = [];
  const flush = (text: string | null, kb: ViberKeyboard | null) => {
    const parts = text === null ? pending : [...pending, text];
    pending = [];
    if (parts.length > 0) payloads.push(textMessage(clip(parts.join("\n\n")), kb));
  };
  for (const intent of intents) {
    if (intent.type === "stale" && pressed !== null) continue;
    const message = renderIntent(t, locale, intent);
    if (!message) continue;
    const kb = keyboard(message);
    if (pressed !== null && intents.length === 1 && kb) {
      if (intent.type === "ask" && isTogglePress(pressed)) {
        payloads.push(keyboardMessage(kb));
        continue;
      }
      if (intent.type === "reask") {
        flush(t(locale, `survey.reask.${intent.reason}`, intent.params), kb);
        continue;
      }
    }
    if (kb) flush(message.text, kb);
    else pending.push(message.text);
  }
  flush(null, null);
  return payloads;
}

/**
 * Viber lets the webhook answer `conversation_started` with one message, the only one a person
 * who has not subscribed yet can receive: everything the engine said goes into it, the last
 * keyboard with it.
 */
export function welcomeOf(payloads: ViberPayload[]): ViberPayload | null {
  if (payloads.length <= 1) return payloads[0] ?? null;
  const texts = payloads.map((p) => p.text).filter((text): text is string => typeof text === "string" && text !== "");
  const kb = payloads.findLast((p) => p.keyboard)?.keyboard ?? null;
  return textMessage(clip(texts.join("\n\n")), kb);
}

/**
 * Viber takes pictures and files only as links it fetches itself: the link is the file's
 * expiring token under PUBLIC_URL, ending in the file's name (Viber wants the extension as the
 * last path segment). `publicUrl` null: the text goes alone, with a line saying where the chart
 * and workbook can be had instead.
 */
export function fileUrl(publicUrl: string, file: SummaryAttachment): string {
  return `${publicUrl.replace(/\/+$/, "")}/files/${file.token}/${encodeURIComponent(file.filename)}`;
}

export function renderViberSummary(
  t: Translate,
  locale: Locale,
  delivery: SummaryDelivery,
  publicUrl: string | null,
): ViberPayload[] {
  const { chart, workbook } = delivery;
  if (!publicUrl) return [textMessage(clip(`${delivery.text}\n\n${t(locale, "summary.delivery.viberNoLink")}`))];
  if (!chart || !workbook) return [textMessage(clip(`${delivery.text}\n\n${t(locale, "summary.delivery.noFiles")}`))];
  return [
    textMessage(clip(delivery.text)),
    pictureMessage(fileUrl(publicUrl, chart), delivery.chartCaption),
    fileMessage(fileUrl(publicUrl, workbook), workbook.size, workbook.filename),
  ];
}

import JSONbig from "json-bigint";
import FileMessage from "viber-bot/lib/message/file-message.js";
import KeyboardMessage from "viber-bot/lib/message/keyboard-message.js";
import type Message from "viber-bot/lib/message/message.js";
import MessageFactory from "viber-bot/lib/message/message-factory.js";
import PictureMessage from "viber-bot/lib/message/picture-message.js";
import TextMessage from "viber-bot/lib/message/text-message.js";
import { SendError } from "../send-error.ts";
import type { ChannelSender, HttpFetch } from "../types.ts";

/**
 * Everything that speaks Viber's wire format: viber-bot's message classes (building and
 * reading messages) and one `fetch` transport for the REST API, which also runs on Workers.
 * Only `viber-bot/lib/message/*` is imported: the package root pulls in Express and needle,
 * and hard-codes the API root that `VIBER_API_ROOT` must be able to change.
 */

export const VIBER = "viber";
/** Well under the outbox lease, so a hung call cannot outlive it and be sent twice. */
export const API_TIMEOUT_MS = 20_000;
/** Viber shows at most 28 characters of the sender's name. */
export const SENDER_NAME_MAX_CHARS = 28;

/** Viber's `status` codes (REST API, "Error codes"); 0 is success. */
const STATUS_NAMES: Record<number, string> = {
  1: "invalidUrl",
  2: "invalidAuthToken",
  3: "badData",
  4: "missingData",
  5: "receiverNotRegistered",
  6: "receiverNotSubscribed",
  7: "publicAccountBlocked",
  8: "publicAccountNotFound",
  9: "publicAccountSuspended",
  10: "webhookNotSet",
  11: "receiverNoSuitableDevice",
  12: "tooManyRequests",
  13: "apiVersionNotSupported",
  14: "incompatibleWithVersion",
  15: "publicAccountNotAuthorized",
  16: "inchatReplyMessageNotAllowed",
  17: "publicAccountIsNotInline",
  18: "noPublicChat",
  19: "cannotSendBroadcast",
  20: "broadcastNotAllowed",
  21: "unsupportedCountry",
  22: "paymentUnsupported",
  23: "freeMessagesExceeded",
  24: "noBalance",
};

export const statusName = (status: number): string => STATUS_NAMES[status] ?? "generalError";

// ---------------------------------------------------------------------------------------------
// JSON: message tokens are 64-bit integers, beyond what a JS number holds exactly.

const bigJson = JSONbig({ storeAsString: true, protoAction: "ignore", constructorAction: "ignore" });

/**
 * Parses Viber JSON keeping every digit: integers beyond 2^53 (message tokens) become
 * strings, the rest stays as `JSON.parse` would give it. `__proto__` keys are dropped.
 */
export function parseViberJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: bigJson.parse(text) };
  } catch {
    return { ok: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Messages, built and read with viber-bot's own classes.

export type ViberButton = {
  Columns: number;
  Rows: number;
  /** `share-phone`: the person's own number comes back as a `contact` message. */
  ActionType: "reply" | "share-phone";
  ActionBody: string;
  Text: string;
  TextSize: "small" | "regular" | "large";
  /** The tap is not shown in the chat as a message from the person. */
  Silent: boolean;
};

export type ViberKeyboard = { Type: "keyboard"; DefaultHeight: boolean; Buttons: ViberButton[] };

/** A `send_message` body without `receiver` and `sender`: what the outbox stores. */
export type ViberPayload = {
  type?: string;
  text?: string;
  keyboard?: ViberKeyboard;
  tracking_data?: string;
  min_api_version?: number;
  [field: string]: unknown;
};

/** The wire form of a viber-bot message, assembled as viber-bot's own client does. */
function toWire(message: Message): ViberPayload {
  message.verifyMessage();
  const tracking = message.trackingData;
  return {
    ...message.toJson(),
    ...(message.keyboard ? { keyboard: message.keyboard as ViberKeyboard } : {}),
    ...(Object.keys(tracking).length > 0 ? { tracking_data: JSON.stringify(tracking) } : {}),
    ...(message.minApiVersion ? { min_api_version: message.minApiVersion } : {}),
  };
}

export function textMessage(text: string, keyboard: ViberKeyboard | null = null): ViberPayload {
  return toWire(new TextMessage(text, keyboard));
}

/** Viber shows at most 120 characters under a picture, and file names up to 256. */
export const PICTURE_TEXT_MAX_CHARS = 120;
export const FILE_NAME_MAX_CHARS = 256;

const clipTo = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** viber-bot writes absent optional fields as null; Viber expects them left out. */
function withoutNulls(payload: ViberPayload): ViberPayload {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== null)) as ViberPayload;
}

/** A picture Viber fetches from `url` (a public https address ending in .png, .jpeg or .gif). */
export function pictureMessage(url: string, text: string): ViberPayload {
  return withoutNulls(toWire(new PictureMessage(url, clipTo(text, PICTURE_TEXT_MAX_CHARS))));
}

/** A file Viber fetches from `url`; Viber wants its size in bytes and its name. */
export function fileMessage(url: string, sizeInBytes: number, filename: string): ViberPayload {
  return withoutNulls(toWire(new FileMessage(url, sizeInBytes, clipTo(filename, FILE_NAME_MAX_CHARS))));
}

/** Replaces the keyboard without writing anything in the chat (multiple-choice ticks). */
export function keyboardMessage(keyboard: ViberKeyboard): ViberPayload {
  return toWire(new KeyboardMessage(keyboard));
}

const factory = new MessageFactory({ debug() {} });

export type ReadMessage = { kind: "text"; text: string } | { kind: "other"; type: string };

/** What a person sent: text, or something else (picture, sticker, location, file...). */
export function readMessage(callback: { message: { type: string }; message_token?: unknown; timestamp?: unknown }): ReadMessage {
  let message: Message | undefined;
  try {
    message = factory.createMessageFromJson(callback);
  } catch {
    message = undefined;
  }
  if (message instanceof TextMessage) return { kind: "text", text: typeof message.text === "string" ? message.text : "" };
  return { kind: "other", type: callback.message.type };
}

// ---------------------------------------------------------------------------------------------
// Transport

export type ViberEndpoint = "set_webhook" | "send_message" | "broadcast_message" | "get_account_info" | "get_user_details";

export type ViberAnswer = Record<string, unknown> & { status: number };

export type ViberApi = {
  /** One REST call; every failure is thrown as a `SendError`, which never holds the token. */
  call(endpoint: ViberEndpoint, body: Record<string, unknown>): Promise<ViberAnswer>;
};

export type ViberApiOptions = {
  token: string;
  /** `VIBER_API_ROOT`, e.g. https://chatapi.viber.com/pa */
  apiRoot: string;
  timeoutMs?: number;
  fetch?: HttpFetch;
};

/**
 * Maps a Viber `status` into the closed `SendError` set, once: 5 and 6 (not registered, not
 * subscribed) → stopped, 12 (rate exceeded) → throttled, any other refusal → failed.
 */
export function toSendError(status: number, endpoint: ViberEndpoint): SendError {
  const what = `Viber ${endpoint}: ${statusName(status)} (${status})`;
  if (status === 5 || status === 6) return new SendError("stopped", what, { code: status });
  if (status === 12) return new SendError("throttled", what, { code: status });
  return new SendError("failed", what, { code: status });
}

/** The REST API through `fetch`, with `VIBER_API_ROOT` honoured for every call. */
export function createViberApi(options: ViberApiOptions): ViberApi {
  const root = options.apiRoot.replace(/\/+$/, "");
  const doFetch: HttpFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? API_TIMEOUT_MS;
  return {
    async call(endpoint, body) {
      let text: string;
      let httpStatus: number;
      let retryAfter: string | null;
      try {
        const response = await doFetch(`${root}/${endpoint}`, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Viber-Auth-Token": options.token },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        httpStatus = response.status;
        retryAfter = response.headers.get("retry-after");
        text = await response.text();
      } catch (err) {
        // The cause (a network or timeout error) names the host at most, never the token.
        throw new SendError("retry", `Viber ${endpoint}: no answer`, { cause: err });
      }
      if (httpStatus >= 500) throw new SendError("retry", `Viber ${endpoint}: server error ${httpStatus}`, { code: httpStatus });
      if (httpStatus === 429) {
        const seconds = Number(retryAfter);
        throw new SendError("throttled", `Viber ${endpoint}: too many requests`, {
          code: httpStatus,
          retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : null,
        });
      }
      if (httpStatus < 200 || httpStatus >= 300) {
        throw new SendError("failed", `Viber ${endpoint}: refused with HTTP ${httpStatus}`, { code: httpStatus });
      }
      const parsed = parseViberJson(text);
      const answer = parsed.ok && typeof parsed.value === "object" && parsed.value !== null ? parsed.value : null;
      const status = answer ? Number((answer as { status?: unknown }).status) : Number.NaN;
      // An answer that cannot be read (a proxy's page): as if there were none.
      if (!Number.isInteger(status)) throw new SendError("retry", `Viber ${endpoint}: unreadable answer`, { code: httpStatus });
      if (status !== 0) throw toSendError(status, endpoint);
      return answer as ViberAnswer;
    },
  };
}

export type ViberSenderOptions = { botName: string; avatar?: string | null };

/** The outbox's sender: `send_message` to one person; the platform's message token is kept. */
export function createViberSender(api: ViberApi, options: ViberSenderOptions): ChannelSender {
  const sender = senderOf(options);
  return {
    channel: VIBER,
    async send(recipient, payload) {
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new SendError("failed", "Viber: not a message");
      }
      const answer = await api.call("send_message", { ...(payload as ViberPayload), receiver: recipient, sender });
      const token = answer.message_token;
      return { externalId: typeof token === "string" || typeof token === "number" ? String(token) : null };
    },
  };
}

/** The sender part of a message answered in a webhook reply (the welcome). */
export function senderOf(options: ViberSenderOptions): { name: string; avatar?: string } {
  return { name: options.botName.slice(0, SENDER_NAME_MAX_CHARS), ...(options.avatar ? { avatar: options.avatar } : {}) };
}

import { Api, type ApiClientOptions, GrammyError, HttpError, InputFile } from "grammy";
import { SendError } from "../send-error.ts";
import type { ChannelSender, FileSource, HttpFetch } from "../types.ts";
import type { TelegramPayload } from "./render.ts";

export const API_TIMEOUT_SECONDS = 20;

export type TelegramClientOptions = {
  token: string;
  apiRoot: string;
  /** The HTTP client (Node: `createNodeFetch`); the runtime's own fetch by default. */
  fetch?: HttpFetch;
};

/** grammY's Bot API client with `TELEGRAM_API_ROOT` honoured for every call. */
export function createTelegramApi(options: TelegramClientOptions): Api {
  // Well under the outbox lease, so a hung call cannot outlive it and be sent twice.
  // The one given (Node's kept-alive client) or the runtime's own, never grammY's node-fetch shim.
  const fetch = (options.fetch ?? globalThis.fetch) as unknown as ApiClientOptions["fetch"];
  return new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS, fetch });
}

/** Edits that found nothing to change are done, not failed. */
const NOT_MODIFIED = /message is not modified/i;
const METHODS = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "sendPhoto",
  "sendDocument",
  "answerCallbackQuery",
]);

/**
 * Maps every Bot API failure into the closed `SendError` set, once:
 * 429 → throttled (retry_after), 403 → stopped (blocked, deactivated), 5xx or no answer →
 * retry, any other refusal → failed. The token never appears in what is thrown.
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof GrammyError) {
    const code = err.error_code;
    if (code === 429) {
      return new SendError("throttled", "Telegram: too many requests", {
        code,
        retryAfterSeconds: err.parameters.retry_after ?? 1,
        cause: err,
      });
    }
    if (code === 403) return new SendError("stopped", "Telegram: the person cannot be reached", { code, cause: err });
    if (code >= 500) return new SendError("retry", `Telegram: server error ${code}`, { code, cause: err });
    return new SendError("failed", `Telegram: refused (${code})`, { code, cause: err });
  }
  if (err instanceof HttpError) return new SendError("retry", "Telegram: no answer", { cause: err });
  return new SendError("retry", "Telegram: unexpected failure", { cause: err });
}

export type TelegramSenderOptions = {
  /** Where the bytes of photos and documents are (the payload names the file). */
  files?: FileSource;
  now?: () => Date;
};

export function createTelegramSender(api: Api, options: TelegramSenderOptions = {}): ChannelSender {
  const now = options.now ?? (() => new Date());
  return {
    channel: "telegram",
    async send(recipient, payload) {
      const { method, params, file } = payload as TelegramPayload;
      if (!METHODS.has(method)) throw new SendError("failed", `Telegram: unknown method ${method}`);
      // The outbox row holds only the file's id; grammY uploads the bytes as multipart.
      let upload: Record<string, InputFile> = {};
      if (file) {
        const stored = options.files ? await options.files.byId(file.id, now()) : null;
        if (!stored) throw new SendError("failed", "Telegram: the file to send has expired");
        upload = { [file.param]: new InputFile(stored.bytes, stored.filename) };
      }
      try {
        const call = api.raw[method as "sendMessage"] as (p: Record<string, unknown>) => Promise<unknown>;
        const result = await call({ ...params, ...upload, chat_id: recipient });
        const id = typeof result === "object" && result && "message_id" in result ? String(result.message_id) : null;
        return { externalId: id };
      } catch (err) {
        if (err instanceof GrammyError && NOT_MODIFIED.test(err.description)) return { externalId: null };
        throw toSendError(err);
      }
    },
  };
}

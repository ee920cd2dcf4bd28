import type { Update, UserFromGetMe } from "grammy/types";
import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import type { Receive } from "../../usecases/receive.ts";
import type { ChannelDefinition, ChannelRenderer, ChannelSender, FileSource, HttpFetch } from "../types.ts";
import { createTelegramApi, createTelegramSender } from "./client.ts";
import { createTelegramHandler, type HandledUpdate } from "./handler.ts";
import { TELEGRAM } from "./parse.ts";
import { startPolling } from "./polling.ts";
import { renderTelegram, renderTelegramSummary } from "./render.ts";
import { telegramRoutes } from "./routes.ts";

export type TelegramChannelOptions = {
  token: string;
  apiRoot: string;
  secret: string | undefined;
  receive: Receive;
  /** Where the bytes of summary charts and workbooks are, to upload them. */
  files: FileSource;
  t: Translate;
  log: Logger;
  /** Known bot identity (tests); otherwise asked once with getMe. */
  me?: UserFromGetMe;
  now?: () => Date;
  /** The HTTP client of the Bot API calls; the runtime's fetch by default. */
  fetch?: HttpFetch;
};

/** Everything Telegram, wired: the API client, the outbox sender, the update handler and the webhook route. */
export function createTelegramChannel(options: TelegramChannelOptions) {
  const api = createTelegramApi({
    token: options.token,
    apiRoot: options.apiRoot,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let me: Promise<UserFromGetMe> | null = options.me ? Promise.resolve(options.me) : null;
  const getMe = () => {
    me ??= api.getMe().catch((err: unknown) => {
      me = null; // ask again next time
      throw err;
    });
    return me;
  };
  let handler: ReturnType<typeof createTelegramHandler> | null = null;
  const handle = async (update: Update): Promise<HandledUpdate> => {
    handler ??= createTelegramHandler({
      receive: options.receive,
      t: options.t,
      me: await getMe(),
      ...(options.now ? { now: options.now } : {}),
    });
    return handler(update);
  };
  const sender: ChannelSender = createTelegramSender(api, { files: options.files });
  return { api, getMe, handle, sender, routes: telegramRoutes({ secret: options.secret, log: options.log, handle }) };
}

export type TelegramChannel = ReturnType<typeof createTelegramChannel>;

/** The renderer for broadcasts and summaries: pure, so it exists whether Telegram is on or not. */
function telegramRenderer(t: Translate): ChannelRenderer {
  return {
    broadcast: {
      messages: (locale, intents) => renderTelegram(t, locale, intents, null).payloads,
      edit: (locale, messageId, intents) =>
        renderTelegram(t, locale, intents, null).payloads.map((p) => ({
          method: "editMessageText",
          params: { ...p.params, message_id: Number(messageId) },
        })),
    },
    summary: { files: true, messages: (locale, delivery) => renderTelegramSummary(t, locale, delivery) },
  };
}

/** Telegram: on with `TELEGRAM_BOT_TOKEN`; a webhook, or long polling with `TELEGRAM_MODE=polling`. */
export const telegram: ChannelDefinition = {
  name: TELEGRAM,
  renderer: (t) => telegramRenderer(t),
  create(deps) {
    const { config } = deps;
    const token = config.TELEGRAM_BOT_TOKEN;
    if (!token) return null;
    const channel = createTelegramChannel({
      token,
      apiRoot: config.TELEGRAM_API_ROOT,
      secret: config.TELEGRAM_WEBHOOK_SECRET,
      receive: deps.receive,
      files: deps.files,
      t: deps.t,
      log: deps.log,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.identities?.telegram ? { me: deps.identities.telegram } : {}),
    });
    const polling = config.TELEGRAM_MODE === "polling";
    return {
      name: TELEGRAM,
      routes: polling ? null : channel.routes,
      sender: channel.sender,
      renderer: telegramRenderer(deps.t),
      // About 30 messages a second per bot, and one a second per chat in bulk.
      limits: { perSecond: config.TELEGRAM_RATE, perRecipientMs: 1000 },
      identity: channel.getMe,
      ...(polling ? { poll: () => startPolling(channel, { token, apiRoot: config.TELEGRAM_API_ROOT, log: deps.log }) } : {}),
    };
  },
};

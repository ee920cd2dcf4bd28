import type { Update, UserFromGetMe } from "grammy/types";
import type { Translate } from "../../i18n/index.ts";
import type { Logger } from "../../log.ts";
import type { Store } from "../../store/ports.ts";
import type { RespondDeps } from "../../usecases/respond.ts";
import type { ChannelSender } from "../types.ts";
import { createTelegramApi, createTelegramSender } from "./client.ts";
import { createTelegramHandler, type HandledUpdate } from "./handler.ts";
import { telegramRoutes } from "./routes.ts";

export type TelegramChannelOptions = {
  token: string;
  apiRoot: string;
  secret: string | undefined;
  store: Store;
  respond: RespondDeps;
  t: Translate;
  log: Logger;
  wake(): void;
  /** Known bot identity (tests); otherwise asked once with getMe. */
  me?: UserFromGetMe;
  now?: () => Date;
};

/** Everything Telegram, wired: the API client, the outbox sender, the update handler and the webhook route. */
export function createTelegramChannel(options: TelegramChannelOptions) {
  const api = createTelegramApi({ token: options.token, apiRoot: options.apiRoot });
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
      respond: options.respond,
      t: options.t,
      outbox: options.store.outbox,
      updates: options.store.updates,
      respondents: options.store.respondents,
      me: await getMe(),
      log: options.log,
      wake: options.wake,
      ...(options.now ? { now: options.now } : {}),
    });
    return handler(update);
  };
  const sender: ChannelSender = createTelegramSender(api, { files: options.store.files });
  return { api, getMe, handle, sender, routes: telegramRoutes({ secret: options.secret, handle }) };
}

export type TelegramChannel = ReturnType<typeof createTelegramChannel>;

import type { Hono } from "hono";
import type { Config } from "../config.ts";
import type { ChannelStatus } from "../http/app.ts";
import type { Translate } from "../i18n/index.ts";
import type { Logger } from "../log.ts";
import { createDrainer, type Drainer } from "../outbox/drain.ts";
import type { Store } from "../store/ports.ts";
import type { RespondDeps } from "../usecases/respond.ts";
import { createTelegramChannel, type TelegramChannel } from "./telegram/index.ts";
import type { ChannelSender } from "./types.ts";

export type Channels = {
  telegram: TelegramChannel | null;
  /** What `/health` reports. */
  status: { telegram: ChannelStatus; viber: ChannelStatus };
  /** The webhook routes to serve (none for Telegram when it long-polls). */
  routes: Hono[];
  senders: Partial<Record<string, ChannelSender>>;
  limits: Partial<Record<string, { perSecond: number; perRecipientMs: number }>>;
};

/** A messenger is on when its token is configured; the same rule on Node and Workers. */
export function createChannels(deps: {
  config: Config;
  store: Store;
  respond: RespondDeps;
  t: Translate;
  log: Logger;
  wake(): void;
}): Channels {
  const { config } = deps;
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        secret: config.TELEGRAM_WEBHOOK_SECRET,
        store: deps.store,
        respond: deps.respond,
        t: deps.t,
        log: deps.log,
        wake: deps.wake,
      })
    : null;
  return {
    telegram,
    status: { telegram: telegram ? "on" : "off", viber: config.VIBER_AUTH_TOKEN ? "on" : "off" },
    routes: telegram && config.TELEGRAM_MODE === "webhook" ? [telegram.routes] : [],
    senders: telegram ? { telegram: telegram.sender } : {},
    // Telegram allows about 30 messages a second per bot and one a second per chat in bulk.
    limits: {
      telegram: { perSecond: config.TELEGRAM_RATE, perRecipientMs: 1000 },
      viber: { perSecond: config.VIBER_RATE, perRecipientMs: 1000 },
    },
  };
}

/** The outbox drainer for these channels; a person the platform says is gone becomes unreachable. */
export function createChannelDrainer(deps: { store: Store; channels: Channels; log: Logger; leaseMs?: number }): Drainer {
  const { store, channels, log } = deps;
  return createDrainer({
    ...(deps.leaseMs ? { leaseMs: deps.leaseMs } : {}),
    outbox: store.outbox,
    senders: channels.senders,
    limits: channels.limits,
    log,
    now: () => new Date(),
    onStopped: async (message) => {
      if (message.respondentId) await store.respondents.update(message.respondentId, { status: "unreachable" });
    },
  });
}

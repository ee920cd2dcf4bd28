import type { UserFromGetMe } from "grammy/types";
import type { Hono } from "hono";
import type { Config } from "../config.ts";
import type { ChannelStatus } from "../http/app.ts";
import type { Translate } from "../i18n/index.ts";
import type { Logger } from "../log.ts";
import { createDrainer, type Drainer } from "../outbox/drain.ts";
import type { Store } from "../store/ports.ts";
import type { RespondDeps } from "../usecases/respond.ts";
import type { Renderers } from "../usecases/staff/job.ts";
import { type Attachments, createSummaries, type Summaries, type SummaryRenderers } from "../usecases/summaries/index.ts";
import { createTelegramChannel, type TelegramChannel } from "./telegram/index.ts";
import { renderTelegram, renderTelegramSummary } from "./telegram/render.ts";
import type { ChannelSender } from "./types.ts";
import { createViberChannel, type ViberChannel } from "./viber/index.ts";
import { renderViber, renderViberSummary } from "./viber/render.ts";

export type Channels = {
  telegram: TelegramChannel | null;
  viber: ViberChannel | null;
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
  /** The clock inbound events are stamped with (tests); the real one otherwise. */
  now?: () => Date;
  /** The bot's identity when already known (Workers keep it between requests); otherwise asked with getMe. */
  telegramMe?: UserFromGetMe;
}): Channels {
  const { config } = deps;
  // What every channel needs to answer people, whatever the messenger.
  const shared = {
    store: deps.store,
    respond: deps.respond,
    t: deps.t,
    log: deps.log,
    wake: deps.wake,
    ...(deps.now ? { now: deps.now } : {}),
  };
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        ...shared,
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        secret: config.TELEGRAM_WEBHOOK_SECRET,
        ...(deps.telegramMe ? { me: deps.telegramMe } : {}),
      })
    : null;
  const viber =
    config.VIBER_AUTH_TOKEN && config.VIBER_BOT_NAME
      ? createViberChannel({
          ...shared,
          token: config.VIBER_AUTH_TOKEN,
          botName: config.VIBER_BOT_NAME,
          apiRoot: config.VIBER_API_ROOT,
          broadcast: config.VIBER_BROADCAST,
        })
      : null;
  return {
    telegram,
    viber,
    status: { telegram: telegram ? "on" : "off", viber: viber ? "on" : "off" },
    routes: [...(telegram && config.TELEGRAM_MODE === "webhook" ? [telegram.routes] : []), ...(viber ? [viber.routes] : [])],
    senders: { ...(telegram ? { telegram: telegram.sender } : {}), ...(viber ? { viber: viber.sender } : {}) },
    // Telegram allows about 30 messages a second per bot and one a second per chat in bulk;
    // Viber publishes no per-chat limit; bulk sends keep the same pace per chat there too.
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

/**
 * How each messenger shows a message to someone who is not waiting for a reply (broadcasts,
 * progress): pure rendering, so it exists whether the channel is on or not. A channel adds its entry here.
 */
export function createRenderers(t: Translate): Renderers {
  return {
    telegram: {
      messages: (locale, intents) => renderTelegram(t, locale, intents, null).payloads,
      edit: (locale, messageId, intents) =>
        renderTelegram(t, locale, intents, null).payloads.map((p) => ({
          method: "editMessageText",
          params: { ...p.params, message_id: Number(messageId) },
        })),
    },
    // Viber cannot edit a sent message: progress shows as the final count only.
    viber: {
      messages: (locale, intents) => renderViber(t, locale, intents, null),
      edit: () => null,
    },
  };
}

/**
 * How each messenger shows a summary (text, chart, workbook). Viber can take the chart and the
 * workbook only as links, so only with PUBLIC_URL; without it, the text says where to get them.
 */
export function createSummaryRenderers(t: Translate, publicUrl: string | null): SummaryRenderers {
  return {
    telegram: { files: true, messages: (locale, delivery) => renderTelegramSummary(t, locale, delivery) },
    viber: { files: publicUrl !== null, messages: (locale, delivery) => renderViberSummary(t, locale, delivery, publicUrl) },
  };
}

/**
 * The directorate's summaries as configured (schedules, zone, smallest cell, messengers), the
 * same on Node and Workers; `attachments` draws the chart and workbook where the runtime can.
 */
export function createConfiguredSummaries(deps: {
  config: Config;
  store: Store;
  log: Logger;
  t: Translate;
  attachments: Attachments | null;
  onQueued?: () => void;
}): Summaries {
  const { config } = deps;
  return createSummaries({
    store: deps.store,
    log: deps.log,
    t: deps.t,
    defaultLocale: config.DEFAULT_LOCALE,
    timeZone: config.TIMEZONE,
    minCell: config.MIN_CELL,
    weeklyCron: config.SUMMARY_WEEKLY_CRON,
    monthlyCron: config.SUMMARY_MONTHLY_CRON,
    renderers: createSummaryRenderers(deps.t, config.PUBLIC_URL ?? null),
    attachments: deps.attachments,
    ...(deps.onQueued ? { onQueued: deps.onQueued } : {}),
  });
}

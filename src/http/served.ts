import type { Hono } from "hono";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/ports.ts";
import { createAdminApi } from "./api/index.ts";
import { type ChannelStatus, createApp } from "./app.ts";

/**
 * The app Node and Workers serve, as configured: health, the channels' webhooks, the admin
 * API (with ADMIN_TOKEN) and the summary files.
 */
export function createServedApp(deps: {
  config: Config;
  store: Store;
  log: Logger;
  channels: { status: { telegram: ChannelStatus; viber: ChannelStatus }; routes: Hono[] };
  /** Tells the consultation job there is a broadcast to queue. */
  wakeConsultations(): void;
}): Hono {
  const { config, store, log } = deps;
  const api = createAdminApi({
    token: config.ADMIN_TOKEN,
    store,
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    timezone: config.TIMEZONE,
    wake: deps.wakeConsultations,
  });
  return createApp({
    log,
    pingDatabase: () => store.ping(),
    channels: deps.channels.status,
    routes: deps.channels.routes,
    api,
    files: store.files,
  });
}

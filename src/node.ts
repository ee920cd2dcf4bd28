import { serve } from "@hono/node-server";
import { startPolling } from "./channels/telegram/polling.ts";
import { createChannelDrainer, createChannels, createRenderers } from "./channels/wiring.ts";
import type { Context } from "./cli/context.ts";
import { createAdminApi } from "./http/api/index.ts";
import { createApp } from "./http/app.ts";
import { scheduleJobs } from "./schedules.ts";
import { purgeAbandonedSessions } from "./usecases/housekeeping.ts";
import { createConsultationJob } from "./usecases/staff/job.ts";

export type RunningServer = { port: number; close(): Promise<void> };

/** Node entry point: wiring only. The CLI's `serve` (npm start) opens the context first. */
export async function startServer(ctx: Context, port = ctx.config.PORT): Promise<RunningServer> {
  const { config, store, log } = ctx;
  let wake = () => {};
  const channels = createChannels({ config, store, respond: ctx.respondDeps, t: ctx.t, log, wake: () => wake() });
  const drainer = createChannelDrainer({ store, channels, log });
  wake = () => drainer.wake();
  const stopDraining = new AbortController();
  const draining = drainer.run(stopDraining.signal);
  // Broadcasts: outbox rows for confirmed consultations, and their progress messages.
  const consultations = createConsultationJob({
    store,
    renderers: createRenderers(ctx.t),
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    onQueued: () => drainer.wake(),
  });
  const consulting = consultations.run(stopDraining.signal);

  const polling =
    channels.telegram && config.TELEGRAM_MODE === "polling" && config.TELEGRAM_BOT_TOKEN
      ? await startPolling(channels.telegram, { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, log })
      : null;

  const api = createAdminApi({
    token: config.ADMIN_TOKEN,
    store,
    log,
    defaultLocale: config.DEFAULT_LOCALE,
    timezone: config.TIMEZONE,
    wake: () => consultations.wake(),
  });
  const app = createApp({ log, pingDatabase: () => store.ping(), channels: channels.status, routes: channels.routes, api });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  const purge = (now: Date) => purgeAbandonedSessions(store, log, now);
  await purge(new Date());
  const jobs = scheduleJobs([{ name: "purge-sessions", cron: "17 * * * *", run: purge }], config.TIMEZONE, log);
  return {
    port: bound,
    close: async () => {
      jobs.stop();
      await polling?.stop();
      stopDraining.abort();
      await draining;
      await consulting;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
